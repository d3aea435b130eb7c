/* ibm,client-architecture-support, answered by the shim (LoPAPR B.5.2.3
 * "Root Node Methods"; vector layout as in Linux prom_init.c and QEMU):
 *   PVR list: (mask, value) pairs of 32-bit big-endian cells, ended by an
 *   entry whose value has a bit outside its mask;
 *   one byte: number of option vectors - 1;
 *   each vector: one byte length - 1, then its bytes (byte 1 first).
 * Only option vector 5 matters to this platform: byte 23 (interrupt
 * controller: 0x00 legacy XICS, 0x40 XIVE exploitation), byte 24 (MMU:
 * 0x40 radix), byte 26 (0x40 radix GTSE). The shim accepts what it offers in
 * /chosen ibm,arch-vec-5-platform-support (pairs: byte number, support
 * value), writes the result to /chosen ibm,architecture-vec-5 (a length
 * byte, then OV5 byte n at offset n), and refuses anything else.
 * The vector lives in guest memory: read through guest_mem.c, bounded. */
#include <libfdt.h>
#include <string.h>

#include <shim/shim.h>
#include <shim/trace.h>

#include "pnv.h"

#define MAX_PVRS 64
#define OV5_BYTES 32 /* the bytes of OV5 this platform looks at or echoes */
#define OV5_INTC 23
#define OV5_MMU 24
#define OV5_GTSE 26
#define OV5_XIVE 0x40
#define OV5_RADIX 0x40

/* What this platform offers: platform-support value semantics (LoPAPR
 * ibm,arch-vec-5-platform-support): byte 23 0x00 = legacy only, 0x40 = XIVE
 * only, 0x80 = either; byte 24 0x40 = radix only; byte 26 0x40 = GTSE. */
static uint8_t offer_intc = 0x80, offer_mmu = 0x40, offer_gtse = 0x00;

static unsigned cas_ncpus = 1;

int cas_set_offer(void *fdt, unsigned ncpus)
{
	cas_ncpus = ncpus;
	uint8_t v[] = { OV5_INTC, offer_intc, OV5_MMU, offer_mmu, OV5_GTSE, offer_gtse };
	int chosen = fdt_path_offset(fdt, "/chosen");

	if (chosen < 0)
		return -1;
	return fdt_setprop(fdt, chosen, "ibm,arch-vec-5-platform-support", v, sizeof(v)) ? -1 : 0;
}

static int refuse(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

static bool intc_offered(uint8_t want)
{
	if (offer_intc == 0x80)
		return want == 0x00 || want == OV5_XIVE;
	return want == offer_intc;
}

/* The native logical PVR of this CPU (Power ISA version): 0x0f000005 for
 * ISA 3.0 (POWER9), 0x0f000006 for ISA 3.1 (POWER10). */
static uint32_t native_logical_pvr(uint32_t pvr)
{
	switch (pvr >> 16) {
	case 0x004e:
		return 0x0f000005;
	case 0x0080:
		return 0x0f000006;
	default:
		return 0;
	}
}

int cas_parse(uint64_t gpa, uint32_t pvr, uint8_t ov5[OV5_BYTES + 1], const char **why)
{
	uint32_t mask, val, logical = native_logical_pvr(pvr);
	bool cpu_ok = false, ended = false;
	uint8_t nvec, len;

	*why = NULL;
	memset(ov5, 0, OV5_BYTES + 1);
	for (unsigned i = 0; i < MAX_PVRS; i++, gpa += 8) {
		if (gmem_read_be32(gpa, &mask) || gmem_read_be32(gpa + 4, &val))
			return refuse(why, "vector leaves guest memory (PVR list)");
		if (val & ~mask) {
			ended = true;
			gpa += 8;
			break;
		}
		if ((pvr & mask) == val || (logical && (logical & mask) == val))
			cpu_ok = true;
	}
	if (!ended)
		return refuse(why, "PVR list not terminated within 64 entries");
	if (!cpu_ok)
		return refuse(why, "no PVR entry matches this processor or its architecture level");
	if (gmem_read(gpa++, &nvec, 1))
		return refuse(why, "vector leaves guest memory (vector count)");
	for (unsigned v = 1; v <= (unsigned)nvec + 1; v++) {
		if (gmem_read(gpa++, &len, 1))
			return refuse(why, "vector leaves guest memory (option vector length)");
		if (!gmem_ok(gpa, (uint64_t)len + 1))
			return refuse(why, "option vector leaves guest memory");
		if (v == 5) {
			unsigned n = (unsigned)len + 1 < OV5_BYTES ? (unsigned)len + 1 : OV5_BYTES;

			gmem_read(gpa, ov5 + 1, n); /* ov5[k] = OV5 byte k */
			ov5[0] = (uint8_t)len;
		}
		gpa += (uint64_t)len + 1;
	}
	return 0;
}

/* The ov5 the platform grants: the guest's choices, each one offered. */
static int negotiate(const uint8_t *req, uint8_t *out, const char **why)
{
	uint8_t intc = req[OV5_INTC] & 0xc0, mmu = req[OV5_MMU] & 0xc0, gtse = req[OV5_GTSE] & 0x40;

	memset(out, 0, OV5_BYTES + 1);
	if (!intc_offered(intc))
		return refuse(why, intc == OV5_XIVE
					   ? "guest requested XIVE exploitation, not offered"
					   : "guest requested the legacy XICS interrupt controller, not offered");
	if ((mmu & OV5_RADIX) != (offer_mmu & OV5_RADIX))
		return refuse(why, (mmu & OV5_RADIX) ? "guest requested the radix MMU, not offered"
						     : "guest requested the hash MMU, not offered");
	if (gtse && !offer_gtse)
		return refuse(why, "guest requested radix GTSE, not offered");
	out[OV5_INTC] = intc;
	/* hostile host: grant the other interrupt controller */
	if (shim_fault("cas-grant-xive-unasked") || shim_fault("cas-grant-xics-unasked"))
		out[OV5_INTC] = shim_fault("cas-grant-xive-unasked") ? OV5_XIVE : 0x00;
	out[OV5_MMU] = mmu & OV5_RADIX;
	out[OV5_GTSE] = gtse;
	return 0;
}

/* /chosen ibm,architecture-vec-5 = granted[0..last]. Hostile host
 * (docs/hostile.md): a length byte too small for the property, a property
 * longer than any option vector, or none at all. */
static int write_vec5(void *fdt, int chosen, uint8_t *granted, unsigned last)
{
	static uint8_t huge[300];

	if (shim_fault("vec5-overlong"))
		granted[0] = 0;
	if (shim_fault("vec5-huge")) {
		memcpy(huge, granted, last + 1);
		huge[0] = 0xff;
		return fdt_setprop(fdt, chosen, "ibm,architecture-vec-5", huge, sizeof(huge));
	}
	if (shim_fault("vec5-missing")) {
		fdt_delprop(fdt, chosen, "ibm,architecture-vec-5"); /* absent before CAS too */
		return 0;
	}
	return fdt_setprop(fdt, chosen, "ibm,architecture-vec-5", granted, (int)last + 1);
}

int cas_apply(void *fdt, uint64_t vec_gpa, const char **why)
{
	uint8_t req[OV5_BYTES + 1], granted[OV5_BYTES + 1];
	unsigned last = 0;
	int chosen;

	if (cas_parse(vec_gpa, plat_pvr(), req, why) || negotiate(req, granted, why))
		return -1;
	for (unsigned i = 1; i <= OV5_BYTES; i++)
		if (granted[i])
			last = i;
	granted[0] = (uint8_t)(last ? last - 1 : 0);
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0 || write_vec5(fdt, chosen, granted, last) ||
	    dt_set_intc(fdt, granted[OV5_INTC] == OV5_XIVE))
		return refuse(why, "no room in the device tree for the result");
	/* the interrupt mode changes with the tree: sources and queues start over */
	xive_reset(cas_ncpus);
	xive_set_enabled(granted[OV5_INTC] == OV5_XIVE);
	xics_reset();
	shim_trace(0, "firmware.CAS %s %s -> granted", granted[OV5_INTC] == OV5_XIVE ? "XIVE" : "XICS",
		   (granted[OV5_MMU] & OV5_RADIX) ? "radix" : "hash");
	return 0;
}
