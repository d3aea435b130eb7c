/* Tagged kernel allocator. Every allocation carries a 7-bit tag in bits 63:57
 * of the pointer it returns, and the allocator keeps the block's current tag
 * per 32-byte granule. tfree() and the checked accessors compare the two, so
 * a double free, a use after free and the use of a stale pointer after the
 * block was reallocated are caught and reported (with 127 tags a very old
 * pointer can match by chance, as with any tag scheme).
 *
 * Where the hardware ignores the top bits of data addresses (riscv pointer
 * masking with PMLEN >= 7, via SBI FWFT) tagged pointers are dereferenced
 * directly; elsewhere the same API strips the tag in software, and a tagged
 * pointer must only be used through tag_access()/tag_read()/tag_write(). */
#ifndef COCOON_TAGALLOC_H
#define COCOON_TAGALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAG_SHIFT 57
#define TAG_BITS 7
#define TAG_MAX ((1u << TAG_BITS) - 1) /* tags 1..127; 0 = untagged */
#define TAG_GRANULE 32u

static inline unsigned tag_of(const void *p)
{
	return (unsigned)((uintptr_t)p >> TAG_SHIFT) & TAG_MAX;
}

static inline void *tag_strip(const void *p)
{
	return (void *)((uintptr_t)p & ~((uintptr_t)TAG_MAX << TAG_SHIFT));
}

static inline void *tag_set(const void *p, unsigned tag)
{
	return (void *)((uintptr_t)tag_strip(p) | (uintptr_t)(tag & TAG_MAX) << TAG_SHIFT);
}

/* The next tag after t in the cycle 1..TAG_MAX (0 is never handed out). */
static inline unsigned tag_next(unsigned t)
{
	return t % TAG_MAX + 1;
}

enum tag_error {
	TAG_OK,
	TAG_ERR_FOREIGN,     /* not inside the tagged arena, or no tag at all */
	TAG_ERR_INTERIOR,    /* tfree() of a pointer that is not a block start */
	TAG_ERR_DOUBLE_FREE, /* tfree() of a block that is already free */
	TAG_ERR_FREED,       /* access through a pointer whose block is free */
	TAG_ERR_STALE,       /* tag differs: the block was freed and reallocated */
	TAG_ERR_BOUNDS,      /* the access runs past the end of its block */
};

/* Manage [arena, arena + size). 0, or -1 when too small. Resets everything. */
int tagalloc_init(void *arena, size_t size);
/* A zeroed block of at least size bytes, tagged; NULL when out of memory. */
void *talloc(size_t size);
/* Free a block. False (and a report) for anything but a live block start
 * with the block's current tag. */
bool tfree(void *p);
/* Check that [p, p + len) lies in one live block whose tag is p's; then return
 * a pointer the CPU can dereference (p itself with hardware masking, p
 * untagged otherwise). NULL (and a report) when the check fails. */
void *tag_access(const void *p, size_t len);
bool tag_read(const void *p, void *dst, size_t len);
bool tag_write(void *p, const void *src, size_t len);

/* The verdict of the last tfree()/tag_access(), and how many were errors. */
enum tag_error tag_last_error(void);
unsigned long tag_errors(void);
const char *tag_error_name(enum tag_error e);
size_t tagalloc_free_bytes(void);

/* true when this CPU ignores bits 63:57 of data addresses, so talloc()
 * pointers are valid as they are. */
bool tag_hw_masking(void);
/* Arch hook: how many top address bits the hardware ignores for data
 * accesses on the calling CPU (0 = none). A weak default returns 0. */
unsigned arch_pointer_masked_bits(void);

#endif
