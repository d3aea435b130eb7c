/* arm64 entry: the Linux Image header, then EL handling, stack, BSS, kmain.
 * Boot protocol: Documentation/arch/arm64/booting.rst — x0 = DTB, x1..x3 = 0,
 * MMU off, D-cache off for the image, entered at EL2 or non-secure EL1. */

#define PL011_BASE 0x09000000	/* QEMU virt UART0: usable before the DTB is read */
#define PL011_FR 0x18
#define PL011_FR_TXFF (1 << 5)

	.section .text.head, "ax"
	.global _start
_start:
	/* Image header (booting.rst section 4). Flag bit 3 is clear (the image is
	 * not relocatable), so a loader places it text_offset bytes above the
	 * 2 MiB-aligned base of RAM: RAM + 2 MiB = our link address, for QEMU
	 * -kernel and U-Boot booti alike. */
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0x200000		/* text_offset */
	.quad	__image_size		/* image_size: whole footprint, BSS and stack included */
	.quad	0x2			/* flags: bit 0 = 0 LE, bits 1-2 = 1 4K pages, bit 3 = 0 */
	.quad	0, 0, 0			/* res2..res4 */
	.long	0x644d5241		/* magic "ARM\x64" */
	.long	0			/* res5 (PE/COFF offset: none) */

primary_entry:
	mov	x19, x0			/* DTB: kept until BSS is cleared */
	mrs	x20, CurrentEL
	ubfx	x20, x20, #2, #2	/* EL at entry, reported in the summary */

	/* The image is linked for one address (absolute pointers in data). */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	wrong_address

	cmp	x20, #2
	b.ne	1f
	bl	el2_drop_to_el1		/* kernel/arch/arm64/el2.S: returns at EL1 */
1:	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	cmp	x1, #1
	b.ne	bad_el

	msr	spsel, #1		/* run on SP_EL1 so the vectors' SPx entries apply */
	ldr	x1, =arm64_stack_areas	/* the vectors' stack check (kernel/arch/arm64/stack_guard.c) */
	msr	tpidr_el1, x1
	ldr	x1, =arm64_vectors	/* catch faults from here on (kernel/arch/arm64/vectors.S) */
	msr	vbar_el1, x1
	isb
	ldr	x1, =__stack_top
	mov	sp, x1

	/* Clear BSS: the script 16-aligns both ends. MMU is off, so these are
	 * Device accesses: aligned stores only. */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
2:	cmp	x1, x2
	b.hs	3f
	stp	xzr, xzr, [x1], #16
	b	2b
3:	adrp	x1, arm64_boot_x0
	str	x19, [x1, :lo12:arm64_boot_x0]
	adrp	x1, arm64_entry_el
	str	x20, [x1, :lo12:arm64_entry_el]

	mov	x29, xzr		/* end of the frame-pointer chain */
	bl	kmain			/* never returns */
	b	boot_halt

wrong_address:
	adr	x0, msg_address
	bl	boot_puts
	b	boot_halt
bad_el:
	adr	x0, msg_el
	bl	boot_puts
	b	boot_halt

/* boot_puts(x0 = NUL-terminated string): polled PL011 output that needs no
 * stack and no MMU. Clobbers x0-x3. Also used by the EL2 vectors. */
	.global	boot_puts
boot_puts:
	mov	x1, #PL011_BASE
4:	ldrb	w2, [x0], #1
	cbz	w2, 6f
5:	ldr	w3, [x1, #PL011_FR]
	tbnz	w3, #5, 5b		/* PL011_FR_TXFF: FIFO full */
	str	w2, [x1]
	b	4b
6:	ret

/* Nothing sensible is left to do; no PSCI conduit is known this early. */
	.global	boot_halt
boot_halt:
	msr	daifset, #0xf
7:	wfi
	b	7b

	.section .rodata.boot, "a"
msg_address:
	.asciz	"\ncocoon: fatal: not loaded at the link address 0x40200000 (not relocatable)\n"
msg_el:
	.asciz	"\ncocoon: fatal: entered at an exception level other than EL1 or EL2\n"
