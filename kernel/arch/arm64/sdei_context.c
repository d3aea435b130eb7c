/* The checks the guest makes of the context an SDEI provider enters its
 * handler with (DEN0054 v1.1, handler entry: x0 event, x1 the argument given
 * at EVENT_REGISTER, x2 interrupted PC, x3 interrupted PSTATE), and the call
 * that ends the handler. The provider is untrusted (issue 10): an entry that
 * DEN0054 does not allow is completed as failed without running a handler.
 *  - x1 must be one of our registration slots, registered for x0;
 *  - the interrupted context is AArch64 at the client's EL or below: events
 *    are dispatched to the client's EL from it or from a lower EL, and our
 *    guest never runs AArch32;
 *  - priorities: a critical event may preempt a normal handler, nothing else
 *    preempts a running handler, and a running event is not dispatched again
 *    until it completes (DEN0054 event priorities / running state). So at
 *    most two handlers nest per PE, never the same one twice, never a normal
 *    one inside a handler: that includes a normal event claiming to have
 *    interrupted our entry stub before any handler was recorded. */
#include <cocoon/format.h>
#include <cocoon/sdei_abi.h>

#include "sdei_context.h"

#define PSTATE_M 0x1f
#define PSTATE_M_AARCH32 0x10
#define PSTATE_M_RES 0x2 /* M[1]: no AArch64 mode has it set */

static const char *prio_name(enum sdei_prio p)
{
	return p == SDEI_PRIO_CRITICAL ? "critical" : p == SDEI_PRIO_NORMAL ? "normal" : "unknown";
}

/* x3: AArch64 (M[4] = 0), a defined mode (M[1] = 0, EL0 only with SP_EL0),
 * at our EL or below */
static bool pstate_ok(uint64_t pstate, unsigned client_el)
{
	unsigned m = (unsigned)(pstate & PSTATE_M), el = m >> 2 & 3;

	return !(m & (PSTATE_M_AARCH32 | PSTATE_M_RES)) && el <= client_el && !(el == 0 && (m & 1));
}

static const struct sdei_slot *slot_of(const struct sdei_slot *slots, size_t n, uint64_t arg)
{
	uintptr_t base = (uintptr_t)slots;

	if (arg < base || arg - base >= n * sizeof(slots[0]) || (arg - base) % sizeof(slots[0]))
		return NULL;
	return &slots[(arg - base) / sizeof(slots[0])];
}

enum sdei_entry_verdict sdei_entry_check(const struct sdei_slot *slots, size_t n,
					 const struct sdei_entry *e, struct sdei_slot **slot,
					 char *why, size_t whylen)
{
	const struct sdei_slot *s = slot_of(slots, n, e->arg);
	const struct sdei_pe_state *pe = e->pe;

	*slot = NULL;
	if (whylen)
		why[0] = 0;
	if (!s || !s->used || !s->fn || s->event != e->event) {
		fmt_snprintf(why, whylen, "with an argument 0x%llx that is not ours",
			     (unsigned long long)e->arg);
		return SDEI_ENTRY_NOT_OURS;
	}
	if (!pstate_ok(e->pstate, e->client_el)) {
		fmt_snprintf(why, whylen,
			     "from an interrupted PSTATE 0x%llx that is not AArch64 at EL%u or below",
			     (unsigned long long)e->pstate, e->client_el);
		return SDEI_ENTRY_BAD_PSTATE;
	}
	if (pe && pe->depth > SDEI_NEST_MAX) {
		fmt_snprintf(why, whylen, "with a broken nesting record (%u)", pe->depth);
		return SDEI_ENTRY_BAD_NESTING;
	}
	if (pe) {
		for (unsigned i = 0; i < pe->depth; i++)
			if (pe->running[i] == s) {
				fmt_snprintf(why, whylen, "while its own handler runs on this PE");
				return SDEI_ENTRY_REENTERED;
			}
		if (pe->depth == SDEI_NEST_MAX) {
			fmt_snprintf(why, whylen, "with %u handlers already running on this PE",
				     pe->depth);
			return SDEI_ENTRY_BAD_NESTING;
		}
		if (pe->depth) {
			enum sdei_prio below = pe->running[pe->depth - 1]->prio;

			if (below == SDEI_PRIO_CRITICAL || s->prio == SDEI_PRIO_NORMAL) {
				fmt_snprintf(why, whylen,
					     "as a %s-priority event over a running %s-priority "
					     "handler (event %llu)",
					     prio_name(s->prio), prio_name(below),
					     (unsigned long long)pe->running[pe->depth - 1]->event);
				return SDEI_ENTRY_BAD_NESTING;
			}
		} else if (s->prio == SDEI_PRIO_NORMAL && e->pc >= e->stub_lo && e->pc < e->stub_hi) {
			/* inside the stub a handler is running (or finishing): only a
			 * critical event may interrupt it */
			fmt_snprintf(why, whylen,
				     "as a normal event that interrupted the SDEI entry stub at 0x%llx",
				     (unsigned long long)e->pc);
			return SDEI_ENTRY_BAD_NESTING;
		}
	}
	*slot = (struct sdei_slot *)(uintptr_t)s;
	return SDEI_ENTRY_OK;
}

struct sdei_pe_state *sdei_pe_find(struct sdei_pe_state *tab, size_t n, uint64_t mpidr)
{
	uint64_t key = mpidr | 1ull << 63;

	for (size_t i = 0; i < n; i++) {
		uint64_t k = __atomic_load_n(&tab[i].key, __ATOMIC_ACQUIRE), zero = 0;

		if (k == key)
			return &tab[i];
		if (!k && __atomic_compare_exchange_n(&tab[i].key, &zero, key, false,
						      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return &tab[i];
	}
	return NULL;
}

void sdei_pe_enter(struct sdei_pe_state *pe, const struct sdei_slot *s)
{
	if (pe && pe->depth < SDEI_NEST_MAX)
		pe->running[pe->depth++] = s;
}

void sdei_pe_leave(struct sdei_pe_state *pe)
{
	if (pe && pe->depth)
		pe->running[--pe->depth] = NULL;
}

struct sdei_completion sdei_completion_for(const struct sdei_handler_ctx *ctx, bool *bad)
{
	struct sdei_completion c = { SDEI_EVENT_COMPLETE, 0 };

	*bad = false;
	switch (ctx->action) {
	case SDEI_ACT_COMPLETE:
		break;
	case SDEI_ACT_RESUME:
		if (ctx->resume_addr && !(ctx->resume_addr & 3)) {
			c.fid = SDEI_EVENT_COMPLETE_AND_RESUME;
			c.arg = ctx->resume_addr;
			break;
		}
		*bad = true;
		c.arg = 1; /* SDEI_EV_FAILED */
		break;
	case SDEI_ACT_FAILED:
		c.arg = 1;
		break;
	default:
		*bad = true;
		c.arg = 1;
		break;
	}
	return c;
}
