/* In-guest microbenchmarks for make bench (bench/), selected by the boot
 * parameter bench=<group>[,<group>...]. Never run by make check: without the
 * parameter nothing here executes. Each result is one machine-readable line
 *   bench: <name> <ns_per_call>
 * in virtual nanoseconds (under QEMU -icount shift=0 one guest instruction is
 * one nanosecond), or "bench: <name> skipped (<why>)". */
#ifndef COCOON_BENCH_H
#define COCOON_BENCH_H

#include <stdint.h>

/* Iterations per measured call: enough that the coarsest counter (riscv virt,
 * 10 MHz) resolves a one-instruction call. */
#define BENCH_ITERS 20000u

/* Runs every group named in the bench= parameter (kernel/bench.c). */
void bench_run(const char *groups);

/* Prints "bench: name <ns per call>" for `iters` calls that took `ticks`
 * of arch_counter(). */
void bench_report(const char *name, uint64_t ticks, uint32_t iters);
void bench_skip(const char *name, const char *why);

/* Groups, one function each. Per arch (kernel/arch/<dir>/bench_calls.c):
 * the null call (bare trap to firmware/hypervisor) and the firmware calls
 * that exist today. Later groups (shim round trips, IPIs, virtio throughput,
 * SDEI) add a function here and a row in kernel/bench.c. */
void arch_bench_calls(void);
/* bench=fwft: SBI FWFT GET and SET round trips (kernel/arch/riscv/bench_fwft.c). */
void arch_bench_fwft(void);
/* bench=sdei: SDEI SIGNAL -> handler -> COMPLETE, and its growth with the
 * number of registered events (kernel/arch/arm64/bench_sdei.c). */
void arch_bench_sdei(void);
/* bench=ipi: self-IPI round trip on the active interrupt controller
 * (kernel/arch/ppc64/bench_ipi.c: XIVE, or XICS with xive=off). */
void arch_bench_ipi(void);
/* bench=blk: virtio-blk requests of 4 KiB and 64 KiB, in the DMA mode the
 * boot selected (drivers/virtio/bench_blk.c). */
void bench_blk(void);
/* bench=uv: ultracall round trips and UV sharing cost against the number of
 * pages shared, in a Secure VM (kernel/arch/ppc64/bench_uv.c). */
void arch_bench_uv(void);

#endif
