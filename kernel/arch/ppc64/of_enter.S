/* long ppc64_of_enter_be(void *args, uint64_t entry)
 * Calls an Open Firmware client interface that expects the PowerPC binding's
 * 32-bit big-endian environment (IEEE 1275 PowerPC processor binding; SLOF
 * and PowerVM): rfid to the entry with MSR[SF] = MSR[LE] = 0, r3 = args, and
 * LR pointing at a FIXUP_ENDIAN that brings us back to little-endian. The
 * caller's MSR (SF, LE) is restored afterwards. Same scheme as Linux's
 * enter_prom. The stack, args and LR must be below 4 GiB (they are: the
 * image runs in the first MiBs of real memory). Returns OF's r3, sign-
 * extended from 32 bits. */
#include "ppc64.h"

#define FRAME 256
#define SAVE_GPR(n) std %r##n, (32 + 8 * ((n) - 13))(%r1)
#define REST_GPR(n) ld %r##n, (32 + 8 * ((n) - 13))(%r1)
#define SAVE_R2 (32 + 8 * 19)
#define SAVE_CR (SAVE_R2 + 8)
#define SAVE_MSR (SAVE_CR + 8)

	.text
	.globl	ppc64_of_enter_be
	.type	ppc64_of_enter_be, @function
ppc64_of_enter_be:
	mflr	%r0
	std	%r0, 16(%r1)
	stdu	%r1, -FRAME(%r1)
	SAVE_GPR(13); SAVE_GPR(14); SAVE_GPR(15); SAVE_GPR(16); SAVE_GPR(17)
	SAVE_GPR(18); SAVE_GPR(19); SAVE_GPR(20); SAVE_GPR(21); SAVE_GPR(22)
	SAVE_GPR(23); SAVE_GPR(24); SAVE_GPR(25); SAVE_GPR(26); SAVE_GPR(27)
	SAVE_GPR(28); SAVE_GPR(29); SAVE_GPR(30); SAVE_GPR(31)
	std	%r2, SAVE_R2(%r1)
	mfcr	%r0
	std	%r0, SAVE_CR(%r1)
	mfmsr	%r11
	std	%r11, SAVE_MSR(%r1)

	mtsrr0	%r4
	bcl	20, 31, 1f
1:	mflr	%r4
	addi	%r4, %r4, (2f - 1b)
	mtlr	%r4
	li	%r12, 1
	rldicr	%r12, %r12, 63, 0	/* MSR_SF */
	ori	%r12, %r12, MSR_LE
	andc	%r11, %r11, %r12
	mtsrr1	%r11
	rfid

2:	/* back from OF: big-endian, 32-bit */
	FIXUP_ENDIAN
191:	rldicl	%r1, %r1, 0, 32		/* OF may have left junk in the top half */
	ld	%r0, SAVE_MSR(%r1)
	mtmsrd	%r0
	isync
	extsw	%r3, %r3
	ld	%r2, SAVE_R2(%r1)
	ld	%r0, SAVE_CR(%r1)
	mtcrf	0xff, %r0
	REST_GPR(13); REST_GPR(14); REST_GPR(15); REST_GPR(16); REST_GPR(17)
	REST_GPR(18); REST_GPR(19); REST_GPR(20); REST_GPR(21); REST_GPR(22)
	REST_GPR(23); REST_GPR(24); REST_GPR(25); REST_GPR(26); REST_GPR(27)
	REST_GPR(28); REST_GPR(29); REST_GPR(30); REST_GPR(31)
	addi	%r1, %r1, FRAME
	ld	%r0, 16(%r1)
	mtlr	%r0
	blr
	.size	ppc64_of_enter_be, . - ppc64_of_enter_be
