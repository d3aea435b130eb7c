/* Protocol tracing (see cocoon/trace.h). */
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

bool trace_enabled;

void trace_msg(const char *arrow, const char *from, const char *to, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	kprintf("trace: %s %s %s: %s\n", from, arrow, to, what);
}
