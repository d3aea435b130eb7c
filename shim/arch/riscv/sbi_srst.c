/* SBI SRST provider (SBI v3.0 chapter 10): checked, then forwarded to the
 * firmware, which resets the whole machine. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

struct sbi_ret sbi_srst_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned long type = v->x[10], reason = v->x[11];

	if (fid != 0)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	/* both are uint32_t; 3..0xFFFFFFFF types are reserved or vendor ones we
	 * do not implement; reasons 2..0xDFFFFFFF are reserved */
	if (type > SBI_SRST_WARM_REBOOT)
		return RET(SBI_ERR_INVALID_PARAM, 0);
	if (reason > 0xFFFFFFFFul || (reason > SBI_SRST_REASON_FAILURE && reason < 0xE0000000ul))
		return RET(SBI_ERR_INVALID_PARAM, 0);
	return RET(vm->ops->system_reset(type, reason), 0);
}

