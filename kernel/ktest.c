/* TAP 13 producer for the in-guest suites (see cocoon/ktest.h). */
#include <cocoon/ktest.h>
#include <cocoon/kernel.h>
#include <string.h>

extern const struct ktest_suite __ktest_suites_start[], __ktest_suites_end[];

static unsigned checks, failures;
static const char *current_suite = "?";

static void report_line(const char *status, const char *directive, const char *fmt, va_list ap)
{
	char msg[256];

	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	checks++;
	kprintf("%s %u - %s: %s%s\n", status, checks, current_suite, msg, directive);
}

bool report(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line(pass ? "ok" : "not ok", "", fmt, ap);
	va_end(ap);
	if (!pass)
		failures++;
	return pass;
}

void report_skip(const char *reason, const char *fmt, ...)
{
	char directive[128];
	va_list ap;

	fmt_snprintf(directive, sizeof(directive), " # SKIP %s", reason);
	va_start(ap, fmt);
	report_line("ok", directive, fmt, ap);
	va_end(ap);
}

void report_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kprintf("# ");
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);
}

int ktest_run_all(const char *filter)
{
	kprintf("TAP version 13\n");
	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++) {
		if (filter && *filter && !strstr(s->name, filter))
			continue;
		current_suite = s->name;
		s->run();
	}
	current_suite = "?";
	kprintf("1..%u\n", checks);
	kprintf("# %u checks, %u failed\n", checks, failures);
	return (int)failures;
}
