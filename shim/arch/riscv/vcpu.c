/* vCPU reset: the state a hart has when HSM starts it (SBI v3.0 section 9.2
 * and 18: FWFT values and locks are per hart and reset on hart start). */
#include <string.h>

#include "vcpu.h"

uint64_t sbi_henvcfg_base(const struct vm *vm)
{
	/* Sstc for the guest (its stimecmp is vstimecmp; the SBI TIME call
	 * writes the same register), Svpbmt and the Zicbo* instructions as the
	 * host has them. Nothing FWFT controls is on. */
	uint64_t want = ENVCFG_STCE | ENVCFG_PBMTE | ENVCFG_CBZE | ENVCFG_CBCFE | ENVCFG_CBIE_FLUSH;

	return want & vm->henvcfg_writable;
}

void sbi_vcpu_reset(struct vm *vm, struct vcpu *v)
{
	memset(v->fwft_value, 0, sizeof(v->fwft_value));
	v->fwft_locked = 0;
	v->henvcfg = sbi_henvcfg_base(vm);
	v->hedeleg = HEDELEG_BASE;
	v->stop_requested = false;
	__atomic_and_fetch(&v->pending, ~PEND_IPI, __ATOMIC_ACQ_REL);
	/* what this shim mirrored into the firmware for the previous run */
	if (vm->fw_misaligned_deleg)
		vm->ops->fw_fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 0);
	if (vm->pm_quirk && vm->fw_pmlen)
		vm->ops->fw_fwft_set(SBI_FWFT_POINTER_MASKING_PMLEN, 0);
}
