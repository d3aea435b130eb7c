/* The ways a boot ends: an orderly exit, a panic, an unexpected trap. The
 * status line is what the test harness reads: "cocoon: exit status N". */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

noreturn void kernel_exit(int status)
{
	arch_irq_disable();
	kprintf("cocoon: exit status %d (%s)\n", status, status ? "FAIL" : "PASS");
	trace_call("guest", "firmware", "power off (status %d)", status);
	arch_poweroff(status);
}

noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	kprintf("PANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kernel_exit(3);
}

noreturn void trap_unexpected(const char *what)
{
	static volatile int nested;

	if (nested++) {
		/* a fault while reporting a fault: do the least, then stop */
		arch_console_write("\nPANIC: nested unexpected trap\n", 31);
		arch_poweroff(4);
	}
	kprintf("PANIC: unexpected trap: %s\n", what);
	kernel_exit(4);
}
