/* Entry of a secondary hart started through SBI HSM hart_start (SBI v3.0
 * section 9.2): S-mode, a0 = hartid, a1 = opaque = our index of the hart,
 * satp = 0, interrupts off. The index is checked before it picks a stack,
 * since it comes back through the firmware. */
#include "stack_guard.h"

#define RISCV_MAX_HARTS 8
/* struct riscv_hart_stack: a 4 KiB guard page, then the 8 KiB stack (smp.h) */

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
	addi	t1, a1, 1
	slli	t2, t1, 1
	add	t2, t2, t1		/* 3 * (index + 1) pages */
	slli	t2, t2, 12
	la	sp, riscv_hart_stacks
	add	sp, sp, t2
	/* sscratch = &riscv_stack_areas[index + 1] before any trap can come */
	la	t0, riscv_stack_areas
	slli	t1, t1, SG_AREA_SHIFT
	add	t0, t0, t1
	csrw	sscratch, t0
	call	riscv_secondary_main
1:	wfi
	j	1b
