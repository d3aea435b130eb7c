/* Secondary PE entry from PSCI CPU_ON (DEN0022 CPU_ON: MMU off, x0 = context id,
 * at the caller's EL). x0 = struct smp_boot * (smp.c): stack top first. */
	.text
	.balign	4
	.global	smp_secondary_entry
smp_secondary_entry:
	msr	daifset, #0xf
	mrs	x1, CurrentEL
	cmp	x1, #(1 << 2)
	b.ne	boot_halt		/* only an EL1 entry is supported (under a hypervisor) */
	msr	spsel, #1
	ldr	x1, =arm64_stack_areas + 32	/* [1]: stack_guard.h SA_SIZE */
	msr	tpidr_el1, x1
	ldr	x1, =arm64_vectors
	msr	vbar_el1, x1
	isb
	ldr	x1, [x0]
	mov	sp, x1
	mov	x19, x0
	bl	mmu_enable_this_cpu
	mov	x0, x19
	mov	x29, xzr
	bl	smp_secondary_main
	b	boot_halt
