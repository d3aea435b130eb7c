/* Console output for the kernel: formatted printing over arch_console_write(). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <string.h>

int kvprintf(const char *fmt, va_list ap)
{
	char buf[512];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	arch_console_write(buf, strnlen(buf, sizeof(buf)));
	if (n >= (int)sizeof(buf))
		arch_console_write("[...]\n", 6);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void kputs(const char *s)
{
	arch_console_write(s, strlen(s));
	arch_console_write("\n", 1);
}

__attribute__((weak)) int arch_console_read(char *buf, size_t n)
{
	(void)buf;
	(void)n;
	return -1;
}
