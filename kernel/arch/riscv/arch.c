/* riscv64 platform glue: boot handover, summary, power-off. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/loader_fdt.h>

#include "mmu.h"
#include "sbi.h"
#include "sbi_fwft.h"
#include "smp.h"
#include "stack_guard.h"

const char arch_name[] = "riscv64";

/* A timebase below 1 MHz (real harts: 1 MHz FU740 .. 24 MHz D1; virt 10 MHz)
 * would make every period a handful of ticks: a host that claims one could
 * drown us in timer interrupts. The same bounds as the ppc64 time base. */
#define TIMEBASE_MIN_HZ 1000000u
#define TIMEBASE_MAX_HZ 4000000000u

/* set by boot/riscv/entry.S from a0/a1 */
uint64_t riscv_boot_hartid, riscv_boot_fdt;
extern uint64_t riscv_timebase_hz;
extern void riscv_trap_entry(void);
const char *riscv_console_name(void);

static struct sbi_base_info sbi_info;
static const char *isa = "";

void arch_early_init(void)
{
	riscv_stack_guard_init(); /* sscratch, before stvec: trap_entry.S uses it */
	riscv_mmu_init(); /* W^X before anything else runs */
	__asm__ volatile("csrw stvec, %0" ::"r"((uintptr_t)riscv_trap_entry));
	/* tp holds this hart's id on every hart (smp.h) */
	__asm__ volatile("mv tp, %0" ::"r"(riscv_boot_hartid));
	sbi_base_query(&sbi_info);
}

const void *arch_boot_fdt(size_t *max_size)
{
	/* a1 at entry: untrusted; its contents are validated by the caller.
	 * With paging on only the identity map is readable: not page 0, not
	 * beyond 2^38. */
	if (riscv_mmu_on() && riscv_boot_fdt &&
	    (riscv_boot_fdt < 4096 || riscv_boot_fdt >= riscv_mmu_map_end())) {
		kprintf("cocoon: device tree address 0x%llx is outside the kernel's map\n",
			(unsigned long long)riscv_boot_fdt);
		return NULL;
	}
	return loader_fdt(riscv_boot_fdt, riscv_mmu_on() ? riscv_mmu_map_end() : 0, max_size);
}

int arch_late_init(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), len = 0, cpu;
	const fdt32_t *tb;
	char mmu[8];

	/* before the secondaries start, so they stay Bare too */
	if (cmdline_get(&boot_cmdline, "mmu", mmu, sizeof(mmu)) && !strcmp(mmu, "off"))
		riscv_mmu_disable("mmu=off");
	if (cpus < 0) {
		kprintf("riscv: no /cpus node\n");
		return -1;
	}
	/* timebase-frequency: on /cpus, or (older trees) on each cpu node */
	tb = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	fdt_for_each_subnode(cpu, fdt, cpus) {
		int slen;
		const char *s = fdt_getprop(fdt, cpu, "riscv,isa", &slen);
		if (s && slen > 0 && strnlen(s, (size_t)slen) < (size_t)slen && !*isa)
			isa = s;
		if (!tb)
			tb = fdt_getprop(fdt, cpu, "timebase-frequency", &len);
	}
	if (!tb || len != 4 || fdt32_to_cpu(*tb) < TIMEBASE_MIN_HZ ||
	    fdt32_to_cpu(*tb) > TIMEBASE_MAX_HZ) {
		kprintf("riscv: missing or absurd timebase-frequency\n");
		return -1;
	}
	riscv_timebase_hz = fdt32_to_cpu(*tb);
	/* FWFT features are per hart: the boot hart first, then each secondary
	 * runs the same policy itself. LOCK only on request (fwft.lock). */
	riscv_fwft_lock = cmdline_flag(&boot_cmdline, "fwft.lock");
	fwft_hart_init(&fwft_boot_hart, riscv_boot_hartid, riscv_fwft_lock);
	if (!riscv_smp_init(fdt))
		return -1;
	return 0;
}

void arch_print_summary(void)
{
	if (sbi_info.ok)
		kprintf("  firmware : SBI v%lu.%lu, %s (impl id %lu) version 0x%lx\n",
			sbi_info.spec_version >> 24 & 0x7f, sbi_info.spec_version & 0xffffff,
			sbi_impl_name(sbi_info.impl_id), sbi_info.impl_id, sbi_info.impl_version);
	else if (sbi_info.bad_fid == 0 && sbi_info.bad_err == SBI_ERR_NOT_SUPPORTED)
		kprintf("  firmware : SBI v0.1 (no BASE extension)\n");
	else if (sbi_info.bad_fid >= 0)
		/* a BASE that answers some calls with an error is out of spec (SBI 4) */
		kprintf("  firmware : SBI BASE out of spec (FID %ld: error %ld, %s): treated as "
			"v0.1\n", sbi_info.bad_fid, sbi_info.bad_err, sbi_strerror(sbi_info.bad_err));
	else
		kprintf("  firmware : SBI BASE out of spec (spec version 0x%lx has bit 31 set): "
			"treated as v0.1\n", sbi_info.spec_version);
	/* the base ISA letters, then how many multi-letter extensions follow */
	const char *ext = strchr(isa, '_');
	size_t base_len = ext ? (size_t)(ext - isa) : strlen(isa);
	unsigned n_ext = 0;

	for (const char *p = ext; p && *p; p = strchr(p + 1, '_'))
		n_ext++;
	kprintf("  cpu      : boot hart %llu, isa %.*s + %u extensions, console %s\n",
		(unsigned long long)riscv_boot_hartid, (int)base_len, isa, n_ext,
		riscv_console_name());
	fwft_print_summary();
	unsigned paged = riscv_mmu_on();

	for (unsigned i = 0; i < riscv_nr_secondaries; i++)
		paged += riscv_secondaries[i].run == HART_DONE && riscv_secondaries[i].mmu_on;
	riscv_mmu_print_summary(paged, 1 + riscv_nr_secondaries);
	kprintf("  harts    : boot hart %lu", (unsigned long)riscv_boot_hartid);
	for (unsigned i = 0; i < riscv_nr_secondaries; i++) {
		const struct riscv_hart *h = &riscv_secondaries[i];

		kprintf(", hart %lu %s", h->hartid,
			h->run == HART_DONE ? "started and stopped" : "did not report");
		if (h->run == HART_DONE)
			kprintf(" (PMLEN %u)", h->fwft.pmlen);
	}
	kprintf("\n");
}

noreturn void arch_poweroff(int status)
{
	/* SRST (SBI v3.0 chapter 10): type 0 = shutdown, reason 1 = system failure */
	struct sbiret r = sbi_system_reset(SBI_SRST_SHUTDOWN,
					   status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);

	kprintf("riscv: SRST shutdown returned %ld (%s); trying the legacy call\n", r.error,
		sbi_strerror(r.error));
	sbi_legacy_call(SBI_EXT_LEGACY_SHUTDOWN, 0);
	for (;;)
		__asm__ volatile("wfi");
}
