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

/* long ppc64_hcall_ret(uint64_t ret[4], opcode, a1..a6): the same with up to
 * six arguments, and the outputs r4..r7 stored into ret[] (PAPR hcalls such
 * as H_XIRR or H_INT_GET_SOURCE_INFO return values there). ret is kept
 * below the stack pointer, inside the ELFv2 protected zone: the hypervisor
 * does not touch guest memory that we did not hand it. */
	.globl	ppc64_hcall_ret
	.type	ppc64_hcall_ret, @function
ppc64_hcall_ret:
	mfcr	%r0
	stw	%r0, 8(%r1)
	std	%r3, -8(%r1)
	mr	%r3, %r4
	mr	%r4, %r5
	mr	%r5, %r6
	mr	%r6, %r7
	mr	%r7, %r8
	mr	%r8, %r9
	mr	%r9, %r10
	sc	1
	ld	%r12, -8(%r1)
	std	%r4, 0(%r12)
	std	%r5, 8(%r12)
	std	%r6, 16(%r12)
	std	%r7, 24(%r12)
	lwz	%r0, 8(%r1)
	mtcrf	0xff, %r0
	blr
	.size	ppc64_hcall_ret, . - ppc64_hcall_ret
