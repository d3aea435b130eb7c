/* The stack guard of the secondary PE (kernel/arch/arm64/stack_guard.c):
 * with test.stack_overflow_cpu1 on the command line, work posted to the
 * second PE recurses until its stack runs into the guard page. The boot must
 * end in "stack overflow on CPU 1" (its own TPIDR_EL1 area and emergency
 * stack, set up by smp_entry.S), status 4: the arm64-shim:stack-overflow-cpu1
 * configuration. Without the flag the suite does nothing. */
#include <cocoon/cmdline.h>
#include <cocoon/fault_tests.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "smp.h"

static void overflow(void *arg)
{
	*(unsigned long *)arg = stack_recurse(0);
}

static void stack_overflow_cpu1(void)
{
	unsigned long r = 0;
	uint64_t other;

	if (!cmdline_flag(&boot_cmdline, "test.stack_overflow_cpu1"))
		return;
	if (!report(smp_find_secondary(&other) && smp_start_secondary(other) == 0,
		    "second PE started"))
		return;
	kprintf("cocoon: recursing on CPU 1 until its stack overflows on purpose\n");
	report(!smp_run_on_secondary(overflow, &r), "the recursion on CPU 1 ended without a fault (%lu)",
	       r);
}
KTEST_SUITE(stack_overflow_cpu1);
