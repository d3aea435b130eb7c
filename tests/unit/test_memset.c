/* Host tests of kernel/lib/string.c memset (aligned word stores with byte head
 * and tail): every start offset and length around the word size, and that no
 * byte outside [d, d + n) is touched (ASan would also catch an overrun). */
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
