/* Exception vectors (Power ISA v3.0B Book III, "Interrupt Definitions") and the common entry.
 *
 * The kernel runs in real mode at a load offset, with interrupts taken in
 * real mode (LPCR[AIL] = 0) at the architected offsets 0x100..0xf60 and in
 * little-endian (H_SET_MODE, see trap.c). The stubs between
 * ppc64_vectors_start and ppc64_vectors_end are copied to 0x100; they use
 * only relative branches within the copy and find everything else through
 * SPRG0, which holds the address of the per-CPU trap frame (struct
 * ppc64_trap_frame), so they do not depend on where the image is loaded.
 * Some vectors are only 0x20 bytes apart (0xf00..0xf60), hence five
 * instructions per stub and a shared tail. */
#include "ppc64.h"

.macro VECTOR n
	.org	ppc64_vectors_start + \n - 0x100
	mtspr	SPRN_SPRG1, %r13		/* free r13 */
	mfspr	%r13, SPRN_SPRG0		/* r13 = trap frame */
	std	%r12, TF_SCRATCH(%r13)
	li	%r12, \n
	b	vector_tail
.endm

	.text
	.balign	256
	.globl	ppc64_vectors_start
ppc64_vectors_start:
	VECTOR 0x100	/* system reset */
	VECTOR 0x200	/* machine check */
	VECTOR 0x300	/* data storage */
	VECTOR 0x380	/* data segment */
	VECTOR 0x400	/* instruction storage */
	VECTOR 0x480	/* instruction segment */
	VECTOR 0x500	/* external */
	VECTOR 0x600	/* alignment */
	VECTOR 0x700	/* program */
	VECTOR 0x800	/* floating-point unavailable */
	VECTOR 0x900	/* decrementer */
	VECTOR 0xa00	/* directed privileged doorbell */
	VECTOR 0xb00	/* reserved */
	VECTOR 0xc00	/* system call */
	VECTOR 0xd00	/* trace */
	VECTOR 0xf00	/* performance monitor */
	VECTOR 0xf20	/* vector unavailable */
	VECTOR 0xf40	/* VSX unavailable */
	VECTOR 0xf60	/* facility unavailable */
	.org	ppc64_vectors_start + 0xf80 - 0x100
vector_tail:
	std	%r12, TF_VEC(%r13)
	mfctr	%r12
	std	%r12, TF_CTR(%r13)
	ld	%r12, TF_HANDLER(%r13)		/* absolute: ppc64_trap_common */
	mtctr	%r12
	bctr
	.globl	ppc64_vectors_end
ppc64_vectors_end:

#define SAVE(n) std %r##n, (8 * (n))(%r13)
#define REST(n) ld %r##n, (8 * (n))(%r13)

/* Entered from vector_tail: r13 = frame, SPRG1 = interrupted r13, frame
 * scratch = interrupted r12, CTR and vector number already saved. Runs the
 * C handler on the exception stack and returns with rfid to SRR0/SRR1 as
 * the handler left them in the frame. Interrupts stay off (MSR[EE] = 0 on
 * every interrupt) so there is one frame. */
	.text
	.globl	ppc64_trap_common
	.type	ppc64_trap_common, @function
ppc64_trap_common:
	SAVE(0); SAVE(1); SAVE(2); SAVE(3); SAVE(4); SAVE(5); SAVE(6); SAVE(7)
	SAVE(8); SAVE(9); SAVE(10); SAVE(11)
	ld	%r0, TF_SCRATCH(%r13)
	std	%r0, 8 * 12(%r13)
	mfspr	%r0, SPRN_SPRG1
	std	%r0, 8 * 13(%r13)
	SAVE(14); SAVE(15); SAVE(16); SAVE(17); SAVE(18); SAVE(19); SAVE(20)
	SAVE(21); SAVE(22); SAVE(23); SAVE(24); SAVE(25); SAVE(26); SAVE(27)
	SAVE(28); SAVE(29); SAVE(30); SAVE(31)
	mfcr	%r0
	std	%r0, TF_CR(%r13)
	mflr	%r0
	std	%r0, TF_LR(%r13)
	mfxer	%r0
	std	%r0, TF_XER(%r13)
	mfsrr0	%r0
	std	%r0, TF_SRR0(%r13)
	mfsrr1	%r0
	std	%r0, TF_SRR1(%r13)
	mfspr	%r0, SPRN_DAR
	std	%r0, TF_DAR(%r13)
	mfspr	%r0, SPRN_DSISR
	std	%r0, TF_DSISR(%r13)

	ld	%r2, TF_TOC(%r13)
	ld	%r1, TF_STACK(%r13)
	li	%r0, 0
	stdu	%r0, -32(%r1)
	mr	%r3, %r13
	ld	%r12, TF_CFUNC(%r13)		/* ELFv2: r12 = global entry */
	mtctr	%r12
	bctrl

	mfspr	%r13, SPRN_SPRG0
	ld	%r0, TF_SRR0(%r13)
	mtsrr0	%r0
	ld	%r0, TF_SRR1(%r13)
	mtsrr1	%r0
	ld	%r0, TF_CR(%r13)
	mtcrf	0xff, %r0
	ld	%r0, TF_LR(%r13)
	mtlr	%r0
	ld	%r0, TF_CTR(%r13)
	mtctr	%r0
	ld	%r0, TF_XER(%r13)
	mtxer	%r0
	REST(0); REST(1); REST(2); REST(3); REST(4); REST(5); REST(6); REST(7)
	REST(8); REST(9); REST(10); REST(11); REST(12)
	REST(14); REST(15); REST(16); REST(17); REST(18); REST(19); REST(20)
	REST(21); REST(22); REST(23); REST(24); REST(25); REST(26); REST(27)
	REST(28); REST(29); REST(30); REST(31)
	REST(13)
	rfid
	.size	ppc64_trap_common, . - ppc64_trap_common
