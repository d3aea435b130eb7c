/* Shim console: formatted output over kernel/lib/format.c and the arch's
 * polled UART. Lines start with "shim: " so they stand apart from the guest's
 * output on the shared console. */
#include <stdarg.h>
#include <string.h>

#include <cocoon/format.h>
#include <shim/shim.h>

static int shim_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);

	shim_arch_console_write("shim: ", 6);
	shim_arch_console_write(buf, strnlen(buf, sizeof(buf)));
	return n;
}

int shim_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = shim_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

noreturn void shim_panic(const char *fmt, ...)
{
	va_list ap;

	shim_arch_console_write("shim: PANIC: ", 13);
	va_start(ap, fmt);
	{
		char buf[256];

		fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
		shim_arch_console_write(buf, strnlen(buf, sizeof(buf)));
	}
	va_end(ap);
	shim_arch_stop(true);
}
