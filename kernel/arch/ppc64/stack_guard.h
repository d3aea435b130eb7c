/* ppc64 stack guard pages: one page below the boot stack and below each
 * secondary CPU's stack, left out of the radix tree (mmu_radix.c). */
#ifndef PPC64_STACK_GUARD_H
#define PPC64_STACK_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "ppc64.h"

#define PPC64_CPU_STACK 16384

/* A secondary CPU's kernel stack with its guard page below (smp.c takes
 * ppc64_cpu_stacks[cpu - 1].stack for CPU cpu >= 1). */
struct ppc64_guarded_stack {
	unsigned char guard[4096];
	unsigned char stack[PPC64_CPU_STACK];
};
extern struct ppc64_guarded_stack ppc64_cpu_stacks[PPC64_MAX_CPUS - 1];

/* Guard page of CPU i's stack (i < PPC64_MAX_CPUS; 0 = the boot stack). */
uintptr_t ppc64_stack_guard(unsigned i);
/* f is a DSI in a guard page: print the overflow message, true. */
bool ppc64_stack_overflow_check(const struct ppc64_trap_frame *f);

#endif
