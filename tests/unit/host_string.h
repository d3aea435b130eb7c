/* The kernel's kernel/lib/string.c compiled into a host test with every
 * function renamed (cocoon_memcpy, ...), so the host's own stay in use for
 * the test itself and can serve as the reference. Include once per test. */
#ifndef HOST_STRING_H
#define HOST_STRING_H

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

#endif
