/* The stack guard of a secondary hart (kernel/arch/riscv/stack_guard.c):
 * with test.stack_overflow_cpu1 on the command line, the first secondary is
 * started again and recurses until its stack runs into the guard page. The
 * boot must end in "stack overflow on CPU 1" (its own sscratch area and
 * emergency stack, set by smp_entry.S), status 4: the
 * riscv64-opensbi:stack-overflow-cpu1 configuration. Without the flag the
 * suite does nothing. */
#include <cocoon/cmdline.h>
#include <cocoon/fault_tests.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "smp.h"

static void overflow(void)
{
	kprintf("cocoon: the recursion on CPU 1 ended without a fault (%lu)\n", stack_recurse(0));
}

static void stack_overflow_cpu1(void)
{
	long err;

	if (!cmdline_flag(&boot_cmdline, "test.stack_overflow_cpu1"))
		return;
	if (!report(riscv_nr_secondaries > 0, "a secondary hart to overflow"))
		return;
	kprintf("cocoon: recursing on CPU 1 until its stack overflows on purpose\n");
	riscv_secondary_test = overflow;
	err = riscv_smp_run(0);
	riscv_secondary_test = NULL;
	report(false, "hart 1 came back (%ld) instead of stopping the boot", err);
}
KTEST_SUITE(stack_overflow_cpu1);
