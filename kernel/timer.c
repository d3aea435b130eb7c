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

/* The counter is the host's (a trapped rdtime, a virtual CNTVCT): one that
 * stops must not hold us here. A counter read takes well over a nanosecond,
 * so us * 1000 reads outlast any honest delay of us microseconds. */
void udelay(uint64_t us)
{
	uint64_t f = arch_counter_freq(), start = arch_counter();
	uint64_t delta = us / 1000000 * f + us % 1000000 * f / 1000000;
	uint64_t reads = us > UINT64_MAX / 1000 ? UINT64_MAX : us * 1000;

	for (uint64_t i = 0; i < reads && arch_counter() - start < delta; i++)
		;
}
