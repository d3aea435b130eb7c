/* SDEI conformance (Arm DEN0054 v1.1) against whatever provider answers the
 * conduit: every call, every error code, every transition of the event state
 * machine (DEN0054; the table in ../shared/reference/arm64.md), handler
 * entry state, register preservation, COMPLETE and COMPLETE_AND_RESUME,
 * critical preempting normal, shared-event routing.
 * Skips (never fails) where there is no SDEI. Where implementations are known
 * to differ (TF-A vs KVM vs this shim) the tolerance is stated at the check
 * and the behaviour seen is printed. Platform events (the critical and shared
 * ones) need the shim's test trigger; without it those checks skip. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <string.h>

#include "arm64.h"
#include "sdei.h"
#include "sysreg.h"

#define EV0 0u
#define EV_CRIT 0x10u	/* the shim's private critical event */
#define EV_SHARED 0x20u /* the shim's shared normal event */
#define EV_BOGUS 0x7777u
#define VENDOR_TRIGGER 0xC6000010u /* shim vendor hypercall (shim/arch/arm64/sdei.h) */
#define OUTSIDE_RAM 0x1000ull	   /* flash on QEMU virt: never guest RAM */

enum mode {
	M_PLAIN,
	M_CONTEXT,
	M_RESUME,
	M_RESUME_IRQ_VECTOR,
	M_BAD_RESUME,
	M_UNREGISTER,
	M_DISABLE,
	M_SIGNAL_AGAIN,
	M_SIGNAL_STORM,
	M_RESET,
	M_NEST_CRITICAL,
	M_REGISTER_INSIDE,
};

static struct {
	int hits, crit_hits, shared_hits;
	uint64_t ev, pc, pstate, arg, cookie;
	uint64_t el, daif, spsel;
	int64_t ctx[19], r[8];
	char order[16];
	unsigned norder;
	uint64_t crit_pstate;
	int64_t crit_status0, crit_r;
} rec;
static volatile enum mode mode;
static uint64_t self;

static void log_order(char c)
{
	if (rec.norder < sizeof(rec.order) - 1)
		rec.order[rec.norder++] = c;
}

static int64_t call(uint32_t fid, uint64_t a1, uint64_t a2)
{
	return sdei_call(fid, a1, a2, 0, 0, 0);
}
static int64_t call3(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return sdei_call(fid, a1, a2, a3, 0, 0);
}
static int64_t status(uint64_t ev)
{
	return call(SDEI_EVENT_STATUS, ev, 0);
}
static int64_t signal_self(void)
{
	return call(SDEI_EVENT_SIGNAL, EV0, self);
}
static int64_t trigger(uint64_t ev)
{
	return call(VENDOR_TRIGGER, ev, self);
}

static void handler(struct sdei_handler_ctx *c, void *cookie)
{
	rec.hits++;
	rec.ev = c->event;
	rec.pc = c->pc;
	rec.pstate = c->pstate;
	rec.cookie = (uint64_t)(uintptr_t)cookie;
	rec.el = read_sysreg(CurrentEL) >> 2 & 3;
	rec.daif = read_sysreg(daif);
	rec.spsel = read_sysreg(spsel);
	log_order('N');
	switch (mode) {
	case M_PLAIN:
		break;
	case M_CONTEXT:
		for (int i = 0; i < 19; i++)
			rec.ctx[i] = call(SDEI_EVENT_CONTEXT, (uint64_t)i, 0);
		rec.r[0] = status(EV0);
		break;
	case M_RESUME:
		c->action = SDEI_ACT_RESUME;
		c->resume_addr = (uint64_t)(uintptr_t)sdei_resume_target;
		break;
	case M_RESUME_IRQ_VECTOR: /* the guest's own "current EL, SPx, IRQ" vector */
		c->action = SDEI_ACT_RESUME;
		c->resume_addr = read_sysreg(vbar_el1) + 0x280;
		break;
	case M_BAD_RESUME:
		rec.r[0] = call(SDEI_EVENT_COMPLETE_AND_RESUME, OUTSIDE_RAM, 0);
		rec.r[1] = status(EV0);
		break;
	case M_UNREGISTER:
		rec.r[0] = call(SDEI_EVENT_UNREGISTER, EV0, 0);
		rec.r[1] = status(EV0);
		rec.r[2] = call(SDEI_EVENT_UNREGISTER, EV0, 0);
		rec.r[3] = sdei_event_register(EV0, handler, NULL, 0, 0);
		rec.r[4] = call(SDEI_EVENT_ENABLE, EV0, 0);
		rec.r[5] = call(SDEI_EVENT_CONTEXT, 0, 0);
		break;
	case M_DISABLE:
		rec.r[0] = call(SDEI_EVENT_DISABLE, EV0, 0);
		rec.r[1] = status(EV0);
		rec.r[2] = call(SDEI_EVENT_ENABLE, EV0, 0);
		rec.r[3] = status(EV0);
		rec.r[4] = call(SDEI_EVENT_DISABLE, EV0, 0);
		break;
	case M_SIGNAL_AGAIN:
		if (rec.hits == 1) {
			rec.r[0] = signal_self();
			rec.r[1] = rec.hits; /* still 1: a normal event does not preempt itself */
			rec.r[2] = (int64_t)c->pc;
		}
		break;
	case M_SIGNAL_STORM:
		if (rec.hits == 1)
			for (int i = 0; i < 100; i++)
				rec.r[0] |= signal_self();
		break;
	case M_RESET:
		rec.r[0] = call(SDEI_PRIVATE_RESET, 0, 0);
		rec.r[1] = status(EV0);
		break;
	case M_NEST_CRITICAL:
		rec.r[0] = trigger(EV_CRIT);
		rec.r[1] = rec.crit_hits; /* the critical handler already ran, nested */
		rec.r[2] = status(EV0);
		rec.r[3] = call(SDEI_EVENT_CONTEXT, 0, 0);
		break;
	case M_REGISTER_INSIDE:
		rec.r[0] = sdei_event_register(EV0, handler, NULL, 0, 0);
		break;
	}
	log_order('n');
}

static void crit_handler(struct sdei_handler_ctx *c, void *cookie)
{
	(void)cookie;
	rec.crit_hits++;
	rec.crit_pstate = c->pstate;
	rec.crit_status0 = status(EV0);
	log_order('C');
	if (mode == M_PLAIN) /* a normal event signalled here must wait */
		rec.crit_r = signal_self();
	log_order('c');
}

static void shared_handler(struct sdei_handler_ctx *c, void *cookie)
{
	(void)cookie;
	rec.shared_hits++;
	rec.ev = c->event;
	rec.pstate = c->pstate;
}

static void reset_rec(enum mode m)
{
	memset(&rec, 0, sizeof(rec));
	mode = m;
}

/* register + enable event 0 with the common handler */
static bool arm_ev0(void)
{
	return sdei_event_register(EV0, handler, &rec, 0, 0) == 0 &&
	       call(SDEI_EVENT_ENABLE, EV0, 0) == 0;
}
static void disarm_ev0(void)
{
	call(SDEI_EVENT_UNREGISTER, EV0, 0);
}

static void discovery_checks(void)
{
	uint64_t v = sdei_version_raw();
	int64_t r;

	report(v >> 48 == 1 && !(v >> 63), "VERSION 0x%llx: major 1 (%s, %s)",
	       (unsigned long long)v, sdei_conduit_name(),
	       sdei_conduit_from_dt() ? "arm,sdei-1.0 node" : "probed");
	/* tolerance: TF-A reports 1.0 while implementing the 1.1 calls; we decide
	 * features by calling them */
	report_info("provider reports SDEI %llu.%llu; features are probed, not inferred",
		    (unsigned long long)(v >> 48 & 0x7fff), (unsigned long long)(v >> 32 & 0xffff));
	report(call(SDEI_VERSION, 0, 0) == (int64_t)v, "VERSION is stable");
	report(call(0xC4000033u, 0, 0) == SDEI_NOT_SUPPORTED, "unassigned ID 0xC4000033: NOT_SUPPORTED");
	report(call(0xC400003Fu, 0, 0) == SDEI_NOT_SUPPORTED, "unassigned ID 0xC400003F: NOT_SUPPORTED");
	r = call(SDEI_FEATURES, 0, 0);
	report(r >= 0, "FEATURES(BIND_SLOTS) = 0x%llx (%lld private, %lld shared)",
	       (unsigned long long)r, (long long)(r & 0xffff), (long long)(r >> 16 & 0xffff));
	r = call(SDEI_FEATURES, 1, 0);
	report(r == 0 || r == 1, "FEATURES(RELATIVE_MODE) = %lld", (long long)r);
	report(call(SDEI_FEATURES, 99, 0) == SDEI_INVALID_PARAMETERS,
	       "FEATURES(99): INVALID_PARAMETERS");
}

static void pe_mask_checks(void)
{
	/* sdei_init unmasked this PE. TF-A: MASK returns 1 if it masked, 0 if already */
	report(call(SDEI_PE_MASK, 0, 0) == 1, "PE_MASK on an unmasked PE returns 1");
	report(call(SDEI_PE_MASK, 0, 0) == 0, "PE_MASK on a masked PE returns 0");
	if (arm_ev0()) {
		reset_rec(M_PLAIN);
		report(signal_self() == SDEI_INVALID_PARAMETERS && rec.hits == 0,
		       "SIGNAL to a masked PE: INVALID_PARAMETERS, no dispatch");
	}
	report(call(SDEI_PE_UNMASK, 0, 0) == 0, "PE_UNMASK returns 0");
	report(call(SDEI_PE_UNMASK, 0, 0) == 0, "PE_UNMASK again returns 0");
	disarm_ev0();
}

static void register_checks(void)
{
	uint64_t ep = (uint64_t)(uintptr_t)sdei_entry;

	report(sdei_call(SDEI_EVENT_REGISTER, EV_BOGUS, ep, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER unknown event: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, 0xffffffffffffffffull, ep, 0, 0, 0) ==
		       SDEI_INVALID_PARAMETERS,
	       "REGISTER event -1: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, EV0, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER entry point 0: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, EV0, OUTSIDE_RAM, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER entry point outside guest RAM: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, EV0, ep, 0, 0xfc, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER reserved flag bits: INVALID_PARAMETERS");
	report(status(EV0) == 0, "STATUS after refused REGISTERs: unregistered");
	report(sdei_event_register(EV0, handler, &rec, 0, 0) == 0, "REGISTER event 0");
	report(status(EV0) == SDEI_STATUS_REGISTERED, "STATUS: registered (--G)");
	report(sdei_event_register(EV0, handler, &rec, 0, 0) == SDEI_DENIED,
	       "REGISTER twice: DENIED");
	report(call3(SDEI_EVENT_ROUTING_SET, EV0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "ROUTING_SET on a private event: INVALID_PARAMETERS");
	report(call(SDEI_EVENT_UNREGISTER, EV0, 0) == 0 && status(EV0) == 0,
	       "UNREGISTER from --G: unregistered");
	report(call(SDEI_EVENT_ENABLE, EV0, 0) == SDEI_DENIED, "ENABLE unregistered: DENIED");
	report(call(SDEI_EVENT_DISABLE, EV0, 0) == SDEI_DENIED, "DISABLE unregistered: DENIED");
	report(call(SDEI_EVENT_UNREGISTER, EV0, 0) == SDEI_DENIED,
	       "UNREGISTER unregistered: DENIED");
	report(call(SDEI_EVENT_ENABLE, EV_BOGUS, 0) == SDEI_INVALID_PARAMETERS &&
		       call(SDEI_EVENT_DISABLE, EV_BOGUS, 0) == SDEI_INVALID_PARAMETERS &&
		       call(SDEI_EVENT_UNREGISTER, EV_BOGUS, 0) == SDEI_INVALID_PARAMETERS &&
		       status(EV_BOGUS) == SDEI_INVALID_PARAMETERS,
	       "ENABLE/DISABLE/UNREGISTER/STATUS of an unknown event: INVALID_PARAMETERS");
	report(arm_ev0() && status(EV0) == (SDEI_STATUS_REGISTERED | SDEI_STATUS_ENABLED),
	       "REGISTER + ENABLE: STATUS -EG");
	report(call(SDEI_EVENT_ENABLE, EV0, 0) == 0, "ENABLE an enabled event: 0 (no-op)");
	report(call(SDEI_EVENT_DISABLE, EV0, 0) == 0 && status(EV0) == SDEI_STATUS_REGISTERED,
	       "DISABLE: STATUS --G");
	report(call(SDEI_EVENT_DISABLE, EV0, 0) == 0, "DISABLE a disabled event: 0 (no-op)");
	reset_rec(M_PLAIN);
	report(signal_self() == SDEI_INVALID_PARAMETERS && rec.hits == 0,
	       "SIGNAL a disabled event: INVALID_PARAMETERS (TF-A behaviour), no dispatch");
	call(SDEI_EVENT_ENABLE, EV0, 0);
	report(call(SDEI_EVENT_UNREGISTER, EV0, 0) == 0 && status(EV0) == 0,
	       "UNREGISTER from -EG: unregistered");
}

static void info_checks(void)
{
	int64_t s = call(SDEI_EVENT_GET_INFO, EV0, 1);

	report(call(SDEI_EVENT_GET_INFO, EV0, 0) == 0, "GET_INFO(0, TYPE) = private");
	report(call(SDEI_EVENT_GET_INFO, EV0, 2) == 0, "GET_INFO(0, PRIORITY) = normal");
	/* tolerance: DEN0054's "signaled" info: KVM and this shim answer 1
	 * (signalable), TF-A answers 0 (its EV_NOT_SIGNALED reading) */
	report(s == 0 || s == 1, "GET_INFO(0, SIGNALED) = %lld (%s behaviour)", (long long)s,
	       s ? "KVM/shim" : "TF-A");
	report(call(SDEI_EVENT_GET_INFO, EV0, 3) == SDEI_INVALID_PARAMETERS,
	       "GET_INFO(0, ROUTING_MODE) on a private event: INVALID_PARAMETERS");
	report(call(SDEI_EVENT_GET_INFO, EV0, 5) == SDEI_INVALID_PARAMETERS,
	       "GET_INFO(0, 5): INVALID_PARAMETERS");
	report(call(SDEI_EVENT_GET_INFO, EV_BOGUS, 0) == SDEI_INVALID_PARAMETERS,
	       "GET_INFO of an unknown event: INVALID_PARAMETERS");
}

static void outside_handler_checks(void)
{
	report(call(SDEI_EVENT_CONTEXT, 0, 0) == SDEI_DENIED,
	       "EVENT_CONTEXT with no handler running: DENIED");
	report(call(SDEI_EVENT_COMPLETE, 0, 0) == SDEI_DENIED,
	       "COMPLETE with no handler running: DENIED");
	report(call(SDEI_EVENT_COMPLETE_AND_RESUME, (uint64_t)(uintptr_t)sdei_resume_target, 0) ==
		       SDEI_DENIED,
	       "COMPLETE_AND_RESUME with no handler running: DENIED");
	report(call(SDEI_EVENT_SIGNAL, 1, self) == SDEI_INVALID_PARAMETERS,
	       "SIGNAL event 1: INVALID_PARAMETERS (only event 0 is signalable)");
	report(call(SDEI_EVENT_SIGNAL, EV0, 0xff00ff00ull) == SDEI_INVALID_PARAMETERS,
	       "SIGNAL to a PE that does not exist: INVALID_PARAMETERS");
}

static void dispatch_checks(void)
{
	struct sdei_probe p = { SDEI_EVENT_SIGNAL, EV0, 0, 0, { 0 }, 0, 0 };
	uint64_t ret_pc = (uint64_t)(uintptr_t)(sdei_conduit_is_smc() ? sdei_probe_ret_smc
									 : sdei_probe_ret_hvc);
	bool sentinels = true, ctx_ok = true;

	if (!arm_ev0()) {
		report(false, "REGISTER + ENABLE event 0 for dispatch");
		return;
	}
	p.a2 = self;
	reset_rec(M_CONTEXT);
	sdei_probe_call(&p, sdei_conduit_is_smc());
	report(p.x[0] == 0, "SIGNAL(0, self) returns 0");
	report(rec.hits == 1, "handler ran once, before the caller saw SIGNAL's result");
	report(rec.ev == EV0 && rec.cookie == (uint64_t)(uintptr_t)&rec,
	       "handler x0 = event 0, x1 = our argument");
	report(rec.pc == ret_pc, "handler x2 = interrupted PC, right after the %s (0x%llx)",
	       sdei_conduit_name(), (unsigned long long)rec.pc);
	report((rec.pstate & 0xf) == 0x5, "handler x3 = interrupted PSTATE, EL1h (0x%llx)",
	       (unsigned long long)rec.pstate);
	report(rec.el == 1 && rec.spsel == 1, "handler runs at EL1 on SP_EL1");
	report((rec.daif & 0x3c0) == 0x3c0, "handler runs with DAIF masked (0x%llx)",
	       (unsigned long long)rec.daif);
	report(rec.r[0] == (SDEI_STATUS_REGISTERED | SDEI_STATUS_ENABLED | SDEI_STATUS_RUNNING),
	       "STATUS inside the handler: REG (running)");
	report(rec.ctx[0] == 0, "EVENT_CONTEXT(0) = SIGNAL's own result 0");
	for (int i = 4; i < 18; i++)
		ctx_ok &= rec.ctx[i] == 0x5e00 + i;
	report(ctx_ok, "EVENT_CONTEXT(4..17) = the interrupted sentinels");
	report(rec.ctx[18] == SDEI_INVALID_PARAMETERS, "EVENT_CONTEXT(18): INVALID_PARAMETERS");
	for (int i = 4; i < 29; i++)
		if (i != 18)
			sentinels &= p.x[i] == 0x5e00ull + (uint64_t)i;
	report(sentinels, "x4-x17 and x19-x28 survive the dispatch");
	report(p.sp_after == p.sp_before, "SP survives the dispatch");
	report(status(EV0) == (SDEI_STATUS_REGISTERED | SDEI_STATUS_ENABLED),
	       "STATUS after COMPLETE: -EG");

	/* COMPLETE_AND_RESUME to a recorder, then eret back */
	reset_rec(M_RESUME);
	sdei_resume_hits = 0;
	sdei_probe_call(&p, sdei_conduit_is_smc());
	sentinels = true;
	for (int i = 4; i < 29; i++)
		if (i != 18)
			sentinels &= p.x[i] == 0x5e00ull + (uint64_t)i;
	report(rec.hits == 1 && sdei_resume_hits == 1,
	       "COMPLETE_AND_RESUME: resumed at the given address once");
	report(sdei_resume_elr == ret_pc, "at the resume address ELR_EL1 = interrupted PC");
	report((sdei_resume_spsr & 0x3cf) == (rec.pstate & 0x3cf),
	       "at the resume address SPSR_EL1 = interrupted PSTATE (0x%llx)",
	       (unsigned long long)sdei_resume_spsr);
	report((sdei_resume_daif & 0x3c0) == 0x3c0, "resumed with DAIF masked, as for an IRQ");
	report(sentinels && p.x[0] == 0 && p.sp_after == p.sp_before,
	       "registers and SP survive COMPLETE_AND_RESUME + eret");

	/* the guest's real IRQ vector: finds nothing pending at the GIC, erets
	 * (it reads the GICv3 CPU interface, so only with one) */
	if (gic_present()) {
		reset_rec(M_RESUME_IRQ_VECTOR);
		report(signal_self() == 0 && rec.hits == 1,
		       "COMPLETE_AND_RESUME into the kernel's IRQ vector returns to the caller");
	} else {
		report_skip("no GICv3", "COMPLETE_AND_RESUME into the kernel's IRQ vector");
	}

	reset_rec(M_BAD_RESUME);
	signal_self();
	/* tolerance: an address outside guest RAM is refused; DENIED or INVALID */
	report(rec.hits == 1 && (rec.r[0] == SDEI_DENIED || rec.r[0] == SDEI_INVALID_PARAMETERS) &&
		       (rec.r[1] & SDEI_STATUS_RUNNING),
	       "COMPLETE_AND_RESUME to an address outside RAM refused (%lld), still running",
	       (long long)rec.r[0]);

	reset_rec(M_REGISTER_INSIDE);
	signal_self();
	report(rec.r[0] == SDEI_DENIED, "REGISTER of the running event: DENIED");

	/* a figure, not a check (no timed tests): SIGNAL -> handler -> COMPLETE */
	{
		uint64_t t0, t1, f = arch_counter_freq();

		reset_rec(M_PLAIN);
		t0 = arch_counter();
		for (int i = 0; i < 1000; i++)
			signal_self();
		t1 = arch_counter();
		if (f)
			report_info("1000 SIGNAL round trips: %d handler runs, %llu ns each on average",
				    rec.hits, (unsigned long long)((t1 - t0) * 1000000ull / f));
	}
}

static void transition_checks(void)
{
	reset_rec(M_UNREGISTER);
	signal_self();
	report(rec.r[0] == SDEI_PENDING, "UNREGISTER inside the handler: PENDING");
	report(rec.r[1] == SDEI_STATUS_RUNNING, "STATUS: running only (R--, unregister pending)");
	report(rec.r[2] == SDEI_PENDING, "UNREGISTER again while running: PENDING");
	report(rec.r[3] == SDEI_DENIED && rec.r[4] == SDEI_DENIED,
	       "REGISTER and ENABLE in R--: DENIED");
	report(rec.r[5] == 0, "EVENT_CONTEXT still works in R--");
	report(status(EV0) == 0, "after COMPLETE the event is unregistered");

	arm_ev0();
	reset_rec(M_DISABLE);
	signal_self();
	report(rec.r[0] == 0 && rec.r[1] == (SDEI_STATUS_REGISTERED | SDEI_STATUS_RUNNING),
	       "DISABLE inside the handler: 0, STATUS R-G");
	report(rec.r[2] == 0 && rec.r[3] == 7, "ENABLE inside the handler: 0, STATUS REG");
	report(status(EV0) == SDEI_STATUS_REGISTERED,
	       "disabled inside, after COMPLETE: --G");
	reset_rec(M_PLAIN);
	report(signal_self() == SDEI_INVALID_PARAMETERS && rec.hits == 0,
	       "the disabled event is not signalled");
	call(SDEI_EVENT_ENABLE, EV0, 0);

	reset_rec(M_SIGNAL_AGAIN);
	signal_self();
	report(rec.r[0] == 0 && rec.r[1] == 1,
	       "SIGNAL inside the handler: 0, and no nested dispatch");
	report(rec.hits == 2 && rec.pc == (uint64_t)rec.r[2],
	       "the second dispatch follows COMPLETE (handler ran %d times)", rec.hits);

	reset_rec(M_SIGNAL_STORM);
	signal_self();
	report(rec.r[0] == 0 && rec.hits == 2,
	       "100 SIGNALs inside the handler collapse into one more dispatch (%d)", rec.hits);

	reset_rec(M_RESET);
	signal_self();
	report(rec.r[0] == SDEI_DENIED && rec.r[1] == SDEI_STATUS_RUNNING,
	       "PRIVATE_RESET while the handler runs: DENIED, event left R--");
	report(status(EV0) == 0, "... and unregistered after COMPLETE");

	arm_ev0();
	report(call(SDEI_PRIVATE_RESET, 0, 0) == 0 && status(EV0) == 0,
	       "PRIVATE_RESET unregisters event 0");
	report(call(SDEI_SHARED_RESET, 0, 0) == 0, "SHARED_RESET with nothing running: 0");
}

static void critical_checks(void)
{
	int64_t r;

	report(sdei_event_register(EV_CRIT, crit_handler, NULL, 0, 0) == 0 &&
		       call(SDEI_EVENT_ENABLE, EV_CRIT, 0) == 0,
	       "REGISTER + ENABLE the critical event 0x%x", EV_CRIT);
	report(call(SDEI_EVENT_GET_INFO, EV_CRIT, 2) == 1, "GET_INFO(PRIORITY) = critical");
	arm_ev0();
	reset_rec(M_NEST_CRITICAL);
	signal_self();
	report(rec.r[0] == 0 && rec.r[1] == 1 && rec.crit_hits == 1,
	       "a critical event preempts the running normal handler");
	report(!strcmp(rec.order, "NCcn"), "order: normal, critical, critical done, normal done (%s)",
	       rec.order);
	report(rec.crit_status0 == 7, "STATUS(0) inside the critical handler: still running");
	report((rec.crit_pstate & 0x3cf) == 0x3c5,
	       "critical x3 = the normal handler's PSTATE (EL1h, DAIF masked: 0x%llx)",
	       (unsigned long long)rec.crit_pstate);
	report(rec.r[2] == 7 && rec.r[3] == 0,
	       "back in the normal handler: STATUS and EVENT_CONTEXT are its own again");

	reset_rec(M_PLAIN);
	r = trigger(EV_CRIT);
	report(r == 0 && rec.crit_hits == 1 && rec.crit_r == 0 && !strcmp(rec.order, "CcNn"),
	       "a normal event signalled in a critical handler waits for it (%s)", rec.order);
	call(SDEI_EVENT_UNREGISTER, EV_CRIT, 0);
	disarm_ev0();
}

static void shared_checks(void)
{
	int64_t r;

	report(call(SDEI_EVENT_GET_INFO, EV_SHARED, 0) == 1, "GET_INFO(0x%x, TYPE) = shared",
	       EV_SHARED);
	report(call(SDEI_EVENT_GET_INFO, EV_SHARED, 3) == SDEI_DENIED,
	       "GET_INFO(ROUTING_MODE) unregistered: DENIED");
	report(call3(SDEI_EVENT_ROUTING_SET, EV_SHARED, 0, 0) == SDEI_DENIED,
	       "ROUTING_SET unregistered: DENIED");
	report(sdei_call(SDEI_EVENT_REGISTER, EV_SHARED, (uint64_t)(uintptr_t)sdei_entry, 0,
			 SDEI_REGF_RM_PE, 0xff00ff00ull) == SDEI_INVALID_PARAMETERS,
	       "REGISTER RM_PE with a bad affinity: INVALID_PARAMETERS");
	report(sdei_event_register(EV_SHARED, shared_handler, NULL, 0, 0) == 0 &&
		       call(SDEI_EVENT_GET_INFO, EV_SHARED, 3) == 0,
	       "REGISTER RM_ANY: GET_INFO(ROUTING_MODE) = 0");
	report(call(SDEI_EVENT_GET_INFO, EV_SHARED, 4) == SDEI_INVALID_PARAMETERS,
	       "GET_INFO(ROUTING_AFF) with RM_ANY: INVALID_PARAMETERS");
	report(call3(SDEI_EVENT_ROUTING_SET, EV_SHARED, 2, 0) == SDEI_INVALID_PARAMETERS,
	       "ROUTING_SET reserved mode bits: INVALID_PARAMETERS");
	report(call3(SDEI_EVENT_ROUTING_SET, EV_SHARED, 1, 0xff00ff00ull) == SDEI_INVALID_PARAMETERS,
	       "ROUTING_SET RM_PE to a PE that does not exist: INVALID_PARAMETERS");
	report(call3(SDEI_EVENT_ROUTING_SET, EV_SHARED, 1, self) == 0 &&
		       call(SDEI_EVENT_GET_INFO, EV_SHARED, 3) == 1 &&
		       call(SDEI_EVENT_GET_INFO, EV_SHARED, 4) == (int64_t)self,
	       "ROUTING_SET RM_PE to this PE: mode 1, affinity 0x%llx", (unsigned long long)self);
	report(call(SDEI_EVENT_ENABLE, EV_SHARED, 0) == 0 &&
		       call3(SDEI_EVENT_ROUTING_SET, EV_SHARED, 0, 0) == SDEI_DENIED,
	       "ROUTING_SET while enabled: DENIED");
	reset_rec(M_PLAIN);
	r = trigger(EV_SHARED);
	report(r == 0 && rec.shared_hits == 1 && rec.ev == EV_SHARED,
	       "the shared event is delivered to the PE it is routed to");
	report(call(SDEI_SHARED_RESET, 0, 0) == 0 && status(EV_SHARED) == 0,
	       "SHARED_RESET unregisters the shared event");
}

/* Under our shim, an SMC is trapped (HCR_EL2.TSC) and served like the HVC:
 * same answers, and the interrupted PC after a trapped SMC is the next
 * instruction (the trap reports the SMC itself, ESR EC 0x17). Elsewhere an SMC
 * with no EL3 may be undefined, so this runs only where the shim is known. */
static void smc_conduit_checks(void)
{
	struct sdei_probe p = { SDEI_EVENT_SIGNAL, EV0, 0, 0, { 0 }, 0, 0 };
	bool sentinels = true;

	p.a2 = self;
	if (!arm_ev0()) {
		report(false, "REGISTER + ENABLE event 0 for the SMC checks");
		return;
	}
	reset_rec(M_PLAIN);
	sdei_probe_call(&p, 1);
	for (int i = 4; i < 29; i++)
		if (i != 18)
			sentinels &= p.x[i] == 0x5e00ull + (uint64_t)i;
	report(p.x[0] == 0 && rec.hits == 1, "SIGNAL over a trapped SMC dispatches too");
	report(rec.pc == (uint64_t)(uintptr_t)sdei_probe_ret_smc,
	       "after a trapped SMC, handler x2 = the instruction after the SMC");
	report(sentinels && p.sp_after == p.sp_before, "registers survive the SMC path");
	{
		struct sdei_probe v = { 0x84000000u /* PSCI_VERSION */, 0, 0, 0, { 0 }, 0, 0 };

		sdei_probe_call(&v, 1);
		report((uint32_t)v.x[0] == psci_version(),
		       "PSCI_VERSION over a trapped SMC = over HVC (0x%x)", (unsigned)v.x[0]);
	}
	disarm_ev0();
}

static void sdei_suite(void)
{
	if (!sdei_available()) {
		report_skip(sdei_absent_reason(), "SDEI conformance");
		return;
	}
	self = read_sysreg(mpidr_el1) & 0xff00ffffffull;
	discovery_checks();
	pe_mask_checks();
	register_checks();
	info_checks();
	outside_handler_checks();
	dispatch_checks();
	transition_checks();
	if (call(VENDOR_TRIGGER, EV_BOGUS, self) == SDEI_NOT_SUPPORTED) {
		report_skip("provider has no platform-event trigger",
			    "critical preemption and shared-event routing");
	} else {
		critical_checks();
		shared_checks();
		if (!sdei_conduit_is_smc())
			smc_conduit_checks();
	}
	call(SDEI_PRIVATE_RESET, 0, 0);
	call(SDEI_SHARED_RESET, 0, 0);
}
KTEST_SUITE(sdei_suite);
