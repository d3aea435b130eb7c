/* In-guest check that the periodic timer interrupt really arrives. */
#include <cocoon/arch.h>
#include <cocoon/ktest.h>
#include <cocoon/timer.h>

#define PERIOD_US 10000 /* 100 Hz */
#define WANT_TICKS 5

static void timer_suite(void)
{
	uint64_t f = arch_counter_freq(), c0 = arch_counter(), start_ticks;
	int rc;

	report(f >= 1000000 && f <= 4000000000ull, "counter frequency %llu Hz plausible",
	       (unsigned long long)f);
	udelay(1000);
	report(arch_counter() - c0 >= f / 1000, "counter advances across udelay(1000)");

	start_ticks = timer_ticks;
	rc = arch_timer_start(PERIOD_US);
	report(rc == 0, "periodic timer started");
	if (rc)
		return;
	arch_irq_enable();
	/* wait at most 2 s of counter time: a missing interrupt fails, never hangs */
	c0 = arch_counter();
	while (timer_ticks - start_ticks < WANT_TICKS && arch_counter() - c0 < 2 * f)
		arch_wait_for_interrupt();
	arch_irq_disable();
	arch_timer_stop();
	report(timer_ticks - start_ticks >= WANT_TICKS, "%d timer interrupts within 2 s (got %llu)",
	       WANT_TICKS, (unsigned long long)(timer_ticks - start_ticks));
}
KTEST_SUITE(timer_suite);
