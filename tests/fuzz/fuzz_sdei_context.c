/* Fuzz target: the guest's SDEI handler-entry checks and completion decision
 * (kernel/arch/arm64/sdei_context.c) under a hostile provider. The input is
 * a program of 4-byte ops on two PEs: (re)register or drop a slot with a
 * priority, enter a handler with an arbitrary event / argument / interrupted
 * PC and PSTATE (and maybe stay in it, to nest), leave, complete with an
 * arbitrary action. An accepted entry must satisfy DEN0054 as re-derived
 * here: our slot for that event, an AArch64 context at EL1 or below, at most
 * a critical handler over a normal one, never the same one twice, never a
 * normal event inside the entry stub. A refusal always says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/sdei_abi.h>

#include "../../kernel/arch/arm64/sdei_context.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSLOTS 6
#define STUB_LO 0x40081000u
#define STUB_HI 0x40081080u

static struct sdei_slot slots[NSLOTS];
static struct sdei_pe_state pes[2];

static void fn(struct sdei_handler_ctx *c, void *cookie)
{
	(void)c;
	(void)cookie;
}

static const uint64_t events[8] = { 0, 0x10, 0x20, 0x21, 0x100, 0x1000, 0xffffffff, UINT64_MAX };
static const uint64_t pstates[16] = { 0x3c5, 0x3c4, 0x0,   0x1,	 0x3c9, 0x3c8, 0x3cd, 0x3d3,
				      0x10,  0x3c6, 0x3c7, 0x2c5, 0x5,	 0x4,	0xffffffff, 0x20000005 };
static const uint64_t resumes[4] = { 0, 0x40080200, 0x40080202, UINT64_MAX & ~3ull };

static bool pstate_allowed(uint64_t p)
{
	unsigned m = (unsigned)(p & 0x1f);

	return m == 0x0 || m == 0x4 || m == 0x5;
}

static uint64_t pick_arg(uint8_t b, const uint8_t *op)
{
	uint64_t base = (uint64_t)(uintptr_t)&slots[b % NSLOTS];

	switch (b >> 4 & 7) {
	case 0:
	case 1:
	case 2:
		return base;
	case 3:
		return base + 8;
	case 4:
		return base - sizeof(slots[0]) * 3;
	case 5:
		return (uint64_t)(uintptr_t)&slots[NSLOTS];
	case 6:
		return 0;
	default:
		return (uint64_t)op[1] << 56 | (uint64_t)op[2] << 8 | op[3];
	}
}

static uint64_t pick_pc(uint8_t b)
{
	switch (b & 3) {
	case 0:
		return 0x40080000u + (b >> 2) * 4u;
	case 1:
		return STUB_LO + (b >> 2) * 4u; /* inside the stub, or past its end */
	case 2:
		return STUB_HI;
	default:
		return (uint64_t)b << 40;
	}
}

static void check_accepted(const struct sdei_entry *e, const struct sdei_slot *s)
{
	const struct sdei_pe_state *pe = e->pe;

	if (s < slots || s >= slots + NSLOTS || (uint64_t)(uintptr_t)s != e->arg || !s->used ||
	    !s->fn || s->event != e->event || !pstate_allowed(e->pstate))
		abort();
	if (pe->depth >= SDEI_NEST_MAX)
		abort();
	for (unsigned i = 0; i < pe->depth; i++)
		if (pe->running[i] == s)
			abort();
	if (pe->depth &&
	    (pe->running[pe->depth - 1]->prio == SDEI_PRIO_CRITICAL || s->prio == SDEI_PRIO_NORMAL))
		abort();
	if (!pe->depth && s->prio == SDEI_PRIO_NORMAL && e->pc >= STUB_LO && e->pc < STUB_HI)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(slots, 0, sizeof(slots));
	memset(pes, 0, sizeof(pes));
	for (size_t i = 0; i + 4 <= size; i += 4) {
		const uint8_t *op = data + i;
		struct sdei_pe_state *pe = &pes[op[0] >> 7];
		struct sdei_slot *sl = &slots[op[1] % NSLOTS];

		switch (op[0] & 7) {
		case 0: /* EVENT_REGISTER through sdei_event_register: slot, event, priority */
			sl->event = events[op[2] & 7];
			sl->prio = (enum sdei_prio)(op[3] % 3);
			sl->fn = op[3] & 0x80 ? NULL : fn;
			sl->used = true;
			break;
		case 1:
			sl->used = false;
			break;
		case 2: /* an entry, and the handler returns */
		case 3: /* an entry, and the handler is still running (something may nest) */
		{
			struct sdei_entry e = { events[op[1] & 7], pick_arg(op[2], op), pick_pc(op[3]),
						pstates[op[3] >> 4 & 15], 1, STUB_LO, STUB_HI, pe };
			struct sdei_slot *s = (struct sdei_slot *)1;
			char why[128];

			memset(why, 'x', sizeof(why));
			if (sdei_entry_check(slots, NSLOTS, &e, &s, why, sizeof(why)) ==
			    SDEI_ENTRY_OK) {
				check_accepted(&e, s);
				if ((op[0] & 7) == 3)
					sdei_pe_enter(pe, s);
			} else if (s || !why[0] || !memchr(why, 0, sizeof(why))) {
				abort(); /* no slot, and a terminated reason */
			}
			break;
		}
		case 4:
			sdei_pe_leave(pe);
			break;
		case 5: {
			struct sdei_handler_ctx ctx = { 0 };
			struct sdei_completion c;
			bool bad;

			ctx.action = (enum sdei_action)(op[1] % 5);
			ctx.resume_addr = resumes[op[2] & 3];
			c = sdei_completion_for(&ctx, &bad);
			if (c.fid == SDEI_EVENT_COMPLETE_AND_RESUME) {
				if (ctx.action != SDEI_ACT_RESUME || !c.arg || (c.arg & 3) || bad)
					abort();
			} else if (c.fid != SDEI_EVENT_COMPLETE || c.arg > 1 ||
				   (c.arg == 0) != (ctx.action == SDEI_ACT_COMPLETE)) {
				abort();
			}
			break;
		}
		default:
			break;
		}
		if (pes[0].depth > SDEI_NEST_MAX || pes[1].depth > SDEI_NEST_MAX)
			abort();
	}
	return 0;
}
