/* strtoul/strtoull: C11 7.22.1.4 semantics (leading space, sign, 0x/0 prefixes
 * for base 0 or 16, saturation at ULLONG_MAX on overflow), without errno. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long long v = 0;
	bool neg = false, any = false, overflow = false;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int d = digit_value(*p);
		if (d >= base)
			break;
		any = true;
		if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
			overflow = true;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (overflow)
		return ULLONG_MAX;
	return neg ? -v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long long v = strtoull(s, end, base);

	if (sizeof(unsigned long) < sizeof(v) && v > ULONG_MAX)
		return ULONG_MAX;
	return (unsigned long)v;
}
