/* Provider of the TDISP calls (client: kernel/arch/ppc64/tdisp_call.c) for
 * the shim's emulated functions. The trap point is RTAS: the guest reaches
 * config space only through ibm,read-pci-config / ibm,write-pci-config
 * (LoPAPR 7.3.4), so pci.c hands every access of a function named by
 * shim.tdisp= here, where the model (shim/core/tdisp.c) checks writes and
 * adds TEE-IO to the Device Capabilities. The calls arrive as the platform
 * hcall H_TDISP (TDISP_PPC64_HCALL, cocoon/tdisp_abi.h, docs/tdisp.md).
 * The shim's one handler lock (smp.c) already serialises both paths. */
#include <string.h>

#include <shim/tdisp.h>

#include "pnv.h"

static struct tdisp_tdi tdis[TDISP_MAX_TDIS];
static bool error_reported[TDISP_MAX_TDIS];
static unsigned ntdis;

static int copy_to_guest(uint64_t gpa, const void *src, size_t len)
{
	return gmem_write(gpa, src, len) ? -1 : 0;
}

static int copy_from_guest(void *dst, uint64_t gpa, size_t len)
{
	return gmem_read(gpa, dst, len) ? -1 : 0;
}

static uint32_t fn_rd(void *ctx, unsigned off)
{
	return pci_fn_cfg_read((unsigned)(uintptr_t)ctx, off, 4);
}

static void fn_wr(void *ctx, unsigned off, uint32_t v)
{
	pci_fn_cfg_write((unsigned)(uintptr_t)ctx, off, 4, v);
}

static int read_fn(struct tdisp_tdi *t, struct tdisp_fn_info *fi, uint16_t *cmd)
{
	struct tdisp_cfg_io io = { fn_rd, fn_wr, (void *)(uintptr_t)(t->rid & 0xff) };

	return tdisp_fn_probe(&io, fi, cmd);
}

static void bme_off(struct tdisp_tdi *t)
{
	unsigned i = (unsigned)(t - tdis);
	uint32_t cmd = pci_fn_cfg_read(t->rid & 0xff, 0x04, 2);

	pci_fn_cfg_write(t->rid & 0xff, 0x04, 2, cmd & ~0x4u);
	if (!error_reported[i]) {
		error_reported[i] = true;
		pnv_printf("shim: tdisp %02x:%02x.%x: ERROR: %s; the device's Bus Master Enable "
			   "cleared\n",
			   t->rid >> 8, (t->rid >> 3) & 31, t->rid & 7,
			   t->error_why ? t->error_why : "?");
	}
}

int tdisp_pnv_init(const char *bootargs, size_t len, uint64_t seed)
{
	const char *err = NULL;
	int n = tdisp_setup(bootargs, len, tdis, TDISP_MAX_TDIS, seed, &err);

	ntdis = 0;
	memset(error_reported, 0, sizeof(error_reported));
	if (n < 0) {
		pnv_printf("shim: %s\n", err ? err : "shim.tdisp: bad argument");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		unsigned bus = tdis[i].rid >> 8, devfn = tdis[i].rid & 0xff;

		if (!pci_fn_present(bus, devfn)) {
			pnv_printf("shim: shim.tdisp: no function %02x:%02x.%x on the PHB\n", bus,
				   devfn >> 3, devfn & 7);
			return -1;
		}
		tdis[i].pcie_cap = PCIE_CAP_OFF;
		pnv_printf("shim: tdisp %02x:%02x.%x: TEE-IO device, config space checked in "
			   "RTAS, reports: %s\n",
			   bus, devfn >> 3, devfn & 7, tdisp_fault_name(tdis[i].fault));
	}
	ntdis = (unsigned)n;
	return 0;
}

static struct tdisp_tdi *tdi_at(unsigned bus, unsigned devfn)
{
	for (unsigned i = 0; i < ntdis; i++)
		if (tdis[i].rid == (bus << 8 | devfn))
			return &tdis[i];
	return NULL;
}

bool tdisp_pnv_cfg_write(unsigned bus, unsigned devfn, unsigned reg, unsigned size, uint32_t val)
{
	struct tdisp_tdi *t = tdi_at(bus, devfn);

	if (!t)
		return false;
	if (size < 4)
		val &= (1u << (size * 8)) - 1;
	if (tdisp_cfg_write(t, reg, size, &val, pci_fn_cfg_read(devfn, reg & ~3u, 4)))
		pci_fn_cfg_write(devfn, reg, size, val);
	if (tdisp_needs_bme_off(t))
		bme_off(t);
	return true;
}

void tdisp_pnv_cfg_read(unsigned bus, unsigned devfn, unsigned reg, unsigned size, uint32_t *val)
{
	struct tdisp_tdi *t = tdi_at(bus, devfn);
	uint32_t dword;

	if (!t)
		return;
	dword = tdisp_cfg_read_dword(t, reg & ~3u, pci_fn_cfg_read(devfn, reg & ~3u, 4));
	*val = dword >> ((reg & 3) * 8);
	if (size < 4)
		*val &= (1u << (size * 8)) - 1;
}

/* H_TDISP: r4 = function, r5 = interface id, r6-r8 arguments; r4 = TDISP
 * status, r5, r6 = results. Served with or without TDIs (the model answers
 * an unknown interface id with TDISP_E_INVALID). */
long tdisp_hcall(uint64_t *r)
{
	struct tdisp_call_env env = { tdis, ntdis, copy_to_guest, copy_from_guest, read_fn,
				      bme_off };
	uint64_t a[4] = { r[6], r[7], r[8], 0 }, r1 = 0, r2 = 0;
	unsigned fn = r[4] < TDISP_FN_COUNT ? (unsigned)r[4] : TDISP_FN_COUNT;

	r[4] = (uint64_t)tdisp_call(&env, fn, r[5], a, &r1, &r2);
	r[5] = r1;
	r[6] = r2;
	for (unsigned i = 0; i < ntdis; i++)
		if (tdisp_needs_bme_off(&tdis[i]) && !error_reported[i])
			bme_off(&tdis[i]);
	return H_SUCCESS;
}
