/* The decisions of the guest's SDEI handler entry (kernel/arch/arm64/sdei.c),
 * pure C so host tests and a fuzzer feed them hostile contexts: is the
 * context the provider entered us with one DEN0054 allows (x0 event, x1 our
 * argument, x3 interrupted PSTATE, the nesting of running handlers on this
 * PE), and which call ends the handler (COMPLETE with a status, or
 * COMPLETE_AND_RESUME with an address). */
#ifndef ARM64_SDEI_CONTEXT_H
#define ARM64_SDEI_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sdei.h"

/* DEN0054 EVENT_GET_INFO(PRIORITY): 0 normal, 1 critical; unknown if it failed */
enum sdei_prio { SDEI_PRIO_UNKNOWN, SDEI_PRIO_NORMAL, SDEI_PRIO_CRITICAL };

/* One per (event, registering PE): private events have per-PE registrations
 * with their own handlers. The provider hands the slot's address back as x1. */
struct sdei_slot {
	uint64_t event, owner;
	sdei_handler_fn fn;
	void *cookie;
	enum sdei_prio prio;
	bool used;
};

/* The handlers running on one PE: a critical one may run over a normal one,
 * nothing else nests (DEN0054 event priorities), so at most two. */
#define SDEI_NEST_MAX 2
struct sdei_pe_state {
	uint64_t key; /* MPIDR | bit 63 once claimed, 0 = free */
	unsigned depth;
	const struct sdei_slot *running[SDEI_NEST_MAX];
};

enum sdei_entry_verdict {
	SDEI_ENTRY_OK,
	SDEI_ENTRY_NOT_OURS,	 /* x1 is not our registered slot for x0 */
	SDEI_ENTRY_BAD_PSTATE,	 /* x3 is not AArch64 at the client's EL or below */
	SDEI_ENTRY_REENTERED,	 /* the event's handler is already running here */
	SDEI_ENTRY_BAD_NESTING,	 /* not a critical event over a normal handler */
};

/* What the provider passed at handler entry, and where we stand. */
struct sdei_entry {
	uint64_t event, arg, pc, pstate;
	unsigned client_el;	     /* our exception level (1) */
	uint64_t stub_lo, stub_hi;   /* the entry stub's code [lo, hi) */
	const struct sdei_pe_state *pe; /* NULL: nesting not tracked */
};

/* Checks e against the registrations slots[0..n). On SDEI_ENTRY_OK *slot is
 * the handler's slot; otherwise why says what is wrong (never empty). */
enum sdei_entry_verdict sdei_entry_check(const struct sdei_slot *slots, size_t n,
					 const struct sdei_entry *e, struct sdei_slot **slot,
					 char *why, size_t whylen);

/* This PE's nesting record (claimed on first use), NULL when all are taken. */
struct sdei_pe_state *sdei_pe_find(struct sdei_pe_state *tab, size_t n, uint64_t mpidr);
void sdei_pe_enter(struct sdei_pe_state *pe, const struct sdei_slot *s);
void sdei_pe_leave(struct sdei_pe_state *pe);

/* The call that ends a handler: DEN0054 EVENT_COMPLETE (x1 = 0 handled,
 * 1 failed) or EVENT_COMPLETE_AND_RESUME (x1 = resume address). A resume
 * address that cannot be code (0, not 4-byte aligned) or an unknown action
 * completes as failed and sets *bad. */
struct sdei_completion {
	uint64_t fid, arg;
};
struct sdei_completion sdei_completion_for(const struct sdei_handler_ctx *ctx, bool *bad);

#endif
