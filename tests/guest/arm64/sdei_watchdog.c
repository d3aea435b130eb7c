/* Why SDEI exists: an NMI-like event for a PE that has interrupts masked.
 * The virtual timer's PPI is bound to an SDEI event (INTERRUPT_BIND,
 * DEN0054 SDEI_INTERRUPT_BIND) and armed as a watchdog; then this CPU spins in a long
 * critical section with IRQs masked. An ordinary timer IRQ could never get
 * in; the SDEI event does, and its handler prints where the CPU was stuck and
 * a frame-pointer backtrace, as a lockup detector would.
 * Also checks INTERRUPT_BIND/RELEASE and their error codes. Skips without
 * SDEI or without bind slots. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "arm64.h"
#include "sdei.h"
#include "sysreg.h"

#define CNTV_CTL_ENABLE 1u
#define SPIN_LIMIT 200000000ul /* iterations, not time: the check is "did it fire" */
#define STACK_SIZE (64u << 10) /* linker/arm64.ld */

static volatile int wd_fired;
static volatile uint64_t wd_pc, wd_pstate;
static volatile unsigned wd_frames;

static bool on_stack(uint64_t fp)
{
	uint64_t top = (uint64_t)(uintptr_t)__stack_top;

	return !(fp & 15) && fp >= top - STACK_SIZE && fp + 16 <= top;
}

static void watchdog_handler(struct sdei_handler_ctx *c, void *cookie)
{
	uint64_t fp = c->saved[11], lr; /* interrupted x29 (sdei_entry.S layout) */

	(void)cookie;
	write_sysreg(cntv_ctl_el0, 0); /* the PPI is level-triggered: silence it */
	wd_fired++;
	wd_pc = c->pc;
	wd_pstate = c->pstate;
	kprintf("watchdog: CPU stuck with IRQs %s at pc 0x%llx (PSTATE 0x%llx); backtrace:\n",
		c->pstate & 0x80 ? "masked" : "enabled", (unsigned long long)c->pc,
		(unsigned long long)c->pstate);
	kprintf("  #0 0x%llx\n", (unsigned long long)c->pc);
	wd_frames = 1;
	/* AAPCS64 frame records: [fp] = caller's fp, [fp + 8] = return address */
	while (wd_frames < 8 && on_stack(fp)) {
		lr = ((const uint64_t *)(uintptr_t)fp)[1];
		kprintf("  #%u 0x%llx\n", wd_frames++, (unsigned long long)lr);
		if (((const uint64_t *)(uintptr_t)fp)[0] <= fp)
			break;
		fp = ((const uint64_t *)(uintptr_t)fp)[0];
	}
}

/* IRQs masked for a long time, as a buggy driver might; returns the DAIF seen */
__attribute__((noinline)) static uint64_t long_critical_section(void)
{
	uint64_t daif = read_sysreg(daif), seen;

	__asm__ volatile("msr daifset, #2" ::: "memory");
	seen = read_sysreg(daif);
	/* arm the watchdog: fire as soon as possible */
	write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0));
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	for (unsigned long i = 0; i < SPIN_LIMIT && !wd_fired; i++)
		__asm__ volatile("" ::: "memory");
	write_sysreg(daif, daif);
	return seen;
}

/* A shared event bound to an SPI with nothing behind it (INTID 250 on virt),
 * made pending by software at the distributor. */
#define SPARE_SPI 250
static volatile int spi_hits;
static volatile uint64_t spi_event;

static void spi_handler(struct sdei_handler_ctx *c, void *cookie)
{
	(void)cookie;
	spi_event = c->event;
	spi_hits++;
}

static bool wait_spi(int n)
{
	for (unsigned long i = 0; i < SPIN_LIMIT && spi_hits < n; i++)
		__asm__ volatile("yield" ::: "memory");
	return spi_hits >= n;
}

static void spi_checks(int64_t slots)
{
	uint64_t self = read_sysreg(mpidr_el1) & 0xff00ffffffull;
	int64_t ev;

	if (!(slots >> 16 & 0xffff)) {
		report_skip("no shared bind slots", "SDEI event bound to an SPI");
		return;
	}
	ev = sdei_call(SDEI_INTERRUPT_BIND, SPARE_SPI, 0, 0, 0, 0);
	if (!report(ev >= 0 && sdei_call(SDEI_EVENT_GET_INFO, (uint64_t)ev, 0, 0, 0, 0) == 1,
		    "INTERRUPT_BIND(SPI %u) = shared event 0x%llx", SPARE_SPI, (unsigned long long)ev))
		return;
	report(sdei_event_register((uint64_t)ev, spi_handler, NULL, SDEI_REGF_RM_PE, self) == 0 &&
		       sdei_call(SDEI_EVENT_ENABLE, (uint64_t)ev, 0, 0, 0, 0) == 0,
	       "REGISTER (RM_PE to this PE) + ENABLE the SPI's event");
	spi_hits = 0;
	gic_set_spi_pending(SPARE_SPI);
	report(wait_spi(1) && spi_event == (uint64_t)ev, "the SPI, pended at the distributor, "
	       "arrives as the SDEI event");
	gic_set_spi_pending(SPARE_SPI);
	report(wait_spi(2), "and again after COMPLETE (the shim re-enabled it)");
	report(sdei_call(SDEI_EVENT_UNREGISTER, (uint64_t)ev, 0, 0, 0, 0) == 0 &&
		       sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)ev, 0, 0, 0, 0) == 0,
	       "UNREGISTER + INTERRUPT_RELEASE the SPI's event");
}

static void sdei_watchdog_suite(void)
{
	unsigned ppi = timer_intid();
	int64_t slots, ev, r;
	uint64_t irqs_before, daif, fn = (uint64_t)(uintptr_t)long_critical_section;

	if (!sdei_available()) {
		report_skip(sdei_absent_reason(), "SDEI watchdog");
		return;
	}
	slots = sdei_call(SDEI_FEATURES, 0, 0, 0, 0, 0);
	if (slots <= 0 || !(slots & 0xffff) || !gic_present()) {
		report_skip("no private bind slots", "SDEI watchdog (FEATURES = %lld)", (long long)slots);
		return;
	}
	report(sdei_call(SDEI_INTERRUPT_BIND, 5, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "INTERRUPT_BIND of SGI 5: INVALID_PARAMETERS");
	report(sdei_call(SDEI_INTERRUPT_BIND, 1020, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "INTERRUPT_BIND of INTID 1020 (special): INVALID_PARAMETERS");
	ev = sdei_call(SDEI_INTERRUPT_BIND, ppi, 0, 0, 0, 0);
	if (!report(ev >= 0, "INTERRUPT_BIND(virtual timer PPI %u) = event 0x%llx", ppi,
		    (unsigned long long)ev))
		return;
	report(sdei_call(SDEI_INTERRUPT_BIND, ppi, 0, 0, 0, 0) == ev,
	       "binding the same PPI again gives the same event");
	report(sdei_call(SDEI_EVENT_GET_INFO, (uint64_t)ev, 0, 0, 0, 0) == 0,
	       "the PPI's event is private");
	/* fill the private slots with spare PPIs (16..22 are unused on virt) */
	{
		int64_t extra[16], got = 1, e = 0, rel = 0;
		unsigned n = 0;

		for (unsigned intid = 16; intid <= 22 && n < 16; intid++) {
			e = sdei_call(SDEI_INTERRUPT_BIND, intid, 0, 0, 0, 0);
			if (e < 0)
				break;
			extra[n++] = e;
			got++;
		}
		report(e == SDEI_OUT_OF_RESOURCE && got == (slots & 0xffff),
		       "INTERRUPT_BIND grants exactly the %lld private slots FEATURES reports, "
		       "then OUT_OF_RESOURCE", (long long)(slots & 0xffff));
		for (unsigned i = 0; i < n; i++)
			rel |= sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)extra[i], 0, 0, 0, 0);
		report(n > 0 && rel == 0,
		       "INTERRUPT_RELEASE of the unregistered extra bindings: 0");
	}
	report(sdei_call(SDEI_INTERRUPT_RELEASE, 0, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "INTERRUPT_RELEASE of event 0 (not bound): INVALID_PARAMETERS");
	r = sdei_event_register((uint64_t)ev, watchdog_handler, NULL, 0, 0);
	report(r == 0 && sdei_call(SDEI_EVENT_ENABLE, (uint64_t)ev, 0, 0, 0, 0) == 0,
	       "REGISTER + ENABLE the bound event");
	report(sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)ev, 0, 0, 0, 0) == SDEI_DENIED,
	       "INTERRUPT_RELEASE while registered: DENIED");

	irqs_before = gic_irq_count[ppi];
	wd_fired = 0;
	daif = long_critical_section();
	report(daif & 0x80, "the critical section ran with IRQs masked (DAIF 0x%llx)",
	       (unsigned long long)daif);
	report(wd_fired == 1, "the watchdog event was delivered inside it (%d time%s)", wd_fired,
	       wd_fired == 1 ? "" : "s");
	report(wd_pstate & 0x80, "interrupted PSTATE 0x%llx has IRQs masked",
	       (unsigned long long)wd_pstate);
	report(wd_pc >= fn && wd_pc < fn + 0x200,
	       "interrupted PC 0x%llx is in the critical section (0x%llx)",
	       (unsigned long long)wd_pc, (unsigned long long)fn);
	report(wd_frames >= 1, "backtrace printed (%u frame%s)", wd_frames, wd_frames == 1 ? "" : "s");
	report(gic_irq_count[ppi] == irqs_before, "the kernel's IRQ handler never saw the PPI");

	report(sdei_call(SDEI_EVENT_UNREGISTER, (uint64_t)ev, 0, 0, 0, 0) == 0 &&
		       sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)ev, 0, 0, 0, 0) == 0,
	       "UNREGISTER + INTERRUPT_RELEASE");
	report(sdei_call(SDEI_EVENT_STATUS, (uint64_t)ev, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "a released event number is invalid");
	write_sysreg(cntv_ctl_el0, 0);
	spi_checks(slots);
}
KTEST_SUITE(sdei_watchdog_suite);
