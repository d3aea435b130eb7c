/* Host tests of kernel/lib/strtoul.c: compared with the C library. The
 * kernel's functions are renamed so both can be linked into one program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

/* the kernel's implementation, renamed so the host's can be compared with it */
#define strtoull cocoon_strtoull
#define strtoul cocoon_strtoul
#include "../../kernel/lib/strtoul.c"
#undef strtoull
#undef strtoul
#define k_strtoull cocoon_strtoull

static void like_libc(void **state)
{
	static const struct { const char *s; int base; } cases[] = {
		{ "0", 0 }, { "123", 10 }, { "  42xyz", 10 }, { "0x1fG", 0 }, { "0X1F", 16 },
		{ "017", 0 }, { "-5", 10 }, { "+7", 0 }, { "zz", 36 }, { "0x", 0 }, { "", 10 },
		{ "18446744073709551615", 10 }, { "18446744073709551616", 10 }, { "0xg", 16 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *e1, *e2;
		unsigned long long want = strtoull(cases[i].s, &e1, cases[i].base);
		unsigned long long got = k_strtoull(cases[i].s, &e2, cases[i].base);
		assert_int_equal(got, want);
		assert_ptr_equal(e2, e1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(like_libc) };
	return cmocka_run_group_tests_name("strtoul", tests, NULL, NULL);
}
