/* riscv64 entry: Linux-style Image header, then S-mode start.
 * SBI firmware (OpenSBI fw_dynamic, U-Boot booti) enters here in S-mode with
 * a0 = hart id, a1 = physical address of the DTB, satp = 0 (Bare), interrupts
 * off (Linux Documentation/arch/riscv/boot.rst). */
	.section .text.head, "ax"
	.globl _start
_start:
	/* Image header (boot-image-header.rst, version 0.2) */
	j	real_start		/* code0 */
	.word	0			/* code1 */
	.balign	8
	.dword	0x200000		/* text_offset: RAM base + 2 MiB for RV64 */
	.dword	__image_size		/* effective image size, BSS and stack included */
	.dword	0			/* flags: little endian */
	.word	0x2			/* header version 0.2 */
	.word	0
	.dword	0
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* no PE/COFF header */

real_start:
	csrw	sie, zero
	csrw	sip, zero
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	la	sp, __stack_top
	mv	s0, a0
	mv	s1, a1

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	t0, riscv_boot_hartid
	sd	s0, 0(t0)
	la	t0, riscv_boot_fdt
	sd	s1, 0(t0)
	call	kmain
3:	wfi
	j	3b
