/* Timer tick counting and counter-based delays. */
#include <cocoon/arch.h>
#include <cocoon/timer.h>

volatile uint64_t timer_ticks;

void timer_tick(void)
{
	timer_ticks = timer_ticks + 1;
}

uint64_t counter_to_us(uint64_t ticks)
{
	uint64_t f = arch_counter_freq();

	return f ? ticks / f * 1000000 + ticks % f * 1000000 / f : 0;
}

void udelay(uint64_t us)
{
	uint64_t f = arch_counter_freq(), start = arch_counter();
	uint64_t delta = us / 1000000 * f + us % 1000000 * f / 1000000;

	while (arch_counter() - start < delta)
		;
}
