/* SDEI handler trampoline (DEN0054 handler entry): the provider enters here at
 * EL1h with DAIF masked, x0 = event, x1 = our argument, x2 = interrupted PC,
 * x3 = interrupted PSTATE. It saved x0-x17 only, so x18-x30 are ours to keep
 * (and SP: we run below the interrupted SP on the same SP_EL1). C decides how
 * to finish; we issue COMPLETE or COMPLETE_AND_RESUME, which do not return. */
#define SDEI_SAVE 112	/* x18-x30 (13 regs), 16-byte aligned */

	.text
	.balign	4
	.global	sdei_entry
sdei_entry:
	sub	sp, sp, #SDEI_SAVE
	stp	x18, x19, [sp, #0]
	stp	x20, x21, [sp, #16]
	stp	x22, x23, [sp, #32]
	stp	x24, x25, [sp, #48]
	stp	x26, x27, [sp, #64]
	stp	x28, x29, [sp, #80]
	str	x30, [sp, #96]
	mov	x4, sp
	mov	x29, xzr		/* a new frame-pointer chain for the handler */
	bl	sdei_handler_c		/* returns x0 = function ID, x1 = its argument */
	mov	x9, x0
	mov	x10, x1
	ldp	x18, x19, [sp, #0]
	ldp	x20, x21, [sp, #16]
	ldp	x22, x23, [sp, #32]
	ldp	x24, x25, [sp, #48]
	ldp	x26, x27, [sp, #64]
	ldp	x28, x29, [sp, #80]
	ldr	x30, [sp, #96]
	add	sp, sp, #SDEI_SAVE
	mov	x0, x9
	mov	x1, x10
	adrp	x2, sdei_use_smc
	ldr	w2, [x2, :lo12:sdei_use_smc]
	cbnz	w2, 1f
	hvc	#0
	b	2f
1:	smc	#0
2:	/* COMPLETE came back: the provider refused it */
	bl	sdei_complete_returned
	b	.
	.global	sdei_entry_end
sdei_entry_end:		/* the stub's end: sdei_context.c checks interrupted PCs inside it */

/* COMPLETE_AND_RESUME target for the tests: "as if an IRQ had been taken". */
	.balign	4
	.global	sdei_resume_target
sdei_resume_target:
	sub	sp, sp, #32
	stp	x0, x1, [sp, #0]
	str	x2, [sp, #16]
	adrp	x0, sdei_resume_elr
	mrs	x1, elr_el1
	str	x1, [x0, :lo12:sdei_resume_elr]
	adrp	x0, sdei_resume_spsr
	mrs	x1, spsr_el1
	str	x1, [x0, :lo12:sdei_resume_spsr]
	adrp	x0, sdei_resume_daif
	mrs	x1, daif
	str	x1, [x0, :lo12:sdei_resume_daif]
	adrp	x0, sdei_resume_hits
	ldr	x1, [x0, :lo12:sdei_resume_hits]
	add	x1, x1, #1
	str	x1, [x0, :lo12:sdei_resume_hits]
	ldp	x0, x1, [sp, #0]
	ldr	x2, [sp, #16]
	add	sp, sp, #32
	eret

/* void sdei_probe_call(struct sdei_probe *p, uint64_t use_smc) */
#define P_X 32
#define P_SP_BEFORE (32 + 29 * 8)
#define P_SP_AFTER (P_SP_BEFORE + 8)
	.macro	PROBE insn, label
	mov	x4, #0x5e04
	mov	x5, #0x5e05
	mov	x6, #0x5e06
	mov	x7, #0x5e07
	mov	x8, #0x5e08
	mov	x9, #0x5e09
	mov	x10, #0x5e0a
	mov	x11, #0x5e0b
	mov	x12, #0x5e0c
	mov	x13, #0x5e0d
	mov	x14, #0x5e0e
	mov	x15, #0x5e0f
	mov	x16, #0x5e10
	mov	x17, #0x5e11
	mov	x19, #0x5e13
	mov	x20, #0x5e14
	mov	x21, #0x5e15
	mov	x22, #0x5e16
	mov	x23, #0x5e17
	mov	x24, #0x5e18
	mov	x25, #0x5e19
	mov	x26, #0x5e1a
	mov	x27, #0x5e1b
	mov	x28, #0x5e1c
	ldr	x3, [x0, #24]
	ldr	x2, [x0, #16]
	ldr	x1, [x0, #8]
	ldr	x0, [x0, #0]
	\insn	#0
	.global	\label
\label:
	str	x0, [sp, #104]		/* result; the struct pointer is at [sp, #96] */
	ldr	x0, [sp, #96]
	stp	x1, x2, [x0, #(P_X + 8)]
	stp	x3, x4, [x0, #(P_X + 24)]
	stp	x5, x6, [x0, #(P_X + 40)]
	stp	x7, x8, [x0, #(P_X + 56)]
	stp	x9, x10, [x0, #(P_X + 72)]
	stp	x11, x12, [x0, #(P_X + 88)]
	stp	x13, x14, [x0, #(P_X + 104)]
	stp	x15, x16, [x0, #(P_X + 120)]
	stp	x17, x18, [x0, #(P_X + 136)]
	stp	x19, x20, [x0, #(P_X + 152)]
	stp	x21, x22, [x0, #(P_X + 168)]
	stp	x23, x24, [x0, #(P_X + 184)]
	stp	x25, x26, [x0, #(P_X + 200)]
	stp	x27, x28, [x0, #(P_X + 216)]
	ldr	x1, [sp, #104]
	str	x1, [x0, #P_X]
	mov	x1, sp
	add	x1, x1, #112
	str	x1, [x0, #P_SP_AFTER]
	b	3f
	.endm

	.balign	4
	.global	sdei_probe_call
sdei_probe_call:
	sub	sp, sp, #112
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	str	x0, [sp, #96]
	add	x2, sp, #112
	str	x2, [x0, #P_SP_BEFORE]
	cbnz	x1, 1f
	PROBE	hvc, sdei_probe_ret_hvc
1:	PROBE	smc, sdei_probe_ret_smc
3:	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #112
	ret
