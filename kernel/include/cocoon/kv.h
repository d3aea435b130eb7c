/* The key-value appliance (APP=kv): a tiny store and its line protocol.
 *
 *   PUT <key> <value>   -> OK                 (value: the rest of the line)
 *   GET <key>           -> VALUE <value> | NOT_FOUND
 *   DEL <key>           -> OK | NOT_FOUND
 *   COUNT               -> COUNT <n>
 *   QUIT                -> BYE                (the VM then powers off)
 *   anything else       -> ERR <reason>
 *
 * Keys: 1..KV_KEY_MAX bytes of [A-Za-z0-9._:-]; values: 0..KV_VALUE_MAX
 * printable bytes. Values live in the kernel heap: private memory. The client
 * is untrusted: every line is bounded and validated. */
#ifndef COCOON_KV_H
#define COCOON_KV_H

#include <stdbool.h>
#include <stddef.h>

#define KV_KEY_MAX 64
#define KV_VALUE_MAX 1024
#define KV_ENTRIES_MAX 256
#define KV_LINE_MAX (KV_KEY_MAX + KV_VALUE_MAX + 16)

struct kv_entry {
	char key[KV_KEY_MAX + 1];
	char *value; /* NULL = free slot */
	size_t len;
};

struct kv_store {
	struct kv_entry e[KV_ENTRIES_MAX];
	unsigned count;
};

enum kv_result { KV_OK, KV_NOT_FOUND, KV_FULL, KV_NO_MEMORY, KV_BAD_KEY, KV_BAD_VALUE };

void kv_init(struct kv_store *kv);
enum kv_result kv_put(struct kv_store *kv, const char *key, const char *value, size_t len);
/* Returns the value (not NUL-terminated) and its length, or NULL. */
const char *kv_get(const struct kv_store *kv, const char *key, size_t *len);
enum kv_result kv_del(struct kv_store *kv, const char *key);
void kv_clear(struct kv_store *kv);

/* One request line (without its newline, len bytes, may contain anything) ->
 * one response line in out (NUL-terminated, no newline). Returns true when
 * the client asked to quit. */
bool kv_handle_line(struct kv_store *kv, const char *line, size_t len, char *out, size_t outlen);

/* The appliance main loop on the console (kernel/app/kv_app.c). */
int kv_app_run(void);

#endif
