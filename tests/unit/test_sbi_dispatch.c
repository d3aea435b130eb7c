/* Host tests of the riscv shim's SBI v3.0 provider (shim/arch/riscv/sbi.c,
 * sbi_<ext>.c, vcpu.c), driven through sbi_dispatch() with a fake
 * vCPU and fake host operations: every extension, and hostile arguments
 * (addresses outside guest RAM, huge lengths, unknown EIDs/FIDs, reserved
 * feature IDs) get the spec's error, never a crash (ASan/UBSan watch). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../shim/arch/riscv/vcpu.h"

#define RAM_GPA 0x80000000ull
#define RAM_SIZE (1ull << 20)

static struct vm vm;
static unsigned char *ram;

/* what the fake host saw */
static char console[4096];
static size_t console_len;
static const char *console_input;
static uint64_t timer_when;
static unsigned kicks, fences, guest_ipis, resets, wfis;
static unsigned long reset_type, reset_reason;
static long fw_fwft_result;
static unsigned long fw_fwft_feature[16], fw_fwft_value[16];
static unsigned fw_fwft_calls;

static void f_write(const char *s, size_t n)
{
	assert_true(console_len + n <= sizeof(console));
	memcpy(console + console_len, s, n);
	console_len += n;
}

static long f_read(char *s, size_t n)
{
	size_t have = console_input ? strlen(console_input) : 0;
	if (n > have)
		n = have;
	memcpy(s, console_input, n);
	console_input += n;
	return (long)n;
}

static void f_set_timer(struct vm *m, struct vcpu *v, uint64_t when)
{
	(void)m;
	(void)v;
	timer_when = when;
}

/* the target "hart" serves its requests at once */
static void f_kick(struct vm *m, struct vcpu *t)
{
	kicks++;
	unsigned p = t->pending & ~PEND_IPI;
	if (p)
		sbi_handle_pending(m, t);
}

static void f_fence(struct vm *m, struct vcpu *v, unsigned what)
{
	(void)m;
	(void)v;
	(void)what;
	fences++;
}

static void f_ipi(struct vm *m, struct vcpu *v)
{
	(void)m;
	(void)v;
	guest_ipis++;
}

static long f_reset(unsigned long type, unsigned long reason)
{
	resets++;
	reset_type = type;
	reset_reason = reason;
	return SBI_ERR_FAILED; /* the fake firmware cannot reset */
}

static long f_fwft(unsigned long feature, unsigned long value)
{
	if (fw_fwft_calls < 16) {
		fw_fwft_feature[fw_fwft_calls] = feature;
		fw_fwft_value[fw_fwft_calls] = value;
	}
	fw_fwft_calls++;
	return fw_fwft_result;
}

static void f_wfi(void)
{
	wfis++;
}

static void f_relax(void)
{
}

static const struct shim_host_ops ops = {
	f_write, f_read, f_set_timer, f_kick, f_fence, f_ipi, f_reset, f_fwft, f_wfi, f_relax,
};

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	ram = calloc(1, RAM_SIZE);
	vm.ram_gpa = RAM_GPA;
	vm.ram_size = RAM_SIZE;
	vm.ram_hva = (uintptr_t)ram;
	vm.nr_vcpus = 2;
	vm.henvcfg_writable = 0xe0000003000000f5ull; /* QEMU 10.0 virt under OpenSBI */
	vm.pmlen7 = vm.pmlen16 = true;
	vm.fw_misaligned_deleg = true;
	vm.fw_pmlen = true;
	vm.ops = &ops;
	for (unsigned i = 0; i < 2; i++) {
		vm.vcpus[i].index = i;
		vm.vcpus[i].hartid = i;
		vm.vcpus[i].hsm_state = SBI_HSM_STOPPED;
		sbi_vcpu_reset(&vm, &vm.vcpus[i]);
	}
	vm.vcpus[0].hsm_state = SBI_HSM_STARTED;
	console_len = 0;
	console_input = NULL;
	kicks = fences = guest_ipis = resets = wfis = fw_fwft_calls = 0;
	fw_fwft_result = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* one ecall from vCPU v; a0/a1 of the answer in *value */
static long call_on(struct vcpu *v, unsigned long eid, unsigned long fid, unsigned long a0,
		    unsigned long a1, unsigned long a2, unsigned long *value)
{
	v->x[17] = eid;
	v->x[16] = fid;
	v->x[10] = a0;
	v->x[11] = a1;
	v->x[12] = a2;
	v->x[11 + 2] = 0xdead; /* a3: must not matter */
	sbi_dispatch(&vm, v);
	if (value)
		*value = v->x[11];
	return (long)v->x[10];
}

static long call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long *value)
{
	return call_on(&vm.vcpus[0], eid, fid, a0, a1, a2, value);
}

static void base(void **state)
{
	unsigned long v;
	(void)state;
	assert_int_equal(call(SBI_EXT_BASE, 0, 0, 0, 0, &v), 0);
	assert_int_equal(v, 3ul << 24); /* SBI v3.0 */
	assert_int_equal(call(SBI_EXT_BASE, 1, 0, 0, 0, &v), 0);
	assert_int_equal(v, SHIM_SBI_IMPL_ID);
	static const unsigned long present[] = { SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_IPI,
						 SBI_EXT_RFENCE, SBI_EXT_HSM, SBI_EXT_SRST,
						 SBI_EXT_DBCN, SBI_EXT_FWFT, 0x01 };
	for (size_t i = 0; i < sizeof(present) / sizeof(present[0]); i++) {
		assert_int_equal(call(SBI_EXT_BASE, 3, present[i], 0, 0, &v), 0);
		assert_int_equal(v, 1);
	}
	/* PMU, SSE, SUSP, MPXY, DBTR, an experimental and a vendor ID, garbage */
	static const unsigned long absent[] = { 0x504D55, 0x535345, 0x53555350, 0x4D505859,
						0x44425452, 0x08000000, 0x09000000, ~0ul, 0x04 };
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		assert_int_equal(call(SBI_EXT_BASE, 3, absent[i], 0, 0, &v), 0);
		assert_int_equal(v, 0);
	}
	assert_int_equal(call(SBI_EXT_BASE, 7, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_BASE, ~0ul, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
}

static void unknown_extensions(void **state)
{
	unsigned long v = 1;
	(void)state;
	assert_int_equal(call(0x12345678, 0, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(~0ul, ~0ul, ~0ul, ~0ul, ~0ul, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(0x504D55, 0, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED); /* PMU */
	/* legacy calls the shim does not provide answer in a0 only */
	vm.vcpus[0].x[11] = 77;
	assert_int_equal(call_on(&vm.vcpus[0], 0x04, 0, 0, 0, 0, NULL), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_TIME, 1, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_IPI, 1, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_RFENCE, 3, 1, 0, 0, &v), SBI_ERR_NOT_SUPPORTED); /* hfence */
	assert_int_equal(call(SBI_EXT_HSM, 4, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_SRST, 1, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_DBCN, 3, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_FWFT, 2, 0, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
}

static void legacy_and_time(void **state)
{
	struct vcpu *c = &vm.vcpus[0];
	(void)state;
	c->x[11] = 1234;
	assert_int_equal(call_on(c, 0x01, 0, 'A', 0, 0, NULL), 0);
	assert_int_equal(console_len, 1);
	assert_int_equal(console[0], 'A');
	assert_int_equal(c->x[11], 0); /* a1 was the argument we set: 0 */
	assert_int_equal(call_on(c, 0x00, 0, 123456, 0, 0, NULL), 0);
	assert_int_equal(timer_when, 123456);
	assert_int_equal(call(SBI_EXT_TIME, 0, ~0ul, 0, 0, NULL), 0);
	assert_int_equal(timer_when, ~0ull);
	console_input = "z";
	assert_int_equal(call_on(c, 0x02, 0, 0, 0, 0, NULL), 'z');
	assert_int_equal((long)call_on(c, 0x02, 0, 0, 0, 0, NULL), -1); /* nothing waiting */
}

static void dbcn(void **state)
{
	unsigned long v;
	(void)state;
	memcpy(ram + 0x100, "hello", 5);
	assert_int_equal(call(SBI_EXT_DBCN, 0, 5, RAM_GPA + 0x100, 0, &v), 0);
	assert_int_equal(v, 5);
	assert_memory_equal(console, "hello", 5);
	/* the last byte of RAM is fine, one past it is not */
	ram[RAM_SIZE - 1] = '!';
	assert_int_equal(call(SBI_EXT_DBCN, 0, 1, RAM_GPA + RAM_SIZE - 1, 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(call(SBI_EXT_DBCN, 0, 2, RAM_GPA + RAM_SIZE - 1, 0, &v),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(v, 0);
	/* outside RAM, wrapping, huge, base_hi set, the shim's own memory */
	assert_int_equal(call(SBI_EXT_DBCN, 0, 1, RAM_GPA - 1, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 0, 16, ~0ul - 4, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 0, ~0ul, RAM_GPA, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 0, RAM_SIZE + 1, RAM_GPA, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 0, 5, RAM_GPA + 0x100, 1, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 0, 5, (uintptr_t)ram, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_DBCN, 1, 5, 0x10000000, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(console_len, 6); /* nothing more was printed */
	/* a long write is partial, never more than asked */
	assert_int_equal(call(SBI_EXT_DBCN, 0, 4096, RAM_GPA, 0, &v), 0);
	assert_true(v > 0 && v <= 4096);
	console_len = 0;
	/* zero length: success, nothing written, address not even looked at */
	assert_int_equal(call(SBI_EXT_DBCN, 0, 0, 0, 0, &v), 0);
	assert_int_equal(v, 0);
	/* read lands in guest RAM */
	console_input = "abc";
	assert_int_equal(call(SBI_EXT_DBCN, 1, 8, RAM_GPA + 0x200, 0, &v), 0);
	assert_int_equal(v, 3);
	assert_memory_equal(ram + 0x200, "abc", 3);
	assert_int_equal(call(SBI_EXT_DBCN, 2, 0x141, 0, 0, &v), 0); /* write_byte: low 8 bits */
	assert_int_equal(console[console_len - 1], 'A');
}

static void hsm(void **state)
{
	struct vcpu *c = &vm.vcpus[0], *s = &vm.vcpus[1];
	unsigned long v;
	(void)state;
	assert_int_equal(call(SBI_EXT_HSM, 2, 0, 0, 0, &v), 0);
	assert_int_equal(v, SBI_HSM_STARTED);
	assert_int_equal(call(SBI_EXT_HSM, 2, 1, 0, 0, &v), 0);
	assert_int_equal(v, SBI_HSM_STOPPED);
	assert_int_equal(call(SBI_EXT_HSM, 2, 2, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(v, 0);
	assert_int_equal(call(SBI_EXT_HSM, 2, ~0ul, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	/* start: bad hart, address outside RAM, already started */
	assert_int_equal(call(SBI_EXT_HSM, 0, 9, RAM_GPA, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_HSM, 0, 1, 0x1000, 0, &v), SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(call(SBI_EXT_HSM, 0, 1, RAM_GPA + RAM_SIZE, 0, &v), SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(call(SBI_EXT_HSM, 0, 0, RAM_GPA, 0, &v), SBI_ERR_ALREADY_AVAILABLE);
	assert_int_equal(kicks, 0);
	/* a good start: pending, handed the entry, the target is kicked */
	assert_int_equal(call(SBI_EXT_HSM, 0, 1, RAM_GPA + 0x1000, 0x55, &v), 0);
	assert_int_equal(s->hsm_state, SBI_HSM_START_PENDING);
	assert_int_equal(s->start_go, 1);
	assert_int_equal(s->start_addr, RAM_GPA + 0x1000);
	assert_int_equal(s->start_arg, 0x55);
	assert_int_equal(kicks, 1);
	assert_int_equal(call(SBI_EXT_HSM, 0, 1, RAM_GPA, 0, &v), SBI_ERR_ALREADY_AVAILABLE);
	/* stop: the calling hart leaves the guest */
	s->hsm_state = SBI_HSM_STARTED;
	assert_int_equal(call_on(s, SBI_EXT_HSM, 1, 0, 0, 0, NULL), 0);
	assert_true(s->stop_requested);
	assert_int_equal(s->hsm_state, SBI_HSM_STOP_PENDING);
	assert_false(c->stop_requested);
	/* suspend: retentive waits; non-retentive and platform types are not
	 * implemented; reserved types and >32-bit values are invalid */
	assert_int_equal(call(SBI_EXT_HSM, 3, 0, 0, 0, &v), 0);
	assert_int_equal(wfis, 1);
	assert_int_equal(call(SBI_EXT_HSM, 3, 0x80000000ul, RAM_GPA, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_HSM, 3, 0x10000000ul, 0, 0, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(call(SBI_EXT_HSM, 3, 1, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_HSM, 3, 0x80000001ul, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_HSM, 3, 1ul << 32, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(wfis, 1);
}

static void ipi_and_rfence(void **state)
{
	unsigned long v;
	(void)state;
	/* invalid hart in the mask: nothing is sent */
	assert_int_equal(call(SBI_EXT_IPI, 0, 0x5, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_IPI, 0, 1, 2, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_IPI, 0, ~0ul, ~0ul - 1, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(kicks, 0);
	assert_int_equal(vm.vcpus[1].pending, 0);
	/* to hart 1: pending there and kicked */
	assert_int_equal(call(SBI_EXT_IPI, 0, 1, 1, 0, &v), 0);
	assert_int_equal(kicks, 1);
	assert_int_equal(vm.vcpus[1].pending, PEND_IPI);
	/* to ourselves: no kick, served on the way back to the guest */
	assert_int_equal(call(SBI_EXT_IPI, 0, 1, 0, 0, &v), 0);
	assert_int_equal(kicks, 1);
	sbi_handle_pending(&vm, &vm.vcpus[0]);
	assert_int_equal(guest_ipis, 1);
	/* base -1: every hart; empty mask: nobody */
	assert_int_equal(call(SBI_EXT_IPI, 0, 0, ~0ul, 0, &v), 0);
	assert_int_equal(kicks, 2);
	assert_int_equal(call(SBI_EXT_IPI, 0, 0, 0, 0, &v), 0);
	assert_int_equal(kicks, 2);
	/* remote fences complete on every target before the call returns */
	assert_int_equal(call(SBI_EXT_RFENCE, 0, 3, 0, 0, &v), 0);
	assert_int_equal(fences, 2);
	assert_int_equal(vm.vcpus[1].pending & ~PEND_IPI, 0);
	assert_int_equal(call(SBI_EXT_RFENCE, 1, 2, 0, 0, &v), 0);
	assert_int_equal(call(SBI_EXT_RFENCE, 2, 2, 0, 0, &v), 0);
	assert_int_equal(call(SBI_EXT_RFENCE, 1, 4, 0, 0, &v), SBI_ERR_INVALID_PARAM);
}

static void srst(void **state)
{
	unsigned long v;
	(void)state;
	assert_int_equal(call(SBI_EXT_SRST, 0, 3, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_SRST, 0, 0xF0000000ul, 0, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_SRST, 0, 0, 2, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(call(SBI_EXT_SRST, 0, 0, 1ul << 32, 0, &v), SBI_ERR_INVALID_PARAM);
	assert_int_equal(resets, 0);
	/* forwarded; our fake firmware fails, and that is what the guest sees */
	assert_int_equal(call(SBI_EXT_SRST, 0, 0, 1, 0, &v), SBI_ERR_FAILED);
	assert_int_equal(resets, 1);
	assert_int_equal(reset_reason, 1);
	assert_int_equal(call(SBI_EXT_SRST, 0, 2, 0xE0000000ul, 0, &v), SBI_ERR_FAILED);
	assert_int_equal(reset_type, 2);
}

#define SET(f, val, fl) call(SBI_EXT_FWFT, 0, (f), (val), (fl), NULL)

static long get(struct vcpu *c, unsigned long f, unsigned long *val)
{
	*val = 0x1234;
	return call_on(c, SBI_EXT_FWFT, 1, f, 0, 0, val);
}

static void fwft_ranges(void **state)
{
	unsigned long v;
	(void)state;
	/* reserved and platform ranges, local and global */
	static const unsigned long denied[] = { 6, 0x3fffffff, 0x40000000, 0x7fffffff,
						0x80000000, 0xbfffffff, 0xc0000000, 0xffffffff };
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		assert_int_equal(get(&vm.vcpus[0], denied[i], &v), SBI_ERR_DENIED);
		assert_int_equal(v, 0); /* GET returns 0 in value on error */
		assert_int_equal(SET(denied[i], 0, 0), SBI_ERR_DENIED);
	}
	/* every standard feature answers GET with its reset value 0 */
	for (unsigned f = 0; f < 6; f++) {
		long e = get(&vm.vcpus[0], f, &v);
		if (f == SBI_FWFT_SHADOW_STACK || f == SBI_FWFT_DOUBLE_TRAP) {
			/* SSE/DTE are not writable in this henvcfg */
			assert_int_equal(e, SBI_ERR_NOT_SUPPORTED);
			assert_int_equal(SET(f, 1, 0), SBI_ERR_NOT_SUPPORTED);
		} else {
			assert_int_equal(e, 0);
		}
		assert_int_equal(v, 0);
	}
	/* reserved flags, bad values */
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 2), SBI_ERR_INVALID_PARAM);
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, ~0ul), SBI_ERR_INVALID_PARAM);
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 2, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(SET(SBI_FWFT_PTE_AD_HW_UPDATING, ~0ul, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(fw_fwft_calls, 0);
}

static void fwft_controls(void **state)
{
	struct vcpu *c = &vm.vcpus[0];
	unsigned long v;
	(void)state;
	uint64_t base = c->henvcfg;
	assert_int_equal(base & (ENVCFG_PMM | ENVCFG_ADUE | ENVCFG_LPE), 0);
	assert_true(base & ENVCFG_STCE);

	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), 0);
	assert_true((c->hedeleg & HEDELEG_MISALIGNED) == HEDELEG_MISALIGNED);
	assert_int_equal(fw_fwft_calls, 1);
	assert_int_equal(fw_fwft_feature[0], SBI_FWFT_MISALIGNED_EXC_DELEG);
	assert_int_equal(fw_fwft_value[0], 1);
	/* the same value again: the firmware already has it, no nested call */
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), 0);
	assert_int_equal(fw_fwft_calls, 1);
	assert_int_equal(get(c, SBI_FWFT_MISALIGNED_EXC_DELEG, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0), 0);
	assert_int_equal(c->hedeleg & HEDELEG_MISALIGNED, 0);

	assert_int_equal(SET(SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0), 0);
	assert_true(c->henvcfg & ENVCFG_ADUE);
	assert_int_equal(SET(SBI_FWFT_LANDING_PAD, 1, 0), 0);
	assert_true(c->henvcfg & ENVCFG_LPE);
	assert_int_equal(SET(SBI_FWFT_LANDING_PAD, 0, 0), 0);
	assert_false(c->henvcfg & ENVCFG_LPE);

	/* upper register bits are not part of the 32-bit feature ID */
	assert_int_equal(get(c, (1ul << 32) | SBI_FWFT_PTE_AD_HW_UPDATING, &v), 0);
	assert_int_equal(v, 1);

	/* a firmware refusing the mirror makes the call fail, state unchanged */
	fw_fwft_result = SBI_ERR_DENIED;
	assert_int_equal(SET(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_FAILED);
	assert_int_equal(get(c, SBI_FWFT_MISALIGNED_EXC_DELEG, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(c->hedeleg & HEDELEG_MISALIGNED, 0);
}

static void fwft_pmlen(void **state)
{
	struct vcpu *c = &vm.vcpus[0];
	unsigned long v;
	(void)state;
	/* exactly 0, 7, 16 */
	static const unsigned long bad[] = { 1, 6, 8, 15, 17, 32, 57, ~0ul };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, bad[i], 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0), 0);
	assert_int_equal(c->henvcfg & ENVCFG_PMM, ENVCFG_PMM_PMLEN7);
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(fw_fwft_calls, 0); /* no quirk: the firmware is not involved */
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 16, 0), 0);
	assert_int_equal(c->henvcfg & ENVCFG_PMM, ENVCFG_PMM_PMLEN16);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 0, 0), 0);
	assert_int_equal(c->henvcfg & ENVCFG_PMM, 0);
	/* hardware with PMLEN 16 only: 7 is invalid */
	vm.pmlen7 = false;
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 16, 0), 0);
	/* the QEMU quirk: the firmware gets the same length */
	vm.pmlen7 = true;
	vm.pm_quirk = true;
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0), 0);
	assert_int_equal(fw_fwft_calls, 1);
	assert_int_equal(fw_fwft_feature[0], SBI_FWFT_POINTER_MASKING_PMLEN);
	assert_int_equal(fw_fwft_value[0], 7);
	assert_int_equal(c->henvcfg & ENVCFG_PMM, ENVCFG_PMM_PMLEN7); /* spec path kept */
	fw_fwft_result = SBI_ERR_DENIED;
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 16, 0), SBI_ERR_FAILED);
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 7);
	/* quirk without firmware PMLEN: not offered at all */
	vm.fw_pmlen = false;
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(v, 0);
}

static void fwft_hidden_smnpm(void **state)
{
	unsigned long v;
	(void)state;
	vm.hide_smnpm = true;
	assert_false(sbi_fwft_pm_offered(&vm));
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(get(&vm.vcpus[0], SBI_FWFT_POINTER_MASKING_PMLEN, &v), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(v, 0);
	assert_int_equal(vm.vcpus[0].henvcfg & ENVCFG_PMM, 0);
	/* other features are unaffected */
	assert_int_equal(SET(SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0), 0);
	/* no PMM in the hardware: not offered either */
	vm.hide_smnpm = false;
	vm.pmlen7 = vm.pmlen16 = false;
	assert_false(sbi_fwft_pm_offered(&vm));
}

static void fwft_lock_and_reset(void **state)
{
	struct vcpu *c = &vm.vcpus[0], *s = &vm.vcpus[1];
	unsigned long v;
	(void)state;
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, SBI_FWFT_SET_FLAG_LOCK), 0);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0), SBI_ERR_DENIED_LOCKED);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 0, SBI_FWFT_SET_FLAG_LOCK),
			 SBI_ERR_DENIED_LOCKED);
	/* reserved flags and bad values are still INVALID_PARAM... */
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 7, 2), SBI_ERR_INVALID_PARAM);
	/* ...and a locked feature can still be read */
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 7);
	/* other features and other harts are not locked */
	assert_int_equal(SET(SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0), 0);
	assert_int_equal(call_on(s, SBI_EXT_FWFT, 0, SBI_FWFT_POINTER_MASKING_PMLEN, 16, 0, NULL), 0);
	assert_int_equal(get(s, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 7);
	/* hart start resets values and locks */
	sbi_vcpu_reset(&vm, c);
	assert_int_equal(get(c, SBI_FWFT_POINTER_MASKING_PMLEN, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(get(c, SBI_FWFT_PTE_AD_HW_UPDATING, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(c->henvcfg, sbi_henvcfg_base(&vm));
	assert_int_equal(c->hedeleg, HEDELEG_BASE);
	assert_int_equal(SET(SBI_FWFT_POINTER_MASKING_PMLEN, 16, 0), 0);
}

static void ram_translation(void **state)
{
	(void)state;
	assert_int_equal(guest_ram_hva(&vm, RAM_GPA, RAM_SIZE), (uintptr_t)ram);
	assert_int_equal(guest_ram_hva(&vm, RAM_GPA, RAM_SIZE + 1), 0);
	assert_int_equal(guest_ram_hva(&vm, RAM_GPA + RAM_SIZE, 0), (uintptr_t)ram + RAM_SIZE);
	assert_int_equal(guest_ram_hva(&vm, RAM_GPA + RAM_SIZE, 1), 0);
	assert_int_equal(guest_ram_hva(&vm, ~0ull, 2), 0);
	assert_int_equal(guest_ram_hva(&vm, RAM_GPA + 1, ~0ull), 0);
	assert_int_equal(guest_ram_hva(&vm, 0, RAM_GPA + 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(base, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_extensions, setup, teardown),
		cmocka_unit_test_setup_teardown(legacy_and_time, setup, teardown),
		cmocka_unit_test_setup_teardown(dbcn, setup, teardown),
		cmocka_unit_test_setup_teardown(hsm, setup, teardown),
		cmocka_unit_test_setup_teardown(ipi_and_rfence, setup, teardown),
		cmocka_unit_test_setup_teardown(srst, setup, teardown),
		cmocka_unit_test_setup_teardown(fwft_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(fwft_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(fwft_pmlen, setup, teardown),
		cmocka_unit_test_setup_teardown(fwft_hidden_smnpm, setup, teardown),
		cmocka_unit_test_setup_teardown(fwft_lock_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(ram_translation, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
