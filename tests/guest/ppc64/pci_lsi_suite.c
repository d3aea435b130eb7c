/* In-guest checks that virtio completions on pseries arrive as PCI INTx
 * through the interrupt controller CAS negotiated (XIVE exploitation or
 * XICS), behind the irq core: the route the PHB's interrupt-map gives, the
 * controller's own view of the source, the counters of the core and of the
 * device, and level semantics (a completion while the LSI is masked stays
 * asserted and is delivered once on unmask; after the ISR read and the EOI
 * the line is quiet). Uses virtio-blk, the device every virtio config has. */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>
#include <cocoon/pci.h>
#include <cocoon/virtio.h>
#include <irq/irq.h>

#include "lsi_spec.h"
#include "ppc64.h"
#include "xics.h"
#include "xive.h"

#define SPIN_LIMIT 200000 /* iterations, not time: the interrupt is already pending */

/* Open the interrupt window until hwirq's core count reaches want (or the
 * bound): returns the count. */
static unsigned long take(unsigned hwirq, unsigned long want)
{
	arch_irq_enable();
	for (int i = 0; i < SPIN_LIMIT && irq_count(hwirq) < want; i++)
		__asm__ volatile("nop" ::: "memory");
	arch_irq_disable();
	return irq_count(hwirq);
}

/* The controller's own record of where the source goes. */
static void route_check(unsigned hwirq, bool xive)
{
	if (xive) {
		uint64_t target = ~0ull, prio = ~0ull, eisn = ~0ull;

		report(xive_source_is_lsi(hwirq) && (xive_source_flags(hwirq) & 0x8),
		       "lsi: LISN 0x%x is level-sensitive, ESB through H_INT_ESB (flags 0x%llx)",
		       hwirq, (unsigned long long)xive_source_flags(hwirq));
		report(xive_get_source_config(hwirq, &target, &prio, &eisn) == 0 &&
			       target == xive_info.cpu[0].target && prio == xive_info.prio &&
			       eisn == hwirq,
		       "lsi: H_INT_GET_SOURCE_CONFIG: server %llu prio %llu EISN 0x%llx",
		       (unsigned long long)target, (unsigned long long)prio,
		       (unsigned long long)eisn);
	} else {
		uint32_t srv = ~0u, prio = ~0u;

		report(hwirq != LSI_XICS_IPI, "lsi: XICS source 0x%x is not the IPI", hwirq);
		report(xics_get_xive(hwirq, &srv, &prio) == 0 && srv == xics_info.server &&
			       prio == xics_info.prio_device,
		       "lsi: ibm,get-xive: server %u priority %u", srv, prio);
	}
}

/* With virtio-rng on the same LSI as virtio-blk (QEMU swizzles 32 slots
 * onto 4 LSIs): both handlers run on each interrupt, and only the device
 * whose ISR says so counts it. */
static void shared_checks(struct virtio_blk *b, struct virtio_dev *vd, uint32_t hwirq,
			  uint8_t *buf)
{
	const struct intc_node *ic = ppc64_intc();
	struct virtio_rng *r = virtio_rng_get();
	struct virtio_dev *vr = r ? virtio_rng_vdev(r) : NULL;
	struct pci_irq irq;
	uint32_t hw2 = ~0u, b0, r0, s0;
	const char *why;

	if (!vr || !vr->irq || vr->broken || pci_intx_route(boot_info.fdt, vr->pci, &irq) ||
	    lsi_spec_decode(boot_info.fdt, &irq, ic, &hw2, &why) || hw2 != hwirq) {
		report_skip("virtio-rng not on virtio-blk's LSI", "lsi: a shared line");
		return;
	}
	report(strstr(vr->irq_desc, "shared") != NULL,
	       "lsi: virtio-rng shares LSI 0x%x with virtio-blk (%s)", hwirq, vr->irq_desc);
	b0 = vd->irq_count, r0 = vr->irq_count, s0 = vr->irq_spurious;
	report(virtio_blk_read(b, 2, buf, 1) == 0 && vd->irq_count > b0 &&
		       vr->irq_count == r0 && vr->irq_spurious > s0,
	       "lsi: a blk completion runs both handlers, only blk's ISR counts it");
	b0 = vd->irq_count, r0 = vr->irq_count;
	report(virtio_rng_read(r, buf, 16) > 0 && vr->irq_count > r0 && vd->irq_count == b0,
	       "lsi: an rng completion on the same line is rng's alone");
}

static void lsi_checks(void)
{
	const struct intc_node *ic = ppc64_intc();
	struct virtio_blk *b = virtio_blk_get();
	struct virtio_dev *vd = b ? virtio_blk_vdev(b) : NULL;
	struct pci_irq irq;
	struct irq_stats s0, s1;
	const char *why = "-";
	uint32_t hwirq = 0, dev0;
	unsigned long c0, c1;
	uint8_t *buf;
	bool xive;

	if (!vd) {
		report_skip("no virtio-blk device", "lsi: virtio-blk completions as PCI INTx");
		return;
	}
	if (cmdline_flag(&boot_cmdline, "virtio.poll")) {
		report(!vd->irq, "lsi: virtio.poll: virtio-blk polls, no interrupt route");
		return;
	}
	if (!vd->pci->irq_pin) {
		/* Interrupt Pin 0 (PCI 3.0 6.2.4): the function uses no INTx at all
		 * (the powernv shim's devices), so the driver must poll */
		report(!vd->irq, "lsi: virtio-blk has no interrupt pin: polled, no route");
		return;
	}
	if (!report(ic != NULL, "lsi: an interrupt controller runs (%s)", irq_chip_name()))
		return;
	xive = ic->xive;
	report(strcmp(irq_chip_name(), xive ? "XIVE" : "XICS") == 0,
	       "lsi: the irq core drives the negotiated controller (%s)", irq_chip_name());
	if (!report(pci_intx_route(boot_info.fdt, vd->pci, &irq) == 0 &&
			    lsi_spec_decode(boot_info.fdt, &irq, ic, &hwirq, &why) == 0,
		    "lsi: virtio-blk pin %c resolves to LSI 0x%x of the controller (%s)",
		    'A' + vd->pci->irq_pin - 1, hwirq, why ? why : "ok"))
		return;
	if (!report(vd->irq, "lsi: virtio-blk is interrupt-driven (%s)", vd->irq_desc))
		return;
	route_check(hwirq, xive);
	buf = page_alloc(1);
	if (!report(buf != NULL, "lsi: a buffer"))
		return;

	/* a completion, as an interrupt through the controller */
	irq_get_stats(&s0);
	c0 = irq_count(hwirq);
	dev0 = vd->irq_count;
	report(virtio_blk_read(b, 0, buf, 1) == 0, "lsi: virtio-blk read completes");
	irq_get_stats(&s1);
	report(irq_count(hwirq) > c0 && vd->irq_count > dev0,
	       "lsi: the completion arrived through %s (core +%lu, device ISR +%u)",
	       irq_chip_name(), irq_count(hwirq) - c0, (unsigned)(vd->irq_count - dev0));
	report(s1.handled - s0.handled >= irq_count(hwirq) - c0 && s1.unknown == s0.unknown,
	       "lsi: core counters agree: %lu handled, %lu unknown claims",
	       s1.handled - s0.handled, s1.unknown - s0.unknown);
	/* the ISR read deasserted the line and the EOI re-sampled it: quiet */
	c0 = irq_count(hwirq);
	report(take(hwirq, c0 + 1) == c0, "lsi: after the ISR read and EOI the line stays quiet");
	if (xive)
		report(xive_esb_get(hwirq) == 0, "lsi: ESB PQ = 00 after the EOI (%d)",
		       xive_esb_get(hwirq));

	/* level semantics: masked, the completion is held, not lost */
	report(irq_mask(hwirq) == 0, "lsi: masked through the irq core");
	if (xive)
		report(xive_esb_get(hwirq) == XIVE_PQ_Q, "lsi: ESB PQ = 01 while masked");
	c1 = irq_count(hwirq);
	dev0 = vd->irq_count;
	report(virtio_blk_read(b, 1, buf, 1) == 0 && irq_count(hwirq) == c1 &&
		       vd->irq_count == dev0,
	       "lsi: a completion while masked is not delivered (polled ring)");
	report(irq_unmask(hwirq) == 0 && take(hwirq, c1 + 1) == c1 + 1 && vd->irq_count == dev0 + 1,
	       "lsi: unmasked, the level still asserted is delivered once");
	report(take(hwirq, c1 + 2) == c1 + 1, "lsi: and then the line is quiet again");
	if (xive)
		report(xive_esb_get(hwirq) == 0, "lsi: ESB PQ = 00 at the end");
	shared_checks(b, vd, hwirq, buf);
	page_free(buf, 1);
}

static void lsi_suite(void)
{
	lsi_checks();
}
KTEST_SUITE(lsi_suite);
