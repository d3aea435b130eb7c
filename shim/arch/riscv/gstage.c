/* Sv39x4 G-stage tables from a static pool. Every leaf has U = 1: G-stage
 * accesses are treated as U-mode accesses (privileged spec 18.5.1), and A/D
 * preset so no hardware update is needed. */
#include <string.h>

#include "gstage.h"

#define PTE_V (1ull << 0)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define POOL_TABLES 64

/* the root of Sv39x4 is 16 KiB (2048 entries) and 16 KiB aligned */
static uint64_t root[2048] __attribute__((aligned(16384)));
static uint64_t pool[POOL_TABLES][512] __attribute__((aligned(4096)));
static unsigned pool_used;

static uint64_t *next_table(uint64_t *pte)
{
	if (*pte & PTE_V) {
		if (*pte & (GSTAGE_R | GSTAGE_W | GSTAGE_X))
			return NULL; /* already a leaf: would split a mapping */
		return (uint64_t *)(uintptr_t)((*pte >> 10) << 12);
	}
	if (pool_used == POOL_TABLES)
		return NULL;
	uint64_t *t = pool[pool_used++];
	memset(t, 0, 4096);
	*pte = (((uint64_t)(uintptr_t)t >> 12) << 10) | PTE_V;
	return t;
}

static int map_one(uint64_t gpa, uint64_t hpa, unsigned level, uint64_t perms)
{
	uint64_t *t = root, *pte;
	unsigned idx;

	for (unsigned l = 2;; l--) {
		unsigned shift = 12 + 9 * l;
		idx = (unsigned)(gpa >> shift) & (l == 2 ? 0x7ff : 0x1ff);
		pte = &t[idx];
		if (l == level)
			break;
		t = next_table(pte);
		if (!t)
			return -1;
	}
	if (*pte & PTE_V)
		return -1; /* no silent remapping */
	*pte = ((hpa >> 12) << 10) | perms | PTE_U | PTE_A | PTE_D | PTE_V;
	return 0;
}

int gstage_map(uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perms)
{
	if ((gpa | hpa | size) & 0xfff || !size || gpa + size < gpa ||
	    gpa + size > (1ull << GSTAGE_GPA_BITS) || !(perms & (GSTAGE_R | GSTAGE_X)))
		return -1;
	while (size) {
		unsigned level = 0;
		for (unsigned l = 2; l > 0; l--) {
			uint64_t sz = 1ull << (12 + 9 * l);
			if (!((gpa | hpa) & (sz - 1)) && size >= sz) {
				level = l;
				break;
			}
		}
		uint64_t step = 1ull << (12 + 9 * level);
		if (map_one(gpa, hpa, level, perms))
			return -1;
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

uint64_t gstage_hgatp(void)
{
	return (8ull << 60) | ((uint64_t)(uintptr_t)root >> 12);
}

int gstage_lookup(uint64_t gpa, uint64_t *hpa, uint64_t *perms)
{
	const uint64_t *t = root;

	if (gpa >> GSTAGE_GPA_BITS)
		return -1;
	for (int l = 2; l >= 0; l--) {
		unsigned shift = 12 + 9 * (unsigned)l;
		uint64_t pte = t[(gpa >> shift) & (l == 2 ? 0x7ff : 0x1ff)];
		if (!(pte & PTE_V))
			return -1;
		if (pte & (GSTAGE_R | GSTAGE_W | GSTAGE_X)) {
			*hpa = ((pte >> 10) << 12) + (gpa & ((1ull << shift) - 1));
			*perms = pte & (GSTAGE_R | GSTAGE_W | GSTAGE_X);
			return 0;
		}
		t = (const uint64_t *)(uintptr_t)((pte >> 10) << 12);
	}
	return -1;
}

void gstage_reset(void)
{
	memset(root, 0, sizeof(root));
	pool_used = 0;
}
