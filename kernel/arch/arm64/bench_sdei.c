/* bench=sdei on arm64: the SDEI round trip SIGNAL -> handler -> COMPLETE
 * (DEN0054 v1.1: SDEI_EVENT_SIGNAL of event 0 to this PE, the dispatcher
 * enters our trampoline, the handler returns with SDEI_EVENT_COMPLETE), and
 * how it grows with the number of registered events: more events are
 * registered and enabled one by one (the provider's static platform events,
 * then interrupts bound with INTERRUPT_BIND) and the round trip is measured
 * again after each. Skipped when no SDEI provider answers (plain QEMU). */
#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/format.h>
#include <cocoon/kernel.h>

#include "sdei.h"
#include "sysreg.h"

#define EV_SIGNAL 0u
#define GROWTH_ITERS 5000u

/* Events added for the growth curve, in order: the static events our shim
 * offers (shim/arch/arm64/sdei.h: 0x10 private critical, 0x20 shared, 0x21
 * shared critical; DEN0054 leaves the numbering to the platform), then two
 * SPIs and two PPIs bound to events. A negative entry is -(INTID to bind).
 * None of them is ever raised: they only populate the provider's table. */
static const int64_t extra[] = { 0x10, 0x20, 0x21, -248, -249, -20, -21 };

static volatile uint32_t hits;
static uint64_t self;

static void handler(struct sdei_handler_ctx *c, void *cookie)
{
	(void)c;
	(void)cookie;
	hits++;
}

static int64_t signal_self(void)
{
	return sdei_call(SDEI_EVENT_SIGNAL, EV_SIGNAL, self, 0, 0, 0);
}

/* iters round trips; false (and a skip line) if any went wrong */
static bool measure(const char *name, uint32_t iters)
{
	uint32_t h0 = hits, i;
	uint64_t t0, t1;
	int64_t bad = 0;

	t0 = arch_counter();
	for (i = 0; i < iters; i++)
		bad |= signal_self();
	t1 = arch_counter();
	if (bad || hits - h0 != iters) {
		bench_skip(name, "SIGNAL failed or the handler did not run once per call");
		return false;
	}
	bench_report(name, t1 - t0, iters);
	return true;
}

/* Registers and enables one more event; its number, or -1. */
static int64_t add_event(int64_t spec)
{
	int64_t ev = spec;

	if (spec < 0) {
		ev = sdei_call(SDEI_INTERRUPT_BIND, (uint64_t)-spec, 0, 0, 0, 0);
		if (ev < 0)
			return -1;
	}
	if (sdei_event_register((uint64_t)ev, handler, NULL, 0, 0) ||
	    sdei_call(SDEI_EVENT_ENABLE, (uint64_t)ev, 0, 0, 0, 0)) {
		if (spec < 0)
			sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)ev, 0, 0, 0, 0);
		return -1;
	}
	return ev;
}

static void remove_event(int64_t ev, bool bound)
{
	sdei_call(SDEI_EVENT_UNREGISTER, (uint64_t)ev, 0, 0, 0, 0);
	if (bound)
		sdei_call(SDEI_INTERRUPT_RELEASE, (uint64_t)ev, 0, 0, 0, 0);
}

void arch_bench_sdei(void)
{
	int64_t added[ARRAY_SIZE(extra)];
	unsigned n = 0, i;
	char name[48];

	if (!sdei_available()) {
		bench_skip("sdei_signal_complete", sdei_absent_reason());
		return;
	}
	self = read_sysreg(mpidr_el1) & 0xff00ffffffull;
	if (sdei_event_register(EV_SIGNAL, handler, NULL, 0, 0) ||
	    sdei_call(SDEI_EVENT_ENABLE, EV_SIGNAL, 0, 0, 0, 0) || signal_self() || hits != 1) {
		bench_skip("sdei_signal_complete", "event 0 cannot be registered and signalled");
		return;
	}
	if (!measure("sdei_signal_complete", BENCH_ITERS))
		goto out;
	measure("sdei_signal_events_1", GROWTH_ITERS);
	for (i = 0; i < ARRAY_SIZE(extra); i++) {
		int64_t ev = add_event(extra[i]);

		if (ev < 0) {
			kprintf("bench: sdei: event spec %lld not available, growth stops at %u\n",
				(long long)extra[i], n + 1);
			break;
		}
		added[n++] = ev;
		fmt_snprintf(name, sizeof(name), "sdei_signal_events_%u", n + 1);
		if (!measure(name, GROWTH_ITERS))
			break;
	}
	while (n--)
		remove_event(added[n], extra[n] < 0);
out:
	sdei_call(SDEI_EVENT_UNREGISTER, EV_SIGNAL, 0, 0, 0, 0);
}
