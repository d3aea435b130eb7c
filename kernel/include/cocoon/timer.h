/* Periodic timer tick bookkeeping (the arch programs the hardware). */
#ifndef COCOON_TIMER_H
#define COCOON_TIMER_H
#include <stdint.h>

extern volatile uint64_t timer_ticks;
/* Called from the arch's timer interrupt handler. */
void timer_tick(void);
/* Busy-wait, in counter units converted from microseconds. */
void udelay(uint64_t us);
uint64_t counter_to_us(uint64_t ticks);

#endif
