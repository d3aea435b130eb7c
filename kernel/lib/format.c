/* printf-style formatting into a bounded buffer; see cocoon/format.h for the
 * supported subset. No floating point: the kernel is built without FP. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <cocoon/format.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, even past size */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width, prec; /* prec < 0: none */
};

static void emit_str(struct out *o, const struct spec *sp, const char *s)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
	if (!sp->left)
		pad(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - (int)n);
}

static void emit_num(struct out *o, const struct spec *sp, uint64_t v, bool neg,
		     unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len, zeros, total;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0; /* C11 7.21.6.1: precision 0 with value 0 prints no digits */

	if (neg)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16 && n && !(n == 1 && tmp[0] == '0'))
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0'))
		prefix = "0";
	prefix_len = (int)strlen(prefix);

	zeros = sp->prec > n ? sp->prec - n : 0;
	total = prefix_len + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (const char *p = fmt; *p; p++) {
		struct spec sp = { .prec = -1 };
		int lng = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long/size_t/... */

		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		for (;;) {
			char f = *++p;
			if (f == '-')
				sp.left = true;
			else if (f == '0')
				sp.zero = true;
			else if (f == '+')
				sp.plus = true;
			else if (f == ' ')
				sp.space = true;
			else if (f == '#')
				sp.alt = true;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp.width = sp.width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			sp.prec = 0;
			if (*p == '*') {
				sp.prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					sp.prec = sp.prec * 10 + (*p++ - '0');
			}
		}
		for (;; p++) {
			if (*p == 'h')
				lng--;
			else if (*p == 'l')
				lng++;
			else if (*p == 'z' || *p == 't' || *p == 'j')
				lng = 2;
			else
				break;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = lng >= 1 ? (lng == 1 ? va_arg(ap, long) : va_arg(ap, long long))
					     : va_arg(ap, int);
			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			emit_num(&o, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uint64_t v = lng >= 1 ? (lng == 1 ? va_arg(ap, unsigned long)
						   : va_arg(ap, unsigned long long))
					     : va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			emit_num(&o, &sp, v, false, *p == 'u' ? 10 : *p == 'o' ? 8 : 16, *p == 'X');
			break;
		}
		case 'p':
			sp.alt = true;
			emit_num(&o, &sp, (uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			char s[2] = { c, 0 };
			sp.prec = 1;
			emit_str(&o, &sp, s);
			break;
		}
		case 's':
			emit_str(&o, &sp, va_arg(ap, const char *));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			p--; /* lone '%' at the end: stop */
			break;
		default: /* unknown conversion: print it literally */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
