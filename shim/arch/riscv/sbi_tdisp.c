/* Provider of the TDISP extension (client: kernel/arch/riscv/sbi_tdisp.c)
 * and the config-space trap of the TDIs: the ECAM page of each device named
 * by shim.tdisp= is left out of the G-stage, so each guest access to it is a
 * load/store guest-page fault (privileged spec 18.6.1: htval = GPA >> 2,
 * htinst = the transformed instruction); it is checked by the model
 * (shim/core/tdisp.c) and done on the real ECAM. Experimental SBI extension
 * TDISP_SBI_EID; ABI in cocoon/tdisp_abi.h and docs/tdisp.md. */
#include <libfdt.h>
#include <string.h>

#include <shim/shim.h>
#include <shim/tdisp.h>

#include "fw.h"
#include "shim.h"
#include "vcpu.h"

static struct tdisp_tdi tdis[TDISP_MAX_TDIS];
static uint64_t tdi_page[TDISP_MAX_TDIS];
static bool cap_probed[TDISP_MAX_TDIS], error_reported[TDISP_MAX_TDIS];
static unsigned ntdis;


static uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static void wr_sized(uint64_t a, unsigned size, uint32_t v)
{
	if (size == 4)
		*(volatile uint32_t *)(uintptr_t)a = v;
	else if (size == 2)
		*(volatile uint16_t *)(uintptr_t)a = (uint16_t)v;
	else
		*(volatile uint8_t *)(uintptr_t)a = (uint8_t)v;
}

static int copy_to_guest(uint64_t gpa, const void *src, size_t len)
{
	uintptr_t h = guest_ram_hva(&shim_vm, gpa, len);

	if (!h)
		return -1;
	memcpy((void *)h, src, len);
	return 0;
}

static int copy_from_guest(void *dst, uint64_t gpa, size_t len)
{
	uintptr_t h = guest_ram_hva(&shim_vm, gpa, len);

	if (!h)
		return -1;
	memcpy(dst, (const void *)h, len);
	return 0;
}

static uint32_t ecam_rd(void *ctx, unsigned off)
{
	return rd32((uint64_t)(uintptr_t)ctx + off);
}

static void ecam_wr(void *ctx, unsigned off, uint32_t v)
{
	wr_sized((uint64_t)(uintptr_t)ctx + off, 4, v);
}

static int read_fn(struct tdisp_tdi *t, struct tdisp_fn_info *fi, uint16_t *cmd)
{
	struct tdisp_cfg_io io = { ecam_rd, ecam_wr, (void *)(uintptr_t)tdi_page[t - tdis] };

	return tdisp_fn_probe(&io, fi, cmd);
}

static void bme_off(struct tdisp_tdi *t)
{
	unsigned i = (unsigned)(t - tdis);

	/* Status half (write-1-to-clear) written as zeros */
	wr_sized(tdi_page[i] + 4, 4, rd32(tdi_page[i] + 4) & 0xfffbu);
	if (!error_reported[i]) {
		error_reported[i] = true;
		shim_printf("tdisp %02x:%02x.%x: ERROR: %s; the device's Bus Master Enable "
			    "cleared\n",
			    t->rid >> 8, (t->rid >> 3) & 31, t->rid & 7,
			    t->error_why ? t->error_why : "?");
	}
}

static struct sbi_ret tdisp_sbi(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	struct tdisp_call_env env = { tdis, ntdis, copy_to_guest, copy_from_guest, read_fn,
				      bme_off };
	uint64_t a[4] = { v->x[11], v->x[12], v->x[13], 0 }, r1, r2;
	long rc;

	(void)vm;
	tdisp_model_lock();
	rc = tdisp_call(&env, (unsigned)(fid < TDISP_FN_COUNT ? fid : TDISP_FN_COUNT), v->x[10],
			a, &r1, &r2);
	tdisp_model_unlock();
	if (fid == TDISP_FN_REPORT)
		r1 |= r2 << 32; /* both below 4 KiB */
	return (struct sbi_ret){ rc, (unsigned long)r1 };
}

unsigned tdisp_riscv_init(const void *fdt, uint64_t ecam, unsigned bus0, uint64_t *pages,
			  unsigned max)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len = 0, n;
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &len) : NULL;
	const char *err;
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	n = tdisp_setup(args, args && len > 0 ? (size_t)len : 0, tdis, TDISP_MAX_TDIS,
			t ^ 0x7464697370ull, &err);
	if (n < 0)
		shim_fatal("%s\n", err);
	for (int i = 0; i < n && (unsigned)i < max; i++) {
		unsigned bus = tdis[i].rid >> 8;

		if (bus < bus0)
			shim_fatal("shim.tdisp: bus %u below the bridge's first bus %u\n", bus, bus0);
		/* PCIe 6.0 7.2.2: ECAM = base + (bus << 20 | devfn << 12) */
		tdi_page[i] = ecam + ((uint64_t)(bus - bus0) << 20 |
				      (uint64_t)(tdis[i].rid & 0xff) << 12);
		pages[i] = tdi_page[i];
		shim_printf("tdisp %02x:%02x.%x: TEE-IO device, config space trapped at 0x%llx, "
			    "reports: %s\n",
			    bus, (tdis[i].rid >> 3) & 31, tdis[i].rid & 7,
			    (unsigned long long)tdi_page[i], tdisp_fault_name(tdis[i].fault));
	}
	ntdis = (unsigned)n;
	if (ntdis)
		sbi_tdisp_hook = tdisp_sbi;
	return ntdis;
}

/* Decode the access: htinst's transformed load/store (18.6.3) when the
 * hardware gives one; bit 1 clear = the original was compressed. */
static bool decode(const struct vcpu *v, bool *store, unsigned *size, unsigned *reg,
		   unsigned *len)
{
	uint32_t i = (uint32_t)v->htinst;
	unsigned op = i & 0x7f, f3 = (i >> 12) & 7;

	if (!i)
		return false;
	*len = (i & 2) ? 4 : 2;
	i |= 2;
	op = i & 0x7f;
	if (op == 0x03 && (f3 == 0 || f3 == 1 || f3 == 2 || f3 == 4 || f3 == 5)) {
		*store = false;
		*size = 1u << (f3 & 3);
		*reg = (i >> 7) & 31;
		return true;
	}
	if (op == 0x23 && f3 <= 2) {
		*store = true;
		*size = 1u << f3;
		*reg = (i >> 20) & 31;
		return true;
	}
	return false;
}

static bool fault_locked(struct vcpu *v);

bool tdisp_riscv_fault(struct vcpu *v)
{
	bool done;

	tdisp_model_lock();
	done = fault_locked(v);
	tdisp_model_unlock();
	return done;
}

static bool fault_locked(struct vcpu *v)
{
	uint64_t gpa = (uint64_t)v->htval << 2 | (v->stval & 3);
	unsigned i, size, reg, len, off;
	struct tdisp_tdi *t;
	bool store;

	for (i = 0; i < ntdis; i++)
		if ((gpa & ~0xfffull) == tdi_page[i])
			break;
	if (i == ntdis || !decode(v, &store, &size, &reg, &len))
		return false;
	off = (unsigned)(gpa & 0xfff);
	if (off % size || store != (v->scause == EXC_STORE_GUEST_PAGE))
		return false;
	t = &tdis[i];
	if (!cap_probed[i] && (rd32(tdi_page[i]) & 0xffff) != 0xffff) {
		struct tdisp_cfg_io io = { ecam_rd, ecam_wr, (void *)(uintptr_t)tdi_page[i] };

		t->pcie_cap = tdisp_find_cap(&io, 0x10);
		cap_probed[i] = true;
	}
	if (store) {
		uint32_t val = reg ? (uint32_t)v->x[reg] : 0, dword = rd32(tdi_page[i] + (off & ~3u));

		if (size < 4)
			val &= (1u << (size * 8)) - 1;
		if (tdisp_cfg_write(t, off, size, &val, dword))
			wr_sized(tdi_page[i] + off, size, val);
		if (tdisp_needs_bme_off(t))
			bme_off(t);
	} else {
		uint32_t dword = tdisp_cfg_read_dword(t, off & ~3u, rd32(tdi_page[i] + (off & ~3u)));
		uint32_t val = dword >> ((off & 3) * 8);
		unsigned f3 = (v->htinst >> 12) & 7;

		if (size < 4)
			val &= (1u << (size * 8)) - 1;
		if (reg) /* lb/lh/lw sign-extend, lbu/lhu do not */
			v->x[reg] = f3 == 0 ? (unsigned long)(long)(int8_t)val
				  : f3 == 1 ? (unsigned long)(long)(int16_t)val
				  : f3 == 2 ? (unsigned long)(long)(int32_t)val
					    : val;
	}
	v->sepc += len;
	return true;
}
