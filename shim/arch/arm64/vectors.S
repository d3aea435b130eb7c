/* EL2 vectors (Arm ARM, vector table layout; as kernel/arch/arm64/vectors.S): every entry builds a struct el2_frame
 * (shim.h) on this CPU's EL2 stack and calls shim_trap(frame, kind).
 * Guest exits start with SP_EL2 at the top of the stack, so the frame of the
 * interrupted guest is always at the same place; shim_enter_guest resumes
 * from such a frame. */
#include <cocoon/arm64_frame.h>

#define FRAME_SIZE 288	/* x0-x30, pc, pstate, esr, far, hpfar */

	.macro	VENTRY kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vector_common
	.endm

	.text
	.balign	0x800
	.global	shim_vectors
shim_vectors:
	.irp	k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	VENTRY	\k
	.endr

vector_common:
	FRAME_X2_X29 stp, sp
	mrs	x2, elr_el2
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el2
	mrs	x3, esr_el2
	stp	x2, x3, [sp, #256]
	mrs	x2, far_el2
	mrs	x3, hpfar_el2
	stp	x2, x3, [sp, #272]
	mov	x1, x0
	mov	x0, sp
	mov	x29, xzr
	bl	shim_trap
	b	restore

/* noreturn shim_enter_guest(const struct el2_frame *f, uint64_t stack_top):
 * first entry into the guest on this PE; later traps build frames below top. */
	.global	shim_enter_guest
shim_enter_guest:
	mov	sp, x1
	ldp	x30, x2, [x0, #240]
	msr	elr_el2, x2
	ldr	x2, [x0, #256]
	msr	spsr_el2, x2
	FRAME_X2_X29 ldp, x0
	ldp	x0, x1, [x0, #0]
	eret

restore:
	ldp	x30, x2, [sp, #240]
	msr	elr_el2, x2
	ldr	x2, [sp, #256]
	msr	spsr_el2, x2
	ldp	x0, x1, [sp, #0]
	FRAME_X2_X29 ldp, sp
	add	sp, sp, #FRAME_SIZE
	eret
