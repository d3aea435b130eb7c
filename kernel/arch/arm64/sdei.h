/* The guest's SDEI client (Arm DEN0054 v1.1), kernel/arch/arm64/sdei.c; the
 * provider under test is whatever answers the conduit (our EL2 shim's is
 * shim/arch/arm64/sdei.c; TF-A's at EL3 behaves the same for event 0). */
#ifndef ARM64_SDEI_H
#define ARM64_SDEI_H

#include <stdbool.h>
#include <stdint.h>

#include <cocoon/sdei_abi.h>

/* What a handler sees, and how it asks to finish. */
enum sdei_action { SDEI_ACT_COMPLETE, SDEI_ACT_FAILED, SDEI_ACT_RESUME };
struct sdei_handler_ctx {
	uint64_t event, pc, pstate; /* x0, x2, x3 at handler entry */
	const uint64_t *saved;	    /* x18..x30 of the interrupted code (saved[11] = x29) */
	enum sdei_action action;    /* default SDEI_ACT_COMPLETE */
	uint64_t resume_addr;	    /* for SDEI_ACT_RESUME */
};
typedef void (*sdei_handler_fn)(struct sdei_handler_ctx *ctx, void *cookie);

/* Discovery (arm,sdei-1.0 node, else a VERSION probe on a conduit known to
 * reach firmware), then PRIVATE_RESET, SHARED_RESET, PE_UNMASK. Never fatal. */
int sdei_init(const void *fdt);
/* On each secondary PE as it starts: PRIVATE_RESET, PE_UNMASK. Returns
 * PE_MASK's answer before the unmask (0 = it started masked) or an error. */
int64_t sdei_secondary_init(void);
bool sdei_available(void);
const char *sdei_absent_reason(void);
const char *sdei_conduit_name(void);
bool sdei_conduit_from_dt(void);
uint64_t sdei_version_raw(void);
void sdei_print_summary(void);

/* One SMCCC call on the SDEI conduit: x0 result. */
int64_t sdei_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
/* EVENT_REGISTER with our trampoline as entry point: handler(ctx, cookie) runs
 * in the event's context. Returns the provider's code. */
int64_t sdei_event_register(uint64_t event, sdei_handler_fn fn, void *cookie, uint64_t flags,
			    uint64_t affinity);
/* The ep_arg that sdei_event_register passed for event (for checks). */
uint64_t sdei_event_arg(uint64_t event);
/* The trampoline (sdei_entry.S), for tests that register by hand. */
extern char sdei_entry[];

/* Test support in sdei_entry.S: a COMPLETE_AND_RESUME target that records
 * ELR_EL1/SPSR_EL1/DAIF and returns to the interrupted code, and a call that
 * loads sentinels into x4-x17/x19-x28 around the SMCCC instruction. */
extern char sdei_resume_target[];
extern volatile uint64_t sdei_resume_hits, sdei_resume_elr, sdei_resume_spsr, sdei_resume_daif;
struct sdei_probe {
	uint64_t fid, a1, a2, a3; /* in */
	uint64_t x[29];		  /* out: x0..x28 after the call */
	uint64_t sp_before, sp_after;
};
void sdei_probe_call(struct sdei_probe *p, uint64_t use_smc);
extern char sdei_probe_ret_hvc[], sdei_probe_ret_smc[];
bool sdei_conduit_is_smc(void);

#endif
