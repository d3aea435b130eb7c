/* Host tests of kernel/cmdline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/cmdline.h>

static struct cmdline cl;

static void values_and_flags(void **state)
{
	char v[32];
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "console=hvc0 svm=on xive=off quiet ktest=boot", 100), 0);
	assert_true(cmdline_get(&cl, "console", v, sizeof(v)));
	assert_string_equal(v, "hvc0");
	assert_true(cmdline_flag(&cl, "svm"));
	assert_false(cmdline_flag(&cl, "xive"));
	assert_true(cmdline_flag(&cl, "quiet"));
	assert_true(cmdline_get(&cl, "quiet", v, sizeof(v)));
	assert_string_equal(v, "");
	assert_false(cmdline_get(&cl, "missing", v, sizeof(v)));
	assert_false(cmdline_get(&cl, "ktes", v, sizeof(v))); /* no prefix matches */
	assert_false(cmdline_get(&cl, "", v, sizeof(v)));
}

static void last_wins_and_truncation(void **state)
{
	char v[4];
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "a=1 a=22 b=abcdefgh", 100), 0);
	assert_true(cmdline_get(&cl, "a", v, sizeof(v)));
	assert_string_equal(v, "22");
	assert_true(cmdline_get(&cl, "b", v, sizeof(v)));
	assert_string_equal(v, "abc");
}

static void hostile_input(void **state)
{
	char big[CMDLINE_MAX + 10], v[8];
	(void)state;
	memset(big, 'x', sizeof(big));
	/* not NUL-terminated within the bound: copied only up to srclen */
	assert_int_equal(cmdline_parse(&cl, big, 5), 0);
	assert_int_equal(cl.len, 5);
	/* too long: refused, and the line is empty */
	assert_int_equal(cmdline_parse(&cl, big, sizeof(big)), -1);
	assert_int_equal(cl.len, 0);
	/* control characters dropped, tabs and newlines separate words */
	assert_int_equal(cmdline_parse(&cl, "a=1\tb=2\n\x01" "c=3", 100), 0);
	assert_true(cmdline_get(&cl, "b", v, sizeof(v)));
	assert_string_equal(v, "2");
	assert_true(cmdline_get(&cl, "c", v, sizeof(v)));
	assert_int_equal(cmdline_parse(&cl, NULL, 10), 0);
	assert_int_equal(cl.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_and_flags),
		cmocka_unit_test(last_wins_and_truncation),
		cmocka_unit_test(hostile_input),
	};
	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
