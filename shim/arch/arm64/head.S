/* Shim entry at EL2: the Linux Image header (so QEMU -kernel passes the DTB
 * in x0, Documentation/arch/arm64/booting.rst), per-CPU stacks, BSS, C.
 * Secondary PEs come in through shim_secondary_entry (PSCI CPU_ON issued by
 * the shim, context id = vCPU index). */
#define SHIM_STACK_SHIFT 14	/* 16 KiB per CPU, shim.ld */
#define SHIM_MAX_CPUS 4

	.section .text.head, "ax"
	.global _start
_start:
	b	shim_primary		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__shim_image_size
	.quad	0x2			/* LE, 4K pages */
	.quad	0, 0, 0
	.long	0x644d5241		/* "ARM\x64" */
	.long	0

shim_primary:
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	shim_halt		/* needs virtualization=on: nothing to print with */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	shim_halt
	ldr	x1, =shim_vectors
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr		/* vCPU index 0 */
	ldr	x1, =__shim_stacks
	add	sp, x1, #(1 << SHIM_STACK_SHIFT)
	isb
	ldr	x1, =__shim_bss_start
	ldr	x2, =__shim_bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, x19
	mov	x29, xzr
	bl	shim_main
	b	shim_halt

	.text
	.global	shim_secondary_entry
shim_secondary_entry:
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	shim_halt
	cmp	x0, #SHIM_MAX_CPUS
	b.hs	shim_halt
	ldr	x1, =shim_vectors
	msr	vbar_el2, x1
	msr	tpidr_el2, x0
	ldr	x1, =__shim_stacks
	add	x2, x0, #1
	lsl	x2, x2, #SHIM_STACK_SHIFT
	add	sp, x1, x2
	isb
	mov	x29, xzr
	bl	shim_secondary_main
	b	shim_halt

	.global	shim_halt
shim_halt:
	msr	daifset, #0xf
3:	wfi
	b	3b

/* uint64_t firmware_smc(fid, a1, a2, a3): SMCCC call to the platform's
 * firmware (QEMU's built-in PSCI behind SMC when we own EL2). */
	.global	firmware_smc
firmware_smc:
	smc	#0
	ret
