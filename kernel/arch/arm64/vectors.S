/* EL1 exception vectors (Arm ARM D1.3.5, table D1-7): 16 entries of 0x80
 * bytes in a 2 KiB-aligned table. Every entry saves the full register state
 * as a struct trap_frame (arm64.h) and calls arm64_exception(frame, kind),
 * kind = entry index 0..15; on return the state is restored and we eret. */

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
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
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
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #FRAME_SIZE
	eret
