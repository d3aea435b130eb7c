/* bench=fwft on riscv64: FWFT GET and SET round trips (SBI v3.0 chapter 18)
 * on MISALIGNED_EXC_DELEG, the feature both OpenSBI >= 1.6 and our shim
 * implement. SET writes back the value GET returned, so the benchmark leaves
 * the hart as the boot configured it; without LOCK (fwft.lock makes SET fail,
 * reported as skipped). */
#include <cocoon/arch.h>
#include <cocoon/bench.h>

#include "sbi_fwft.h"

void arch_bench_fwft(void)
{
	struct sbiret g;
	uint64_t t0, t1;
	unsigned i;

	if (!fwft_available()) {
		bench_skip("fwft_get_misaligned_deleg", "no FWFT extension");
		bench_skip("fwft_set_misaligned_deleg", "no FWFT extension");
		return;
	}
	g = fwft_get(FWFT_MISALIGNED_EXC_DELEG);
	if (g.error) {
		bench_skip("fwft_get_misaligned_deleg", "GET refused");
		bench_skip("fwft_set_misaligned_deleg", "GET refused");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		fwft_get(FWFT_MISALIGNED_EXC_DELEG);
	t1 = arch_counter();
	bench_report("fwft_get_misaligned_deleg", t1 - t0, BENCH_ITERS);

	if (fwft_set(FWFT_MISALIGNED_EXC_DELEG, g.value, 0).error) {
		bench_skip("fwft_set_misaligned_deleg", "SET refused (locked?)");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		fwft_set(FWFT_MISALIGNED_EXC_DELEG, g.value, 0);
	t1 = arch_counter();
	bench_report("fwft_set_misaligned_deleg", t1 - t0, BENCH_ITERS);
}
