/* bench=<group>[,<group>...]: dispatch to the in-guest microbenchmarks
 * (cocoon/bench.h) and print their results in a fixed format for bench/. */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/kernel.h>

struct bench_group {
	const char *name;
	void (*run)(void);
};

/* Extension point: one row per group. */
static const struct bench_group groups_table[] = {
	{ "calls", arch_bench_calls },
	{ "fwft", arch_bench_fwft },
	{ "sdei", arch_bench_sdei },
	{ "ipi", arch_bench_ipi },
	{ "blk", bench_blk },
	{ "uv", arch_bench_uv },
};

/* Groups an architecture does not have: one "skipped" line, so bench/ can
 * tell "not here" from "did not run". The arch's own file overrides these. */
__attribute__((weak)) void arch_bench_fwft(void)
{
	bench_skip("fwft", "not on this architecture");
}
__attribute__((weak)) void arch_bench_sdei(void)
{
	bench_skip("sdei", "not on this architecture");
}
__attribute__((weak)) void arch_bench_ipi(void)
{
	bench_skip("ipi", "not on this architecture");
}
__attribute__((weak)) void arch_bench_uv(void)
{
	bench_skip("uv", "not on this architecture");
}

/* ns = ticks * 1e9 / freq without 128-bit arithmetic: whole seconds first,
 * then the remainder (< freq, so remainder * 1e9 fits for freq < 1.8e10). */
static uint64_t ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	return ticks / freq * 1000000000ull + ticks % freq * 1000000000ull / freq;
}

void bench_report(const char *name, uint64_t ticks, uint32_t iters)
{
	uint64_t freq = arch_counter_freq(), centi;

	if (!freq || !iters) {
		bench_skip(name, "no counter frequency");
		return;
	}
	centi = ticks_to_ns(ticks, freq) * 100 / iters;
	kprintf("bench: %s %llu.%02llu\n", name, (unsigned long long)(centi / 100),
		(unsigned long long)(centi % 100));
}

void bench_skip(const char *name, const char *why)
{
	kprintf("bench: %s skipped (%s)\n", name, why);
}

void bench_run(const char *groups)
{
	const char *p = groups;

	while (*p) {
		size_t n = 0, i;

		while (p[n] && p[n] != ',')
			n++;

		for (i = 0; i < ARRAY_SIZE(groups_table); i++)
			if (strlen(groups_table[i].name) == n &&
			    !strncmp(groups_table[i].name, p, n))
				break;
		if (i < ARRAY_SIZE(groups_table))
			groups_table[i].run();
		else
			kprintf("bench: unknown group \"%.*s\"\n", (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	kprintf("bench: done\n");
}
