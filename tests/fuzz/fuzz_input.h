/* Helpers the fuzz targets share to cut their input into values. */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* One property value: a length byte (0..63), then that many bytes (fewer
 * when the input ends first). Advances *p and *n past it. */
static inline const uint8_t *fuzz_take(const uint8_t **p, size_t *n, size_t *len)
{
	const uint8_t *v;

	*len = 0;
	if (!*n)
		return *p;
	*len = **p % 64;
	(*p)++;
	(*n)--;
	if (*len > *n)
		*len = *n;
	v = *p;
	*p += *len;
	*n -= *len;
	return v;
}

#endif
