/* riscv64 stack guard pages. Each kernel stack (the boot hart's in the
 * linker's .stack, each secondary's in riscv_hart_stacks) has an unmapped
 * 4 KiB page directly below it, so running off its bottom is a store page
 * fault (scause 15) instead of silent corruption of whatever lies below.
 *
 * The fault handler needs a stack too, and the faulting one is exhausted:
 * trap_entry.S frees a register with sscratch (pointing at this hart's
 * struct riscv_stack_area, the Linux trick without a user mode), and when
 * sp is not at least one frame above the stack's bottom it moves to the
 * hart's emergency stack before pushing anything. The handler then reports
 * and stops: nothing returns from the emergency stack. The emergency stacks
 * have no guard of their own (they only carry the report). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "smp.h"
#include "stack_guard.h"

#define EMERG_STACK 8192

extern char __stack_bottom[], __stack_top[];

/* The secondary entry finds its area by index (smp_entry.S). */
struct riscv_stack_area riscv_stack_areas[1 + RISCV_MAX_HARTS] __attribute__((aligned(64)));
static uint8_t emerg_stacks[1 + RISCV_MAX_HARTS][EMERG_STACK] __attribute__((aligned(16)));

static uintptr_t stack_lo(unsigned i)
{
	return i ? (uintptr_t)riscv_hart_stacks[i - 1].stack : (uintptr_t)__stack_bottom;
}

void riscv_stack_guard_init(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(riscv_stack_areas); i++) {
		riscv_stack_areas[i].lo = stack_lo(i);
		riscv_stack_areas[i].emerg_top = (uintptr_t)(emerg_stacks[i] + EMERG_STACK);
	}
	__asm__ volatile("csrw sscratch, %0" ::"r"(&riscv_stack_areas[0]) : "memory");
}

unsigned riscv_stack_guard_count(void)
{
	return ARRAY_SIZE(riscv_stack_areas);
}

uintptr_t riscv_stack_guard(unsigned i)
{
	return stack_lo(i) - 4096;
}

bool riscv_stack_overflow_check(const struct riscv_frame *f)
{
	uintptr_t at = (uintptr_t)f;
	unsigned cpu;

	if (at < (uintptr_t)emerg_stacks || at >= (uintptr_t)emerg_stacks + sizeof(emerg_stacks))
		return false;
	cpu = (unsigned)((at - (uintptr_t)emerg_stacks) / EMERG_STACK);
	if (f->stval >= riscv_stack_areas[cpu].lo - 4096 && f->stval < riscv_stack_areas[cpu].lo)
		kprintf("stack overflow on CPU %u: fault at 0x%llx in the guard page below the "
			"stack [0x%llx..0x%llx)\n", cpu, (unsigned long long)f->stval,
			(unsigned long long)riscv_stack_areas[cpu].lo,
			(unsigned long long)(cpu ? riscv_stack_areas[cpu].lo + RISCV_HART_STACK :
				(uintptr_t)__stack_top));
	else
		kprintf("stack overflow on CPU %u: sp 0x%llx below the stack's bottom 0x%llx "
			"(no guard page hit: mmu off?)\n", cpu, (unsigned long long)f->x[2],
			(unsigned long long)riscv_stack_areas[cpu].lo);
	return true;
}
