/* In-guest test framework: TAP version 13 on the console, one line per check
 * (kvm-unit-tests style: one report() per check). Any failed check makes the
 * guest exit with a non-zero status. */
#ifndef COCOON_KTEST_H
#define COCOON_KTEST_H

#include <stdbool.h>

struct ktest_suite {
	const char *name;
	void (*run)(void);
};

/* Register fn as a suite; suites run in name order. */
#define KTEST_SUITE(fn)                                                              \
	static const struct ktest_suite __ktest_##fn                                 \
		__attribute__((used, section(".ktest_suites." #fn), aligned(8))) = { #fn, fn }

/* One check: "ok N - suite: message" or "not ok N - suite: message". Returns pass. */
bool report(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A check that cannot run here: "ok N - suite: message # SKIP reason". */
void report_skip(const char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A diagnostic line: "# message". */
void report_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run every registered suite whose name contains filter (all when NULL/empty);
 * prints the TAP header and the plan. Returns the number of failed checks. */
int ktest_run_all(const char *filter);

#endif
