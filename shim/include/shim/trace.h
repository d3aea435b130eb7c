/* Machine-readable trace of what a shim serves and delivers, for the flow
 * diagrams in docs/ (tools/msc). With the boot argument `trace` (the same
 * flag the guest reads from /chosen/bootargs) every guest call the shim
 * answers and every event it delivers prints one line:
 *     shimtrace: <vcpu> <IF>.<CALL> <args> -> <ret>        (a call served)
 *     shimtrace: <vcpu> event:<IF>.<WHAT> <args> -> <ret>  (an event delivered)
 * Off by default: one branch per call. Never called with a lock held. */
#ifndef SHIM_TRACE_H
#define SHIM_TRACE_H

#include <stdbool.h>

#ifdef COCOON_HOST_TEST
/* host unit tests and fuzzers link the providers without the shim console */
#define shim_trace_on false
static inline __attribute__((format(printf, 2, 3))) void shim_trace_line(unsigned vcpu,
									  const char *fmt, ...)
{
	(void)vcpu;
	(void)fmt;
}
#else
extern bool shim_trace_on;

void shim_trace_line(unsigned vcpu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
/* `name` is a whole word of the device tree's /chosen/bootargs */
bool shim_bootarg_flag(const void *fdt, const char *name);

#define shim_trace(vcpu, ...)                               \
	do {                                                \
		if (shim_trace_on)                          \
			shim_trace_line(vcpu, __VA_ARGS__); \
	} while (0)

#endif
