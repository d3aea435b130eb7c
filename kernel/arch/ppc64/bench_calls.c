/* bench=calls on ppc64 (pseries, or the powernv shim): the null call is an
 * hcall with an opcode the hypervisor does not implement, answered H_FUNCTION
 * (LoPAPR 14.5.3: "sc 1" with an unknown opcode): the bare round trip to the
 * hypervisor. The cheapest hcall that does something is H_SET_MODE setting
 * the interrupt endianness (resource 4, LoPAPR H_SET_MODE) to the value the
 * boot already chose (little-endian, trap.c): a no-op every hypervisor has
 * to answer, with its argument checks. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>

#include "ppc64.h"

/* Not a multiple of 4, so never a valid PAPR hcall opcode. */
#define BENCH_NULL_HCALL 0x1ul
#define H_FUNCTION (-2)
#define H_SET_MODE_RESOURCE_LE 4
#define H_SET_MODE_LE 1 /* mflags: interrupts little-endian (as trap.c set it) */

static void bench_hcall(const char *name, uint64_t op, uint64_t a1, uint64_t a2, long want)
{
	uint64_t t0, t1;
	unsigned i;

	if (ppc64_hcall(op, a1, a2, 0, 0) != want) {
		bench_skip(name, "unexpected hcall return");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		ppc64_hcall(op, a1, a2, 0, 0);
	t1 = arch_counter();
	bench_report(name, t1 - t0, BENCH_ITERS);
}

void arch_bench_calls(void)
{
	bench_hcall("null_call_hcall", BENCH_NULL_HCALL, 0, 0, H_FUNCTION);
	bench_hcall("hcall_set_mode_le", H_SET_MODE, H_SET_MODE_LE, H_SET_MODE_RESOURCE_LE, 0);
}
