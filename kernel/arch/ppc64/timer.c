/* Time base and decrementer (Power ISA v3.0B Book II "Time Base", Book III
 * "Decrementer").
 * Counter = TB (mftb). The periodic tick is the decrementer interrupt
 * (0x900): it is pending while DEC's most significant bit is 1, so the handler
 * writes a fresh positive value before interrupts come back on. The
 * frequency is /cpus/<cpu> "timebase-frequency" (DTSpec 3.8, cpu node). */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/timer.h>

#include "ppc64.h"

#define DEC_MAX 0x7fffffffull /* positive in 32-bit and large-decrementer mode */
#define TB_MIN_HZ 1000000ull
#define TB_MAX_HZ 4000000000ull

static uint64_t tb_hz, dec_period;
static volatile bool ticking;
volatile unsigned long ppc64_dec_interrupts;

uint64_t arch_counter(void)
{
	uint64_t t;

	__asm__ volatile("mftb %0" : "=r"(t));
	return t;
}

uint64_t arch_counter_freq(void)
{
	return tb_hz;
}

int ppc64_timer_init(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu;

	if (cpus < 0) {
		kprintf("ppc64: no /cpus node\n");
		return -1;
	}
	fdt_for_each_subnode(cpu, fdt, cpus) {
		int len, dlen;
		const char *dt = fdt_getprop(fdt, cpu, "device_type", &dlen);
		const void *p = fdt_getprop(fdt, cpu, "timebase-frequency", &len);
		uint64_t hz;

		if (!dt || dlen <= 0 || strnlen(dt, (size_t)dlen) == (size_t)dlen ||
		    strcmp(dt, "cpu") || !p)
			continue;
		if (len == 4)
			hz = fdt32_ld(p);
		else if (len == 8)
			hz = fdt64_ld(p);
		else
			break;
		if (hz < TB_MIN_HZ || hz > TB_MAX_HZ)
			break;
		tb_hz = hz;
		return 0;
	}
	kprintf("ppc64: missing or absurd timebase-frequency\n");
	return -1;
}

int arch_timer_start(uint64_t period_us)
{
	uint64_t ticks;

	if (!tb_hz || !ppc64_traps_ready || !period_us || period_us > 1000000)
		return -1;
	ticks = period_us * tb_hz / 1000000;
	if (!ticks || ticks > DEC_MAX)
		return -1;
	dec_period = ticks;
	ticking = true;
	mtspr(SPRN_DEC, ticks);
	return 0;
}

void arch_timer_stop(void)
{
	ticking = false;
	mtspr(SPRN_DEC, DEC_MAX);
}

/* From ppc64_trap() with MSR[EE] = 0. */
void ppc64_decrementer(void)
{
	ppc64_dec_interrupts++;
	if (!ticking) {
		mtspr(SPRN_DEC, DEC_MAX);
		return;
	}
	mtspr(SPRN_DEC, dec_period);
	timer_tick();
}
