/* The string.h subset cocoon needs: for our own code and for libfdt.
 * Plain byte loops (memset, and memcpy when both sides align: aligned words): simple, alignment-safe before the
 * MMU is on (arm64 Device memory faults on unaligned access), and fast enough
 * for a boot path. */
#include <stdint.h>
#include <string.h>

typedef uint64_t __attribute__((may_alias)) memcpy_word;

/* Aligned 8-byte words when source and destination share their alignment
 * (bounce buffers, page copies): a byte loop made a 64 KiB virtio-blk bounce
 * copy cost ~3.6 instructions per byte (make bench). Otherwise bytes. */
void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if ((((uintptr_t)dp ^ (uintptr_t)sp) & 7) == 0) {
		while (n && ((uintptr_t)dp & 7)) {
			*dp++ = *sp++;
			n--;
		}
		for (; n >= 32; n -= 32, dp += 32, sp += 32) {
			memcpy_word a = ((const memcpy_word *)sp)[0], b = ((const memcpy_word *)sp)[1];
			memcpy_word c = ((const memcpy_word *)sp)[2], e = ((const memcpy_word *)sp)[3];

			((memcpy_word *)dp)[0] = a;
			((memcpy_word *)dp)[1] = b;
			((memcpy_word *)dp)[2] = c;
			((memcpy_word *)dp)[3] = e;
		}
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(memcpy_word *)dp = *(const memcpy_word *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp == sp || n == 0)
		return d;
	if (dp < sp || dp >= sp + n) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

/* Word stores once aligned: the heap (1 MiB) is cleared at boot, and byte
 * stores made that most of cocoon's boot time (make bench). Aligned 8-byte
 * stores are also safe before the MMU is on (arm64 Device memory). */
typedef uint64_t __attribute__((may_alias)) memset_word;

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;
	uint64_t w = 0x0101010101010101ull * (unsigned char)c;

	while (n && ((uintptr_t)dp & 7)) {
		*dp++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, dp += 8)
		*(memset_word *)dp = w;
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *ap = a, *bp = b;

	for (; n; n--, ap++, bp++)
		if (*ap != *bp)
			return *ap - *bp;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strlcpy(char *d, const char *s, size_t size)
{
	size_t len = strlen(s);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return len;
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}
