/* Sv39 page tables (RISC-V privileged spec v1.13, "Sv39"): an identity
 * map of the lower half of the 39-bit address space built from a fixed pool
 * of 4 KiB tables, and a walker. Pure (no CSRs): host-tested. Table addresses
 * are used as physical addresses, which holds under an identity map. */
#ifndef COCOON_RISCV_SV39_H
#define COCOON_RISCV_SV39_H

#include <stdbool.h>
#include <stdint.h>

/* PTE bits (the Sv32 page table entry; Sv39 has the same low bits) */
#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ull << 44) - 1) << PTE_PPN_SHIFT)

#define SV39_LEVELS 3
#define SV39_ENTRIES 512
/* VAs must have bits 63:39 equal to bit 38: an identity map reaches 2^38 */
#define SV39_IDENTITY_END (1ull << 38)

typedef uint64_t sv39_table[SV39_ENTRIES];

struct sv39 {
	sv39_table *pool; /* pool[0] is the root */
	unsigned ntables, used;
};

/* Bytes one leaf covers at `level` (2 = 1 GiB, 1 = 2 MiB, 0 = 4 KiB). */
static inline uint64_t sv39_leaf_size(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

/* Start from an empty root (pool[0], zeroed) with ntables >= 1 tables. */
void sv39_init(struct sv39 *pt, sv39_table *pool, unsigned ntables);

/* Identity-map [va, end) (4 KiB aligned, end <= SV39_IDENTITY_END) with leaf
 * bits `flags` (V, R, W, X, G, A, D...; 0 unmaps), the largest leaves the
 * alignment allows. Leaves in the way are split, so later calls refine
 * earlier ones. False when the range is bad or the pool ran out (the tables
 * may then be partly updated: do not use them). */
bool sv39_map(struct sv39 *pt, uint64_t va, uint64_t end, uint64_t flags);

/* The leaf PTE translating va under root (its level in *level), or 0 when
 * va is not mapped (invalid PTE, reserved encoding, or outside the lower half). */
uint64_t sv39_walk(const uint64_t *root, uint64_t va, unsigned *level);

/* Every valid leaf under root, in address order. */
void sv39_for_each_leaf(const uint64_t *root,
			void (*fn)(uint64_t va, unsigned level, uint64_t pte, void *arg),
			void *arg);

#endif
