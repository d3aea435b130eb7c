/* Identity map and MMU on, so C code runs on Normal cacheable memory (with
 * stage 1 translation disabled every data access is Device-nGnRnE: Arm ARM,
 * "The effects of disabling an address translation stage").
 * One level-1 table, 4 KiB granule, T0SZ = 25: 512 blocks of 1 GiB cover the
 * 39-bit VA space, so the walk starts at level 1 (Arm ARM D8.2, 4KB granule).
 *   [0, 1 GiB)       Device-nGnRE, never executable: QEMU virt MMIO (GIC, UART)
 *   [1, 256 GiB)     Normal write-back: RAM starts at 1 GiB on virt
 *   [256, 512 GiB)   Device-nGnRE: virt's high MMIO (redistributors, PCIe ECAM)
 * The GiB holding the image is split (level 2, then level 3 for the image's
 * 2 MiB blocks) so the image is W^X: text read-only and executable, rodata
 * read-only, everything else (data, BSS, stacks, the rest of RAM) writable
 * and never executable; SCTLR_EL1.WXN backs that up in hardware. The page
 * below each kernel stack is left invalid (stack_guard.c).
 * Descriptor bits: Arm ARM D8.3 (VMSAv8-64 descriptor formats). */
#include <stdbool.h>
#include <stdint.h>

#include <cocoon/arch.h>

#include "arm64.h"
#include "stack_guard.h"
#include "sysreg.h"

#define DESC_BLOCK 0x1ul
#define DESC_ATTR(i) ((uint64_t)(i) << 2) /* MAIR_EL1 index */
#define DESC_SH_INNER (3ul << 8)
#define DESC_AF (1ul << 10) /* access flag: set, or the first access faults */
#define DESC_PXN (1ul << 53)
#define DESC_UXN (1ul << 54)
#define DESC_TABLE 0x3ul	 /* level 1/2: next-level table */
#define DESC_PAGE 0x3ul		 /* level 3: 4 KiB page */
#define DESC_AP_RO (2ul << 6)	 /* AP[2:1] = 0b10: read-only at EL1 */
#define DESC_NORMAL (DESC_ATTR(MAIR_NORMAL) | DESC_SH_INNER | DESC_AF)
#define L3_TABLES 4		 /* an image up to 6 MiB + alignment */

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
static uint64_t l2_image[512] __attribute__((aligned(4096)));
static uint64_t l3_image[L3_TABLES][512] __attribute__((aligned(4096)));
extern char __text_end[], __rodata_end[];
static bool wx_on;

/* Leaf attributes of one 4 KiB page of the image. */
static uint64_t image_page(uintptr_t va)
{
	uint64_t d = (uint64_t)va | DESC_PAGE | DESC_NORMAL;

	for (unsigned i = 0; i < ARM64_STACK_AREAS; i++)
		if (va == arm64_stack_guard(i))
			return 0; /* invalid: the stack guard (stack_guard.c) */
	if (va >= (uintptr_t)__image_start && va < (uintptr_t)__text_end)
		return d | DESC_AP_RO | DESC_UXN; /* text: RX at EL1 */
	if (va >= (uintptr_t)__text_end && va < (uintptr_t)__rodata_end)
		return d | DESC_AP_RO | DESC_PXN | DESC_UXN;
	return d | DESC_PXN | DESC_UXN;
}

/* Split the GiB holding the image: 2 MiB blocks RW-NX, the image's blocks
 * into pages. Returns false (and leaves the 1 GiB block) if it cannot. */
static bool map_image_wx(void)
{
	uintptr_t start = (uintptr_t)__image_start, end = (uintptr_t)__image_end;
	uint64_t gib = start >> 30, first = start >> 21, last = (end - 1) >> 21;
	unsigned n = 0;

	if ((end - 1) >> 30 != gib || last - first + 1 > L3_TABLES || start % 4096 ||
	    (uintptr_t)__text_end % 4096 || (uintptr_t)__rodata_end % 4096)
		return false;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t blk = gib << 30 | i << 21;

		if (blk >> 21 < first || blk >> 21 > last) {
			l2_image[i] = blk | DESC_BLOCK | DESC_NORMAL | DESC_PXN | DESC_UXN;
			continue;
		}
		for (uint64_t j = 0; j < 512; j++)
			l3_image[n][j] = image_page((uintptr_t)(blk | j << 12));
		l2_image[i] = (uintptr_t)l3_image[n++] | DESC_TABLE;
	}
	l1_table[gib] = (uintptr_t)l2_image | DESC_TABLE;
	return true;
}

bool mmu_wx_enabled(void)
{
	return wx_on;
}

/* The level-3 descriptor mapping va, or 0 (not in the split image range). */
uint64_t mmu_image_desc(uintptr_t va)
{
	uintptr_t start = (uintptr_t)__image_start;

	if (!wx_on || va >> 30 != start >> 30)
		return 0;
	uint64_t l2 = l2_image[(va >> 21) & 511];
	if ((l2 & 3) != DESC_TABLE)
		return l2;
	return ((const uint64_t *)(uintptr_t)(l2 & 0xfffffffff000ull))[(va >> 12) & 511];
}

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
	wx_on = map_image_wx();
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
					SCTLR_SA0 | (wx_on ? SCTLR_WXN : 0));
	isb();
}
