/* arm64 stack guard pages. The kernel runs at EL1h: every exception is taken
 * on the interrupted SP_EL1 (the SDEI handler too: sdei_entry.S runs below
 * the interrupted SP), so one stack per PE, and an unmapped 4 KiB page
 * directly below each (the boot stack in linker/arm64.ld, the secondary's
 * here) turns running off its bottom into a data abort instead of silent
 * corruption of whatever lies below.
 *
 * That abort is taken on the exhausted stack, and pushing the exception frame
 * would abort again, forever (Arm ARM D1.3: an exception at the same EL keeps
 * SP_ELx). So each vector entry first compares SP with this PE's
 * arm64_stack_area.sp_min (reached through TPIDR_EL1, with x0 parked in
 * TPIDR_EL0: no EL0 here uses it) and, when the frame would not fit, moves to
 * the PE's emergency stack before storing anything (vectors.S). The handler
 * then reports and stops: nothing returns from the emergency stack, which
 * has no guard of its own (it only carries the report). */
#include <cocoon/kernel.h>

#include "stack_guard.h"

#define SECONDARY_STACK 16384
#define EMERG_STACK 8192

extern char __stack_bottom[], __stack_top[];

/* The secondary's stack with its guard page below (the guard is unmapped by
 * mmu.c; BSS, so it lies in the image's page-mapped range). */
static struct {
	char guard[4096];
	char stack[SECONDARY_STACK];
} secondary __attribute__((aligned(4096)));
static char emerg_stacks[ARM64_STACK_AREAS][EMERG_STACK] __attribute__((aligned(16)));

/* In .data, filled by the linker: valid from the first instruction, before
 * BSS is cleared or the MMU is on (vectors.S may read it then). */
struct arm64_stack_area arm64_stack_areas[ARM64_STACK_AREAS] = {
	{ __stack_bottom + SA_FRAME_SIZE, emerg_stacks[0] + EMERG_STACK, 0, 0 },
	{ secondary.stack + SA_FRAME_SIZE, emerg_stacks[1] + EMERG_STACK, 0, 0 },
};

uintptr_t arm64_secondary_stack_top(void)
{
	return (uintptr_t)(secondary.stack + SECONDARY_STACK);
}

uintptr_t arm64_stack_guard(unsigned i)
{
	return (uintptr_t)(arm64_stack_areas[i].sp_min - SA_FRAME_SIZE) - 4096;
}

void arm64_stack_overflow_report(const struct trap_frame *f)
{
	struct arm64_stack_area *a;
	unsigned cpu;
	uintptr_t lo, top;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(a));
	cpu = (unsigned)(a - arm64_stack_areas);
	lo = (uintptr_t)(a->sp_min - SA_FRAME_SIZE);
	top = cpu ? arm64_secondary_stack_top() : (uintptr_t)__stack_top;
	if (f->far >= lo - 4096 && f->far < lo)
		kprintf("stack overflow on CPU %u: fault at 0x%llx in the guard page below the "
			"stack [0x%lx..0x%lx)\n", cpu, (unsigned long long)f->far,
			(unsigned long)lo, (unsigned long)top);
	else
		kprintf("stack overflow on CPU %u: SP 0x%llx too close to the stack's bottom "
			"0x%lx for an exception frame\n", cpu, (unsigned long long)f->sp,
			(unsigned long)lo);
}
