/* In-guest checks of PAPR CAS negotiation and of the interrupt controller
 * it selected (XIVE exploitation or XICS), through the irq core. Each check
 * can fail: the expected outcome follows from the bootargs policy and what
 * the platform offered, not from what was granted. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>
#include <cocoon/timer.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "xics.h"
#include "xive.h"

#define SPIN_LIMIT 200000 /* instructions, not time: the interrupt is already pending */

static volatile bool defer_eoi;
static volatile unsigned last_hwirq;
static volatile unsigned long hits[PPC64_MAX_CPUS]; /* IPIs handled, per CPU */

static enum irq_ret ipi_handler(unsigned hwirq, void *arg)
{
	(void)arg;
	hits[ppc64_cpu_id()]++;
	if (ppc64_cpu_id() != 0)
		return IRQ_EOI; /* the secondary's IPIs: no test hooks */
	last_hwirq = hwirq;
	return defer_eoi ? IRQ_DEFER_EOI : IRQ_EOI;
}

/* Open the window for interrupts until hwirq has been handled `want` times
 * in total (or the bound is reached). */
static unsigned long take(unsigned hwirq, unsigned long want)
{
	uint64_t t0 = arch_counter();

	/* at least SPIN_LIMIT spins and 100 ms of timebase: an emulated
	 * controller may present a pending interrupt only at the hypervisor's
	 * next entry (the powernv shim: its 1 ms hypervisor decrementer) */
	arch_irq_enable();
	for (int i = 0; irq_count(hwirq) < want &&
			(i < SPIN_LIMIT || arch_counter() - t0 < arch_counter_freq() / 10);
	     i++)
		__asm__ volatile("nop" ::: "memory");
	arch_irq_disable();
	return irq_count(hwirq);
}

/* ---- CAS ---------------------------------------------------------------- */
static void cas_checks(void)
{
	const struct cas_state *c = ppc64_cas();
	const void *fdt = boot_info.fdt;
	int chosen = fdt_path_offset(fdt, "/chosen"), len = 0;
	const uint8_t *v5 = chosen >= 0 ? fdt_getprop(fdt, chosen, "ibm,architecture-vec-5", &len)
					: NULL;
	char xv[8], sh[8];
	/* a Secure VM asks for XIVE only when an ultravisor can share its
	 * event queues (and svm.share=off does not forbid it) */
	bool can_share = fdt_path_offset(fdt, "/ibm,ultravisor") >= 0 &&
			 !(cmdline_get(&boot_cmdline, "svm.share", sh, sizeof(sh)) &&
			   !strcmp(sh, "off"));
	bool want_xive = c->plat.xive && (!cmdline_flag(&boot_cmdline, "svm") || can_share);
	uint8_t vec[CAS_VECTOR_MAX];
	size_t vlen;
	struct cas_choice got;
	const char *why;
	bool ivpe, xicp;

	if (cmdline_get(&boot_cmdline, "xive", xv, sizeof(xv)) && !strcmp(xv, "off"))
		want_xive = false;
	report(c->called && c->catch_result == 0, "cas: ibm,client-architecture-support called, "
	       "no exception (status %u)", c->status);
	report(!c->plat_err && c->plat.present,
	       "cas: ibm,arch-vec-5-platform-support read and well formed");
	report(c->pol.xive_allowed == !(cmdline_get(&boot_cmdline, "xive", xv, sizeof(xv)) &&
					 !strcmp(xv, "off")) &&
		       c->pol.svm == cmdline_flag(&boot_cmdline, "svm"),
	       "cas: policy read from OF bootargs matches the kernel command line");
	report(c->req.xive == want_xive, "cas: XIVE %srequested (offered %d, xive=off %d, svm %d)",
	       want_xive ? "" : "not ", c->plat.xive, !c->pol.xive_allowed, c->pol.svm);
	report(c->req.radix == c->plat.radix && c->req.gtse == c->plat.gtse,
	       "cas: radix%s requested as offered", c->plat.gtse ? "+GTSE" : "");
	vlen = cas_build_vector(vec, sizeof(vec), &c->req, 64, "cocoon");
	report(vlen == c->vector_len && vlen > 0, "cas: architecture vector of %zu bytes rebuilt "
	       "identically", vlen);
	report(c->ok && !c->vec5_err, "cas: ibm,architecture-vec-5 read back after CAS (%d bytes)",
	       c->vec5_len);
	report(c->ok && c->got.xive == c->req.xive, "cas: interrupt mode granted as requested (%s)",
	       c->got.xive ? "XIVE" : "XICS");
	report(c->ok && c->got.radix == c->req.radix && c->got.gtse == c->req.gtse,
	       "cas: MMU granted as requested (%s%s)", c->got.radix ? "radix" : "hash",
	       c->got.gtse ? "+GTSE" : "");
	report(v5 && len == c->vec5_len && !memcmp(v5, c->vec5, (size_t)len) &&
		       cas_parse_vec5(v5, (size_t)len, &got, &why) == 0 && got.xive == c->got.xive,
	       "cas: flattened tree carries the post-CAS vec-5 (tree re-read after CAS)");
	ivpe = fdt_node_offset_by_compatible(fdt, -1, "ibm,power-ivpe") >= 0;
	xicp = fdt_node_offset_by_compatible(fdt, -1, "IBM,ppc-xicp") >= 0;
	report(c->got.xive ? ivpe && !xicp : xicp && !ivpe,
	       "cas: only the negotiated interrupt-controller node is in the tree (%s)",
	       ivpe ? "ibm,power-ivpe" : xicp ? "IBM,ppc-xicp" : "none");
}

/* ---- common irq-core checks ------------------------------------------- */
static int ipi = -1;

static void core_checks(void)
{
	const struct cas_state *c = ppc64_cas();
	unsigned long n0;

	report(irq_chip_active() && !strcmp(irq_chip_name(), c->got.xive ? "XIVE" : "XICS"),
	       "irq: %s back end active, as negotiated", irq_chip_name());
	ipi = irq_ipi_hwirq(0);
	report(ipi >= 0 && irq_register((unsigned)ipi, ipi_handler, NULL) == 0,
	       "irq: IPI handler registered (hwirq %d)", ipi);
	if (ipi < 0)
		return;
	report(irq_register((unsigned)ipi, ipi_handler, NULL) != 0,
	       "irq: registering the same interrupt twice is refused");
	n0 = irq_count((unsigned)ipi);
	arch_irq_disable();
	report(irq_send_ipi(0) == 0 && irq_count((unsigned)ipi) == n0,
	       "ipi: self-IPI sent, held while MSR[EE] = 0");
	report(take((unsigned)ipi, n0 + 1) == n0 + 1 && last_hwirq == (unsigned)ipi,
	       "ipi: self-IPI delivered once at 0x500 when enabled");
	for (int i = 0; i < 3; i++) {
		irq_send_ipi(0);
		take((unsigned)ipi, n0 + 2 + i);
	}
	report(irq_count((unsigned)ipi) == n0 + 4, "ipi: three more self-IPIs, each delivered "
	       "once (%lu)", irq_count((unsigned)ipi) - n0);
	report(irq_send_ipi(7) != 0, "ipi: IPI to a CPU that does not exist refused");
}

/* Deferred EOI: while one IPI is in service, another is held; the EOI
 * releases it. Same outcome on both controllers, different mechanisms (XIVE
 * P/Q bits; XICS CPPR raised to the priority in service). */
static void eoi_checks(void)
{
	unsigned long n0 = irq_count((unsigned)ipi);

	defer_eoi = true;
	irq_send_ipi(0);
	take((unsigned)ipi, n0 + 1);
	defer_eoi = false;
	irq_send_ipi(0);
	report(take((unsigned)ipi, n0 + 2) == n0 + 1,
	       "eoi: second IPI held while the first awaits its EOI");
	report(irq_eoi((unsigned)ipi) == 0 && take((unsigned)ipi, n0 + 2) == n0 + 2,
	       "eoi: EOI releases the held IPI");
}

static void decrementer_with_irqs(void)
{
	unsigned long d0 = ppc64_dec_interrupts, n0 = irq_count((unsigned)ipi);
	uint64_t t0 = timer_ticks;

	if (arch_timer_start(1000)) {
		report(false, "irq+dec: timer start");
		return;
	}
	for (int i = 0; i < 3; i++) {
		irq_send_ipi(0);
		arch_irq_enable();
		/* wait for the tick and for this IPI: a hypervisor may present it
		 * only at its next entry, and a second IPI before that coalesces */
		/* bounded by one second of timebase, not by a number of H_CEDEs:
		 * a cede may return early for an interrupt that turns out empty */
		for (uint64_t s0 = arch_counter();
		     arch_counter() - s0 < arch_counter_freq() &&
		     (timer_ticks - t0 < (uint64_t)i + 1 ||
		      irq_count((unsigned)ipi) < n0 + (unsigned long)i + 1);)
			arch_wait_for_interrupt();
		arch_irq_disable();
	}
	arch_timer_stop();
	report(ppc64_dec_interrupts - d0 >= 3 && irq_count((unsigned)ipi) == n0 + 3,
	       "irq+dec: decrementer (%lu) and IPIs (%lu) interleave", ppc64_dec_interrupts - d0,
	       irq_count((unsigned)ipi) - n0);
}

static int vty_irq(void)
{
	int node = fdt_path_offset(boot_info.fdt, "/vdevice/vty@71000000"), len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(boot_info.fdt, node, "interrupts", &len) : NULL;

	return p && len >= 4 ? (int)fdt32_ld(p) : -1;
}

static enum irq_ret dev_handler(unsigned hwirq, void *arg)
{
	(void)hwirq;
	(*(volatile unsigned *)arg)++;
	return IRQ_EOI;
}

/* A PCI INTx (an LSI) from a PCI host bridge's interrupt-map that no
 * driver has attached (entries of 3 address cells, 1 interrupt cell, parent
 * phandle, 2 parent cells): the checks below register and unregister it. */
static int pci_lsi(void)
{
	const void *fdt = boot_info.fdt;
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "pci", 4), len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, "interrupt-map", &len) : NULL;

	for (int e = 0; p && (e + 1) * 7 * 4 <= len; e++) {
		uint32_t lsi = fdt32_ld(&p[e * 7 + 5]), used;
		unsigned n;
		bool taken = false;

		for (unsigned i = 0; ppc64_lsi_line(i, &used, &n) == 0; i++)
			taken |= used == lsi;
		if (!taken)
			return (int)lsi;
	}
	return -1;
}

/* A tree without the controller node: a clear refusal, not a guess. */
static void missing_node_check(void)
{
	const void *fdt = boot_info.fdt;
	size_t size = fdt_totalsize(fdt);
	void *copy = kmalloc(size);
	struct intc_node n;
	const char *why = NULL;
	bool xive = ppc64_cas()->got.xive;
	int node;

	if (!copy) {
		report(false, "intc: copy of the tree for the missing-node check");
		return;
	}
	memcpy(copy, fdt, size);
	node = fdt_node_offset_by_compatible(copy, -1, xive ? INTC_COMPAT_XIVE : INTC_COMPAT_XICS);
	report(node >= 0 && fdt_del_node(copy, node) == 0 && intc_find(copy, xive, &n, &why) < 0 &&
		       why && strstr(why, "no interrupt-controller node"),
	       "intc: tree without the interrupt-controller node refused (%s)", why ? why : "-");
	kfree(copy);
}

/* ---- XIVE --------------------------------------------------------------- */
static void xive_checks(void)
{
	uint64_t flags = xive_source_flags((unsigned)ipi), target, prio, eisn, qpage, qshift;
	unsigned long n0, g0;
	static volatile unsigned dev_hits;
	int vty = vty_irq();
	uint32_t idx0;

	report(flags != ~0ull && !(flags & (1ull << 2)),
	       "xive: H_INT_GET_SOURCE_INFO: IPI is an MSI with ESB pages (flags 0x%llx)",
	       (unsigned long long)flags);
	report(xive_get_source_config((unsigned)ipi, &target, &prio, &eisn) == 0 &&
		       target == xive_info.cpu[0].target && prio == xive_info.prio && eisn == (unsigned)ipi,
	       "xive: H_INT_GET_SOURCE_CONFIG: routed to server %llu prio %llu EISN %llu",
	       (unsigned long long)target, (unsigned long long)prio, (unsigned long long)eisn);
	report(xive_get_queue_config(&qpage, &qshift) == 0 && qpage == (uintptr_t)xive_info.cpu[0].eq &&
		       qshift == xive_info.eq_shift,
	       "xive: H_INT_GET_QUEUE_CONFIG: our %u-byte event queue at 0x%llx",
	       1u << xive_info.eq_shift, (unsigned long long)qpage);
	report(ppc64_hcall(H_INT_SYNC, 0, (unsigned)ipi, 0, 0) == H_SUCCESS,
	       "xive: H_INT_SYNC on the IPI source");
	report(xive_esb_get((unsigned)ipi) == 0, "xive: ESB PQ = 00 when idle");

	/* masking: PQ = 01 drops triggers */
	n0 = irq_count((unsigned)ipi);
	irq_mask((unsigned)ipi);
	irq_send_ipi(0);
	report(xive_esb_get((unsigned)ipi) == XIVE_PQ_Q && take((unsigned)ipi, n0 + 1) == n0,
	       "xive: masked source (PQ = 01) drops the trigger");
	irq_unmask((unsigned)ipi);
	report(take((unsigned)ipi, n0 + 1) == n0 && xive_esb_get((unsigned)ipi) == 0,
	       "xive: unmask does not replay a dropped trigger");
	irq_send_ipi(0);
	report(take((unsigned)ipi, n0 + 1) == n0 + 1, "xive: unmasked source delivers again");

	/* P/Q while in service */
	defer_eoi = true;
	irq_send_ipi(0);
	take((unsigned)ipi, n0 + 2);
	defer_eoi = false;
	report(xive_esb_get((unsigned)ipi) == XIVE_PQ_P, "xive: P set while in service");
	irq_send_ipi(0);
	report(xive_esb_get((unsigned)ipi) == (XIVE_PQ_P | XIVE_PQ_Q),
	       "xive: second trigger in service sets Q (coalesced)");
	irq_eoi((unsigned)ipi);
	report(take((unsigned)ipi, n0 + 3) == n0 + 3 && xive_esb_get((unsigned)ipi) == 0,
	       "xive: EOI with Q set re-fires once, PQ back to 00");

	/* generation-bit queue: entries consumed one per event */
	idx0 = xive_info.cpu[0].eq_idx;
	irq_send_ipi(0);
	take((unsigned)ipi, n0 + 4);
	report(xive_info.cpu[0].eq_idx == (idx0 + 1) % ((1u << xive_info.eq_shift) / 4),
	       "xive: event queue index advanced by one entry (%u -> %u)", idx0,
	       xive_info.cpu[0].eq_idx);

	/* garbage in the event queue: detected, queue re-armed, no hang */
	g0 = xive_info.eq_garbage;
	xive_test_poison_eq(0x7ffffff0u);
	irq_send_ipi(0);
	take((unsigned)ipi, n0 + 5);
	report(xive_info.eq_garbage == g0 + 1 && xive_info.eq_resets >= 1 &&
		       irq_count((unsigned)ipi) == n0 + 5,
	       "xive: bogus event-queue entry detected, queue re-armed");
	irq_send_ipi(0);
	report(take((unsigned)ipi, n0 + 6) == n0 + 6 && xive_info.cpu[0].eq_idx == 1,
	       "xive: IPIs flow through the re-armed queue");

	/* a device source through the same path (pseries' vty; a platform
	 * without /vdevice, as the powernv shim, has no such source) */
	if (vty < 0)
		report_skip("no /vdevice/vty@71000000 interrupt", "xive: vty interrupt routed");
	else
		report(irq_register((unsigned)vty, dev_handler, (void *)&dev_hits) == 0,
	       "xive: vty interrupt (LISN 0x%x) routed through the irq core", vty);
	if (vty >= 0) {
		unsigned before = dev_hits;

		if (irq_trigger((unsigned)vty) == 0) {
			take((unsigned)vty, 1);
			report(dev_hits == before + 1, "xive: vty source triggered through its ESB, "
			       "handled once");
		} else {
			report_skip("LSI source: no software trigger", "xive: vty trigger");
		}
		irq_unregister((unsigned)vty);
	}
	/* an LSI (PCI INTx): ESB only through H_INT_ESB */
	{
		int lsi = pci_lsi();
		uint64_t r[4];

		if (lsi < 0) {
			report_skip("no PCI host bridge", "xive: LSI through H_INT_ESB");
		} else {
			report(ppc64_hcall_ret(r, H_INT_GET_SOURCE_INFO, 0, (unsigned)lsi, 0, 0, 0, 0) ==
					       H_SUCCESS &&
				       (r[0] & 0xc) == 0xc,
			       "xive: LISN 0x%x is an LSI managed by H_INT_ESB (flags 0x%llx)", lsi,
			       (unsigned long long)r[0]);
			report(irq_register((unsigned)lsi, dev_handler, (void *)&dev_hits) == 0 &&
				       xive_esb_get((unsigned)lsi) == 0 &&
				       irq_mask((unsigned)lsi) == 0 &&
				       xive_esb_get((unsigned)lsi) == XIVE_PQ_Q,
			       "xive: LSI routed, unmasked and masked through H_INT_ESB");
			irq_unregister((unsigned)lsi);
		}
	}
	report(ppc64_hcall(H_INT_GET_SOURCE_INFO, 0, 0xfffffff, 0, 0) != H_SUCCESS &&
		       irq_register(0xfffffff, dev_handler, (void *)&dev_hits) != 0,
	       "xive: unknown LISN refused by the hypervisor and by irq_register");
}

/* ---- XICS --------------------------------------------------------------- */
static void xics_checks(void)
{
	unsigned long n0 = irq_count((unsigned)ipi);
	uint64_t r[4];
	uint32_t srv = 0, prio = 0;
	int vty = vty_irq();
	static volatile unsigned dev_hits;

	report(ppc64_hcall_ret(r, H_XIRR, 0, 0, 0, 0, 0, 0) == H_SUCCESS &&
		       (r[0] & 0xffffff) == 0 && (r[0] >> 24) == 0xff,
	       "xics: H_XIRR with nothing pending: XISR 0, CPPR 0xff");
	/* CPPR 0 (most favoured) holds every interrupt */
	xics_set_cppr(0);
	irq_send_ipi(0);
	report(take((unsigned)ipi, n0 + 1) == n0, "xics: CPPR 0 holds the IPI");
	xics_set_cppr(0xff);
	report(take((unsigned)ipi, n0 + 1) == n0 + 1, "xics: CPPR 0xff lets the held IPI in");
	/* a CPPR equal to the IPI priority holds it too */
	xics_set_cppr(xics_info.prio_ipi);
	irq_send_ipi(0);
	report(take((unsigned)ipi, n0 + 2) == n0 + 1,
	       "xics: CPPR equal to the IPI priority holds it");
	xics_set_cppr(0xff);
	take((unsigned)ipi, n0 + 2);

	if (vty < 0) {
		report_skip("no /vdevice/vty@71000000 interrupt", "xics: vty interrupt routed");
		return;
	}
	report(irq_register((unsigned)vty, dev_handler, (void *)&dev_hits) == 0,
	       "xics: vty interrupt 0x%x routed (ibm,set-xive, ibm,int-on)", vty);
	report(xics_get_xive((unsigned)vty, &srv, &prio) == 0 && srv == xics_info.server &&
		       prio == xics_info.prio_device,
	       "xics: ibm,get-xive reads back server %u priority %u", srv, prio);
	report(irq_mask((unsigned)vty) == 0 && xics_get_xive((unsigned)vty, &srv, &prio) == 0 &&
		       prio == 0xff,
	       "xics: ibm,int-off masks the source (priority 0xff)");
	report(irq_unmask((unsigned)vty) == 0 && xics_get_xive((unsigned)vty, &srv, &prio) == 0 &&
		       prio == xics_info.prio_device,
	       "xics: ibm,int-on restores priority %u", prio);
	irq_unregister((unsigned)vty);
	report(irq_register(0xfffff0, dev_handler, (void *)&dev_hits) != 0,
	       "xics: unknown source refused by RTAS and by irq_register");
	report(irq_mask((unsigned)ipi) != 0, "xics: the IPI is not an ICS source (mask refused)");
}

/* ---- SMP: RTAS start-cpu, cross-CPU IPIs --------------------------------- */
static bool wait_hits(unsigned cpu, unsigned long want)
{
	uint64_t t0 = arch_counter(), hz = arch_counter_freq();

	/* the other CPU runs on its own (a host thread that may be descheduled):
	 * bound the wait by 5 s of timebase */
	while (hits[cpu] < want && arch_counter() - t0 < 5 * hz) {
		if (cpu == 0) {
			arch_irq_enable();
			__asm__ volatile("nop; nop; nop; nop" ::: "memory");
			arch_irq_disable();
		}
	}
	return hits[cpu] >= want;
}

static void smp_checks(void)
{
	int ipi1;
	unsigned long h0, h1, served;
	uint64_t msr1;
	bool ok = true;

	if (!ppc64_smp.found) {
		report_skip("one CPU", "smp: secondary CPUs started and cross-CPU IPIs");
		return;
	}
	report(ppc64_smp.have_token && ppc64_smp.ncpus == ppc64_smp.found + 1,
	       "smp: RTAS start-cpu brought %u of %u secondary CPUs online", ppc64_smp.ncpus - 1,
	       ppc64_smp.found);
	if (!ppc64_smp.online[1])
		return;
	msr1 = ppc64_smp_msr(1);
	report((msr1 & MSR_SF) && (msr1 & MSR_LE) && ppc64_smp_irq_rc(1) == 0,
	       "smp: CPU 1 (server %u) runs 64-bit little-endian, presenter set up (MSR 0x%llx)",
	       ppc64_smp.server[1], (unsigned long long)msr1);
	ipi1 = irq_ipi_hwirq(1);
	report(ipi1 >= 0 && (ipi1 == ipi || irq_register((unsigned)ipi1, ipi_handler, NULL) == 0),
	       "smp: CPU 1's IPI (hwirq %d) has a handler", ipi1);
	h1 = hits[1];
	report(irq_send_ipi(1) == 0 && wait_hits(1, h1 + 1),
	       "ipi: boot CPU -> CPU 1, handled on CPU 1");
	h0 = hits[0];
	served = ppc64_smp_served(1);
	report(ppc64_smp_request(1, PPC64_CMD_IPI_BOOT) == 0 && wait_hits(0, h0 + 1) &&
		       ppc64_smp_served(1) == served + 1,
	       "ipi: CPU 1 -> boot CPU, handled on the boot CPU");
	for (int i = 0; i < 5 && ok; i++) {
		h0 = hits[0];
		ok = ppc64_smp_request(1, PPC64_CMD_IPI_BOOT) == 0 && wait_hits(0, h0 + 1);
	}
	report(ok && ppc64_smp_served(1) == served + 6,
	       "ipi: five more round trips boot CPU <-> CPU 1");
	if (ipi1 >= 0 && ipi1 != ipi)
		irq_unregister((unsigned)ipi1);
}

static void cas_irq_suite(void)
{
	struct irq_stats st;

	cas_checks();
	if (!irq_chip_active()) {
		report(false, "irq: no interrupt controller active");
		return;
	}
	core_checks();
	if (ipi < 0)
		return;
	eoi_checks();
	decrementer_with_irqs();
	if (ppc64_cas()->got.xive)
		xive_checks();
	else
		xics_checks();
	missing_node_check();
	smp_checks();
	irq_get_stats(&st);
	report(st.unknown == 0 && st.truncated == 0,
	       "irq: %lu dispatches, %lu handled, %lu spurious, none unknown or runaway",
	       st.dispatches, st.handled, st.spurious);
	irq_unregister((unsigned)ipi);
}
KTEST_SUITE(cas_irq_suite);
