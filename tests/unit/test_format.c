/* Host tests of kernel/lib/format.c against the C library's printf: every
 * case must produce exactly what the host's snprintf produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/format.h>

#define SAME(...)                                                                  \
	do {                                                                       \
		char want[128], got[128];                                          \
		int wn = snprintf(want, sizeof(want), __VA_ARGS__);                \
		int gn = fmt_snprintf(got, sizeof(got), __VA_ARGS__);              \
		assert_string_equal(got, want);                                    \
		assert_int_equal(gn, wn);                                          \
	} while (0)

static void integers(void **state)
{
	(void)state;
	SAME("%d %i %u", 0, -1, 4000000000u);
	SAME("%ld %lu %lld %llu", -5L, 5UL, (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("%zu %zd %td %jd", (size_t)12, (ptrdiff_t)-3, (ptrdiff_t)4, (intmax_t)-9);
	SAME("%x %X %o %#x %#o %#X", 255u, 255u, 8u, 255u, 8u, 0xabu);
	SAME("%#x %#o", 0u, 0u);
}

static void flags_width_precision(void **state)
{
	(void)state;
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%.3d] [%8.3d] [%-8.3x] [%08.3d]", 7, 7, 7u, 7);
	SAME("[%.0d] [%.0x] [%5.0d]", 0, 0u, 0);
	SAME("[%*d] [%-*d] [%.*d]", 6, 1, 6, 1, 4, 1);
	SAME("[%*d]", -6, 1);
	SAME("[%016llx] [%#018llx]", 0xdeadbeefull, 0xdeadbeefull);
}

static void strings_chars(void **state)
{
	(void)state;
	SAME("[%s] [%10s] [%-10s] [%.2s] [%c] [%3c]", "abc", "abc", "abc", "abc", 'x', 'y');
	SAME("100%% done");
}

static void pointers(void **state)
{
	char got[64], want[64];
	(void)state;
	fmt_snprintf(got, sizeof(got), "%p", (void *)0x1234);
	snprintf(want, sizeof(want), "%p", (void *)0x1234);
	assert_string_equal(got, want);
}

static void truncation(void **state)
{
	char buf[5];
	(void)state;
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", "abcdefgh"), 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(fmt_snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'a'); /* size 0 writes nothing */
	assert_int_equal(fmt_snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
}

static void oddities(void **state)
{
	char buf[32];
	(void)state;
	const char *odd = "%q|%"; /* unknown conversion, then a lone '%' */
	fmt_snprintf(buf, sizeof(buf), odd, 0);
	assert_string_equal(buf, "%q|");
	fmt_snprintf(buf, sizeof(buf), "%s", (char *)NULL);
	assert_string_equal(buf, "(null)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(flags_width_precision),
		cmocka_unit_test(strings_chars),
		cmocka_unit_test(pointers),
		cmocka_unit_test(truncation),
		cmocka_unit_test(oddities),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
