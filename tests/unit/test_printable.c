/* Host tests of kernel/lib/printable.c: a host string can never put a line
 * break, a terminal escape or a non-ASCII byte on the console, and an escape
 * is never cut in half by a short buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/printable.h>

static void escapes(void **state)
{
	char out[64];
	(void)state;

	assert_string_equal(str_printable(out, sizeof(out), "plain text, 1-2", SIZE_MAX),
			    "plain text, 1-2");
	assert_string_equal(str_printable(out, sizeof(out), "x\nok 1 - forged", SIZE_MAX),
			    "x\\x0aok 1 - forged");
	assert_string_equal(str_printable(out, sizeof(out), "\x1b[2J\r\t\x7f\x80\xff", SIZE_MAX),
			    "\\x1b[2J\\x0d\\x09\\x7f\\x80\\xff");
	/* the backslash itself, so an escape in the output is always ours */
	assert_string_equal(str_printable(out, sizeof(out), "a\\x0ab", SIZE_MAX), "a\\x5cx0ab");
	assert_string_equal(str_printable(out, sizeof(out), NULL, 5), "");
}

static void bounds(void **state)
{
	char out[8];
	(void)state;

	/* srclen stops before the NUL */
	assert_string_equal(str_printable(out, sizeof(out), "abcdef", 3), "abc");
	/* truncation at the buffer: 7 characters + NUL */
	assert_string_equal(str_printable(out, sizeof(out), "abcdefghij", SIZE_MAX), "abcdefg");
	/* an escape that does not fit whole is left out */
	assert_string_equal(str_printable(out, sizeof(out), "abcd\n", SIZE_MAX), "abcd");
	assert_string_equal(str_printable(out, sizeof(out), "abc\n", SIZE_MAX), "abc\\x0a");
	/* dstlen 1: only the terminator; 0: untouched */
	out[0] = 'z';
	assert_string_equal(str_printable(out, 1, "abc", SIZE_MAX), "");
	out[0] = 'z';
	str_printable(out, 0, "abc", SIZE_MAX);
	assert_int_equal(out[0], 'z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes),
		cmocka_unit_test(bounds),
	};
	return cmocka_run_group_tests_name("printable", tests, NULL, NULL);
}
