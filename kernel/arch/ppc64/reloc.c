/* Self-relocation of the PIE image (called from boot/ppc64/entry.S before
 * anything reads a pointer stored in data). The image is linked at 0, so the
 * load base is also the relocation offset. ELFv2 ABI ("Relocation Types"): R_PPC64_RELATIVE
 * writes B + A as a doubleword. lld emits nothing else for a static PIE
 * without preemptible symbols; any other type is counted and reported by
 * arch_early_init(). Must not use global data that needs relocation. */
#include <stdint.h>

#include "ppc64.h"

#define R_PPC64_NONE 0
#define R_PPC64_RELATIVE 22

struct elf64_rela {
	uint64_t r_offset;
	uint64_t r_info; /* symbol << 32 | type */
	int64_t r_addend;
};

unsigned long ppc64_relocs_applied, ppc64_relocs_bad;

void ppc64_relocate(uint64_t base, const struct elf64_rela *r, const struct elf64_rela *end);

/* runs before its own GOT is relocated: it must not read the stack guard */
__attribute__((no_stack_protector)) void ppc64_relocate(uint64_t base, const struct elf64_rela *r, const struct elf64_rela *end)
{
	for (; r < end; r++) {
		uint32_t type = (uint32_t)r->r_info;

		if (type == R_PPC64_RELATIVE && !(r->r_offset & 7)) {
			*(volatile uint64_t *)(base + r->r_offset) = base + (uint64_t)r->r_addend;
			ppc64_relocs_applied++;
		} else if (type != R_PPC64_NONE) {
			ppc64_relocs_bad++;
		}
	}
}
