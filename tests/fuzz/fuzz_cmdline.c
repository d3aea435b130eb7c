/* Fuzz target: untrusted bootargs through the parser and every lookup. */
#include <stdint.h>
#include <string.h>

#include <cocoon/cmdline.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cmdline cl;
	static const char *const keys[] = { "svm", "xive", "ktest", "test.trap", "a", "=", "" };
	char v[16];

	if (cmdline_parse(&cl, (const char *)data, size))
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		cmdline_get(&cl, keys[i], v, sizeof(v));
		cmdline_flag(&cl, keys[i]);
	}
	return 0;
}
