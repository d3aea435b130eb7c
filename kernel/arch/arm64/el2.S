/* Entered at EL2 with no hypervisor to hand over to: make EL1 a plain,
 * trap-free AArch64 EL1 and eret to it. Register meanings: Arm ARM DDI 0487
 * D23.2 (HCR_EL2, CNTHCTL_EL2, CPTR_EL2, ICC_SRE_EL2); cf. Linux
 * arch/arm64/include/asm/el2_setup.h for the same minimal sequence. */

#define HCR_RW (1 << 31)	/* EL1 is AArch64 */
#define HCR_HCD (1 << 29)	/* HVC undefined: nobody at EL2 would answer it */
#define CNTHCTL_EL1PCTEN (1 << 0)	/* EL1 may read CNTPCT_EL0 */
#define CNTHCTL_EL1PCEN (1 << 1)	/* EL1 may use the physical timer */
#define CPTR_EL2_RES1 0x32ff	/* RES1 bits; TFP = 0 and TZ = 0: no FP/SVE trap to EL2 */
#define ICC_SRE_SRE (1 << 0)
#define ICC_SRE_ENABLE (1 << 3)	/* EL1 may use ICC_SRE_EL1 (GICv3 sysregs) */
#define SCTLR_EL1_RES1 0x30d00800	/* MMU, caches off; little-endian */
#define SPSR_EL1H_DAIF 0x3c5	/* EL1h, D/A/I/F masked */

	.text
	.global	el2_drop_to_el1
/* Returns to the caller's x30, at EL1 on SP_EL1 (not yet set). Clobbers x0, x1. */
el2_drop_to_el1:
	/* EL1 reads of MIDR/MPIDR return these (D23.2.174/175): the real values. */
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0

	mov	x0, #(HCR_RW | HCR_HCD)	/* no VM, no IMO/FMO: the GIC and timers stay EL1's */
	msr	hcr_el2, x0
	mov	x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr	/* virtual counter == physical counter */
	mov	x0, #CPTR_EL2_RES1
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr

	/* GICv3 system registers (ID_AA64PFR0_EL1.GIC != 0): let EL1 use them,
	 * and keep the virtual CPU interface off. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mrs	x0, icc_sre_el2
	mov	x1, #(ICC_SRE_SRE | ICC_SRE_ENABLE)
	orr	x0, x0, x1
	msr	icc_sre_el2, x0
	isb
	msr	ich_hcr_el2, xzr
1:
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	msr	cpacr_el1, xzr		/* FP traps to EL1: the kernel has none */

	ldr	x0, =el2_vectors
	msr	vbar_el2, x0
	mov	x0, #SPSR_EL1H_DAIF
	msr	spsr_el2, x0
	msr	elr_el2, x30
	isb
	eret

/* Nothing should ever reach EL2 after the drop (HCD set, no traps enabled).
 * If something does, say so and power off through the SMC conduit, which is
 * the only one that can exist when we owned EL2. */
	.balign	0x800
el2_vectors:
	.rept	16
	.balign	0x80
	b	el2_unexpected
	.endr

el2_unexpected:
	adr	x0, msg_el2
	bl	boot_puts
	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF (DEN0022 5.1) */
	smc	#0
	b	boot_halt

	.section .rodata.boot, "a"
msg_el2:
	.asciz	"\ncocoon: PANIC: unexpected exception taken to EL2\n"
