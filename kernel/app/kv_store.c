/* The key-value store: a fixed table of keys, values in the kernel heap. */
#include <string.h>

#include <cocoon/kv.h>
#include <cocoon/mm.h>

static bool key_ok(const char *k)
{
	size_t n = strnlen(k, KV_KEY_MAX + 1);

	if (n == 0 || n > KV_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

static bool value_ok(const char *v, size_t len)
{
	if (len > KV_VALUE_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
			return false;
	return true;
}

static struct kv_entry *find(const struct kv_store *kv, const char *key)
{
	for (unsigned i = 0; i < KV_ENTRIES_MAX; i++)
		if (kv->e[i].value && !strcmp(kv->e[i].key, key))
			return (struct kv_entry *)&kv->e[i];
	return NULL;
}

void kv_init(struct kv_store *kv)
{
	memset(kv, 0, sizeof(*kv));
}

enum kv_result kv_put(struct kv_store *kv, const char *key, const char *value, size_t len)
{
	struct kv_entry *e;
	char *copy;

	if (!key_ok(key))
		return KV_BAD_KEY;
	if (!value_ok(value, len))
		return KV_BAD_VALUE;
	e = find(kv, key);
	if (!e) {
		for (unsigned i = 0; i < KV_ENTRIES_MAX && !e; i++)
			if (!kv->e[i].value)
				e = &kv->e[i];
		if (!e)
			return KV_FULL;
	}
	copy = kmalloc(len + 1); /* +1: a zero-length value still owns a block */
	if (!copy)
		return KV_NO_MEMORY;
	memcpy(copy, value, len);
	copy[len] = '\0';
	if (e->value) {
		kfree(e->value);
	} else {
		memcpy(e->key, key, strlen(key) + 1); /* key_ok() bounded it */
		kv->count++;
	}
	e->value = copy;
	e->len = len;
	return KV_OK;
}

const char *kv_get(const struct kv_store *kv, const char *key, size_t *len)
{
	const struct kv_entry *e = key_ok(key) ? find(kv, key) : NULL;

	if (!e)
		return NULL;
	*len = e->len;
	return e->value;
}

enum kv_result kv_del(struct kv_store *kv, const char *key)
{
	struct kv_entry *e;

	if (!key_ok(key))
		return KV_BAD_KEY;
	e = find(kv, key);
	if (!e)
		return KV_NOT_FOUND;
	/* wipe before freeing: the value was private and stays so */
	memset(e->value, 0, e->len);
	kfree(e->value);
	memset(e, 0, sizeof(*e));
	kv->count--;
	return KV_OK;
}

void kv_clear(struct kv_store *kv)
{
	for (unsigned i = 0; i < KV_ENTRIES_MAX; i++)
		if (kv->e[i].value)
			kv_del(kv, kv->e[i].key);
}
