/* A PAPR XICS presentation controller (ICP) for the partition's one virtual
 * processor, server 0, with its inter-processor interrupt as the only
 * source (XISR 2). LoPAPR "Interrupt Support hcalls" (H_CPPR, H_EOI, H_IPI,
 * H_IPOLL, H_XIRR, H_XIRR_X) and the XICS presentation layer: XIRR = CPPR
 * (current processor priority, 8 bits) << 24 | XISR (source, 24 bits);
 * MFRR (most favoured request) is the IPI's priority; lower is more
 * favoured, 0xff = nothing. The interrupt is presented while XISR != 0;
 * main.c delivers it to the guest's 0x500 when its MSR[EE] allows. */
#include "pnv.h"

#define XISR_MASK 0x00ffffffu
#define XISR_IPI 2
#define PRIO_NONE 0xff

static uint8_t cppr = 0, mfrr = PRIO_NONE, pending_prio = PRIO_NONE;
static uint32_t xisr;

void xics_reset(void)
{
	cppr = 0; /* LoPAPR: all interrupts masked at boot */
	mfrr = pending_prio = PRIO_NONE;
	xisr = 0;
}

bool xics_pending(void)
{
	return xisr != 0;
}

/* Present the IPI if it is more favoured than the CPPR and than whatever
 * is presented already. */
static void check_ipi(void)
{
	if (mfrr >= cppr)
		return;
	if (xisr && pending_prio <= mfrr)
		return;
	xisr = XISR_IPI;
	pending_prio = mfrr;
}

static long h_cppr(uint64_t *r)
{
	uint8_t old = cppr;

	if (r[4] > PRIO_NONE)
		return H_PARAMETER;
	cppr = (uint8_t)r[4];
	if (cppr < old && xisr && cppr <= pending_prio) {
		xisr = 0; /* no longer favoured enough: withdrawn, re-presented later */
		pending_prio = PRIO_NONE;
	}
	if (!xisr)
		check_ipi();
	return H_SUCCESS;
}

/* Accept: the presented source becomes current, CPPR rises to its priority. */
static uint32_t accept(void)
{
	uint32_t xirr = (uint32_t)cppr << 24 | xisr;

	cppr = xisr ? pending_prio : cppr;
	xisr = 0;
	pending_prio = PRIO_NONE;
	return xirr;
}

static long h_eoi(uint64_t *r)
{
	uint32_t source = (uint32_t)r[4] & XISR_MASK;

	if (r[4] >> 32 || (source != XISR_IPI && source != 0))
		return H_PARAMETER;
	cppr = (uint8_t)(r[4] >> 24);
	if (!xisr)
		check_ipi();
	return H_SUCCESS;
}

static long h_ipi(uint64_t *r)
{
	if (r[4] != 0)
		return H_PARAMETER; /* the only server */
	if (r[5] > PRIO_NONE)
		return H_PARAMETER;
	mfrr = (uint8_t)r[5];
	if (mfrr < cppr)
		check_ipi();
	return H_SUCCESS;
}

long xics_hcall(uint64_t *r)
{
	switch (r[3]) {
	case H_CPPR:
		return h_cppr(r);
	case H_EOI:
		return h_eoi(r);
	case H_IPI:
		return h_ipi(r);
	case H_IPOLL:
		if (r[4] != 0)
			return H_PARAMETER;
		r[4] = (uint32_t)cppr << 24 | xisr;
		r[5] = mfrr;
		return H_SUCCESS;
	case H_XIRR:
		r[4] = accept();
		return H_SUCCESS;
	case H_XIRR_X:
		r[4] = accept();
		r[5] = plat_timebase();
		return H_SUCCESS;
	default:
		return H_FUNCTION;
	}
}
