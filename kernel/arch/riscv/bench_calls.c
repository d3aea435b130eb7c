/* bench=calls on riscv64: round trips to the SBI implementation (M-mode
 * firmware) through ecall (SBI v3.0 chapter 3). The floor is a call to an
 * extension ID nobody implements, answered SBI_ERR_NOT_SUPPORTED after the
 * firmware's trap entry, dispatch and return; BASE get_spec_version (chapter 4)
 * is the cheapest call that does something. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>

#include "sbi.h"

/* An ID in the experimental range (0x08000000-0x08FFFFFF, SBI v3.0 table 2)
 * that no known firmware implements. */
#define BENCH_UNKNOWN_EID 0x08C0C0A0ul

static void bench_ecall(const char *name, unsigned long ext, unsigned long fid, long want)
{
	struct sbiret r = sbi_ecall(ext, fid, 0, 0, 0, 0, 0, 0);
	uint64_t t0, t1;
	unsigned i;

	if (r.error != want) {
		bench_skip(name, "unexpected SBI error code");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		sbi_ecall(ext, fid, 0, 0, 0, 0, 0, 0);
	t1 = arch_counter();
	bench_report(name, t1 - t0, BENCH_ITERS);
}

void arch_bench_calls(void)
{
	bench_ecall("null_call_sbi_unknown_eid", BENCH_UNKNOWN_EID, 0, SBI_ERR_NOT_SUPPORTED);
	bench_ecall("sbi_base_get_spec_version", SBI_EXT_BASE, 0, SBI_SUCCESS);
}
