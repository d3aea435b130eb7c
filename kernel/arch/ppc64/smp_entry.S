/* Secondary CPU entry, reached through RTAS start-cpu (LoPAPR chapter 7, RTAS,
 * "start-cpu": the new CPU begins at the given real address with r3 = the
 * given value, 64-bit, big-endian: QEMU sets MSR = SF | ME). FIXUP_ENDIAN
 * brings it to little-endian, then r3 points at its struct ppc64_cpu_boot:
 * stack, TOC and the C entry, all absolute (the image is relocated). */
#include "ppc64.h"

	.text
	.globl	ppc64_secondary_entry
	.type	ppc64_secondary_entry, @function
ppc64_secondary_entry:
	FIXUP_ENDIAN
191:	mfmsr	%r11
	li	%r12, 1
	rldicr	%r12, %r12, 63, 0	/* MSR_SF */
	or	%r11, %r11, %r12
	li	%r12, 0
	ori	%r12, %r12, MSR_EE
	andc	%r11, %r11, %r12
	mtmsrd	%r11
	isync
	ld	%r1, 0(%r3)		/* stack top */
	ld	%r2, 8(%r3)		/* TOC */
	ld	%r12, 16(%r3)		/* C entry (ELFv2: r12 = global entry) */
	li	%r0, 0
	stdu	%r0, -32(%r1)
	mtctr	%r12
	bctrl
1:	b	1b
	.size	ppc64_secondary_entry, . - ppc64_secondary_entry
