/* EL1 exception vectors (Arm ARM D1.3.5, table D1-7): 16 entries of 0x80
 * bytes in a 2 KiB-aligned table. Every entry saves the full register state
 * as a struct trap_frame (arm64.h) and calls arm64_exception(frame, kind),
 * kind = entry index 0..15; on return the state is restored and we eret. */

#include <cocoon/arm64_frame.h>

#include "stack_guard.h"

#define FRAME_SIZE 288	/* x0-x30, elr, spsr, esr, far, sp; 16-byte multiple */
#if FRAME_SIZE != SA_FRAME_SIZE
#error "stack_guard.h SA_FRAME_SIZE"
#endif

/* Stack guard (stack_guard.c): before anything is pushed, SP must leave room
 * for the frame above the stack's bottom; if not, the stack is exhausted (a
 * store into the guard page below it is what brought us here) and the frame
 * goes on the PE's emergency stack (vector_overflow). x0 is parked in
 * TPIDR_EL0 for the check: it needs one register, and memory below SP is
 * exactly what may not be touched. 12 instructions of the 32 an entry has. */
	.macro	VENTRY kind
	.balign	0x80
	msr	tpidr_el0, x0
	mrs	x0, tpidr_el1		/* this PE's struct arm64_stack_area */
	ldr	x0, [x0, #SA_SP_MIN]
	cmp	sp, x0
	b.lo	1f
	mrs	x0, tpidr_el0
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vector_common
1:	mov	x0, #\kind
	b	vector_overflow
	.endm

	.text
	.balign	0x800
	.global	arm64_vectors
arm64_vectors:
	VENTRY	0	/* current EL, SP_EL0: sync */
	VENTRY	1	/*   IRQ */
	VENTRY	2	/*   FIQ */
	VENTRY	3	/*   SError */
	VENTRY	4	/* current EL, SP_ELx: sync */
	VENTRY	5	/*   IRQ: the only expected one */
	VENTRY	6	/*   FIQ */
	VENTRY	7	/*   SError */
	VENTRY	8	/* lower EL, AArch64 */
	VENTRY	9
	VENTRY	10
	VENTRY	11
	VENTRY	12	/* lower EL, AArch32 */
	VENTRY	13
	VENTRY	14
	VENTRY	15

vector_common:
	FRAME_X2_X29 stp, sp
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #256]
	mrs	x2, far_el1
	add	x3, sp, #FRAME_SIZE	/* the interrupted SP (same stack: EL1h) */
	stp	x2, x3, [sp, #272]

	mov	x1, x0
	mov	x0, sp
	bl	arm64_exception

	/* ELR/SPSR from the frame: a nested exception may have changed them */
	ldp	x30, x2, [sp, #240]
	msr	elr_el1, x2
	ldr	x2, [sp, #256]
	msr	spsr_el1, x2
	ldp	x0, x1, [sp, #0]
	FRAME_X2_X29 ldp, sp
	add	sp, sp, #FRAME_SIZE
	eret

/* The stack is exhausted (x0 = kind, the trapped x0 in TPIDR_EL0): the same
 * frame on the emergency stack, the trapped SP recorded, then a report and
 * a stop (arm64_stack_overflow does not return). */
vector_overflow:
	msr	tpidrro_el0, x1		/* free x1 too (EL1 may write it) */
	mrs	x1, tpidr_el1
	str	x0, [x1, #SA_KIND]
	mov	x0, sp
	str	x0, [x1, #SA_SP]
	ldr	x0, [x1, #SA_EMERG_TOP]
	mov	sp, x0
	sub	sp, sp, #FRAME_SIZE
	mrs	x0, tpidr_el0
	mrs	x1, tpidrro_el0
	stp	x0, x1, [sp, #0]
	FRAME_X2_X29 stp, sp
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #256]
	mrs	x1, tpidr_el1
	mrs	x2, far_el1
	ldr	x3, [x1, #SA_SP]
	stp	x2, x3, [sp, #272]
	ldr	x1, [x1, #SA_KIND]
	mov	x0, sp
	mov	x29, xzr
	bl	arm64_stack_overflow
	b	.
