/* Protocol tracing for the teaching docs: with the boot flag `trace`, every
 * call across a trust boundary prints one line
 *     trace: <from> -> <to>: <what>      (a request)
 *     trace: <from> --> <to>: <what>     (its answer)
 * which tools/seqdiagram turns into the sequence diagrams in docs/. Off by
 * default: the lines cost nothing but a branch. */
#ifndef COCOON_TRACE_H
#define COCOON_TRACE_H

#include <stdbool.h>

#ifdef COCOON_HOST_TEST
#define trace_enabled false /* host tests link drivers without kernel/trace.c */
#else
extern bool trace_enabled;
#endif

void trace_msg(const char *arrow, const char *from, const char *to, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define trace_call(from, to, ...)                                  \
	do {                                                       \
		if (trace_enabled)                                 \
			trace_msg("->", from, to, __VA_ARGS__);    \
	} while (0)
#define trace_ret(from, to, ...)                                   \
	do {                                                       \
		if (trace_enabled)                                 \
			trace_msg("-->", from, to, __VA_ARGS__);   \
	} while (0)

#endif
