/* The key-value line protocol (see cocoon/kv.h). */
#include <string.h>

#include <cocoon/format.h>
#include <cocoon/kv.h>

static const char *result_text(enum kv_result r)
{
	switch (r) {
	case KV_OK: return "OK";
	case KV_NOT_FOUND: return "NOT_FOUND";
	case KV_FULL: return "ERR store full";
	case KV_NO_MEMORY: return "ERR out of memory";
	case KV_BAD_KEY: return "ERR bad key";
	case KV_BAD_VALUE: return "ERR bad value";
	}
	return "ERR";
}

/* Split off the next space-separated word of [*p, end) into w (bounded). */
static bool next_word(const char **p, const char *end, char *w, size_t wlen)
{
	size_t n = 0;

	while (*p < end && **p == ' ')
		(*p)++;
	while (*p < end && **p != ' ') {
		if (n + 1 >= wlen)
			return false;
		w[n++] = *(*p)++;
	}
	w[n] = '\0';
	return n > 0;
}

bool kv_handle_line(struct kv_store *kv, const char *line, size_t len, char *out, size_t outlen)
{
	const char *p = line, *end = line + len;
	char cmd[8], key[KV_KEY_MAX + 2];
	size_t vlen;
	const char *v;

	if (len && line[len - 1] == '\r')
		end--; /* tolerate CRLF clients */
	if (memchr(line, '\0', (size_t)(end - line))) {
		fmt_snprintf(out, outlen, "ERR NUL byte in request");
		return false;
	}
	if (!next_word(&p, end, cmd, sizeof(cmd))) {
		fmt_snprintf(out, outlen, "ERR unknown command");
		return false;
	}
	if (!strcmp(cmd, "QUIT")) {
		fmt_snprintf(out, outlen, "BYE");
		return true;
	}
	if (!strcmp(cmd, "COUNT")) {
		fmt_snprintf(out, outlen, "COUNT %u", kv->count);
		return false;
	}
	if (strcmp(cmd, "PUT") && strcmp(cmd, "GET") && strcmp(cmd, "DEL")) {
		fmt_snprintf(out, outlen, "ERR unknown command");
		return false;
	}
	if (!next_word(&p, end, key, sizeof(key))) {
		fmt_snprintf(out, outlen, "ERR bad key");
		return false;
	}
	if (!strcmp(cmd, "PUT")) {
		if (p < end && *p == ' ')
			p++; /* one separator; the rest of the line is the value */
		fmt_snprintf(out, outlen, "%s", result_text(kv_put(kv, key, p, (size_t)(end - p))));
	} else if (!strcmp(cmd, "DEL")) {
		fmt_snprintf(out, outlen, "%s", result_text(kv_del(kv, key)));
	} else if ((v = kv_get(kv, key, &vlen))) {
		fmt_snprintf(out, outlen, "VALUE %.*s", (int)vlen, v);
	} else {
		fmt_snprintf(out, outlen, "NOT_FOUND");
	}
	return false;
}
