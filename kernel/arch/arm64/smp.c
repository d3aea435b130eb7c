/* Secondary PEs: PSCI CPU_ON with smp_entry.S as entry point and a
 * struct smp_boot as context id; the PE turns its MMU on with the shared
 * table, says it is online and then runs posted work (one slot, bounded
 * waits on the boot CPU so a dead secondary fails a check instead of hanging). */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>

#include "arm64.h"
#include "sdei.h"
#include "smp.h"
#include "stack_guard.h"
#include "sysreg.h"

#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_AFF_OFF 1
#define WAIT_LIMIT 400000000ul /* iterations of a bounded wait */
#define MPIDR_AFF_MASK 0xff00ffffffull

struct smp_boot {
	uint64_t stack_top; /* read by smp_entry.S */
	volatile uint64_t online, mpidr;
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile uint64_t done;
	volatile int64_t sdei_init; /* sdei_secondary_init() on the PE */
};

static struct smp_boot boot;
noreturn void smp_secondary_main(struct smp_boot *b);

bool smp_find_secondary(uint64_t *mpidr)
{
	const void *fdt = boot_info.fdt;
	uint64_t me = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus, node, len, ac;

	if (!fdt || (cpus = fdt_path_offset(fdt, "/cpus")) < 0)
		return false;
	ac = fdt_address_cells(fdt, cpus);
	fdt_for_each_subnode(node, fdt, cpus) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t m;

		if (!reg || (ac != 1 && ac != 2) || len < 4 * ac)
			continue;
		m = ac == 2 ? (uint64_t)fdt32_ld(&reg[0]) << 32 | fdt32_ld(&reg[1])
			    : fdt32_ld(&reg[0]);
		if ((m & MPIDR_AFF_MASK) != me) {
			*mpidr = m & MPIDR_AFF_MASK;
			return true;
		}
	}
	return false;
}

int64_t smp_cpu_on_raw(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

int64_t smp_start_secondary(uint64_t mpidr)
{
	int64_t r;

	if (boot.online)
		return 0;
	/* in the image, with a guard page below it (stack_guard.c) */
	boot.stack_top = arm64_secondary_stack_top();
	__asm__ volatile("dsb sy" ::: "memory"); /* the PE starts with its MMU off */
	r = smp_cpu_on_raw(mpidr, (uint64_t)(uintptr_t)smp_secondary_entry,
			   (uint64_t)(uintptr_t)&boot);
	if (r)
		return r;
	for (unsigned long i = 0; i < WAIT_LIMIT && !boot.online; i++)
		__asm__ volatile("yield" ::: "memory");
	return boot.online ? 0 : 1;
}

int64_t smp_secondary_sdei_init(void)
{
	return boot.sdei_init;
}

bool smp_secondary_online(void)
{
	return boot.online;
}

bool smp_run_on_secondary(void (*fn)(void *), void *arg)
{
	uint64_t before = boot.done;

	if (!boot.online)
		return false;
	boot.arg = arg;
	__asm__ volatile("dmb ish" ::: "memory");
	boot.fn = fn;
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
	for (unsigned long i = 0; i < WAIT_LIMIT && boot.done == before; i++)
		__asm__ volatile("yield" ::: "memory");
	return boot.done != before;
}

static void cpu_off_self(void *arg)
{
	(void)arg;
	boot.fn = NULL; /* not again when it comes back */
	boot.online = 0;
	__asm__ volatile("dsb ish" ::: "memory");
	psci_call(PSCI_CPU_OFF, 0, 0, 0); /* returns only on failure */
	boot.online = 1;
}

bool smp_stop_secondary(uint64_t mpidr)
{
	if (!boot.online)
		return false;
	boot.arg = NULL;
	__asm__ volatile("dmb ish" ::: "memory");
	boot.fn = cpu_off_self;
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
	for (unsigned long i = 0; i < WAIT_LIMIT; i++) {
		if (!boot.online &&
		    psci_call(PSCI_AFFINITY_INFO_64, mpidr, 0, 0) == PSCI_AFF_OFF)
			return true;
		__asm__ volatile("yield" ::: "memory");
	}
	return false;
}

noreturn void smp_secondary_main(struct smp_boot *b)
{
	b->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	b->fn = NULL;
	b->sdei_init = sdei_secondary_init();
	__asm__ volatile("dmb ish" ::: "memory");
	b->online = 1;
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
	for (;;) {
		void (*fn)(void *) = b->fn;

		if (fn) {
			__asm__ volatile("dmb ish" ::: "memory");
			fn(b->arg);
			b->fn = NULL;
			__asm__ volatile("dmb ish" ::: "memory");
			b->done++;
			__asm__ volatile("dsb ish\n\tsev" ::: "memory");
			continue;
		}
		__asm__ volatile("wfe" ::: "memory");
	}
}
