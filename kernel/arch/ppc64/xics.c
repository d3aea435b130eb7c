/* XICS through PAPR hcalls (LoPAPR, "Interrupt Support hcalls": H_XIRR,
 * H_EOI, H_CPPR, H_IPI) and RTAS (ibm,set-xive, ibm,get-xive, ibm,int-on,
 * ibm,int-off). The presentation controller of each CPU has a CPPR (current
 * processor priority; an interrupt is presented only if more favoured, i.e.
 * numerically lower) and an MFRR (the IPI: presented as source 2 when its
 * priority is more favoured than the CPPR). XIRR = CPPR (8 bits) | XISR
 * (24 bits source). Accepting raises the CPPR to the interrupt's priority,
 * H_EOI with the old CPPR restores it. */
#include <string.h>

#include <cocoon/kernel.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "xics.h"

#define XICS_IPI 2       /* XISR of an IPI (LoPAPR: interprocessor interrupt source) */
#define PRIO_IPI 4
#define PRIO_DEVICE 5
#define PRIO_MASKED 0xff /* least favoured: lets everything through as CPPR, masks as source priority */
#define XISR_MASK 0x00ffffffu

struct xics_cpu {
	bool online;
	uint32_t server;       /* interrupt server number */
	uint8_t accepted_cppr; /* CPPR before the last accept, for H_EOI */
	bool claimed;          /* accepted once in this dispatch */
};
static struct xics_cpu cpus[PPC64_MAX_CPUS];
static uint32_t tok_set_xive, tok_get_xive, tok_int_on, tok_int_off;
struct xics_info xics_info;

/* One accept per external interrupt: H_XIRR with nothing pending is not a
 * no-op (QEMU then drops CPPR to the pending priority, 0xff, which would
 * release interrupts held behind one whose EOI is deferred). Further
 * pending interrupts raise the exception again. */
static int xics_claim(void)
{
	struct xics_cpu *xc = &cpus[ppc64_cpu_id()];
	uint64_t ret[4] = { 0 };
	uint32_t xirr, xisr;

	if (xc->claimed)
		return IRQ_NONE;
	xc->claimed = true;
	if (ppc64_hcall_ret(ret, H_XIRR, 0, 0, 0, 0, 0, 0) != H_SUCCESS)
		return IRQ_NONE;
	xirr = (uint32_t)ret[0];
	xisr = xirr & XISR_MASK;
	if (!xisr)
		return IRQ_NONE;
	xc->accepted_cppr = (uint8_t)(xirr >> 24);
	/* the IPI stays presented while MFRR is more favoured than CPPR: take it down first */
	if (xisr == XICS_IPI)
		ppc64_hcall(H_IPI, xc->server, PRIO_MASKED, 0, 0);
	return (int)xisr;
}

static void xics_claim_done(void)
{
	cpus[ppc64_cpu_id()].claimed = false;
}

static int xics_eoi(unsigned hwirq)
{
	if (hwirq > XISR_MASK)
		return -1;
	return ppc64_hcall(H_EOI, ((uint64_t)cpus[ppc64_cpu_id()].accepted_cppr << 24) | hwirq, 0,
			   0, 0) == H_SUCCESS
		       ? 0
		       : -1;
}

static int rtas_status(uint32_t tok, int nargs, const uint32_t *args)
{
	uint32_t st;

	if (rtas_call(tok, nargs, 1, args, &st))
		return -1;
	return st == 0 ? 0 : -1;
}

static int xics_route(unsigned hwirq)
{
	uint32_t a[3] = { hwirq, cpus[ppc64_cpu_id()].server, PRIO_DEVICE };

	if (hwirq == XICS_IPI)
		return 0; /* the IPI belongs to the presentation controller */
	/* set-xive alone would enable it: route it masked, unmask separately */
	if (rtas_status(tok_set_xive, 3, a))
		return -1;
	return rtas_status(tok_int_off, 1, a);
}

static int xics_mask(unsigned hwirq)
{
	uint32_t a[1] = { hwirq };

	return hwirq == XICS_IPI ? -1 : rtas_status(tok_int_off, 1, a);
}

static int xics_unmask(unsigned hwirq)
{
	uint32_t a[1] = { hwirq };

	return hwirq == XICS_IPI ? 0 : rtas_status(tok_int_on, 1, a);
}

static int xics_send_ipi(unsigned cpu)
{
	if (cpu >= PPC64_MAX_CPUS || !cpus[cpu].online)
		return -1;
	return ppc64_hcall(H_IPI, cpus[cpu].server, PRIO_IPI, 0, 0) == H_SUCCESS ? 0 : -1;
}

static int xics_ipi_hwirq(unsigned cpu)
{
	return cpu < PPC64_MAX_CPUS && cpus[cpu].online ? XICS_IPI : -1;
}

static int xics_trigger(unsigned hwirq)
{
	return hwirq == XICS_IPI ? xics_send_ipi(ppc64_cpu_id()) : -1;
}

/* On the CPU itself: no IPI pending, then accept every priority. */
static int xics_cpu_init(unsigned cpu, uint32_t server)
{
	if (cpu >= PPC64_MAX_CPUS || cpu != ppc64_cpu_id())
		return -1;
	cpus[cpu].server = server;
	ppc64_hcall(H_IPI, server, PRIO_MASKED, 0, 0);
	if (xics_set_cppr(PRIO_MASKED))
		return -1;
	cpus[cpu].online = true;
	return 0;
}

static const struct irq_chip xics_chip = {
	.name = "XICS",
	.claim = xics_claim,
	.claim_done = xics_claim_done,
	.eoi = xics_eoi,
	.route = xics_route,
	.mask = xics_mask,
	.unmask = xics_unmask,
	.send_ipi = xics_send_ipi,
	.ipi_hwirq = xics_ipi_hwirq,
	.trigger = xics_trigger,
	.cpu_init = xics_cpu_init,
};

int xics_set_cppr(uint8_t cppr)
{
	return ppc64_hcall(H_CPPR, cppr, 0, 0, 0) == H_SUCCESS ? 0 : -1;
}

/* ibm,get-xive: out = status, server, priority */
int xics_get_xive(unsigned hwirq, uint32_t *srv, uint32_t *prio)
{
	uint32_t a[1] = { hwirq }, r[3];

	if (rtas_call(tok_get_xive, 1, 3, a, r) || r[0] != 0)
		return -1;
	*srv = r[1];
	*prio = r[2];
	return 0;
}

int xics_init(const void *fdt, const struct intc_node *n)
{
	(void)n;
	memset(cpus, 0, sizeof(cpus));
	tok_set_xive = rtas_token(fdt, "ibm,set-xive");
	tok_get_xive = rtas_token(fdt, "ibm,get-xive");
	tok_int_on = rtas_token(fdt, "ibm,int-on");
	tok_int_off = rtas_token(fdt, "ibm,int-off");
	if (!tok_set_xive || !tok_get_xive || !tok_int_on || !tok_int_off) {
		kprintf("xics: /rtas lacks ibm,set-xive/get-xive/int-on/int-off\n");
		return -1;
	}
	if (xics_cpu_init(0, ppc64_boot_server(fdt))) {
		kprintf("xics: H_CPPR failed\n");
		return -1;
	}
	xics_info.server = cpus[0].server;
	xics_info.prio_ipi = PRIO_IPI;
	xics_info.prio_device = PRIO_DEVICE;
	return irq_chip_register(&xics_chip);
}
