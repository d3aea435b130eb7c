/* Tagged kernel allocator (see cocoon/tagalloc.h). The arena is split into
 * 32-byte granules; the metadata lives out of band at the start of the arena
 * (one struct per granule), so an overflowing block cannot forge it. A block
 * is a run of granules with one tag; adjacent live blocks get different tags,
 * so running off the end of a block is caught like a stale tag. */
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/tagalloc.h>

#define G_USED 1u
#define G_START 2u

struct granule {
	uint8_t tag;    /* current (live) or last (free) owner's tag */
	uint8_t flags;  /* G_USED, G_START */
	uint16_t pad;
	uint32_t run;   /* at a block start: granules in the block */
};

static struct granule *meta;
static uintptr_t data_start;
static size_t ngran;
static unsigned next_tag = 1;
static enum tag_error last_error;
static unsigned long nerrors;

__attribute__((weak)) unsigned arch_pointer_masked_bits(void)
{
	return 0;
}

bool tag_hw_masking(void)
{
	return arch_pointer_masked_bits() >= TAG_BITS;
}

int tagalloc_init(void *arena, size_t size)
{
	uintptr_t a = (uintptr_t)arena, end = a + size;

	meta = NULL;
	ngran = 0;
	last_error = TAG_OK;
	nerrors = 0;
	if (!arena || size < 4 * TAG_GRANULE || end < a || tag_of(arena))
		return -1;
	/* n granules need n * (GRANULE + sizeof(meta)) bytes after alignment */
	ngran = (size - TAG_GRANULE) / (TAG_GRANULE + sizeof(struct granule));
	meta = (struct granule *)ALIGN_UP(a, _Alignof(struct granule));
	data_start = ALIGN_UP((uintptr_t)(meta + ngran), TAG_GRANULE);
	while (ngran && data_start + ngran * TAG_GRANULE > end)
		ngran--;
	if (!ngran) {
		meta = NULL;
		return -1;
	}
	memset(meta, 0, ngran * sizeof(*meta));
	return 0;
}

static bool tag_in_use_near(size_t first, size_t n, unsigned t)
{
	/* the blocks right before and after must not share the new tag */
	if (first && (meta[first - 1].flags & G_USED) && meta[first - 1].tag == t)
		return true;
	if (first + n < ngran && (meta[first + n].flags & G_USED) && meta[first + n].tag == t)
		return true;
	/* and no granule may get back the tag an old pointer to it carried */
	for (size_t i = first; i < first + n; i++)
		if (meta[i].tag == t)
			return true;
	return false;
}

static unsigned pick_tag(size_t first, size_t n)
{
	unsigned t = next_tag;

	for (unsigned tries = 0; tries < TAG_MAX && tag_in_use_near(first, n, t); tries++)
		t = tag_next(t);
	next_tag = tag_next(t);
	return t;
}

void *talloc(size_t size)
{
	size_t n, run = 0;

	if (!meta || !size || size > ngran * TAG_GRANULE)
		return NULL;
	n = (size + TAG_GRANULE - 1) / TAG_GRANULE;
	for (size_t i = 0; i < ngran; i++) {
		run = (meta[i].flags & G_USED) ? 0 : run + 1;
		if (run == n) {
			size_t first = i + 1 - n;
			unsigned t = pick_tag(first, n);
			void *p = (void *)(data_start + first * TAG_GRANULE);

			for (size_t j = first; j <= i; j++)
				meta[j] = (struct granule){ .tag = (uint8_t)t, .flags = G_USED };
			meta[first].flags |= G_START;
			meta[first].run = (uint32_t)n;
			memset(p, 0, n * TAG_GRANULE);
			return tag_set(p, t);
		}
	}
	return NULL;
}

static enum tag_error fail(enum tag_error e, const char *what, const void *p, size_t g)
{
	last_error = e;
	nerrors++;
	if (g < ngran)
		kprintf("tagalloc: %s: %s (pointer %p tag %u, block tag %u)\n", what,
			tag_error_name(e), p, tag_of(p), meta[g].tag);
	else
		kprintf("tagalloc: %s: %s (pointer %p)\n", what, tag_error_name(e), p);
	return e;
}

/* Granule index of p, or ngran when p is not in the arena. */
static size_t granule_of(const void *p)
{
	uintptr_t a = (uintptr_t)tag_strip(p);

	if (!meta || a < data_start || a - data_start >= ngran * TAG_GRANULE)
		return ngran;
	return (a - data_start) / TAG_GRANULE;
}

bool tfree(void *p)
{
	size_t g = granule_of(p);
	unsigned t = tag_of(p);

	if (g == ngran || !t)
		return !fail(TAG_ERR_FOREIGN, "tfree", p, ngran);
	if (!(meta[g].flags & G_USED))
		return !fail(TAG_ERR_DOUBLE_FREE, "tfree", p, g);
	if (meta[g].tag != t)
		return !fail(TAG_ERR_STALE, "tfree", p, g);
	if (!(meta[g].flags & G_START) ||
	    (uintptr_t)tag_strip(p) != data_start + g * TAG_GRANULE)
		return !fail(TAG_ERR_INTERIOR, "tfree", p, g);
	/* granules keep their tag while free: a later owner gets another one */
	for (size_t i = g, n = meta[g].run; i < g + n; i++)
		meta[i].flags = 0;
	meta[g].run = 0;
	last_error = TAG_OK;
	return true;
}

void *tag_access(const void *p, size_t len)
{
	size_t g = granule_of(p), last;
	unsigned t = tag_of(p);
	uintptr_t a = (uintptr_t)tag_strip(p);

	if (g == ngran || !t) {
		fail(TAG_ERR_FOREIGN, "access", p, ngran);
		return NULL;
	}
	if (!len)
		len = 1;
	if (len > ngran * TAG_GRANULE || a + len - 1 - data_start >= ngran * TAG_GRANULE) {
		fail(TAG_ERR_BOUNDS, "access", p, g);
		return NULL;
	}
	last = (a + len - 1 - data_start) / TAG_GRANULE;
	for (size_t i = g; i <= last; i++) {
		if (meta[i].flags & G_USED && meta[i].tag == t)
			continue;
		if (i > g)
			fail(TAG_ERR_BOUNDS, "access", p, i);
		else
			fail(meta[i].flags & G_USED ? TAG_ERR_STALE : TAG_ERR_FREED, "access", p, i);
		return NULL;
	}
	last_error = TAG_OK;
	return tag_hw_masking() ? (void *)p : (void *)a;
}

bool tag_read(const void *p, void *dst, size_t len)
{
	const void *q = tag_access(p, len);

	if (q)
		memcpy(dst, q, len);
	return q != NULL;
}

bool tag_write(void *p, const void *src, size_t len)
{
	void *q = tag_access(p, len);

	if (q)
		memcpy(q, src, len);
	return q != NULL;
}

enum tag_error tag_last_error(void)
{
	return last_error;
}

unsigned long tag_errors(void)
{
	return nerrors;
}

const char *tag_error_name(enum tag_error e)
{
	static const char *const names[] = {
		"ok", "foreign pointer", "not the start of a block", "double free",
		"use after free", "stale pointer (block reallocated)", "out of bounds",
	};

	return (unsigned)e < ARRAY_SIZE(names) ? names[e] : "?";
}

size_t tagalloc_free_bytes(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ngran; i++)
		if (!(meta[i].flags & G_USED))
			n++;
	return n * TAG_GRANULE;
}
