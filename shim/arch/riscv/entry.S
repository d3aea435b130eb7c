/* HS-mode entry points of the shim.
 * _start: the boot hart from the firmware (OpenSBI fw_dynamic: a0 = hart id,
 *   a1 = host DTB, S-mode with the H extension, satp Bare).
 * shim_secondary_entry: other harts, started by the shim through the
 *   firmware's HSM with a1 = their vCPU index (our own value).
 * shim_trap_entry: every trap; sscratch always holds this hart's struct vcpu.
 * Offsets follow struct vcpu (vcpu.h): x[32], sepc, sstatus, hstatus,
 * scause, stval, htval, htinst, hs_stack_top. */
#define STACK_SIZE 0x4000
#define V_SEPC (32 * 8)
#define V_SSTATUS (33 * 8)
#define V_HSTATUS (34 * 8)
#define V_SCAUSE (35 * 8)
#define V_STVAL (36 * 8)
#define V_HTVAL (37 * 8)
#define V_HTINST (38 * 8)
#define V_STACK (39 * 8)

	.section .text.head, "ax"
	.globl _start
_start:
	csrw	sie, zero
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	la	sp, shim_stacks + STACK_SIZE
	mv	s0, a0
	mv	s1, a1
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	mv	a0, s0
	mv	a1, s1
	call	shim_main
3:	wfi
	j	3b

	.text
	.globl shim_secondary_entry
	.balign 4
shim_secondary_entry:
	csrw	sie, zero
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	la	sp, shim_stacks
	li	t0, STACK_SIZE
	addi	t1, a1, 1
	mul	t0, t0, t1
	add	sp, sp, t0
	call	shim_secondary_main
1:	wfi
	j	1b

	.globl shim_trap_entry
	.balign 4
shim_trap_entry:
	csrrw	tp, sscratch, tp
	sd	x1, 1*8(tp)
	sd	x2, 2*8(tp)
	sd	x3, 3*8(tp)
	.irp n,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, \n*8(tp)
	.endr
	csrr	t0, sscratch
	sd	t0, 4*8(tp)
	csrw	sscratch, tp
	csrr	t0, sepc
	sd	t0, V_SEPC(tp)
	csrr	t0, sstatus
	sd	t0, V_SSTATUS(tp)
	csrr	t0, hstatus
	sd	t0, V_HSTATUS(tp)
	csrr	t0, scause
	sd	t0, V_SCAUSE(tp)
	csrr	t0, stval
	sd	t0, V_STVAL(tp)
	csrr	t0, htval
	sd	t0, V_HTVAL(tp)
	csrr	t0, htinst
	sd	t0, V_HTINST(tp)
	ld	sp, V_STACK(tp)
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	mv	a0, tp
	call	shim_trap
	csrr	a0, sscratch
	/* fall through: back into the guest */

	/* shim_vcpu_resume(struct vcpu *v): enter VS-mode with v's state */
	.globl shim_vcpu_resume
shim_vcpu_resume:
	mv	tp, a0
	ld	t0, V_SEPC(tp)
	csrw	sepc, t0
	ld	t0, V_SSTATUS(tp)
	csrw	sstatus, t0
	ld	t0, V_HSTATUS(tp)
	csrw	hstatus, t0
	ld	x1, 1*8(tp)
	ld	x2, 2*8(tp)
	ld	x3, 3*8(tp)
	.irp n,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, \n*8(tp)
	.endr
	ld	tp, 4*8(tp)
	sret

	/* the VS-mode pointer-masking probe (pm_probe.c copies it into guest
	 * RAM): a tagged load through a1, then an ecall back to the shim */
	.globl pm_probe_code, pm_probe_code_end
	.balign 4
pm_probe_code:
	ld	a0, 0(a1)
	ecall
pm_probe_code_end:

	.bss
	.balign	16
	.globl shim_stacks
shim_stacks:
	.space	STACK_SIZE * 8
