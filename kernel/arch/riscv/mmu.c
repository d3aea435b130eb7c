/* riscv64 W^X: an Sv39 identity map (privileged spec v1.13, "Sv39"), so that
 * nothing is both writable and executable:
 *   [0, 4 KiB)                 unmapped: a NULL dereference page-faults
 *   [image, __text_end)        R+X      kernel text (stvec and the trap code)
 *   [__text_end, __rodata_end) R        rodata, the ktest table
 *   [__pt_start, __pt_end)     R        these page tables, once live
 *   everything else < 2^38     R+W      data, BSS, stacks, heap, the rest of
 *                                       RAM and all MMIO (UART, PLIC, ACLINT,
 *                                       PCIe ECAM and BARs, virtio): never X
 *   a page below each stack     unmapped: stack guard (stack_guard.c)
 * The low half is mapped with 1 GiB leaves; only the GiB (and 2 MiB) holding
 * the image and page 0 are split, so the build is a few thousand stores. What
 * lies at a physical address (RAM or device) is the PMAs' business, not the
 * PTEs' (no Svpbmt), so MMIO needs no attributes of its own. Every leaf has A
 * and D set (without Svadu the hardware may raise a page fault instead of
 * setting them: "Sv32" PTE A/D rules) and G (one address space). */
#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>

#include "mmu.h"
#include "stack_guard.h"
#include "sv39.h"

/* root, GiB 0 and page 0's 2 MiB block, the image's GiB and its 2 MiB blocks
 * (the tables' own pages lie in them): an image up to 4 MiB. */
#define MMU_TABLES 7
#define LEAF (PTE_V | PTE_A | PTE_D | PTE_G)

static sv39_table pt_pool[MMU_TABLES]
	__attribute__((aligned(4096), section(".bss.pagetables")));
static struct sv39 pt;
static bool mmu_on;
static const char *off_why = "not started";
extern char __text_end[], __rodata_end[], __pt_start[], __pt_end[];

static bool build(void)
{
	uintptr_t img = (uintptr_t)__image_start, text_end = (uintptr_t)__text_end;
	uintptr_t ro_end = (uintptr_t)__rodata_end;

	sv39_init(&pt, pt_pool, MMU_TABLES);
	if (!(sv39_map(&pt, 0, SV39_IDENTITY_END, LEAF | PTE_R | PTE_W) &&
	      sv39_map(&pt, 0, 4096, 0) &&
	      sv39_map(&pt, img, text_end, LEAF | PTE_R | PTE_X) &&
	      sv39_map(&pt, text_end, ro_end, LEAF | PTE_R) &&
	      sv39_map(&pt, (uintptr_t)__pt_start, (uintptr_t)__pt_end, LEAF | PTE_R)))
		return false;
	for (unsigned i = 0; i < riscv_stack_guard_count(); i++) {
		uintptr_t g = riscv_stack_guard(i);

		if (g % 4096 || g < img || !sv39_map(&pt, g, g + 4096, 0))
			return false;
	}
	return true;
}

static uint64_t satp_value(void)
{
	return SATP_MODE_SV39 << SATP_MODE_SHIFT | ((uintptr_t)pt_pool[0] >> 12);
}

/* satp is WARL: a write with an unsupported MODE has no effect at all (its
 * description in the privileged spec), so reading it back tells whether this
 * hart pages. The first sfence.vma orders the table stores before the walks,
 * the second drops anything cached under the old satp ("SFENCE.VMA"). */
static bool satp_switch(uint64_t v)
{
	uint64_t got;

	__asm__ volatile("sfence.vma\n\tcsrw satp, %1\n\tsfence.vma\n\tcsrr %0, satp"
			 : "=r"(got)
			 : "r"(v)
			 : "memory");
	return got == v;
}

void riscv_mmu_init(void)
{
	uintptr_t img = (uintptr_t)__image_start;

	if (img % 4096 || (uintptr_t)__text_end % 4096 || (uintptr_t)__rodata_end % 4096 ||
	    (uintptr_t)__image_end > SV39_IDENTITY_END) {
		off_why = "image not page-aligned or above the Sv39 reach";
		return;
	}
	if (!build()) {
		off_why = "the page tables could not be built";
		return;
	}
	if (!satp_switch(satp_value())) {
		off_why = "the hart refused satp mode Sv39";
		return;
	}
	mmu_on = true;
}

bool riscv_mmu_enable_this_hart(void)
{
	return mmu_on && satp_switch(satp_value());
}

void riscv_mmu_disable(const char *why)
{
	if (mmu_on)
		satp_switch(0);
	mmu_on = false;
	off_why = why;
}

bool riscv_mmu_on(void)
{
	return mmu_on;
}

uint64_t riscv_mmu_map_end(void)
{
	return mmu_on ? SV39_IDENTITY_END : BOOTINFO_PHYS_LIMIT;
}

void riscv_mmu_print_summary(unsigned harts_on, unsigned harts_total)
{
	if (!mmu_on) {
		kprintf("  mmu      : satp Bare (%s): no W^X, all memory writable and "
			"executable, no stack guard pages\n", off_why);
		return;
	}
	kprintf("  mmu      : Sv39 identity map on %u of %u hart%s, W^X: text R+X, rodata R, "
		"data/bss/stacks/RAM/MMIO R+W no X, page 0 unmapped (%u tables), "
		"%u stack guard pages\n",
		harts_on, harts_total, harts_total == 1 ? "" : "s", pt.used, riscv_stack_guard_count());
}
