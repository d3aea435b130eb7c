/* long ppc64_hcall(opcode, a1, a2, a3, a4): PAPR hypervisor call (LoPAPR hcall interface:
 * "sc 1", r3 = opcode, r4.. = arguments, r3 = return code). The arguments
 * are already in r3..r7 by the ELFv2 calling convention. The hypervisor may
 * clobber the volatile registers, which the caller expects anyway; CR2-CR4
 * are non-volatile in ELFv2, so CR is saved in the caller's CR save word. */
	.text
	.globl	ppc64_hcall
	.type	ppc64_hcall, @function
ppc64_hcall:
	mfcr	%r0
	stw	%r0, 8(%r1)
	sc	1
	lwz	%r0, 8(%r1)
	mtcrf	0xff, %r0
	blr
	.size	ppc64_hcall, . - ppc64_hcall
