/* Host-supplied strings (device-tree model, firmware names, bootargs) reach
 * the console that carries the TAP report: a hostile host could forge
 * "ok N" lines or terminal escapes through them. Print them only through
 * str_printable(). */
#ifndef COCOON_PRINTABLE_H
#define COCOON_PRINTABLE_H

#include <stddef.h>

/* Copy src (at most srclen bytes, stopping at a NUL) to dst with every byte
 * outside printable ASCII (0x20-0x7e) and the backslash written as \xNN.
 * dst is always NUL-terminated when dstlen > 0; an escape never gets cut in
 * half. Returns dst. */
char *str_printable(char *dst, size_t dstlen, const char *src, size_t srclen);

#endif
