/* Secondary CPUs on pseries: started with RTAS start-cpu (LoPAPR chapter 7, RTAS,
 * "start-cpu": in = CPU id (the cpu node's reg), start address, r3 value;
 * out = status). Each one takes its own trap frame and stacks, sets up its
 * interrupt presenter through the irq core, then idles in H_CEDE and serves
 * requests from the boot CPU through a mailbox (each request is followed by
 * an IPI to wake it). */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "stack_guard.h"

#define STACK_SIZE 16384

/* Layout used by smp_entry.S: stack_top, toc, entry come first. */
struct ppc64_cpu_boot {
	uint64_t stack_top, toc, entry;
	unsigned cpu;
	uint32_t server;
	volatile uint32_t state;
	volatile int irq_rc;
	volatile uint64_t msr;
	volatile uint32_t cmd;
	volatile unsigned long served;
};

static struct ppc64_cpu_boot boots[PPC64_MAX_CPUS] __attribute__((aligned(64)));
static unsigned char trap_stacks[PPC64_MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
static struct ppc64_trap_frame frames[PPC64_MAX_CPUS] __attribute__((aligned(64)));
struct ppc64_smp_info ppc64_smp;

void ppc64_secondary_entry(void);
noreturn void ppc64_secondary_main(struct ppc64_cpu_boot *b);

noreturn void ppc64_secondary_main(struct ppc64_cpu_boot *b)
{
	ppc64_traps_init_cpu(b->cpu, &frames[b->cpu], trap_stacks[b->cpu] + STACK_SIZE);
	ppc64_mmu_enable_cpu();
	b->msr = mfmsr();
	b->irq_rc = irq_cpu_init(b->cpu, b->server);
	__asm__ volatile("sync" ::: "memory");
	b->state = PPC64_CPU_ONLINE;
	for (;;) {
		uint32_t cmd = b->cmd;

		if (cmd) {
			/* account first: the boot CPU may look as soon as the IPI lands */
			b->cmd = 0;
			b->served++;
			__asm__ volatile("sync" ::: "memory");
			if (cmd == PPC64_CMD_IPI_BOOT)
				irq_send_ipi(0);
			continue;
		}
		/* idle with MSR[EE] = 1 until an interrupt (LoPAPR H_CEDE) */
		ppc64_hcall(H_CEDE, 0, 0, 0, 0);
		arch_irq_disable();
	}
}

static bool cpu_node(const void *fdt, int node, uint32_t *reg, uint32_t *server)
{
	int len;
	const char *dt = fdt_getprop(fdt, node, "device_type", &len);
	const fdt32_t *p;

	if (!dt || len <= 0 || strnlen(dt, (size_t)len) == (size_t)len || strcmp(dt, "cpu"))
		return false;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p || len != 4)
		return false;
	*reg = fdt32_ld(p);
	p = fdt_getprop(fdt, node, "ibm,ppc-interrupt-server#s", &len);
	*server = p && len >= 4 ? fdt32_ld(p) : *reg;
	return true;
}

int ppc64_smp_start(const void *fdt)
{
	uint32_t tok = rtas_token(fdt, "start-cpu"), boot = ppc64_boot_server(fdt);
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	unsigned idx = 1;
	uint64_t toc;

	memset(&ppc64_smp, 0, sizeof(ppc64_smp));
	ppc64_smp.ncpus = 1;
	if (cpus < 0)
		return -1;
	ppc64_smp.have_token = tok != 0;
	__asm__ volatile("mr %0, 2" : "=r"(toc));
	fdt_for_each_subnode(node, fdt, cpus) {
		struct ppc64_cpu_boot *b;
		uint32_t reg, server, a[3], st;
		uint64_t t0, hz = arch_counter_freq();

		if (!cpu_node(fdt, node, &reg, &server) || server == boot)
			continue;
		ppc64_smp.found++;
		if (!tok || idx >= PPC64_MAX_CPUS)
			continue;
		b = &boots[idx];
		memset(b, 0, sizeof(*b));
		/* the kernel stack has a guard page below it (stack_guard.c) */
		b->stack_top = (uintptr_t)(ppc64_cpu_stacks[idx - 1].stack + PPC64_CPU_STACK);
		b->toc = toc;
		b->entry = (uintptr_t)ppc64_secondary_main;
		b->cpu = idx;
		b->server = server;
		a[0] = reg;
		a[1] = (uint32_t)(uintptr_t)ppc64_secondary_entry;
		a[2] = (uint32_t)(uintptr_t)b;
		__asm__ volatile("sync" ::: "memory");
		if (rtas_call(tok, 3, 1, a, &st) || st != 0) {
			kprintf("smp: start-cpu(%u) failed, status %d\n", reg, (int)st);
			continue;
		}
		/* bounded wait (5 s of timebase) for the CPU to report in */
		t0 = arch_counter();
		while (b->state != PPC64_CPU_ONLINE && arch_counter() - t0 < 5 * hz)
			__asm__ volatile("or 1, 1, 1; or 2, 2, 2" ::: "memory");
		if (b->state != PPC64_CPU_ONLINE) {
			kprintf("smp: CPU %u (server %u) did not come up\n", idx, server);
			continue;
		}
		if (b->irq_rc)
			kprintf("smp: CPU %u: interrupt presenter setup failed\n", idx);
		ppc64_smp.online[idx] = true;
		ppc64_smp.server[idx] = server;
		ppc64_smp.ncpus++;
		idx++;
	}
	return 0;
}

/* Boot CPU side of the mailbox: post cmd, wake the CPU with an IPI. */
int ppc64_smp_request(unsigned cpu, uint32_t cmd)
{
	if (cpu == 0 || cpu >= PPC64_MAX_CPUS || !ppc64_smp.online[cpu])
		return -1;
	boots[cpu].cmd = cmd;
	__asm__ volatile("sync" ::: "memory");
	return irq_send_ipi(cpu);
}

unsigned long ppc64_smp_served(unsigned cpu)
{
	return cpu < PPC64_MAX_CPUS ? boots[cpu].served : 0;
}

uint64_t ppc64_smp_msr(unsigned cpu)
{
	return cpu < PPC64_MAX_CPUS ? boots[cpu].msr : 0;
}

int ppc64_smp_irq_rc(unsigned cpu)
{
	return cpu < PPC64_MAX_CPUS ? boots[cpu].irq_rc : -1;
}
