/* Provider of the TDISP calls (client: kernel/arch/arm64/tdisp_call.c) and
 * the config-space trap of the TDIs: the ECAM page of each device named by
 * shim.tdisp= is left out of stage 2, so every guest access to it is a data
 * abort here; it is decoded from the syndrome (dabt.c: size, register,
 * direction, sign extension), checked by the model (shim/core/tdisp.c),
 * then done on the real ECAM. Calls: SMCCC fast SMC64 in the Vendor
 * Specific Hypervisor range (DEN0028, OEN 6), TDISP_FID_BASE + fn. */
#include <string.h>

#include <libfdt.h>
#include <shim/shim.h>
#include <shim/tdisp.h>

#include "dabt.h"
#include "hyp.h"

#define ECAM_COMPAT "pci-host-ecam-generic"

static struct tdisp_tdi tdis[TDISP_MAX_TDIS];
static uint64_t tdi_page[TDISP_MAX_TDIS];
static bool cap_probed[TDISP_MAX_TDIS], error_reported[TDISP_MAX_TDIS];
static unsigned ntdis;


static void dcache_clean_inval(uint64_t pa, size_t len)
{
	/* EL2 runs with its MMU off (non-cacheable accesses) while the guest's
	 * are cacheable: push its lines out before reading, drop them after
	 * writing */
	for (uint64_t a = pa & ~63ull; a < pa + len; a += 64)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

static int copy_to_guest(uint64_t ipa, const void *src, size_t len)
{
	if (!guest_ipa_range_ok(ipa, len))
		return -1;
	dcache_clean_inval(guest_ipa_to_pa(ipa), len);
	memcpy((void *)(uintptr_t)guest_ipa_to_pa(ipa), src, len);
	dcache_clean_inval(guest_ipa_to_pa(ipa), len);
	return 0;
}

static int copy_from_guest(void *dst, uint64_t ipa, size_t len)
{
	if (!guest_ipa_range_ok(ipa, len))
		return -1;
	dcache_clean_inval(guest_ipa_to_pa(ipa), len);
	memcpy(dst, (const void *)(uintptr_t)guest_ipa_to_pa(ipa), len);
	return 0;
}

static uint32_t ecam_rd(void *ctx, unsigned off)
{
	return mmio_read32((uint64_t)(uintptr_t)ctx + off);
}

static void ecam_wr(void *ctx, unsigned off, uint32_t v)
{
	mmio_write32((uint64_t)(uintptr_t)ctx + off, v);
}

static unsigned index_of(const struct tdisp_tdi *t)
{
	return (unsigned)(t - tdis);
}

static int read_fn(struct tdisp_tdi *t, struct tdisp_fn_info *fi, uint16_t *cmd)
{
	struct tdisp_cfg_io io = { ecam_rd, ecam_wr, (void *)(uintptr_t)tdi_page[index_of(t)] };

	return tdisp_fn_probe(&io, fi, cmd);
}

static void bme_off(struct tdisp_tdi *t)
{
	uint64_t cmd = tdi_page[index_of(t)] + 4;
	uint32_t v = mmio_read32(cmd);

	/* keep the Status half (write-1-to-clear) untouched: write zeros there */
	mmio_write32(cmd, v & 0xfffbu);
	if (!error_reported[index_of(t)]) {
		error_reported[index_of(t)] = true;
		shim_printf("tdisp %02x:%02x.%x: ERROR: %s; the device's Bus Master Enable "
			    "cleared\n",
			    t->rid >> 8, (t->rid >> 3) & 31, t->rid & 7,
			    t->error_why ? t->error_why : "?");
	}
}

static const struct tdisp_call_env env = { tdis, 0, copy_to_guest, copy_from_guest, read_fn,
					   bme_off };

/* The host bridge's ECAM base and first bus (host-generic-pci.yaml). */
static int find_ecam(const void *fdt, uint64_t *base, unsigned *bus0)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, ECAM_COMPAT), len;
	const fdt32_t *reg, *br;

	if (node < 0)
		return -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 16)
		return -1;
	*base = (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]);
	br = fdt_getprop(fdt, node, "bus-range", &len);
	*bus0 = br && len == 8 ? fdt32_to_cpu(br[0]) : 0;
	return 0;
}

void tdisp_arm64_init(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len = 0, n;
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &len) : NULL;
	const char *err;
	uint64_t ecam;
	unsigned bus0;

	n = tdisp_setup(args, args && len > 0 ? (size_t)len : 0, tdis, TDISP_MAX_TDIS,
			read_sysreg(cntpct_el0) ^ 0x7464697370ull, &err);
	if (n < 0)
		shim_panic("%s\n", err);
	if (n == 0)
		return;
	if (find_ecam(fdt, &ecam, &bus0))
		shim_panic("shim.tdisp: no %s host bridge in the device tree\n", ECAM_COMPAT);
	for (int i = 0; i < n; i++) {
		unsigned bus = tdis[i].rid >> 8;

		if (bus < bus0)
			shim_panic("shim.tdisp: bus %u below the bridge's first bus %u\n", bus, bus0);
		/* PCIe 6.0 7.2.2: ECAM = base + (bus << 20 | devfn << 12) */
		tdi_page[i] = ecam + ((uint64_t)(bus - bus0) << 20 | (uint64_t)(tdis[i].rid & 0xff)
									<< 12);
		if (stage2_hide_page(tdi_page[i]))
			shim_panic("shim.tdisp: cannot trap the ECAM page at 0x%llx\n",
				   (unsigned long long)tdi_page[i]);
		shim_printf("tdisp %02x:%02x.%x: TEE-IO device, config space trapped at 0x%llx, "
			    "reports: %s\n",
			    bus, (tdis[i].rid >> 3) & 31, tdis[i].rid & 7,
			    (unsigned long long)tdi_page[i], tdisp_fault_name(tdis[i].fault));
	}
	ntdis = (unsigned)n;
}

static void wr_sized(uint64_t a, unsigned size, uint32_t v)
{
	if (size == 4) {
		mmio_write32(a, v);
	} else if (size == 1) {
		mmio_write8(a, (uint8_t)v);
	} else {
		__asm__ volatile("strh %w0, [%1]" ::"rZ"((uint16_t)v), "r"(a) : "memory");
	}
}

static bool dabt_locked(struct el2_frame *f);

bool tdisp_arm64_dabt(struct el2_frame *f)
{
	bool done;

	tdisp_model_lock();
	done = dabt_locked(f);
	tdisp_model_unlock();
	return done;
}

static bool dabt_locked(struct el2_frame *f)
{
	uint64_t ipa = (f->hpfar >> 4) << 12 | (f->far & 0xfff);
	struct dabt_access a;
	struct tdisp_tdi *t;
	unsigned i, off;

	for (i = 0; i < ntdis; i++)
		if ((ipa & ~0xfffull) == tdi_page[i])
			break;
	if (i == ntdis || !dabt_decode(f->esr, &a))
		return false; /* not ours, or an access we cannot decode: abort */
	t = &tdis[i];
	off = (unsigned)(ipa & 0xfff);
	if (a.size == 8 || off % a.size)
		return false;
	if (!cap_probed[i]) {
		/* the guest numbers the buses: only now is the function reachable */
		struct tdisp_cfg_io io = { ecam_rd, ecam_wr, (void *)(uintptr_t)tdi_page[i] };

		if ((ecam_rd(io.ctx, 0) & 0xffff) != 0xffff) {
			t->pcie_cap = tdisp_find_cap(&io, PCI_CAP_ID_EXP);
			cap_probed[i] = true;
		}
	}
	if (a.write) {
		uint32_t v = dabt_store_value(&a, a.reg == 31 ? 0 : f->g.x[a.reg]);
		uint32_t dword = mmio_read32(tdi_page[i] + (off & ~3u));

		if (tdisp_cfg_write(t, off, a.size, &v, dword))
			wr_sized(tdi_page[i] + off, a.size, v);
		if (tdisp_needs_bme_off(t))
			bme_off(t);
	} else {
		uint32_t dword = tdisp_cfg_read_dword(t, off & ~3u,
						      mmio_read32(tdi_page[i] + (off & ~3u)));

		if (a.reg != 31)
			f->g.x[a.reg] = dabt_load_value(&a, dword, off);
	}
	f->g.pc += 4; /* ESR.IL: a 32-bit instruction */
	return true;
}

bool tdisp_arm64_call(struct el2_frame *f)
{
	uint32_t fid = (uint32_t)f->g.x[0];
	struct tdisp_call_env e = env;
	uint64_t a[4] = { f->g.x[2], f->g.x[3], f->g.x[4], 0 }, r1, r2;

	if (fid < TDISP_FID_BASE || fid >= TDISP_FID_BASE + TDISP_FN_COUNT)
		return false;
	e.ntdis = ntdis;
	tdisp_model_lock();
	f->g.x[0] = (uint64_t)(int64_t)tdisp_call(&e, fid - TDISP_FID_BASE, f->g.x[1], a, &r1, &r2);
	f->g.x[1] = r1;
	f->g.x[2] = r2;
	if (ntdis)
		for (unsigned i = 0; i < ntdis; i++)
			if (tdisp_needs_bme_off(&tdis[i]) && !error_reported[i])
				bme_off(&tdis[i]);
	tdisp_model_unlock();
	return true;
}
