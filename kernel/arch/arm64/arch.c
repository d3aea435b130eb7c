/* arm64 platform glue: boot handover, arch init order, summary, IRQ mask. */
#include <libfdt.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/loader_fdt.h>

#include "arm64.h"
#include "sdei.h"
#include "stack_guard.h"
#include "sysreg.h"

const char arch_name[] = "arm64";

/* written by boot/arm64/entry.S after clearing BSS */
uint64_t arm64_boot_x0, arm64_entry_el;

/* Normal memory in our identity map (mmu.c): where a DTB can be read */
#define RAM_MAP_START (1ull << 30)
#define RAM_MAP_END (256ull << 30)

void arch_early_init(void)
{
	write_sysreg(vbar_el1, (uintptr_t)arm64_vectors); /* entry.S did too; be explicit */
	isb();
	mmu_init();
}

const void *arch_boot_fdt(size_t *max_size)
{
	uint64_t p = arm64_boot_x0;

	/* x0 is untrusted. booting.rst: 8-byte aligned, in RAM. */
	*max_size = 0;
	if (!p)
		return NULL;
	if (p < RAM_MAP_START || p >= RAM_MAP_END) {
		kprintf("arm64: x0 = 0x%llx at entry is not a plausible DTB address\n",
			(unsigned long long)p);
		return NULL;
	}
	return loader_fdt(p, RAM_MAP_END, max_size);
}

int arch_late_init(const void *fdt)
{
	if (psci_init(fdt) || gic_init(fdt) || timer_init(fdt) || timer_selftest())
		return -1;
	return sdei_init(fdt); /* optional: absent SDEI is not an error */
}

void arch_print_summary(void)
{
	uint64_t midr = read_sysreg(midr_el1), mpidr = read_sysreg(mpidr_el1);
	uint32_t v = psci_version();

	kprintf("  el       : entered at EL%llu%s\n", (unsigned long long)arm64_entry_el,
		arm64_entry_el == 2 ? ", dropped to EL1 (no hypervisor)" : "");
	kprintf("  cpu      : MIDR 0x%08llx (implementer 0x%02llx, part 0x%03llx, r%llup%llu), "
		"MPIDR 0x%llx\n",
		(unsigned long long)midr, (unsigned long long)(midr >> 24 & 0xff),
		(unsigned long long)(midr >> 4 & 0xfff), (unsigned long long)(midr >> 20 & 0xf),
		(unsigned long long)(midr & 0xf), (unsigned long long)mpidr);
	kprintf("  psci     : v%u.%u via %s (device tree method)\n", v >> 16, v & 0xffff,
		psci_conduit_name(psci_conduit_in_use()));
	if (mmu_wx_enabled())
		kprintf("  mmu      : identity map, W^X: text RX, rodata R, the rest RW XN, WXN, "
			"%u stack guard pages\n", ARM64_STACK_AREAS);
	else
		kprintf("  mmu      : identity map, image not split: no W^X, no stack guard pages\n");
	gic_print_summary();
	sdei_print_summary();
	if (gic_present())
		kprintf("  irq      : virtual timer on PPI INTID %u\n", timer_intid());
}

void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
	/* Without a GIC nothing could wake us: return, the caller polls. WFI
	 * wakes on a pending IRQ even while PSTATE.I masks it (Arm ARM, WFI). */
	if (gic_present())
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}
