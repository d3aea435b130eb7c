/* libFuzzer target: the ppc64 Open Firmware tree flattener (kernel/arch/ppc64/
 * of_flatten.c) against a firmware whose every answer comes from the input:
 * child/peer phandles (loops, self-references, garbage), nextprop names (any
 * bytes, repeats), getproplen/getprop lengths that lie, package-to-path
 * answers longer than the buffer. The flattener must end (its node, depth and
 * property bounds) and return either NULL with a message or a tree that
 * passes our own FDT validation. As in tests/unit/test_of_flatten.c the
 * flattener is included as source so the fake can fill its name buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cocoon/fdt_check.h>

size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

#include "../../kernel/arch/ppc64/of_flatten.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static const uint8_t *in;
static size_t in_left;

static uint8_t take8(void)
{
	if (!in_left)
		return 0;
	in_left--;
	return *in++;
}

static uint32_t take32(void)
{
	return (uint32_t)take8() << 24 | (uint32_t)take8() << 16 | (uint32_t)take8() << 8 | take8();
}

/* copy up to max bytes of input into buf (the firmware's answer) */
static uint32_t take_bytes(char *buf, uint32_t max)
{
	uint32_t n = take8();

	if (n > max)
		n = max;
	if (n > in_left)
		n = (uint32_t)in_left;
	memcpy(buf, in, n);
	in += n;
	in_left -= n;
	return n;
}

/* small phandles mostly (so the walk revisits nodes), sometimes anything */
static uint32_t take_ph(void)
{
	uint8_t b = take8();

	return b < 0xf0 ? b % 8 : take32();
}

int of_call(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
	uint8_t how = take8();

	(void)nargs, (void)nret;
	if (how == 0xff || !in_left)
		return in_left ? -1 : (rets[0] = 0, 0); /* refused, or "none" at the end */
	if (!strcmp(service, "child") || !strcmp(service, "peer")) {
		rets[0] = take_ph();
	} else if (!strcmp(service, "nextprop")) {
		/* the real firmware writes a NUL-terminated name into cur_name;
		 * at most 64 bytes here, so it stays terminated (buffer is 256) */
		take_bytes(cur_name, 64);
		rets[0] = how < 0xf0 ? 1 : how == 0xf0 ? 0 : (uint32_t)-1;
	} else if (!strcmp(service, "package-to-path")) {
		uint32_t n = take_bytes(path, args[2]);

		rets[0] = how < 0x80 ? n : take32(); /* or lie about the length */
	} else {
		return -1;
	}
	return 0;
}

uint32_t of_finddevice(const char *p)
{
	(void)p;
	return take_ph();
}

int of_getproplen(uint32_t ph, const char *name)
{
	(void)ph, (void)name;
	return take8() < 0xf0 ? take8() : (int)take32();
}

int of_getprop(uint32_t ph, const char *name, void *buf, uint32_t len)
{
	uint32_t n = take8(), claim;

	(void)ph, (void)name;
	if (n > len)
		n = len;
	if (n > in_left)
		n = (uint32_t)in_left;
	memcpy(buf, in, n);
	in += n;
	in_left -= n;
	claim = take8() < 0xe0 ? n : take32(); /* a lying length now and then */
	return (int)claim;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t out = 0;
	const void *fdt;
	const char *why;

	in = data;
	in_left = size;
	fdt = of_flatten(&out);
	if (fdt) {
		if (out != fdt_totalsize(fdt) || out > FDT_BUF_SIZE || fdt_validate(fdt, out, &why))
			abort();
	}
	return 0;
}
