/* Secondary PEs (kernel/arch/arm64/smp.c): started with PSCI CPU_ON
 * (DEN0022 CPU_ON), they run work posted by the boot CPU and otherwise sleep. */
#ifndef ARM64_SMP_H
#define ARM64_SMP_H

#include <stdbool.h>
#include <stdint.h>

/* MPIDR affinity of the first CPU in the device tree that is not us; false if none. */
bool smp_find_secondary(uint64_t *mpidr);
/* CPU_ON(mpidr) with our entry point; waits (bounded) until it runs C.
 * Returns the PSCI result, or 1 if it was accepted but never came up. */
int64_t smp_start_secondary(uint64_t mpidr);
bool smp_secondary_online(void);
/* What sdei_secondary_init() returned on the secondary. */
int64_t smp_secondary_sdei_init(void);
/* Run fn(arg) on the secondary and wait (bounded). false if it did not finish. */
bool smp_run_on_secondary(void (*fn)(void *), void *arg);
/* The secondary calls PSCI CPU_OFF; true once AFFINITY_INFO says OFF (bounded). */
bool smp_stop_secondary(uint64_t mpidr);
/* Raw CPU_ON for negative tests. */
int64_t smp_cpu_on_raw(uint64_t mpidr, uint64_t entry, uint64_t context);
extern char smp_secondary_entry[];

#endif
