/* riscv64 S-mode trap entry: save every GPR and the trap CSRs in a frame on
 * the current stack (the kernel runs on one stack; no user mode), call
 * riscv_trap(frame), restore, sret. Frame layout = struct riscv_frame.
 *
 * Stack guard (stack_guard.c): before the first push, sp must lie at least a
 * frame above this hart's stack bottom; otherwise the stack is exhausted
 * (a store into the guard page below it is what brought us here, and pushing
 * the frame would fault again, forever) and the frame goes on the hart's
 * emergency stack instead. sscratch points at the hart's struct
 * riscv_stack_area, which gives one free register without touching memory
 * below sp. */
#include "stack_guard.h"

#define FRAME_SIZE (36 * 8)

	.section .text
	.balign 4
	.globl riscv_trap_entry
riscv_trap_entry:
	csrrw	t0, sscratch, t0	/* t0 = area, sscratch = the trapped t0 */
	sd	t1, SG_SAVE_T1(t0)
	sd	sp, SG_SAVE_SP(t0)
	ld	t1, SG_LO(t0)
	addi	t1, t1, FRAME_SIZE
	bgeu	sp, t1, 1f
	ld	sp, SG_EMERG_TOP(t0)	/* exhausted: report from the emergency stack */
1:	ld	t1, SG_SAVE_T1(t0)
	addi	sp, sp, -FRAME_SIZE
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x6, 6*8(sp)
	csrrw	t1, sscratch, t0	/* the trapped t0; sscratch = area again */
	sd	t1, 5*8(sp)
	ld	t1, SG_SAVE_SP(t0)
	sd	t1, 2*8(sp)		/* sp before the trap */
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
	csrr	t0, sepc
	sd	t0, 32*8(sp)
	csrr	t0, sstatus
	sd	t0, 33*8(sp)
	csrr	t0, scause
	sd	t0, 34*8(sp)
	csrr	t0, stval
	sd	t0, 35*8(sp)

	mv	a0, sp
	call	riscv_trap

	ld	t0, 32*8(sp)
	csrw	sepc, t0
	ld	t0, 33*8(sp)
	csrw	sstatus, t0
	ld	x1, 1*8(sp)
	ld	x3, 3*8(sp)
	ld	x4, 4*8(sp)
	ld	x5, 5*8(sp)
	ld	x6, 6*8(sp)
	ld	x7, 7*8(sp)
	ld	x8, 8*8(sp)
	ld	x9, 9*8(sp)
	ld	x10, 10*8(sp)
	ld	x11, 11*8(sp)
	ld	x12, 12*8(sp)
	ld	x13, 13*8(sp)
	ld	x14, 14*8(sp)
	ld	x15, 15*8(sp)
	ld	x16, 16*8(sp)
	ld	x17, 17*8(sp)
	ld	x18, 18*8(sp)
	ld	x19, 19*8(sp)
	ld	x20, 20*8(sp)
	ld	x21, 21*8(sp)
	ld	x22, 22*8(sp)
	ld	x23, 23*8(sp)
	ld	x24, 24*8(sp)
	ld	x25, 25*8(sp)
	ld	x26, 26*8(sp)
	ld	x27, 27*8(sp)
	ld	x28, 28*8(sp)
	ld	x29, 29*8(sp)
	ld	x30, 30*8(sp)
	ld	x31, 31*8(sp)
	addi	sp, sp, FRAME_SIZE
	sret
