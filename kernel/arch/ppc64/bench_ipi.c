/* bench=ipi on ppc64 (pseries): the self-IPI round trip on the interrupt
 * controller the boot negotiated (CAS, LoPAPR/PAPR+ B.5): XIVE exploitation
 * (an ESB store triggers the IPI source; the 0x500 vector pulls the event
 * queue and EOIs through the ESB) or, with xive=off, XICS (H_IPI, then H_XIRR
 * and H_EOI; LoPAPR 14.5.4.5). One round trip = send, take the external
 * interrupt, dispatch the handler, EOI, return to the sender. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/format.h>
#include <irq/irq.h>

#define IPI_ITERS 5000u
#define SPIN_LIMIT 200000 /* instructions, not time: the IPI is already pending */

static enum irq_ret ipi_handler(unsigned hwirq, void *arg)
{
	(void)hwirq;
	(void)arg;
	return IRQ_EOI;
}

/* One IPI to this CPU, taken with interrupts enabled; false if it never came. */
static bool round_trip(unsigned hwirq, unsigned long want)
{
	if (irq_send_ipi(0))
		return false;
	arch_irq_enable();
	for (int i = 0; i < SPIN_LIMIT && irq_count(hwirq) < want; i++)
		__asm__ volatile("" ::: "memory");
	arch_irq_disable();
	return irq_count(hwirq) >= want;
}

void arch_bench_ipi(void)
{
	char name[48];
	int ipi = irq_ipi_hwirq(0);
	unsigned long n0;
	uint64_t t0, t1;
	unsigned i;

	fmt_snprintf(name, sizeof(name), "ipi_self_%s", irq_chip_name());
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (ipi < 0) {
		bench_skip(name, "no interrupt controller with IPIs");
		return;
	}
	/* the SMP bring-up may own the IPI already: its handler counts too */
	irq_register((unsigned)ipi, ipi_handler, NULL);
	n0 = irq_count((unsigned)ipi);
	if (!round_trip((unsigned)ipi, n0 + 1)) {
		bench_skip(name, "the self-IPI was not delivered");
		return;
	}
	n0++;
	t0 = arch_counter();
	for (i = 0; i < IPI_ITERS; i++)
		if (!round_trip((unsigned)ipi, n0 + i + 1))
			break;
	t1 = arch_counter();
	if (i < IPI_ITERS) {
		bench_skip(name, "a self-IPI was lost");
		return;
	}
	bench_report(name, t1 - t0, IPI_ITERS);
}
