/* riscv64 periodic timer: SBI TIME set_timer (SBI v3.0 chapter 6), or the
 * legacy set_timer when TIME is absent; the counter is the `time` CSR, its
 * frequency /cpus "timebase-frequency" (validated in arch_late_init). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/timer.h>

#include "sbi.h"
#include "trap.h"

#define SIE_STIE (1ul << 5)
#define SSTATUS_SIE (1ul << 1)

uint64_t riscv_timebase_hz;
static uint64_t period_ticks, next_deadline;
static bool have_time_ext;

uint64_t arch_counter(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t arch_counter_freq(void)
{
	return riscv_timebase_hz;
}

/* false when neither call took it (legacy: 0 is success, SBI v3.0 5.1) */
static bool set_timer(uint64_t when)
{
	if (have_time_ext && sbi_set_timer(when))
		return true;
	return sbi_legacy_call(SBI_EXT_LEGACY_SET_TIMER, when) == 0;
}

void riscv_timer_interrupt(void)
{
	if (!period_ticks) {
		set_timer(UINT64_MAX); /* stopped: a stray interrupt just clears */
		return;
	}
	/* skip missed periods rather than storming to catch up */
	next_deadline += period_ticks;
	if ((int64_t)(arch_counter() - next_deadline) > 0)
		next_deadline = arch_counter() + period_ticks;
	set_timer(next_deadline);
	timer_tick();
}

int arch_timer_start(uint64_t period_us)
{
	if (!riscv_timebase_hz || !period_us)
		return -1;
	have_time_ext = sbi_probe(SBI_EXT_TIME);
	/* TIME set_timer has no defined error (SBI 6.1): one means the firmware
	 * is broken; say so once and use the legacy call from now on */
	if (have_time_ext && !sbi_set_timer(UINT64_MAX)) {
		kprintf("riscv: SBI TIME set_timer failed: using the legacy SET_TIMER call\n");
		have_time_ext = false;
	}
	period_ticks = period_us * riscv_timebase_hz / 1000000;
	if (!period_ticks)
		period_ticks = 1;
	next_deadline = arch_counter() + period_ticks;
	set_timer(next_deadline);
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
	return 0;
}

void arch_timer_stop(void)
{
	__asm__ volatile("csrc sie, %0" ::"r"(SIE_STIE));
	period_ticks = 0;
	set_timer(UINT64_MAX);
}

/* A one-shot wake-up for a bounded WFI wait (smp.c): the periodic timer, if
 * running, is held back until riscv_timer_wake_end(), which re-arms it (a
 * missed period then fires at once and is skipped as usual). */
bool riscv_timer_wake_at(uint64_t when)
{
	if (!period_ticks)
		have_time_ext = sbi_probe(SBI_EXT_TIME);
	return set_timer(when);
}

void riscv_timer_wake_end(void)
{
	set_timer(period_ticks ? next_deadline : UINT64_MAX);
}

void arch_irq_enable(void)
{
	__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}
