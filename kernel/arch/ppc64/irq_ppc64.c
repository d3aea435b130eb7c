/* Picking the interrupt controller that CAS negotiated: vec-5 byte 23 says
 * XIVE or XICS, and the matching interrupt-controller node must be in the
 * (rebuilt) tree. External interrupts (0x500) then go to the irq core. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/kernel.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "xics.h"
#include "xive.h"

static struct intc_node intc;
static const char *intc_err;

/* This CPU's interrupt server: the boot CPU node's first
 * ibm,ppc-interrupt-server#s (LoPAPR, cpu node properties), else its reg. */
uint32_t ppc64_boot_server(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu, len;
	uint32_t pir = (uint32_t)mfspr(SPRN_PIR);

	if (cpus < 0)
		return 0;
	/* the CPU we run on: PIR names it (Book III, Processor Identification
	 * Register); it must match a cpu node's server number */
	fdt_for_each_subnode(cpu, fdt, cpus) {
		const fdt32_t *p = fdt_getprop(fdt, cpu, "ibm,ppc-interrupt-server#s", &len);

		if (p && len >= 4 && fdt32_ld(p) == pir)
			return pir;
	}
	fdt_for_each_subnode(cpu, fdt, cpus) {
		const char *dt = fdt_getprop(fdt, cpu, "device_type", &len);
		const fdt32_t *p;

		if (!dt || len <= 0 || strnlen(dt, (size_t)len) == (size_t)len || strcmp(dt, "cpu"))
			continue;
		p = fdt_getprop(fdt, cpu, "ibm,ppc-interrupt-server#s", &len);
		if (p && len >= 4)
			return fdt32_ld(p);
		p = fdt_getprop(fdt, cpu, "reg", &len);
		if (p && len == 4)
			return fdt32_ld(p);
		return 0;
	}
	return 0;
}

int ppc64_irq_init(const void *fdt)
{
	const struct cas_state *c = ppc64_cas();
	bool xive;

	if (!c->ok) {
		intc_err = "CAS gave no usable answer";
		kprintf("ppc64: irq: %s; external interrupts unavailable\n", intc_err);
		return -1;
	}
	xive = c->got.xive;
	if (intc_find(fdt, xive, &intc, &intc_err)) {
		kprintf("ppc64: irq: CAS granted %s but %s; external interrupts unavailable\n",
			xive ? "XIVE" : "XICS", intc_err);
		return -1;
	}
	if ((xive ? xive_init(fdt, &intc) : xics_init(fdt, &intc))) {
		intc_err = "controller initialisation failed";
		kprintf("ppc64: irq: %s\n", intc_err);
		return -1;
	}
	return 0;
}

const struct intc_node *ppc64_intc(void)
{
	return irq_chip_active() ? &intc : NULL;
}

void ppc64_irq_print(void)
{
	if (!irq_chip_active()) {
		kprintf("  irq      : none (%s)\n", intc_err ? intc_err : "not initialised");
		return;
	}
	if (intc.xive)
		kprintf("  irq      : XIVE exploitation, OS TIMA 0x%llx, EQ prio %u at %p, "
			"IPI LISN %u, target %u\n",
			(unsigned long long)xive_info.tima, xive_info.prio, (void *)xive_info.cpu[0].eq,
			xive_info.cpu[0].ipi_lisn, xive_info.cpu[0].target);
	else
		kprintf("  irq      : XICS, server %u, IPI priority %u\n", xics_info.server,
			xics_info.prio_ipi);
}
