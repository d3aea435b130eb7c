/* bench=calls on ppc64 (pseries): the null call is an hcall with an opcode the
 * hypervisor does not implement, answered H_FUNCTION (LoPAPR 14.5.3: "sc 1"
 * with an unknown opcode): the bare round trip to the hypervisor. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>

#include "ppc64.h"

/* Not a multiple of 4, so never a valid PAPR hcall opcode. */
#define BENCH_NULL_HCALL 0x1ul
#define H_FUNCTION (-2)

void arch_bench_calls(void)
{
	const char *name = "null_call_hcall";
	uint64_t t0, t1;
	unsigned i;

	if (ppc64_hcall(BENCH_NULL_HCALL, 0, 0, 0, 0) != H_FUNCTION) {
		bench_skip(name, "unknown hcall did not return H_FUNCTION");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		ppc64_hcall(BENCH_NULL_HCALL, 0, 0, 0, 0);
	t1 = arch_counter();
	bench_report(name, t1 - t0, BENCH_ITERS);
}
