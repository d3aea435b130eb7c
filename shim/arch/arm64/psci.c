/* The guest's PSCI (Arm DEN0022 v1.1), provider side of
 * kernel/arch/arm64/psci.c. CPU_ON is emulated: the PE is started at EL2 in
 * the shim (via the platform's PSCI), set up there, and only then enters the
 * guest's entry point at EL1. CPU_OFF resets the PE's SDEI state. The rest is
 * forwarded to the platform firmware (QEMU's PSCI behind SMC). */
#include <shim/shim.h>

#include "hyp.h"

#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_INVALID_ADDRESS (-9)

static int cpu_by_mpidr(uint64_t mpidr)
{
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (vcpus[i].mpidr == mpidr)
			return (int)i;
	return -1;
}

static int64_t cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	int t = cpu_by_mpidr(target);
	int64_t r;

	if (t < 0)
		return PSCI_E_INVALID_PARAMETERS;
	if ((entry & 3) || !guest_ipa_range_ok(entry, 4))
		return PSCI_E_INVALID_ADDRESS;
	if (__atomic_exchange_n(&vcpus[t].on, true, __ATOMIC_ACQ_REL))
		return PSCI_E_ALREADY_ON;
	vcpus[t].entry = entry;
	vcpus[t].context = context;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r = (int64_t)firmware_smc(PSCI_CPU_ON_64, vcpus[t].mpidr,
				  (uint64_t)(uintptr_t)shim_secondary_entry, (uint64_t)t);
	if (r)
		__atomic_store_n(&vcpus[t].on, false, __ATOMIC_RELEASE);
	return r;
}

void psci_call(unsigned cpu, struct el2_frame *f)
{
	uint32_t fid = (uint32_t)f->g.x[0];
	uint64_t *x = f->g.x;

	switch (fid) {
	case PSCI_CPU_ON_32:
		x[0] = (uint64_t)cpu_on((uint32_t)x[1], (uint32_t)x[2], (uint32_t)x[3]);
		break;
	case PSCI_CPU_ON_64:
		x[0] = (uint64_t)cpu_on(x[1], x[2], x[3]);
		break;
	case PSCI_CPU_OFF:
		sdei_cpu_reset(cpu);
		__atomic_store_n(&vcpus[cpu].on, false, __ATOMIC_RELEASE);
		x[0] = firmware_smc(fid, 0, 0, 0); /* returns only on failure */
		__atomic_store_n(&vcpus[cpu].on, true, __ATOMIC_RELEASE);
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		shim_printf("guest asked for PSCI %s; %llu SDEI event%s dispatched\n",
			    fid == PSCI_SYSTEM_OFF ? "SYSTEM_OFF" : "SYSTEM_RESET",
			    (unsigned long long)sdei_dispatch_count(),
			    sdei_dispatch_count() == 1 ? "" : "s");
		x[0] = firmware_smc(fid, 0, 0, 0);
		break;
	default:
		/* VERSION, FEATURES, AFFINITY_INFO (MPIDRs are the real ones),
		 * CPU_SUSPEND (QEMU: standby only), MIGRATE*: the platform answers */
		x[0] = firmware_smc(fid, x[1], x[2], x[3]);
		break;
	}
}
