/* EL1 exception vectors (Arm ARM D1.3.5, table D1-7): 16 entries of 0x80
 * bytes in a 2 KiB-aligned table. Every entry saves the full register state
 * as a struct trap_frame (arm64.h) and calls arm64_exception(frame, kind),
 * kind = entry index 0..15; on return the state is restored and we eret. */

#include <cocoon/arm64_frame.h>

#define FRAME_SIZE 288	/* x0-x30, elr, spsr, esr, far, sp; 16-byte multiple */

	.macro	VENTRY kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vector_common
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
