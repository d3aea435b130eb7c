/* riscv64 trap frame (saved by trap_entry.S) and dispatch. */
#ifndef COCOON_RISCV_TRAP_H
#define COCOON_RISCV_TRAP_H
#include <stdbool.h>
#include <stdint.h>

struct riscv_frame {
	uint64_t x[32]; /* x[0] unused, x[2] = sp at the trap */
	uint64_t sepc, sstatus, scause, stval;
};

#define SCAUSE_INTERRUPT (1ull << 63)
#define IRQ_S_TIMER 5
#define EXC_INST_ACCESS 1
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_INST_PAGE 12
#define EXC_LOAD_PAGE 13
#define EXC_STORE_PAGE 15
#define IRQ_S_EXTERNAL 9

void riscv_trap(struct riscv_frame *f);
/* Timer interrupt handler (timer.c). */
void riscv_timer_interrupt(void);
/* One-shot timer wake-up at counter value `when` (false: no SBI call took
 * it), and back to the periodic timer (or none) afterwards (timer.c). */
bool riscv_timer_wake_at(uint64_t when);
void riscv_timer_wake_end(void);
/* Supervisor external interrupt (plic.c). */
void riscv_plic_interrupt(void);

/* Tests only: arm before an access that is meant to fault. The next load or
 * store fault (access, page or misaligned not emulated) on this hart is
 * recorded and its instruction skipped instead of ending the boot. An
 * instruction fetch fault (access or page) is recorded too and returns to ra:
 * arm it before a call to the address that must not execute. */
void riscv_expect_fault(void);
/* Disarms; true when a fault was taken since riscv_expect_fault(). */
bool riscv_fault_taken(uint64_t *cause, uint64_t *tval);
/* Misaligned loads/stores emulated so far (trap.c). */
extern unsigned long riscv_misaligned_emulated;

#endif
