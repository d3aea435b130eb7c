/* Kernel command-line parsing (see cocoon/cmdline.h). */
#include <cocoon/cmdline.h>
#include <string.h>

struct cmdline boot_cmdline;

int cmdline_parse(struct cmdline *cl, const char *src, size_t srclen)
{
	size_t n = src ? strnlen(src, srclen) : 0;

	cl->len = 0;
	cl->buf[0] = '\0';
	if (n >= sizeof(cl->buf))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = src[i];
		/* tabs and newlines separate words like spaces; other control bytes are dropped */
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		else if ((unsigned char)c < 0x20 || c == 0x7f)
			continue;
		cl->buf[cl->len++] = c;
	}
	cl->buf[cl->len] = '\0';
	return 0;
}

/* Visit each word as [start, end); returns the last word whose key matches. */
static bool find_key(const struct cmdline *cl, const char *key, const char **val, size_t *vlen)
{
	size_t klen = strlen(key);
	bool found = false;
	const char *p = cl->buf, *end = cl->buf + cl->len;

	if (!klen)
		return false;
	while (p < end) {
		const char *w, *we;
		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		we = p;
		if ((size_t)(we - w) >= klen && !strncmp(w, key, klen) &&
		    (w + klen == we || w[klen] == '=')) {
			found = true;
			*val = w + klen == we ? we : w + klen + 1;
			*vlen = (size_t)(we - *val);
		}
	}
	return found;
}

bool cmdline_get(const struct cmdline *cl, const char *key, char *out, size_t outlen)
{
	const char *v = NULL;
	size_t vlen = 0;

	if (!find_key(cl, key, &v, &vlen))
		return false;
	if (out && outlen) {
		size_t n = vlen < outlen - 1 ? vlen : outlen - 1;
		memcpy(out, v, n);
		out[n] = '\0';
	}
	return true;
}

bool cmdline_flag(const struct cmdline *cl, const char *key)
{
	char v[8];

	if (!cmdline_get(cl, key, v, sizeof(v)))
		return false;
	return !v[0] || !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes") ||
	       !strcmp(v, "true");
}
