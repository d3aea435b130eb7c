/* riscv64 W^X: Sv39 identity map built at boot (mmu.c). */
#ifndef COCOON_RISCV_MMU_H
#define COCOON_RISCV_MMU_H

#include <stdbool.h>
#include <stdint.h>

#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE 0ull
#define SATP_MODE_SV39 8ull
#define SATP_PPN_MASK ((1ull << 44) - 1)

/* Boot hart, first thing in arch_early_init: build the tables and switch
 * satp to Sv39. Leaves satp Bare (and says why) when it cannot. */
void riscv_mmu_init(void);
/* A secondary hart on its way in: the same satp. True when it took it. */
bool riscv_mmu_enable_this_hart(void);
/* mmu=off (debugging): back to Bare on the boot hart; secondaries stay Bare. */
void riscv_mmu_disable(const char *why);
/* satp is Sv39 with our tables on the boot hart. */
bool riscv_mmu_on(void);
/* End of what the kernel may address: the identity map's end (2^38) with
 * paging on, the platform's physical limit with satp Bare. */
uint64_t riscv_mmu_map_end(void);
/* The "  mmu      :" summary line; harts_on of harts_total harts paged. */
void riscv_mmu_print_summary(unsigned harts_on, unsigned harts_total);

#endif
