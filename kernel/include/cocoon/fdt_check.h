/* Validation of an untrusted flattened device tree before any other use.
 * libfdt's own checks are per access; this walks the whole blob once, with
 * bounds on size, nesting and every name, so later lookups can rely on it. */
#ifndef COCOON_FDT_CHECK_H
#define COCOON_FDT_CHECK_H

#include <stddef.h>

#define FDT_MAX_SIZE (4u << 20) /* larger blobs are refused: ours are ~10 KiB - 1 MiB */
#define FDT_MAX_DEPTH 32

/* Returns 0 if blob is a well-formed FDT of at most max_size bytes (0 = use
 * FDT_MAX_SIZE); otherwise a negative libfdt error and *why says what is wrong. */
int fdt_validate(const void *blob, size_t max_size, const char **why);

#endif
