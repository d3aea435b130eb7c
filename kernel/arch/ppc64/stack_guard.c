/* ppc64 stack guard pages. Each kernel stack (the boot CPU's in
 * linker/ppc64.ld, each secondary's here) has a page directly below it that
 * the radix tree leaves unmapped, so running off its bottom (a `stdu r1` or
 * a store into the ELFv2 protected zone below r1) is a DSI instead of
 * silent corruption of whatever lies below. Only with translation on: in
 * real mode (mmu=off, or radix not granted) every address is reachable and
 * there is no guard.
 *
 * The way out needs no emergency stack on this architecture: the vectors
 * run in real mode (LPCR[AIL] = 0, MSR[IR|DR] = 0 on interrupt), save the
 * registers into the per-CPU trap frame reached through SPRG0 rather than
 * below r1, and run the C handler on the per-CPU exception stack
 * (vectors.S); the exhausted stack is never touched. For the same reason
 * the exception stacks get no guard page: the handler runs untranslated,
 * where an unmapped page would not fault. */
#include <cocoon/kernel.h>

#include "stack_guard.h"

#define DSI_VECTOR 0x300

extern char __stack_guard[], __stack_top[];

struct ppc64_guarded_stack ppc64_cpu_stacks[PPC64_MAX_CPUS - 1] __attribute__((aligned(4096)));

uintptr_t ppc64_stack_guard(unsigned i)
{
	return i ? (uintptr_t)ppc64_cpu_stacks[i - 1].guard : (uintptr_t)__stack_guard;
}

bool ppc64_stack_overflow_check(const struct ppc64_trap_frame *f)
{
	for (unsigned i = 0; i < PPC64_MAX_CPUS; i++) {
		uintptr_t g = ppc64_stack_guard(i);
		uintptr_t top = i ? g + sizeof(ppc64_cpu_stacks[0]) : (uintptr_t)__stack_top;

		if (f->vec != DSI_VECTOR || f->dar < g || f->dar >= g + 4096)
			continue;
		kprintf("stack overflow on CPU %u: fault at 0x%llx in the guard page below the "
			"stack [0x%lx..0x%lx)\n", ppc64_cpu_id(), (unsigned long long)f->dar,
			(unsigned long)(g + 4096), (unsigned long)top);
		return true;
	}
	return false;
}
