/* Host tests of the guest's SDEI entry checks and completion decision
 * (kernel/arch/arm64/sdei_context.c): what a hostile provider can hand the
 * handler (a foreign argument, an impossible interrupted PSTATE, nesting
 * DEN0054 forbids) and how each handler verdict becomes the completing call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/sdei_abi.h>

#include "../../kernel/arch/arm64/sdei_context.h"

#define NSLOTS 4
#define STUB_LO 0x40081000u
#define STUB_HI 0x40081080u
#define EL1H 0x3c5u /* DAIF masked, EL1h */

static struct sdei_slot slots[NSLOTS];
static struct sdei_pe_state pes[2];
static char why[128];

static void fn(struct sdei_handler_ctx *c, void *cookie)
{
	(void)c;
	(void)cookie;
}

static int setup(void **state)
{
	(void)state;
	memset(slots, 0, sizeof(slots));
	memset(pes, 0, sizeof(pes));
	/* slot 0: event 0 normal; 1: event 0x20 critical; 2: event 0x10 unknown priority */
	slots[0] = (struct sdei_slot){ 0, 0, fn, NULL, SDEI_PRIO_NORMAL, true };
	slots[1] = (struct sdei_slot){ 0x20, 0, fn, NULL, SDEI_PRIO_CRITICAL, true };
	slots[2] = (struct sdei_slot){ 0x10, 0, fn, NULL, SDEI_PRIO_UNKNOWN, true };
	return 0;
}

static uint64_t arg_of(unsigned i)
{
	return (uint64_t)(uintptr_t)&slots[i];
}

static enum sdei_entry_verdict enter(uint64_t ev, uint64_t arg, uint64_t pc, uint64_t pstate,
				     struct sdei_pe_state *pe, struct sdei_slot **s)
{
	struct sdei_entry e = { ev, arg, pc, pstate, 1, STUB_LO, STUB_HI, pe };
	enum sdei_entry_verdict v = sdei_entry_check(slots, NSLOTS, &e, s, why, sizeof(why));

	if (v == SDEI_ENTRY_OK)
		assert_non_null(*s);
	else
		assert_true(why[0] && !*s);
	return v;
}

static void good_entries(void **state)
{
	struct sdei_slot *s;

	(void)state;
	assert_int_equal(enter(0, arg_of(0), 0x40080000, EL1H, &pes[0], &s), SDEI_ENTRY_OK);
	assert_ptr_equal(s, &slots[0]);
	/* EL0t and EL1t interrupted contexts are fine too */
	assert_int_equal(enter(0x20, arg_of(1), 0x1000, 0x0, &pes[0], &s), SDEI_ENTRY_OK);
	assert_int_equal(enter(0x20, arg_of(1), 0x1000, 0x3c4, &pes[0], &s), SDEI_ENTRY_OK);
	/* no nesting record (more PEs than records): the other checks still apply */
	assert_int_equal(enter(0, arg_of(0), 0x1000, EL1H, NULL, &s), SDEI_ENTRY_OK);
}

static void argument_not_ours(void **state)
{
	struct sdei_slot *s;

	(void)state;
	/* unregistered event (slot 3 unused), another event's slot, inside a
	 * slot, past the table, before it, null, all ones */
	assert_int_equal(enter(0x30, arg_of(3), 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_non_null(strstr(why, "that is not ours"));
	assert_int_equal(enter(0x1000, arg_of(0), 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_int_equal(enter(0, arg_of(0) + 8, 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_int_equal(enter(0, arg_of(NSLOTS), 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_int_equal(enter(0, arg_of(0) - sizeof(slots[0]), 0, EL1H, &pes[0], &s),
			 SDEI_ENTRY_NOT_OURS);
	assert_int_equal(enter(0, 0, 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_int_equal(enter(0, UINT64_MAX, 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	/* a slot whose handler is gone */
	slots[0].fn = NULL;
	assert_int_equal(enter(0, arg_of(0), 0, EL1H, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
	assert_int_equal(pes[0].depth, 0);
}

static void impossible_pstate(void **state)
{
	static const uint64_t bad[] = {
		0x3c9,	/* EL2h: above the client */
		0x3c8,	/* EL2t */
		0x3cd,	/* EL3h */
		0x3cc,	/* EL3t */
		0x3d3,	/* AArch32 SVC */
		0x10,	/* AArch32 User */
		0x1,	/* EL0 with SP_ELx: reserved */
		0x3c6,	/* M[1] set: reserved */
		0x3c7,
	};
	struct sdei_slot *s;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(enter(0, arg_of(0), 0x1000, bad[i], &pes[0], &s),
				 SDEI_ENTRY_BAD_PSTATE);
		assert_non_null(strstr(why, "not AArch64 at EL1 or below"));
	}
	/* the foreign argument is named first */
	assert_int_equal(enter(0, 0, 0, 0x3c9, &pes[0], &s), SDEI_ENTRY_NOT_OURS);
}

static void nesting(void **state)
{
	struct sdei_slot *s, *n, *c;

	(void)state;
	assert_int_equal(enter(0, arg_of(0), 0x1000, EL1H, &pes[0], &n), SDEI_ENTRY_OK);
	sdei_pe_enter(&pes[0], n);
	/* the running normal event again: re-entry */
	assert_int_equal(enter(0, arg_of(0), 0x1000, EL1H, &pes[0], &s), SDEI_ENTRY_REENTERED);
	/* another normal one (event 0 is normal; slot 3 made normal for event 0x40) */
	slots[3] = (struct sdei_slot){ 0x40, 0, fn, NULL, SDEI_PRIO_NORMAL, true };
	assert_int_equal(enter(0x40, arg_of(3), 0x1000, EL1H, &pes[0], &s),
			 SDEI_ENTRY_BAD_NESTING);
	assert_non_null(strstr(why, "normal-priority event over a running normal-priority handler (event 0)"));
	/* the other PE is not affected */
	assert_int_equal(enter(0x40, arg_of(3), 0x1000, EL1H, &pes[1], &s), SDEI_ENTRY_OK);
	/* critical over normal: allowed */
	assert_int_equal(enter(0x20, arg_of(1), 0x1000, EL1H, &pes[0], &c), SDEI_ENTRY_OK);
	sdei_pe_enter(&pes[0], c);
	/* anything over critical, or a third level */
	assert_int_equal(enter(0x10, arg_of(2), 0x1000, EL1H, &pes[0], &s),
			 SDEI_ENTRY_BAD_NESTING);
	assert_non_null(strstr(why, "2 handlers already running"));
	sdei_pe_leave(&pes[0]);
	sdei_pe_leave(&pes[0]);
	assert_int_equal(pes[0].depth, 0);
	sdei_pe_leave(&pes[0]); /* unbalanced: stays at 0 */
	assert_int_equal(pes[0].depth, 0);
	/* over a running critical one: nothing */
	sdei_pe_enter(&pes[0], &slots[1]);
	assert_int_equal(enter(0x10, arg_of(2), 0x1000, EL1H, &pes[0], &s),
			 SDEI_ENTRY_BAD_NESTING);
	assert_non_null(strstr(why, "over a running critical-priority handler (event 32)"));
	/* unknown priority over normal: cannot tell, allowed */
	sdei_pe_leave(&pes[0]);
	sdei_pe_enter(&pes[0], &slots[0]);
	assert_int_equal(enter(0x10, arg_of(2), 0x1000, EL1H, &pes[0], &s), SDEI_ENTRY_OK);
}

static void normal_event_inside_the_stub(void **state)
{
	struct sdei_slot *s;

	(void)state;
	/* depth 0 but the interrupted PC is our entry stub: a handler was
	 * starting or finishing; only a critical event may interrupt it */
	assert_int_equal(enter(0, arg_of(0), STUB_LO, EL1H, &pes[0], &s), SDEI_ENTRY_BAD_NESTING);
	assert_non_null(strstr(why, "interrupted the SDEI entry stub"));
	assert_int_equal(enter(0, arg_of(0), STUB_HI - 4, EL1H, &pes[0], &s),
			 SDEI_ENTRY_BAD_NESTING);
	assert_int_equal(enter(0x20, arg_of(1), STUB_LO + 8, EL1H, &pes[0], &s), SDEI_ENTRY_OK);
	assert_int_equal(enter(0, arg_of(0), STUB_HI, EL1H, &pes[0], &s), SDEI_ENTRY_OK);
	assert_int_equal(enter(0, arg_of(0), STUB_LO - 4, EL1H, &pes[0], &s), SDEI_ENTRY_OK);
}

static void broken_record(void **state)
{
	struct sdei_slot *s;

	(void)state;
	pes[0].depth = 7; /* cannot happen through enter/leave */
	assert_int_equal(enter(0, arg_of(0), 0, EL1H, &pes[0], &s), SDEI_ENTRY_BAD_NESTING);
	sdei_pe_enter(&pes[0], &slots[0]);
	assert_int_equal(pes[0].depth, 7);
}

static void pe_records(void **state)
{
	struct sdei_pe_state *a, *b;

	(void)state;
	a = sdei_pe_find(pes, 2, 0);
	b = sdei_pe_find(pes, 2, 0x100);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_ptr_equal(sdei_pe_find(pes, 2, 0), a);
	assert_ptr_equal(sdei_pe_find(pes, 2, 0x100), b);
	assert_null(sdei_pe_find(pes, 2, 1)); /* full */
}

static void completion(void **state)
{
	struct sdei_handler_ctx ctx = { 0 };
	struct sdei_completion c;
	bool bad;

	(void)state;
	ctx.action = SDEI_ACT_COMPLETE;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE && c.arg == 0 && !bad);
	ctx.action = SDEI_ACT_FAILED;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE && c.arg == 1 && !bad);
	ctx.action = SDEI_ACT_RESUME;
	ctx.resume_addr = 0x40080200;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE_AND_RESUME && c.arg == 0x40080200 && !bad);
	ctx.resume_addr = 0;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE && c.arg == 1 && bad);
	ctx.resume_addr = 0x40080202;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE && c.arg == 1 && bad);
	ctx.action = (enum sdei_action)7;
	c = sdei_completion_for(&ctx, &bad);
	assert_true(c.fid == SDEI_EVENT_COMPLETE && c.arg == 1 && bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(good_entries),	T(argument_not_ours),	 T(impossible_pstate),
		T(nesting),		T(normal_event_inside_the_stub), T(broken_record),
		T(pe_records),		T(completion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
