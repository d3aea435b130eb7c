/* Fuzz target: a hostile guest's SBI calls into the riscv shim's provider
 * (shim/arch/riscv). The input is a host configuration byte, then calls of
 * 66 bytes each: vCPU, extension selector, a0..a7. After every call the
 * shim's invariants must hold: errors are SBI error codes, henvcfg carries
 * only bits the host has, PMM only a length the host supports. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../shim/arch/riscv/vcpu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_GPA 0x80000000ull
#define RAM_SIZE 0x10000ull

static uint8_t ram[RAM_SIZE];
static struct vm vm;

static void o_write(const char *s, size_t n)
{
	volatile char sink = 0;
	for (size_t i = 0; i < n; i++)
		sink ^= s[i]; /* touch every byte: ASan checks the range */
	(void)sink;
}
static long o_read(char *s, size_t n)
{
	if (n)
		s[0] = 'x';
	return n ? 1 : 0;
}
static void o_timer(struct vm *m, struct vcpu *v, uint64_t w)
{
	(void)m, (void)v, (void)w;
}
static void o_kick(struct vm *m, struct vcpu *t)
{
	sbi_handle_pending(m, t); /* the other hart serves at once */
}
static void o_fence(struct vm *m, struct vcpu *v, unsigned w)
{
	(void)m, (void)v, (void)w;
}
static void o_ipi(struct vm *m, struct vcpu *v)
{
	(void)m, (void)v;
}
static long o_reset(unsigned long t, unsigned long r)
{
	(void)t, (void)r;
	return SBI_ERR_FAILED;
}
static long fw_result;
static long o_fwft(unsigned long f, unsigned long v)
{
	(void)f, (void)v;
	return fw_result;
}
static void o_nop(void)
{
}

static const struct shim_host_ops ops = { o_write, o_read, o_timer, o_kick, o_fence,
					  o_ipi,   o_reset, o_fwft,  o_nop,  o_nop };

static const unsigned long eids[] = {
	SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM, SBI_EXT_SRST,
	SBI_EXT_DBCN, SBI_EXT_FWFT, 0x00, 0x01, 0x02, 0x08,
};

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* guest-chosen addresses: mostly near guest RAM so the range checks matter */
static unsigned long shape(uint64_t v, uint8_t how)
{
	switch (how & 3) {
	case 0:
		return RAM_GPA + (v % (RAM_SIZE + 64)) - 32;
	case 1:
		return v & 0xff;
	default:
		return v;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t cfg = data[0];
	memset(&vm, 0, sizeof(vm));
	vm.ram_gpa = RAM_GPA;
	vm.ram_size = RAM_SIZE;
	vm.ram_hva = (uintptr_t)ram;
	vm.nr_vcpus = 1 + (cfg & 3);
	vm.henvcfg_writable = (cfg & 4) ? 0xe0000003000000f5ull : 0xa00000000000000dull;
	vm.pmlen7 = cfg & 8;
	vm.pmlen16 = cfg & 16;
	vm.pm_quirk = cfg & 32;
	vm.fw_pmlen = vm.fw_misaligned_deleg = cfg & 64;
	vm.hide_smnpm = cfg & 128;
	vm.ops = &ops;
	for (unsigned i = 0; i < vm.nr_vcpus; i++) {
		vm.vcpus[i].index = i;
		vm.vcpus[i].hartid = i * 3; /* sparse hart ids */
		vm.vcpus[i].hsm_state = i ? SBI_HSM_STOPPED : SBI_HSM_STARTED;
		sbi_vcpu_reset(&vm, &vm.vcpus[i]);
	}
	data++, size--;
	for (; size >= 66; data += 66, size -= 66) {
		struct vcpu *v = &vm.vcpus[data[0] % vm.nr_vcpus];
		uint8_t sel = data[1];
		fw_result = (sel & 0x80) ? SBI_ERR_DENIED : 0;
		for (unsigned r = 0; r < 6; r++)
			v->x[10 + r] = shape(rd64(data + 2 + 8 * r), data[2 + 8 * r]);
		v->x[16] = rd64(data + 50) & ((sel & 0x40) ? ~0ull : 7);
		v->x[17] = (sel & 0x20) ? rd64(data + 58) : eids[sel % (sizeof(eids) / sizeof(eids[0]))];
		if (sel == 0xff) {
			sbi_vcpu_reset(&vm, v); /* hart start */
			continue;
		}
		unsigned long eid = v->x[17];
		sbi_dispatch(&vm, v);
		long err = (long)v->x[10];
		if (eid > SBI_EXT_LEGACY_LAST && (err > 0 || err < SBI_ERR_DENIED_LOCKED))
			abort();
		if (v->henvcfg & ~vm.henvcfg_writable)
			abort();
		uint64_t pmm = v->henvcfg & ENVCFG_PMM;
		if ((pmm == ENVCFG_PMM_PMLEN7 && !vm.pmlen7) || (pmm == ENVCFG_PMM_PMLEN16 && !vm.pmlen16) ||
		    (pmm && !sbi_fwft_pm_offered(&vm)) || (pmm & ENVCFG_PMM) == (1ull << ENVCFG_PMM_SHIFT))
			abort();
		if (v->hedeleg & ~(HEDELEG_BASE | HEDELEG_MISALIGNED))
			abort();
		v->stop_requested = false; /* the arch would park the hart */
	}
	return 0;
}
