/* Identity map and MMU on, so C code runs on Normal cacheable memory (with
 * stage 1 translation disabled every data access is Device-nGnRnE: Arm ARM,
 * "The effects of disabling an address translation stage").
 * One level-1 table, 4 KiB granule, T0SZ = 25: 512 blocks of 1 GiB cover the
 * 39-bit VA space, so the walk starts at level 1 (Arm ARM D8.2, 4KB granule).
 *   [0, 1 GiB)       Device-nGnRE, never executable: QEMU virt MMIO (GIC, UART)
 *   [1, 256 GiB)     Normal write-back: RAM starts at 1 GiB on virt
 *   [256, 512 GiB)   Device-nGnRE: virt's high MMIO (redistributors, PCIe ECAM)
 * Descriptor bits: Arm ARM D8.3 (VMSAv8-64 descriptor formats). */
#include <stdint.h>

#include <cocoon/arch.h>

#include "arm64.h"
#include "sysreg.h"

#define DESC_BLOCK 0x1ul
#define DESC_ATTR(i) ((uint64_t)(i) << 2) /* MAIR_EL1 index */
#define DESC_SH_INNER (3ul << 8)
#define DESC_AF (1ul << 10) /* access flag: set, or the first access faults */
#define DESC_PXN (1ul << 53)
#define DESC_UXN (1ul << 54)

#define MAIR_DEVICE 0 /* attr 0x04: Device-nGnRE */
#define MAIR_NORMAL 1 /* attr 0xff: Normal, inner/outer WB read/write-allocate */
#define MAIR_VALUE 0xff04ul

#define TCR_T0SZ 25ul
#define TCR_IRGN0_WBWA (1ul << 8)
#define TCR_ORGN0_WBWA (1ul << 10)
#define TCR_SH0_INNER (3ul << 12)
#define TCR_EPD1 (1ul << 23) /* no TTBR1 walks: nothing lives in the upper half */
#define TCR_IPS_SHIFT 32

static uint64_t l1_table[512] __attribute__((aligned(4096)));

/* Discard stale cache lines over the image (tables, BSS and stack were written
 * with the MMU off, straight to memory; booting.rst has the loader clean the
 * rest to PoC). QEMU has no caches, hardware does. */
static void invalidate_image_dcache(void)
{
	uint64_t line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf); /* DminLine */
	uintptr_t p = (uintptr_t)__image_start & ~(line - 1);

	dsb(sy);
	for (; p < (uintptr_t)__image_end; p += line)
		__asm__ volatile("dc ivac, %0" ::"r"(p) : "memory");
	dsb(sy);
}

void mmu_init(void)
{
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t desc = (i << 30) | DESC_BLOCK | DESC_AF;

		if (i >= 1 && i < 256)
			desc |= DESC_ATTR(MAIR_NORMAL) | DESC_SH_INNER;
		else
			desc |= DESC_ATTR(MAIR_DEVICE) | DESC_PXN | DESC_UXN;
		l1_table[i] = desc;
	}
	invalidate_image_dcache();
	mmu_enable_this_cpu();
}

/* Turn the MMU on with the shared table: the boot CPU after building it, a
 * secondary CPU (smp.c) on its way in. */
void mmu_enable_this_cpu(void)
{
	/* PARange 0..5 maps 1:1 onto TCR.IPS; 52-bit (6) needs FEAT_LPA(2) formats */
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
				      TCR_EPD1 | parange << TCR_IPS_SHIFT);
	write_sysreg(ttbr0_el1, (uintptr_t)l1_table);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tic iallu" ::: "memory");
	dsb(nsh);
	isb();
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA |
					SCTLR_SA0);
	isb();
}
