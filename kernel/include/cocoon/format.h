/* printf-style formatting into a bounded buffer (kernel/lib/format.c).
 * Supports: %% %c %s %d %i %u %x %X %o %p, flags '-' '0' '+' ' ' '#',
 * width and precision (also '*'), length modifiers hh h l ll z t j.
 * Always NUL-terminates when size > 0; returns the length it would have written. */
#ifndef COCOON_FORMAT_H
#define COCOON_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
