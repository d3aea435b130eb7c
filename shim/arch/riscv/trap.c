/* Traps into the shim. From the guest (hstatus.SPV = 1): SBI calls, guest
 * page faults, virtual-instruction exceptions and what hedeleg does not send
 * straight to VS; HS-level interrupts (IPIs from other harts). A trap taken
 * in HS itself is a shim bug: report and stop. Cause codes: privileged spec
 * v1.13 tables 4.2 and 18.6. */
#include "csr.h"
#include "fw.h"
#include "shim.h"

/* Deliver an exception to VS-mode as the hardware would with hedeleg
 * (privileged spec 18.6.2: vsepc, vscause, vstval, vsstatus.SPP/SPIE/SIE). */
static void inject(struct vcpu *v, unsigned long cause, unsigned long tval)
{
	unsigned long vss = csr_read(vsstatus);

	csr_write(vsepc, v->sepc);
	csr_write(vscause, cause);
	csr_write(vstval, tval);
	vss &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (v->sstatus & SSTATUS_SPP) /* the trap came from VS, not VU */
		vss |= SSTATUS_SPP;
	if (vss & SSTATUS_SIE)
		vss |= SSTATUS_SPIE;
	vss &= ~SSTATUS_SIE;
	csr_write(vsstatus, vss);
	v->sepc = csr_read(vstvec) & ~3ul;
	v->sstatus |= SSTATUS_SPP;
}

static void interrupt(struct vcpu *v)
{
	unsigned long irq = v->scause & ~SCAUSE_IRQ;

	if (irq == IRQ_S_SOFT) {
		csr_clear(sip, 1ul << IRQ_S_SOFT); /* requests are in v->pending */
		return;
	}
	if (irq == IRQ_S_TIMER) {
		/* hosts without Sstc: the firmware timer stands in for vstimecmp */
		csr_set(hvip, 1ul << IRQ_VS_TIMER);
		fw_ecall(SBI_EXT_TIME, 0, ~0ul, 0, 0);
		return;
	}
	shim_printf("unexpected interrupt %lu on hart %lu: masked\n", irq, v->hartid);
	csr_clear(sie, 1ul << irq);
}

void shim_trap(struct vcpu *v)
{
	struct vm *vm = &shim_vm;

	if (!(v->hstatus & HSTATUS_SPV))
		shim_fatal("trap in HS-mode: scause %lx sepc %lx stval %lx ra %lx\n", v->scause,
			   v->sepc, v->stval, v->x[1]);
	if (v->scause & SCAUSE_IRQ) {
		interrupt(v);
	} else if (pm_probe_active()) {
		pm_probe_done(v, v->scause == EXC_ECALL_VS);
	} else {
		switch (v->scause) {
		case EXC_ECALL_VS: {
			unsigned long eid = v->x[17], fid = v->x[16], a0 = v->x[10];

			if (!sbi_fault_pre(v))
				sbi_dispatch(vm, v);
			sbi_fault_post(v, eid, fid, a0);
		}
			v->sepc += 4;
			if (v->stop_requested)
				shim_vcpu_stopped(v);
			break;
		case EXC_LOAD_GUEST_PAGE:
		case EXC_STORE_GUEST_PAGE:
			if (tdisp_riscv_fault(v)) /* a TDI's trapped config space */
				break;
			/* fall through */
		case EXC_INST_GUEST_PAGE:
			/* no such guest physical address (outside the guest's RAM
			 * and devices, or tagged without pointer masking): an
			 * access fault, as bare hardware reports for a physical
			 * address that does not exist */
			inject(v, v->scause == EXC_INST_GUEST_PAGE ? EXC_INST_ACCESS :
				  v->scause == EXC_LOAD_GUEST_PAGE ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS,
			       v->stval);
			break;
		case EXC_VIRTUAL_INST:
			/* stval holds the instruction bits */
			inject(v, EXC_ILLEGAL_INST, v->stval);
			break;
		default:
			/* anything else hedeleg did not route (e.g. a misaligned
			 * access the firmware delegated): the guest's to handle */
			inject(v, v->scause, v->stval);
		}
	}
	sbi_handle_pending(vm, v);
	shim_load_vcpu_csrs(v);
}
