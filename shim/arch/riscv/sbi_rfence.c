/* SBI RFENCE provider (SBI v3.0 chapter 8) for a guest without the H
 * extension: remote FENCE.I and SFENCE.VMA become FENCE.I / HFENCE.VVMA on the
 * target harts, done before the call returns. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

struct sbi_ret sbi_rfence_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned targets;
	long err;

	/* FIDs 3-6 are the hypervisor fences: this guest has no H extension */
	if (fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	err = sbi_hart_mask_to_vcpus(vm, v->x[10], v->x[11], &targets);
	if (err)
		return RET(err, 0);
	/* Any start/size/asid is served by a full flush: correct, if coarse.
	 * Ranges are not addresses we touch, so they need no validation beyond
	 * the spec's: none is mandated for sfence.vma. */
	sbi_post(vm, v, targets, fid == SBI_RFENCE_FENCE_I ? PEND_FENCE_I : PEND_VMA);
	return RET(SBI_SUCCESS, 0);
}

