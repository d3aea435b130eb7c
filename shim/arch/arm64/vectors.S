/* EL2 vectors (Arm ARM, vector table layout; as kernel/arch/arm64/vectors.S): every entry builds a struct el2_frame
 * (shim.h) on this CPU's EL2 stack and calls shim_trap(frame, kind).
 * Guest exits start with SP_EL2 at the top of the stack, so the frame of the
 * interrupted guest is always at the same place; shim_enter_guest resumes
 * from such a frame. */
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
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldp	x0, x1, [x0, #0]
	eret

restore:
	ldp	x30, x2, [sp, #240]
	msr	elr_el2, x2
	ldr	x2, [sp, #256]
	msr	spsr_el2, x2
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
