/* bench=calls on arm64: the null call is PSCI_VERSION (DEN0022 5.1.1) through
 * the conduit the device tree names (hvc on QEMU virt at EL1): the cheapest
 * call that reaches firmware or hypervisor and comes back. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>

#include "arm64.h"

void arch_bench_calls(void)
{
	const char *name = psci_conduit_in_use() == PSCI_SMC ? "null_call_psci_version_smc"
							      : "null_call_psci_version_hvc";
	uint64_t t0, t1;
	unsigned i;

	if (psci_call(PSCI_VERSION, 0, 0, 0) < 0) {
		bench_skip(name, "PSCI_VERSION failed");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		psci_call(PSCI_VERSION, 0, 0, 0);
	t1 = arch_counter();
	bench_report(name, t1 - t0, BENCH_ITERS);
}
