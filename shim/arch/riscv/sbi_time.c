/* SBI TIME provider (SBI v3.0 chapter 6): set_timer programs the vCPU's
 * timer (vstimecmp with Sstc; the host op also clears a pending timer
 * interrupt, as the spec asks). */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

struct sbi_ret sbi_time_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	if (fid != 0)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	vm->ops->set_timer(vm, v, v->x[10]);
	return RET(SBI_SUCCESS, 0);
}
