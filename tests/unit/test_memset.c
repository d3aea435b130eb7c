/* Host tests of kernel/lib/string.c memset (aligned word stores with byte head
 * and tail): every start offset and length around the word size, and that no
 * byte outside [d, d + n) is touched (ASan would also catch an overrun). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "host_string.h"

static void every_offset_and_length(void **state)
{
	unsigned char buf[96];
	(void)state;
	for (size_t off = 0; off < 16; off++) {
		for (size_t n = 0; n < 64; n++) {
			memset(buf, 0x5a, sizeof(buf));
			assert_ptr_equal(cocoon_memset(buf + off, 0x1a5, n), buf + off);
			for (size_t i = 0; i < sizeof(buf); i++)
				assert_int_equal(buf[i], i >= off && i < off + n ? 0xa5 : 0x5a);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(every_offset_and_length) };
	return cmocka_run_group_tests_name("memset", tests, NULL, NULL);
}
