/* Host tests of kernel/lib/string.c memcpy (aligned words when source and
 * destination share their alignment, bytes otherwise): every pair of start
 * offsets and lengths around the 32-byte block, and that no byte outside
 * [d, d + n) is written (ASan would also catch an overrun). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "host_string.h"

static void every_offset_pair_and_length(void **state)
{
	unsigned char src[160], dst[160];
	(void)state;
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 3);
	for (size_t so = 0; so < 16; so++) {
		for (size_t doff = 0; doff < 16; doff++) {
			for (size_t n = 0; n < 100; n++) {
				memset(dst, 0x5a, sizeof(dst));
				assert_ptr_equal(cocoon_memcpy(dst + doff, src + so, n), dst + doff);
				for (size_t i = 0; i < sizeof(dst); i++)
					assert_int_equal(dst[i], i >= doff && i < doff + n
									 ? src[so + i - doff] : 0x5a);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(every_offset_pair_and_length) };
	return cmocka_run_group_tests_name("memcpy", tests, NULL, NULL);
}
