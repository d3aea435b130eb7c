/* In-guest checks of kernel/lib: the formatter, string and number parsing,
 * compiled for the target (the host unit tests cover the same code on x86). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

static bool fmt_is(const char *want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return !strcmp(buf, want);
}

static void lib_suite(void)
{
	char small[4];

	report(fmt_is("-42|0x2a|   7|07|ff", "%d|%#x|%4u|%02d|%x", -42, 42, 7u, 7, 255),
	       "format: integers, flags and widths");
	report(fmt_is("18446744073709551615", "%llu", ULLONG_MAX), "format: 64-bit unsigned");
	report(fmt_is("-9223372036854775808", "%lld", LLONG_MIN), "format: most negative 64-bit");
	report(fmt_is("ab  |  cd|(null)", "%-4s|%4s|%s", "ab", "cd", (char *)NULL),
	       "format: strings, padding, NULL");
	report(fmt_snprintf(small, sizeof(small), "%s", "truncate") == 8 && !strcmp(small, "tru"),
	       "format: truncation reports the full length and terminates");
	report(strtoul("0x1F", NULL, 0) == 31 && strtoul("017", NULL, 0) == 15 &&
		       strtoul("99", NULL, 10) == 99,
	       "strtoul: bases 16, 8, 10");
	report(strtoull("99999999999999999999999", NULL, 10) == ULLONG_MAX,
	       "strtoull: saturates on overflow");
	{
		char buf[8] = "abcdefg";
		memmove(buf + 1, buf, 5);
		report(!memcmp(buf, "aabcdeg", 7), "memmove: overlapping forward copy");
	}
	report(strnlen("abc", 2) == 2 && strcmp("a", "b") < 0 && !strncmp("abx", "aby", 2),
	       "string: strnlen, strcmp, strncmp");
}
KTEST_SUITE(lib_suite);
