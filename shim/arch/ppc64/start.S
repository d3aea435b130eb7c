/* powernv HV shim entry and hypervisor interrupt vectors.
 * QEMU powernv loads the -bios raw image at 0 and starts every thread at
 * 0x10 with MSR[HV|SF] set, big-endian, MSR[ME] = 0, r3 = its FDT
 * (../shared/reference/ppc64.md, "powernv bare-metal HV").
 * Vector offsets: Power ISA v3.0B Book III, "Interrupt Definitions"; the
 * image is linked and run at 0, so the vectors are part of it. */
#include "pnv_frame.h"

	.section .text.head, "ax"
	.globl	_head
_head:
	.org	0x10
	.globl	_start
_start:
	/* FIXUP_ENDIAN (as Linux): a no-op when already little-endian; big-endian
	 * it reads as "b 191f" and the byte-swapped words switch MSR[LE] via rfid */
	tdi	0, 0, 0x48
	b	191f
	.long	0xa600607d	/* mfmsr r11 */
	.long	0x01006b69	/* xori r11,r11,1 */
	.long	0x00004039	/* li r10,0 */
	.long	0x6401417d	/* mtmsrd r10,1 */
	.long	0x05009f42	/* bcl 20,31,$+4 */
	.long	0xa602487d	/* mflr r10 */
	.long	0x14004a39	/* addi r10,r10,20 */
	.long	0xa6035a7d	/* mtsrr0 r10 */
	.long	0xa6037b7d	/* mtsrr1 r11 */
	.long	0x2400004c	/* rfid */
191:	b	shim_entry

/* Each vector: free r13 into HSPRG1, r13 = the frame (HSPRG0), r3 saved,
 * r3 = vector number, then the common path. */
.macro	VEC n
	.org	\n
	mtspr	305, %r13
	mfspr	%r13, 304
	std	%r3, 24(%r13)
	li	%r3, \n
	b	exc_common
.endm
	VEC 0x100
	VEC 0x200
	VEC 0x300
	VEC 0x380
	VEC 0x400
	VEC 0x480
	VEC 0x500
	VEC 0x600
	VEC 0x700
	VEC 0x800
	VEC 0x900
	VEC 0x980
	VEC 0xa00
	VEC 0xb00
	VEC 0xc00
	VEC 0xd00
	VEC 0xe00
	VEC 0xe20
	VEC 0xe40
	VEC 0xe60
	VEC 0xe80
	VEC 0xea0
	VEC 0xf00
	VEC 0xf20
	VEC 0xf40
	VEC 0xf60
	VEC 0xf80
	.org	0x1000

	.text
shim_entry:
	bcl	20, 31, 1f
1:	mflr	%r12
	addis	%r2, %r12, (.TOC. - 1b)@ha
	addi	%r2, %r2, (.TOC. - 1b)@l
	/* secondary threads (PIR != 0) go to smp.c */
	mfspr	%r10, 1023
	cmpdi	%r10, 0
	bne	secondary
	addis	%r1, %r2, shim_stack_top@toc@ha
	addi	%r1, %r1, shim_stack_top@toc@l
	li	%r0, 0
	stdu	%r0, -64(%r1)
	/* clear BSS */
	addis	%r9, %r2, __bss_start@toc@ha
	addi	%r9, %r9, __bss_start@toc@l
	addis	%r10, %r2, __bss_end@toc@ha
	addi	%r10, %r10, __bss_end@toc@l
2:	cmpld	%r9, %r10
	bge	3f
	std	%r0, 0(%r9)
	addi	%r9, %r9, 8
	b	2b
3:	bl	pnv_main		/* r3 = QEMU's FDT; never returns */
	nop
9:	or	%r1, %r1, %r1		/* low SMT priority */
	b	9b

/* A secondary thread: wait until the boot thread has cleared BSS
 * (smp_bss_ready, in .data), take a slot (smp_next_slot, atomically), run
 * on that slot's stack. Slots beyond SMP_MAX_SECONDARY stay parked. */
secondary:
	addis	%r9, %r2, smp_bss_ready@toc@ha
	addi	%r9, %r9, smp_bss_ready@toc@l
4:	or	%r1, %r1, %r1
	lwz	%r11, 0(%r9)
	cmpwi	%r11, 0
	beq	4b
	isync
	addis	%r9, %r2, smp_next_slot@toc@ha
	addi	%r9, %r9, smp_next_slot@toc@l
5:	lwarx	%r11, 0, %r9
	addi	%r12, %r11, 1
	stwcx.	%r12, 0, %r9
	bne-	5b
	cmpwi	%r11, SMP_MAX_SECONDARY
	bge	9b
	addis	%r1, %r2, smp_stacks@toc@ha
	addi	%r1, %r1, smp_stacks@toc@l
	addi	%r12, %r11, 1
	sldi	%r12, %r12, SMP_STACK_SHIFT
	add	%r1, %r1, %r12
	li	%r0, 0
	stdu	%r0, -64(%r1)
	mr	%r3, %r11
	mr	%r4, %r10
	bl	pnv_secondary		/* (slot, PIR); never returns */
	nop
	b	9b

#define SAVE(n) std n, (8 * n)(%r13)
#define REST(n) ld n, (8 * n)(%r13)
/* CR last but one (after the branch on cr0), r13 last */
#define RESTORE_ALL \
	ld %r4, F_CR(%r13); mtcr %r4; \
	REST(0); REST(1); REST(2); REST(3); REST(4); REST(5); REST(6); REST(7); \
	REST(8); REST(9); REST(10); REST(11); REST(12); REST(14); REST(15); \
	REST(16); REST(17); REST(18); REST(19); REST(20); REST(21); REST(22); \
	REST(23); REST(24); REST(25); REST(26); REST(27); REST(28); REST(29); \
	REST(30); REST(31); REST(13)

exc_common:
	SAVE(0); SAVE(1); SAVE(2); SAVE(4); SAVE(5); SAVE(6); SAVE(7); SAVE(8)
	SAVE(9); SAVE(10); SAVE(11); SAVE(12); SAVE(14); SAVE(15); SAVE(16)
	SAVE(17); SAVE(18); SAVE(19); SAVE(20); SAVE(21); SAVE(22); SAVE(23)
	SAVE(24); SAVE(25); SAVE(26); SAVE(27); SAVE(28); SAVE(29); SAVE(30)
	SAVE(31)
	std	%r3, F_VEC(%r13)
	mfspr	%r4, 305;	std %r4, 104(%r13)	/* original r13 */
	mfsrr0	%r4;		std %r4, F_SRR0(%r13)
	mfsrr1	%r4;		std %r4, F_SRR1(%r13)
	mfspr	%r4, 314;	std %r4, F_HSRR0(%r13)
	mfspr	%r4, 315;	std %r4, F_HSRR1(%r13)
	mflr	%r4;		std %r4, F_LR(%r13)
	mfctr	%r4;		std %r4, F_CTR(%r13)
	mfcr	%r4;		std %r4, F_CR(%r13)
	mfxer	%r4;		std %r4, F_XER(%r13)
	mfspr	%r4, 307;	std %r4, F_HDAR(%r13)
	mfspr	%r4, 306;	std %r4, F_HDSISR(%r13)
	mfspr	%r4, 816;	std %r4, F_ASDR(%r13)
	mfspr	%r4, 19;	std %r4, F_DAR(%r13)
	mfspr	%r4, 18;	std %r4, F_DSISR(%r13)
	ld	%r1, F_SP(%r13)
	ld	%r2, F_TOC(%r13)
	mr	%r3, %r13
	bl	pnv_trap		/* returns 0: rfid (SRR0/1), 1: hrfid (HSRR0/1) */
	nop
	mfspr	%r13, 304
	ld	%r4, F_SRR0(%r13);	mtsrr0 %r4
	ld	%r4, F_SRR1(%r13);	mtsrr1 %r4
	ld	%r4, F_HSRR0(%r13);	mtspr 314, %r4
	ld	%r4, F_HSRR1(%r13);	mtspr 315, %r4
	ld	%r4, F_LR(%r13);	mtlr %r4
	ld	%r4, F_CTR(%r13);	mtctr %r4
	ld	%r4, F_XER(%r13);	mtxer %r4
	cmpdi	%r3, 1
	beq	50f
	RESTORE_ALL
	rfid
50:	RESTORE_ALL
	hrfid

/* pnv_enter_guest_r3(hsrr0, hsrr1, r3): a secondary's entry (RTAS start-cpu) */
	.globl	pnv_enter_guest_r3
pnv_enter_guest_r3:
	mtspr	314, %r3
	mtspr	315, %r4
	mr	%r3, %r5
	li	%r4, 0
	li	%r5, 0
	hrfid

/* pnv_enter_guest(hsrr0, hsrr1, r5): first entry into the partition */
	.globl	pnv_enter_guest
pnv_enter_guest:
	mtspr	314, %r3
	mtspr	315, %r4
	li	%r3, 0
	li	%r4, 0
	hrfid
