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

/* the kernel's string.c, every function renamed so the host's stay in use */
#define memcpy cocoon_memcpy
#define memmove cocoon_memmove
#define memset cocoon_memset
#define memcmp cocoon_memcmp
#define memchr cocoon_memchr
#define strlen cocoon_strlen
#define strnlen cocoon_strnlen
#define strcmp cocoon_strcmp
#define strncmp cocoon_strncmp
#define strchr cocoon_strchr
#define strrchr cocoon_strrchr
#define strlcpy cocoon_strlcpy
#define strstr cocoon_strstr
#include "../../kernel/lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strlcpy
#undef strstr

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
