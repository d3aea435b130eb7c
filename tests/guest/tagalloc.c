/* In-guest checks of the tagged allocator (cocoon/tagalloc.h) in whatever
 * mode this CPU runs it: hardware masking (riscv with FWFT PMLEN >= 7) or
 * software untagging (everywhere else). The detection must be the same. */
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/tagalloc.h>

static void tagalloc_suite(void)
{
	size_t before = tagalloc_free_bytes();
	uint64_t v = 0x1122334455667788ull, out = 0;
	char *p = talloc(40), *q = talloc(40), *r, *stale;
	unsigned long errs = tag_errors();
	int local;

	report_info("tagged allocator: %s", tag_hw_masking() ? "hardware masking (tags ignored by the CPU)"
							   : "software untagging");
	if (!p || !q) {
		report(false, "talloc: two blocks");
		return;
	}
	report(tag_of(p) && tag_of(q) && tag_of(p) != tag_of(q),
	       "talloc: tagged pointers, adjacent blocks get different tags (%u, %u)", tag_of(p),
	       tag_of(q));
	report(((uintptr_t)tag_strip(p) % TAG_GRANULE) == 0, "talloc: granule-aligned blocks");
	report(tag_write(p, &v, sizeof(v)) && tag_read(p, &out, sizeof(out)) && out == v,
	       "tag_write/tag_read: round trip through the tagged pointer");
	report(tag_access(p, 2 * TAG_GRANULE + 1) == NULL && tag_last_error() == TAG_ERR_BOUNDS,
	       "tag_access: running into the next block is caught");
	report(tag_access(p, 8) == (tag_hw_masking() ? (void *)p : tag_strip(p)),
	       "tag_access: gives %s", tag_hw_masking() ? "the tagged pointer" : "the untagged address");
	report(!tfree(p + TAG_GRANULE) && tag_last_error() == TAG_ERR_INTERIOR,
	       "tfree: a pointer inside a block is refused");
	report(!tfree(&local) && tag_last_error() == TAG_ERR_FOREIGN,
	       "tfree: a pointer outside the arena is refused");
	report(tfree(p) && tag_last_error() == TAG_OK, "tfree: a live block");
	report(!tfree(p) && tag_last_error() == TAG_ERR_DOUBLE_FREE, "tfree: double free caught");
	report(!tag_access(p, 1) && tag_last_error() == TAG_ERR_FREED,
	       "tag_access: use after free caught");
	stale = p;
	r = talloc(40); /* first fit: the same granules as p */
	report(r && tag_strip(r) == tag_strip(stale) && tag_of(r) != tag_of(stale),
	       "talloc: the freed block comes back with a new tag");
	report(!tag_access(stale, 8) && tag_last_error() == TAG_ERR_STALE,
	       "tag_access: stale pointer after reallocation caught");
	report(!tfree(stale) && tag_last_error() == TAG_ERR_STALE,
	       "tfree: freeing the block through a stale pointer caught");
	report(r && tag_read(r, &out, sizeof(out)) && out == 0,
	       "talloc: the new owner sees zeroed memory, untouched by the refused free");
	report(!tag_access(tag_set(q, 0), 1) && tag_last_error() == TAG_ERR_FOREIGN,
	       "tag_access: an untagged alias of a block is refused");
	report(tag_errors() - errs == 8, "tagalloc: every detection counted (%lu)",
	       tag_errors() - errs);
	report(tfree(r) && tfree(q) && tagalloc_free_bytes() == before,
	       "tfree: free space restored");
	report(!talloc(0) && !talloc((size_t)-1), "talloc: zero and huge sizes refused");
}
KTEST_SUITE(tagalloc_suite);
