/* SDEI across PEs (DEN0054 shared events, SDEI_EVENT_SIGNAL): a second vCPU started with PSCI
 * CPU_ON through the provider, private event state per PE, SIGNAL to another
 * PE, and a shared event routed (RM_PE) to the other PE and back. Skips with
 * no SDEI or one CPU. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "arm64.h"
#include "sdei.h"
#include "smp.h"
#include "sysreg.h"

#define EV0 0u
#define EV_SHARED 0x20u
#define VENDOR_TRIGGER 0xC6000010u /* shim vendor hypercall (shim/arch/arm64/sdei.h) */
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_INVALID_ADDRESS (-9)
#define WAIT_LIMIT 400000000ul
#define MPIDR_AFF_MASK 0xff00ffffffull

static volatile int hits;
static volatile uint64_t hit_mpidr, hit_event;
static int64_t r1[6];

static void handler(struct sdei_handler_ctx *c, void *cookie)
{
	(void)cookie;
	hit_mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	hit_event = c->event;
	__asm__ volatile("dmb ish" ::: "memory");
	hits++;
}

static bool wait_hits(int n)
{
	for (unsigned long i = 0; i < WAIT_LIMIT && hits < n; i++)
		__asm__ volatile("yield" ::: "memory");
	return hits >= n;
}

/* run on the secondary */
static void secondary_arm(void *arg)
{
	(void)arg;
	r1[0] = 0;
	r1[1] = sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0);
	r1[2] = sdei_event_register(EV0, handler, NULL, 0, 0);
	r1[3] = sdei_call(SDEI_EVENT_ENABLE, EV0, 0, 0, 0, 0);
	r1[4] = sdei_call(SDEI_EVENT_STATUS, EV0, 0, 0, 0, 0);
	r1[5] = sdei_call(SDEI_PE_UNMASK, 0, 0, 0, 0, 0);
}
static void secondary_disarm(void *arg)
{
	(void)arg;
	r1[0] = sdei_call(SDEI_PRIVATE_RESET, 0, 0, 0, 0, 0);
	r1[1] = sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0);
}

static void sdei_smp_suite(void)
{
	uint64_t other, self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	uint64_t entry = (uint64_t)(uintptr_t)smp_secondary_entry;
	int64_t r;

	if (!sdei_available()) {
		report_skip(sdei_absent_reason(), "SDEI across PEs");
		return;
	}
	if (!smp_find_secondary(&other)) {
		report_skip("one CPU", "SDEI across PEs");
		return;
	}
	if (!smp_secondary_online()) {
		report(smp_cpu_on_raw(0xff00ff00ull, entry, 0) == PSCI_E_INVALID_PARAMETERS,
		       "CPU_ON of a PE that does not exist: INVALID_PARAMETERS");
		report(smp_cpu_on_raw(other, 0x1000, 0) == PSCI_E_INVALID_ADDRESS,
		       "CPU_ON with an entry point outside RAM: INVALID_ADDRESS");
		r = smp_start_secondary(other);
		if (!report(r == 0, "CPU_ON(0x%llx) through the provider: CPU up at EL1 (%lld)",
			    (unsigned long long)other, (long long)r))
			return;
	}
	report(smp_cpu_on_raw(other, entry, 0) == PSCI_E_ALREADY_ON,
	       "CPU_ON of a running PE: ALREADY_ON");
	report(psci_call(PSCI_AFFINITY_INFO_64, other, 0, 0) == 0, "AFFINITY_INFO: ON");
	report(sdei_call(SDEI_EVENT_SIGNAL, EV0, other, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "SIGNAL to the new PE, event 0 not registered there: INVALID_PARAMETERS");

	if (!report(smp_run_on_secondary(secondary_arm, NULL), "work runs on the second PE"))
		return;
	report(smp_secondary_sdei_init() == 0,
	       "the new PE started masked (PE_MASK at its bring-up returned 0)");
	report(r1[1] == 1, "after its PRIVATE_RESET + PE_UNMASK, PE_MASK there returns 1");
	report(r1[2] == 0 && r1[3] == 0 && r1[4] == 3 && r1[5] == 0,
	       "event 0 registered, enabled and the PE unmasked there");
	report(sdei_call(SDEI_EVENT_STATUS, EV0, 0, 0, 0, 0) == 0,
	       "event 0 is private: still unregistered on this PE");

	hits = 0;
	r = sdei_call(SDEI_EVENT_SIGNAL, EV0, other, 0, 0, 0);
	report(r == 0 && wait_hits(1) && hit_mpidr == other && hit_event == EV0,
	       "SIGNAL(0, other PE): its handler ran there (MPIDR 0x%llx)",
	       (unsigned long long)hit_mpidr);

	if (sdei_call(VENDOR_TRIGGER, 0x7777, self, 0, 0, 0) == SDEI_NOT_SUPPORTED) {
		report_skip("provider has no platform-event trigger", "shared event routing");
	} else {
		hits = 0;
		report(sdei_event_register(EV_SHARED, handler, NULL, SDEI_REGF_RM_PE, other) == 0 &&
			       sdei_call(SDEI_EVENT_ENABLE, EV_SHARED, 0, 0, 0, 0) == 0,
		       "shared event registered with RM_PE to the other PE");
		r = sdei_call(VENDOR_TRIGGER, EV_SHARED, 0, 0, 0, 0);
		report(r == 0 && wait_hits(1) && hit_mpidr == other && hit_event == EV_SHARED,
		       "the shared event ran on the other PE (MPIDR 0x%llx)",
		       (unsigned long long)hit_mpidr);
		report(sdei_call(SDEI_EVENT_DISABLE, EV_SHARED, 0, 0, 0, 0) == 0 &&
			       sdei_call(SDEI_EVENT_ROUTING_SET, EV_SHARED, SDEI_REGF_RM_PE, self, 0,
					 0) == 0 &&
			       sdei_call(SDEI_EVENT_ENABLE, EV_SHARED, 0, 0, 0, 0) == 0,
		       "ROUTING_SET back to this PE");
		r = sdei_call(VENDOR_TRIGGER, EV_SHARED, 0, 0, 0, 0);
		report(r == 0 && wait_hits(2) && hit_mpidr == self,
		       "the shared event now runs here (MPIDR 0x%llx)", (unsigned long long)hit_mpidr);
		sdei_call(SDEI_SHARED_RESET, 0, 0, 0, 0, 0);
	}
	/* CPU_OFF resets the PE's SDEI state; CPU_ON brings it back through EL2 */
	if (report(smp_stop_secondary(other), "CPU_OFF on the other PE: AFFINITY_INFO says OFF")) {
		r = smp_start_secondary(other);
		report(r == 0 && smp_run_on_secondary(secondary_arm, NULL),
		       "CPU_ON again: it comes back and runs work (%lld)", (long long)r);
		report(smp_secondary_sdei_init() == 0,
		       "it came back masked: CPU_OFF reset its SDEI state");
	}
	report(smp_run_on_secondary(secondary_disarm, NULL) && r1[0] == 0 && r1[1] == 1,
	       "the other PE resets its events and masks itself");
}
KTEST_SUITE(sdei_smp_suite);
