/* ppc64 (pseries) platform glue: boot handover from entry.S, the Open
 * Firmware phase, summary, interrupt mask, power-off. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "ppc64.h"

const char arch_name[] = "ppc64";

uint64_t ppc64_load_base, ppc64_entry_msr, ppc64_of_entry;
bool ppc64_entered_be;

static char fw_name[64];
static size_t fdt_size;
static const void *fdt;

noreturn void kmain(void);
noreturn void ppc64_start(uint64_t of_entry, uint64_t base, uint64_t msr, uint64_t be);

/* From entry.S: 64-bit mode, TOC, stack, BSS and relocations are done. */
noreturn void ppc64_start(uint64_t of_entry, uint64_t base, uint64_t msr, uint64_t be)
{
	ppc64_of_entry = of_entry;
	ppc64_load_base = base;
	ppc64_entry_msr = msr;
	ppc64_entered_be = be != 0;
	kmain();
}

/* The firmware's own name: /openprom "model" (IEEE 1275 /openprom node), e.g. SLOF's
 * version string. VOF has no /openprom. */
static void read_firmware_name(void)
{
	uint32_t ph = of_finddevice("/openprom");
	int len;

	if (of_backend() == OF_VOF_HCALL) {
		strlcpy(fw_name, "VOF", sizeof(fw_name));
		return;
	}
	strlcpy(fw_name, "Open Firmware", sizeof(fw_name));
	if (ph == 0xffffffffu)
		return;
	memset(fw_name, 0, sizeof(fw_name));
	len = of_getprop(ph, "model", fw_name, sizeof(fw_name) - 1);
	if (len <= 0 || !fw_name[0])
		strlcpy(fw_name, "Open Firmware", sizeof(fw_name));
	for (char *p = fw_name; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
}

void arch_early_init(void)
{
	if (ppc64_relocs_bad)
		panic("ppc64: %lu relocations of an unhandled type in the image",
		      ppc64_relocs_bad);
	if (of_init(ppc64_of_entry)) {
		kprintf("ppc64: no usable Open Firmware client interface (entry 0x%llx)\n",
			(unsigned long long)ppc64_of_entry);
		return;
	}
	read_firmware_name();
	if (rtas_init_from_of())
		kprintf("ppc64: no RTAS power-off token in /rtas\n");
	/* before the tree is copied: CAS makes QEMU rebuild it */
	ppc64_cas_negotiate();
}

/* Copy the OF tree into an FDT, leave OF for good (quiesce: a CHRP/PAPR
 * binding; VOF then hands its tree back to QEMU), then take the vectors. */
const void *arch_boot_fdt(size_t *max_size)
{
	*max_size = 0;
	if (of_backend() != OF_NONE) {
		fdt = of_flatten(&fdt_size);
		of_call("quiesce", 0, 0, NULL, NULL);
	}
	ppc64_traps_init();
	*max_size = fdt_size;
	return fdt;
}

int arch_late_init(const void *tree)
{
	/* W^X before anything else runs: needs the memory ranges and CAS's MMU */
	if (ppc64_mmu_init())
		kprintf("ppc64: radix MMU not enabled (%s)\n", ppc64_mmu_off_reason());
	if (ppc64_timer_init(tree))
		return -1;
	/* svm=on: enter secure mode before anything is shared with the host */
	if (ppc64_uv_init(tree))
		kprintf("ppc64: entering secure mode failed\n");
	/* no usable controller is reported and leaves external interrupts
	 * off; the in-guest checks then fail, the boot goes on */
	if (ppc64_irq_init(tree) == 0)
		ppc64_smp_start(tree); /* secondaries idle in H_CEDE and need IPIs */
	return 0;
}

static const char *cpu_name(uint32_t pvr)
{
	switch (pvr >> 16) {
	case 0x004b:
		return "POWER8E";
	case 0x004c:
		return "POWER8NVL";
	case 0x004d:
		return "POWER8";
	case 0x004e:
		return "POWER9";
	case 0x0080:
		return "POWER10";
	case 0x0082:
		return "POWER11";
	default:
		return "unknown";
	}
}

void arch_print_summary(void)
{
	uint32_t pvr = (uint32_t)mfspr(SPRN_PVR);
	unsigned nodes, props, skipped;

	of_flatten_stats(&nodes, &props, &skipped);
	kprintf("  firmware : %s, OF client interface via %s (entry 0x%llx)\n", fw_name,
		of_backend_name(), (unsigned long long)ppc64_of_entry);
	kprintf("  of tree  : flattened %u nodes, %u properties (%u skipped)\n", nodes, props,
		skipped);
	kprintf("  cpu      : PVR 0x%08x (%s), MSR 0x%016llx, entered %s-endian with MSR 0x%llx\n",
		pvr, cpu_name(pvr), (unsigned long long)mfmsr(),
		ppc64_entered_be ? "big" : "little", (unsigned long long)ppc64_entry_msr);
	kprintf("  loader   : loaded at 0x%llx, %lu relocations applied; RTAS power-off token 0x%x\n",
		(unsigned long long)ppc64_load_base, ppc64_relocs_applied, rtas_poweroff_token());
	ppc64_cas_print();
	ppc64_irq_print();
	if (ppc64_smp.found)
		kprintf("  smp      : %u of %u CPUs online via RTAS start-cpu\n", ppc64_smp.ncpus,
			ppc64_smp.found + 1);
	ppc64_mmu_print();
	kprintf("  traps    : %s\n", ppc64_traps_ready
					 ? "vectors 0x100-0xf80, little-endian, SPRG0 frame"
					 : "NOT installed (firmware handlers)");
}

/* MSR[EE] only, via mtmsrd L=1 which writes EE and RI (Power ISA Book III, "Move To MSR Doubleword"). */
void arch_irq_enable(void)
{
	if (ppc64_traps_ready)
		__asm__ volatile("mtmsrd %0, 1" ::"r"(MSR_EE | MSR_RI) : "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("mtmsrd %0, 1" ::"r"(MSR_RI) : "memory");
}

/* H_CEDE (LoPAPR, processor register hcalls) idles the virtual processor until an interrupt;
 * it sets MSR[EE], which is what our callers have done anyway. */
void arch_wait_for_interrupt(void)
{
	if (ppc64_traps_ready && (mfmsr() & MSR_EE))
		ppc64_hcall(H_CEDE, 0, 0, 0, 0);
}

noreturn void arch_poweroff(int status)
{
	(void)status; /* PAPR power-off carries no status: kernel_exit printed it */
	arch_irq_disable();
	rtas_poweroff();
}
