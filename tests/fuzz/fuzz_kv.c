/* Fuzz target: a hostile client's byte stream, split into request lines,
 * against the key-value protocol; the store must stay consistent. */
#include <stdint.h>
#include <string.h>

#include <cocoon/kv.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern long host_live_allocations;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kv_store kv;
	static char out[KV_LINE_MAX + 32];
	const char *p = (const char *)data, *end = p + size;

	kv_init(&kv);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len <= KV_LINE_MAX && kv_handle_line(&kv, p, len, out, sizeof(out)))
			break;
		p += len + 1;
	}
	kv_clear(&kv);
	if (host_live_allocations != 0 || kv.count != 0)
		__builtin_trap();
	return 0;
}
