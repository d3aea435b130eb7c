/* Generic Timer (Arm ARM D12): CNTVCT_EL0 is the counter, CNTFRQ_EL0 its
 * frequency, and the EL1 virtual timer (CNTV_*) the periodic interrupt. The
 * virtual timer works at EL1 whether or not EL2 exists (we set CNTVOFF_EL2 = 0
 * when we owned EL2). Its PPI is the third entry of the "arm,armv8-timer"
 * node's interrupts (Linux binding timer/arm,arch_timer.yaml), 27 by default
 * (Arm BSA). */
#include <libfdt.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/timer.h>

#include "arm64.h"
#include "sysreg.h"

#define CNTV_CTL_ENABLE (1ul << 0)
#define CNTV_CTL_IMASK (1ul << 1)
#define VTIMER_DEFAULT_INTID 27
#define GIC_PPI_TYPE 1
/* CNTFRQ is the host's word: below 1 MHz (Arm ARM D12.1.2: "typically in the
 * range 1-50MHz"; Armv8.6 fixes 1 GHz) every delay and period we derive from
 * it is meaningless, and the self-test's 100 ms window would be empty */
#define FREQ_MIN_HZ 1000000ull
/* the self-test also stops after this many polls: a counter that does not
 * advance must not keep us here */
#define SELFTEST_POLL_LIMIT 10000000u

static uint64_t freq;
static unsigned vtimer_intid = VTIMER_DEFAULT_INTID;
static uint64_t period; /* counter ticks, 0 = stopped */

uint64_t arch_counter(void)
{
	isb(); /* no reading ahead of earlier instructions (Arm ARM D12.2.2) */
	return read_sysreg(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
	return freq;
}

unsigned timer_intid(void)
{
	return vtimer_intid;
}

int timer_parse_intid(const void *fdt, unsigned *intid)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	int gic = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), len, cells;
	const fdt32_t *p, *irq;

	*intid = VTIMER_DEFAULT_INTID;
	if (node < 0 || gic < 0)
		return 0; /* architected default; without a GICv3 it is unused anyway */
	p = fdt_getprop(fdt, gic, "#interrupt-cells", &len);
	if (!p || len != 4 || (fdt32_to_cpu(*p) != 3 && fdt32_to_cpu(*p) != 4)) {
		kprintf("arm64: GIC #interrupt-cells missing or not 3/4\n");
		return -1;
	}
	cells = (int)fdt32_to_cpu(*p);
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irq || len <= 0 || len % (cells * 4) || len / (cells * 4) < 3) {
		kprintf("arm64: timer \"interrupts\" must list at least 3 interrupts\n");
		return -1;
	}
	irq += 2 * cells; /* order: secure phys, non-secure phys, virtual, hyp */
	if (fdt32_to_cpu(irq[0]) != GIC_PPI_TYPE || fdt32_to_cpu(irq[1]) > 15) {
		kprintf("arm64: virtual timer interrupt <%u %u> is not a PPI\n",
			fdt32_to_cpu(irq[0]), fdt32_to_cpu(irq[1]));
		return -1;
	}
	*intid = 16 + fdt32_to_cpu(irq[1]);
	return 0;
}

int timer_init(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer"), len;
	const fdt32_t *cf;

	freq = read_sysreg(cntfrq_el0) & 0xffffffffu; /* bits [63:32] are RES0 */
	if (!freq && node >= 0) {
		/* firmware did not program CNTFRQ: the binding's override */
		cf = fdt_getprop(fdt, node, "clock-frequency", &len);
		if (cf && len == 4)
			freq = fdt32_to_cpu(*cf);
	}
	if (!freq) {
		kprintf("arm64: counter frequency unknown (CNTFRQ_EL0 = 0, no clock-frequency)\n");
		return -1;
	}
	if (freq < FREQ_MIN_HZ) {
		kprintf("arm64: counter frequency %llu Hz is absurd (below 1 MHz)\n",
			(unsigned long long)freq);
		freq = 0;
		return -1;
	}
	return timer_parse_intid(fdt, &vtimer_intid);
}

/* Prove the whole path (timer -> redistributor -> CPU interface) before any
 * code sleeps in WFI waiting on it: with IRQs masked, fire the timer at once
 * and look for its INTID in ICC_HPPIR1_EL1. A device tree that points the GIC
 * at the wrong frames fails here with a message instead of hanging later. */
int timer_selftest(void)
{
	uint64_t start;
	bool seen = false;

	if (!gic_present())
		return 0;
	write_sysreg(cntv_cval_el0, arch_counter());
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	if (gic_enable_ppi(vtimer_intid))
		return -1;
	start = arch_counter();
	for (unsigned i = 0; !seen && i < SELFTEST_POLL_LIMIT && arch_counter() - start < freq / 10;
	     i++)
		seen = (read_sysreg(icc_hppir1_el1) & 0xffffff) == vtimer_intid;
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gic_disable_ppi(vtimer_intid);
	if (!seen)
		kprintf("arm64: timer interrupt INTID %u never reaches the GIC CPU interface\n",
			vtimer_intid);
	return seen ? 0 : -1;
}

int arch_timer_start(uint64_t period_us)
{
	uint64_t ticks = period_us / 1000000 * freq + period_us % 1000000 * freq / 1000000;

	if (!gic_present() || !freq || !ticks || period_us > 1000000000ull)
		return -1;
	period = ticks;
	write_sysreg(cntv_cval_el0, arch_counter() + ticks);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	return gic_enable_ppi(vtimer_intid);
}

void arch_timer_stop(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	period = 0;
}

/* From the GIC handler. Re-arm relative to the last deadline so the period
 * does not drift; if we fell behind by more than a period, restart from now. */
void timer_irq(void)
{
	uint64_t now = arch_counter(), next;

	if (!period) { /* stopped while the (level) interrupt was pending */
		write_sysreg(cntv_ctl_el0, CNTV_CTL_IMASK);
		return;
	}
	next = read_sysreg(cntv_cval_el0) + period;
	if ((int64_t)(next - now) <= 0)
		next = now + period;
	write_sysreg(cntv_cval_el0, next);
	isb();
	timer_tick();
}
