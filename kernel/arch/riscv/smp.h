/* riscv64 secondary harts: discovered in /cpus, started through SBI HSM, each
 * runs its per-hart initialisation (FWFT), reports back and stops itself. */
#ifndef COCOON_RISCV_SMP_H
#define COCOON_RISCV_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "sbi_fwft.h"

#define RISCV_MAX_HARTS 8
#define RISCV_HART_STACK 8192

enum hart_run { HART_IDLE, HART_STARTING, HART_DONE, HART_FAILED };

struct riscv_hart {
	unsigned long hartid;
	volatile int run;          /* enum hart_run, written by the hart itself */
	unsigned long entry_a0;    /* what the hart found in a0 at entry */
	struct fwft_hart fwft;     /* its FWFT findings */
	bool tagged_ok;            /* a tagged load worked on it (PMLEN >= 7 only) */
	bool mmu_on;               /* it switched to the boot hart's Sv39 tables */
	long start_err, stop_status;
};

/* A secondary's stack with its guard page below (stack_guard.c; the guard
 * is unmapped by mmu.c); smp_entry.S takes the top of stack for index i. */
struct riscv_hart_stack {
	uint8_t guard[4096];
	uint8_t stack[RISCV_HART_STACK];
};
extern struct riscv_hart_stack riscv_hart_stacks[RISCV_MAX_HARTS];

/* The harts of /cpus other than the boot hart (count, table). */
extern unsigned riscv_nr_secondaries;
extern struct riscv_hart riscv_secondaries[RISCV_MAX_HARTS];

/* Tests only: run by each secondary after its FWFT setup when set (the
 * stack guard's test.stack_overflow_cpu1 overflows the hart's stack). */
extern void (*volatile riscv_secondary_test)(void);

/* fwft.lock on the command line: every hart sets its features with LOCK. */
extern bool riscv_fwft_lock;

/* Parse /cpus and start each secondary hart once; false when the tree is bad. */
bool riscv_smp_init(const void *fdt);
/* (Re)start secondary i and wait for it to stop again. 0 on success, or the
 * SBI error of hart_start, or 1 when the hart never reported back. */
long riscv_smp_run(unsigned i);
/* This hart's id (kept in tp by the entry code). */
static inline unsigned long riscv_current_hartid(void)
{
	unsigned long id;

	__asm__ volatile("mv %0, tp" : "=r"(id));
	return id;
}

#endif
