/* ppc64le pseries entry. QEMU loads the ELF at kernel-addr (0x400000) and
 * SLOF and VOF both jump to the first byte of the image with MSR[SF] = 0 and
 * MSR[LE] = 0 (32-bit big-endian), r5 = Open Firmware client-interface entry
 * (IEEE 1275 PowerPC processor binding: r3/r4 = initrd, r5 = client
 * interface).
 * The image is a PIE linked at 0: until the relocations are applied only
 * PC- and TOC-relative addressing is used. */
#include "ppc64.h"

	.section .text.entry, "ax"
	.globl	_start
	.type	_start, @function
_start:
	FIXUP_ENDIAN
	li	%r29, 1			/* reached via the trampoline: entered BE */
	b	192f
191:	li	%r29, 0
192:
	mr	%r31, %r5		/* OF client interface entry */
	mfmsr	%r30			/* firmware's MSR (after the endian fix) */

	/* 64-bit mode (Power ISA Book III, MSR: SF selects 64-bit addressing
	 * and record-form compares), external interrupts off: SLOF's handlers
	 * are big-endian. */
	mfmsr	%r11
	li	%r12, 1
	rldicr	%r12, %r12, 63, 0	/* MSR_SF */
	or	%r11, %r11, %r12
	li	%r12, 0
	ori	%r12, %r12, MSR_EE
	andc	%r11, %r11, %r12
	mtmsrd	%r11
	isync

	/* r2 = TOC pointer, PC-relative (ELFv2 ABI, "TOC") */
	bcl	20, 31, 1f
1:	mflr	%r12
	addis	%r2, %r12, (.TOC. - 1b)@ha
	addi	%r2, %r2, (.TOC. - 1b)@l
	addi	%r28, %r12, -(1b - _start)	/* load base: linked at 0 */

	/* stack: 32-byte minimal ELFv2 frame with a NULL back chain */
	addis	%r1, %r2, __stack_top@toc@ha
	addi	%r1, %r1, __stack_top@toc@l
	li	%r0, 0
	stdu	%r0, -32(%r1)

	/* clear BSS (16-byte aligned by the linker script) */
	addis	%r9, %r2, __bss_start@toc@ha
	addi	%r9, %r9, __bss_start@toc@l
	addis	%r10, %r2, __bss_end@toc@ha
	addi	%r10, %r10, __bss_end@toc@l
2:	cmpld	%r9, %r10
	bge	3f
	std	%r0, 0(%r9)
	addi	%r9, %r9, 8
	b	2b
3:
	/* self-relocation: ppc64_relocate() needs no relocated data itself */
	mr	%r3, %r28
	addis	%r4, %r2, __rela_dyn_start@toc@ha
	addi	%r4, %r4, __rela_dyn_start@toc@l
	addis	%r5, %r2, __rela_dyn_end@toc@ha
	addi	%r5, %r5, __rela_dyn_end@toc@l
	bl	ppc64_relocate
	nop

	mr	%r3, %r31
	mr	%r4, %r28
	mr	%r5, %r30
	mr	%r6, %r29
	bl	ppc64_start		/* never returns */
	nop
4:	b	4b
	.size	_start, . - _start
