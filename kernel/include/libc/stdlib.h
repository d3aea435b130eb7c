/* The stdlib.h subset the kernel and libfdt use (kernel/lib/strtoul.c). */
#ifndef COCOON_LIBC_STDLIB_H
#define COCOON_LIBC_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

#endif
