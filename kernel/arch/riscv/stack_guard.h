/* riscv64 stack guard pages: one unmapped 4 KiB page below the boot stack and
 * below each secondary hart's stack (mmu.c leaves them out of the Sv39 map),
 * and the way out of an overflow for the trap entry (trap_entry.S). */
#ifndef COCOON_RISCV_STACK_GUARD_H
#define COCOON_RISCV_STACK_GUARD_H

/* Layout shared with trap_entry.S and smp_entry.S (offsets and size). */
#define SG_SAVE_T1 0
#define SG_SAVE_SP 8
#define SG_LO 16
#define SG_EMERG_TOP 24
#define SG_AREA_SIZE 32
#define SG_AREA_SHIFT 5

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "trap.h"

/* One per hart (0 = boot hart, i + 1 = secondary i); sscratch points at it. */
struct riscv_stack_area {
	uint64_t save_t1, save_sp; /* scratch of the trap entry */
	uint64_t lo;               /* lowest byte of the stack (guard page below) */
	uint64_t emerg_top;        /* the hart's emergency stack */
};
_Static_assert(sizeof(struct riscv_stack_area) == SG_AREA_SIZE, "trap_entry.S layout");

/* Fill the areas and point this (boot) hart's sscratch at area 0: before
 * stvec is installed. */
void riscv_stack_guard_init(void);
/* Guard page i (i < riscv_stack_guard_count()), its base address. */
unsigned riscv_stack_guard_count(void);
uintptr_t riscv_stack_guard(unsigned i);
/* The trap handler: f sits on an emergency stack, so the trap came with the
 * hart's stack exhausted; report and stop. False when f is on a normal stack. */
bool riscv_stack_overflow_check(const struct riscv_frame *f);
#endif
#endif
