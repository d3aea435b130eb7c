/* riscv64 trap frame (saved by trap_entry.S) and dispatch. */
#ifndef COCOON_RISCV_TRAP_H
#define COCOON_RISCV_TRAP_H
#include <stdint.h>

struct riscv_frame {
	uint64_t x[32]; /* x[0] unused, x[2] = sp at the trap */
	uint64_t sepc, sstatus, scause, stval;
};

#define SCAUSE_INTERRUPT (1ull << 63)
#define IRQ_S_TIMER 5
#define IRQ_S_EXTERNAL 9

void riscv_trap(struct riscv_frame *f);
/* Timer interrupt handler (timer.c). */
void riscv_timer_interrupt(void);
/* Supervisor external interrupt (plic.c). */
void riscv_plic_interrupt(void);

#endif
