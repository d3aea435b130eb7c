/* Loads of every width and signedness from a TDI's config space: on the shim
 * each one traps to EL2 (the ECAM page is left out of stage 2) and is
 * performed from the syndrome (shim/arch/arm64/dabt.c), so LDRSB/LDRSH must
 * come back sign-extended and a W register with its upper half clear, exactly
 * as on real config space. Runs on each running TDI (arm64-shim-tdisp); the
 * vendor ID's low byte (0xf4 for virtio) makes the sign visible. */
#include <cocoon/ktest.h>
#include <cocoon/pci.h>

#define GARBAGE 0xdeadbeefdeadbeefull

#define LOAD(insn, reg, addr)                                                      \
	({                                                                           \
		uint64_t __v = GARBAGE;                                              \
		__asm__ volatile(insn " %" reg "0, [%1]" : "+r"(__v) : "r"(addr) : "memory"); \
		__v;                                                                 \
	})

static void tdisp_loads_suite(void)
{
	unsigned tested = 0;

	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		uintptr_t a;
		uint32_t w;
		int8_t b;
		int16_t h;

		if (!d->tdi_active || !d->host || !d->host->ecam)
			continue;
		tested++;
		a = d->host->ecam + ((uintptr_t)(d->bus - d->host->bus_start) << 20 |
				     (uintptr_t)(d->dev << 3 | d->fn) << 12);
		w = pci_cfg_read(d, 0, 4);
		b = (int8_t)(w & 0xff);
		h = (int16_t)(w & 0xffff);
		report_info("%02x:%02x.%x: dword 0 = 0x%08x", d->bus, d->dev, d->fn, w);
		report(LOAD("ldrb", "w", a) == (uint8_t)b, "tdisp loads: ldrb w zero-extends");
		report(LOAD("ldrsb", "x", a) == (uint64_t)(int64_t)b,
		       "tdisp loads: ldrsb x sign-extends to 64 bits");
		report(LOAD("ldrsb", "w", a) == (uint32_t)(int32_t)b,
		       "tdisp loads: ldrsb w sign-extends to 32 bits, upper half clear");
		report(LOAD("ldrh", "w", a) == (uint16_t)h, "tdisp loads: ldrh w zero-extends");
		report(LOAD("ldrsh", "x", a) == (uint64_t)(int64_t)h,
		       "tdisp loads: ldrsh x sign-extends to 64 bits");
		report(LOAD("ldr", "w", a) == w, "tdisp loads: ldr w, upper half clear");
		report(LOAD("ldrsw", "x", a) == (uint64_t)(int64_t)(int32_t)w,
		       "tdisp loads: ldrsw x sign-extends to 64 bits");
		if (b >= 0)
			report_info("vendor ID low byte 0x%02x is positive: the sign checks prove "
				    "less", (uint8_t)b);
	}
	if (!tested)
		report_skip("no running TDI with ECAM config space", "tdisp loads");
}
KTEST_SUITE(tdisp_loads_suite);
