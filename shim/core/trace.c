/* shimtrace lines (shim/include/shim/trace.h): one console write per line so
 * lines from several vCPUs do not mix mid-line. */
#include <stdarg.h>
#include <string.h>

#include <libfdt.h>

#include <cocoon/format.h>
#include <shim/shim.h>
#include <shim/trace.h>

#ifndef COCOON_HOST_TEST

bool shim_trace_on;

void shim_trace_line(unsigned vcpu, const char *fmt, ...)
{
	char buf[200];
	int n = fmt_snprintf(buf, sizeof(buf), "shimtrace: %u ", vcpu);
	va_list ap;

	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strnlen(buf, sizeof(buf) - 2);
	buf[n++] = '\n';
	shim_arch_console_write(buf, (size_t)n);
}

#endif

bool shim_bootarg_flag(const void *fdt, const char *name)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const char *p = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &len) : NULL;
	size_t n = strlen(name);

	if (!p || len <= 0 || p[len - 1]) /* absent, or not a terminated string */
		return false;
	for (const char *t = p; *t;) {
		const char *end;
		size_t tl;

		while (*t == ' ')
			t++;
		end = strchr(t, ' ');
		tl = end ? (size_t)(end - t) : strlen(t);
		if (tl == n && !strncmp(t, name, n))
			return true;
		t += tl;
	}
	return false;
}
