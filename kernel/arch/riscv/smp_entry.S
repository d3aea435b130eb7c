/* Entry of a secondary hart started through SBI HSM hart_start (SBI v3.0
 * section 9.2): S-mode, a0 = hartid, a1 = opaque = our index of the hart,
 * satp = 0, interrupts off. The index is checked before it picks a stack,
 * since it comes back through the firmware. */
#define RISCV_MAX_HARTS 8
#define RISCV_HART_STACK_SHIFT 13	/* 8 KiB, smp.h RISCV_HART_STACK */

	.section .text
	.balign 4
	.globl riscv_secondary_entry
riscv_secondary_entry:
	csrw	sie, zero
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	mv	tp, a0
	li	t0, RISCV_MAX_HARTS
	bgeu	a1, t0, 1f
	la	sp, riscv_hart_stacks
	addi	t1, a1, 1
	slli	t1, t1, RISCV_HART_STACK_SHIFT
	add	sp, sp, t1
	call	riscv_secondary_main
1:	wfi
	j	1b
