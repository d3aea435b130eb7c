/* Kernel command line ("bootargs"): space-separated key=value pairs and flags.
 * The source string is untrusted (device tree): it is copied with a bound. */
#ifndef COCOON_CMDLINE_H
#define COCOON_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX 1024

struct cmdline {
	char buf[CMDLINE_MAX];
	size_t len;
};

/* Copy at most srclen bytes of src (stops at NUL). Returns 0, or -1 when the
 * line does not fit (the struct then holds an empty line). */
int cmdline_parse(struct cmdline *cl, const char *src, size_t srclen);

/* Value of "key=value" (last occurrence wins), copied into out (NUL-terminated,
 * truncated to outlen). Returns true if key is present; a bare "key" gives "". */
bool cmdline_get(const struct cmdline *cl, const char *key, char *out, size_t outlen);

/* true when key is present as a bare flag or with a value of 1/on/yes/true. */
bool cmdline_flag(const struct cmdline *cl, const char *key);

/* The boot command line of this kernel (parsed in kmain). */
extern struct cmdline boot_cmdline;

#endif
