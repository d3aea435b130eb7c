/* Sv39 identity-map builder and walker (see sv39.h). Non-leaf PTEs carry V
 * only: A, D and U are reserved there (privileged spec, the Sv32 PTE format Sv39 shares). */
#include <string.h>

#include "sv39.h"

#define PTE_RWX (PTE_R | PTE_W | PTE_X)

static bool is_table(uint64_t pte)
{
	return (pte & PTE_V) && !(pte & PTE_RWX);
}

static uint64_t *table_of(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)(((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12);
}

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
	return flags ? (pa >> 12) << PTE_PPN_SHIFT | flags : 0;
}

void sv39_init(struct sv39 *pt, sv39_table *pool, unsigned ntables)
{
	pt->pool = pool;
	pt->ntables = ntables;
	pt->used = 1;
	memset(pool[0], 0, sizeof(sv39_table));
}

/* A next-level table replacing *pte: a leaf becomes 512 leaves with the same
 * bits covering the same range, an invalid entry 512 invalid ones. */
static uint64_t *split(struct sv39 *pt, uint64_t *pte, unsigned level)
{
	uint64_t *t, old = *pte, step = sv39_leaf_size(level - 1) >> 12 << PTE_PPN_SHIFT;

	if (pt->used == pt->ntables)
		return NULL;
	t = pt->pool[pt->used++];
	if (!(old & PTE_V))
		step = old = 0;
	for (unsigned i = 0; i < SV39_ENTRIES; i++, old += step)
		t[i] = old;
	*pte = (uint64_t)(uintptr_t)t >> 12 << PTE_PPN_SHIFT | PTE_V;
	return t;
}

bool sv39_map(struct sv39 *pt, uint64_t va, uint64_t end, uint64_t flags)
{
	if (va % 4096 || end % 4096 || end < va || end > SV39_IDENTITY_END)
		return false;
	while (va < end) {
		uint64_t *t = pt->pool[0];

		for (unsigned level = SV39_LEVELS - 1;; level--) {
			uint64_t size = sv39_leaf_size(level);
			uint64_t *pte = &t[(va >> (12 + 9 * level)) % SV39_ENTRIES];

			if (va % size == 0 && end - va >= size) {
				/* a table replaced here stays in the pool, unused */
				*pte = leaf(va, flags);
				va += size;
				break;
			}
			t = is_table(*pte) ? table_of(*pte) : split(pt, pte, level);
			if (!t)
				return false;
		}
	}
	return true;
}

uint64_t sv39_walk(const uint64_t *root, uint64_t va, unsigned *level)
{
	const uint64_t *t = root;

	if (va >= SV39_IDENTITY_END)
		return 0;
	for (int l = SV39_LEVELS - 1; l >= 0; l--) {
		uint64_t pte = t[(va >> (12 + 9 * l)) % SV39_ENTRIES];

		if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)))
			return 0; /* W without R is reserved */
		if (pte & PTE_RWX) {
			if (level)
				*level = (unsigned)l;
			return pte;
		}
		t = table_of(pte);
	}
	return 0; /* a pointer at level 0 is invalid */
}

static void visit(const uint64_t *t, unsigned level, uint64_t base, unsigned n,
		  void (*fn)(uint64_t, unsigned, uint64_t, void *), void *arg)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t pte = t[i], va = base + i * sv39_leaf_size(level);

		if (!(pte & PTE_V))
			continue;
		if (pte & PTE_RWX)
			fn(va, level, pte, arg);
		else if (level)
			visit(table_of(pte), level - 1, va, SV39_ENTRIES, fn, arg);
	}
}

void sv39_for_each_leaf(const uint64_t *root,
			void (*fn)(uint64_t va, unsigned level, uint64_t pte, void *arg),
			void *arg)
{
	/* root entries 256..511 translate the upper half: not part of the map */
	visit(root, SV39_LEVELS - 1, 0, SV39_ENTRIES / 2, fn, arg);
}
