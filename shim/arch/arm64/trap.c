/* Guest exits: HVC and trapped SMC (SMC Calling Convention, DEN0028) go to
 * PSCI, SDEI or the SMCCC architecture calls; stage-2 faults and anything
 * else the guest should not have done come back to it as an exception at
 * EL1, so a broken guest stops itself and the shim keeps serving.
 * Every exit ends with the SDEI dispatch check (a pending event is entered
 * on the way back, cf. KVM's KVM_REQ_SDEI). */
#include <shim/shim.h>

#include "hyp.h"

#define EC_UNKNOWN 0x00
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define ESR_IL (1ull << 25)
#define ESR_WNR (1ull << 6)
#define FSC_SYNC_EXTERNAL 0x10

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_NOT_SUPPORTED (-1)

extern bool shim_gic_ok;

/* Take an exception to the guest's EL1 as the hardware would (Arm ARM
 * exception entry): vector offset from the interrupted mode, ELR/SPSR/ESR/FAR_EL1. */
static void inject_sync(struct el2_frame *f, uint64_t esr, uint64_t far)
{
	uint64_t mode = f->g.pstate & 0x1f, off;

	if (mode == 0x5)
		off = 0x200; /* current EL with SP_EL1 */
	else if (mode == 0x4)
		off = 0x000; /* current EL with SP_EL0 */
	else if (mode & 0x10)
		off = 0x600; /* lower EL, AArch32 */
	else
		off = 0x400; /* lower EL, AArch64 */
	write_sysreg(elr_el1, f->g.pc);
	write_sysreg(spsr_el1, f->g.pstate);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	f->g.pc = read_sysreg(vbar_el1) + off;
	f->g.pstate = SPSR_EL1H | SPSR_DAIF;
}

static void smccc_call_real(unsigned cpu, struct el2_frame *f);

static void smccc_call(unsigned cpu, struct el2_frame *f)
{
	uint32_t fid = (uint32_t)f->g.x[0];

	if (!smccc_fault_pre(f))
		smccc_call_real(cpu, f);
	smccc_fault_post(fid, f);
}

static void smccc_call_real(unsigned cpu, struct el2_frame *f)
{
	uint32_t fid = (uint32_t)f->g.x[0];

	if (fid >= SDEI_FID_FIRST && fid <= SDEI_FID_LAST) {
		sdei_call(cpu, &f->g);
		return;
	}
	if (tdisp_arm64_call(f))
		return;
	if (PSCI_FID_IN_RANGE(fid)) {
		psci_call(cpu, f);
		return;
	}
	switch (fid) {
	case SMCCC_VERSION:
		f->g.x[0] = 0x10001; /* v1.1 */
		break;
	case SMCCC_ARCH_FEATURES:
		f->g.x[0] = (uint32_t)f->g.x[1] == SMCCC_VERSION ||
					    (uint32_t)f->g.x[1] == SMCCC_ARCH_FEATURES
				    ? 0
				    : (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		break;
	case SHIM_VENDOR_SDEI_TRIGGER:
		f->g.x[0] = (uint64_t)sdei_trigger(cpu, f->g.x[1], f->g.x[2]);
		break;
	default:
		f->g.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		break;
	}
}

/* SDEI_EVENT_COMPLETE (DEN0054 5.1.5) and SDEI_EVENT_SIGNAL (5.1.16) by
 * HVC #0, the two halves of an event round trip, without the SMCCC
 * dispatcher, the fault hooks and the dispatch scan (make bench: SIGNAL ->
 * handler -> COMPLETE cost 2.42 null calls through the general path).
 * COMPLETE restores the interrupted context at once when no other event
 * waits; SIGNAL of event 0 to the calling PE enters the handler at once when
 * nothing runs or waits. sdei.c makes the same checks as the general path;
 * anything else (SMC conduit, fault injection, another target, a masked PE,
 * a pending or running event, an error to return) takes the general path.
 * One range check (the two IDs are 10 apart) keeps other calls' cost. */
static bool sdei_fast(unsigned cpu, struct el2_frame *f)
{
	uint32_t fid = (uint32_t)f->g.x[0];

	if (fid - SDEI_EVENT_COMPLETE > SDEI_EVENT_SIGNAL - SDEI_EVENT_COMPLETE ||
	    smccc_fault_active())
		return false;
	return fid == SDEI_EVENT_COMPLETE ? sdei_complete_fast(cpu, &f->g)
					  : sdei_signal_fast(cpu, &f->g);
}

/* true: the trap is fully handled, no event dispatch check needed */
static bool lower_sync(unsigned cpu, struct el2_frame *f)
{
	unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
	bool from_el1 = (f->g.pstate & 0xc) == 0x4;

	switch (ec) {
	case EC_HVC64: /* ELR is past the HVC already */
		if (!(f->esr & 0xffff) && sdei_fast(cpu, f))
			return true;
		if (f->esr & 0xffff) /* SMCCC calls use immediate 0 */
			f->g.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		else
			smccc_call(cpu, f);
		break;
	case EC_SMC64: /* trapped by HCR_EL2.TSC: ELR is at the SMC */
		f->g.pc += 4;
		if (f->esr & 0xffff)
			f->g.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		else
			smccc_call(cpu, f);
		break;
	case EC_DABT_LOW: /* stage-2 fault: hidden or unbacked IPA */
		if (tdisp_arm64_dabt(f)) /* a TDI's trapped config space */
			break;
		inject_sync(f,
			    (uint64_t)(from_el1 ? EC_DABT_CUR : EC_DABT_LOW) << 26 | ESR_IL |
				    (f->esr & ESR_WNR) | FSC_SYNC_EXTERNAL,
			    f->far);
		break;
	case EC_IABT_LOW:
		inject_sync(f,
			    (uint64_t)(from_el1 ? EC_IABT_CUR : EC_IABT_LOW) << 26 | ESR_IL |
				    FSC_SYNC_EXTERNAL,
			    f->far);
		break;
	default:
		inject_sync(f, (uint64_t)EC_UNKNOWN << 26 | ESR_IL, 0);
		break;
	}
	return false;
}

void shim_trap(struct el2_frame *f, uint64_t kind)
{
	unsigned cpu = this_cpu();

	switch (kind) {
	case 8: /* lower EL, AArch64, synchronous */
		if (lower_sync(cpu, f))
			return;
		break;
	case 9: /* IRQ: not routed here (HCR_EL2.IMO = 0) */
		break;
	case 10: /* FIQ: GIC Group 0, routed here by HCR_EL2.FMO */
		if (shim_gic_ok)
			gic_handle_fiq(cpu);
		break;
	default:
		shim_panic("unexpected exception (vector %llu) on CPU %u: ESR 0x%llx ELR 0x%llx "
			   "FAR 0x%llx SPSR 0x%llx\n",
			   (unsigned long long)kind, cpu, (unsigned long long)f->esr,
			   (unsigned long long)f->g.pc, (unsigned long long)f->far,
			   (unsigned long long)f->g.pstate);
	}
	{
		uint64_t before = sdei_dispatch_count();

		sdei_dispatch_pending(cpu, &f->g);
		if (sdei_dispatch_count() != before)
			sdei_fault_entry(f);
	}
}
