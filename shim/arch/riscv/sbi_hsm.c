/* SBI HSM provider (SBI v3.0 chapter 9). Each vCPU lives on its own hart: a
 * stopped vCPU's hart waits in the shim (shim_vcpu_stopped in main.c) until
 * HART_START hands it an entry point. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

static struct sbi_ret hart_start(struct vm *vm, unsigned long hartid, unsigned long addr,
				 unsigned long arg)
{
	struct vcpu *t = vm_vcpu_by_hartid(vm, hartid);
	int expected = SBI_HSM_STOPPED;

	if (!t)
		return RET(SBI_ERR_INVALID_PARAM, 0);
	/* start_addr is a guest physical address that must be guest RAM */
	if (!guest_ram_hva(vm, addr, 2))
		return RET(SBI_ERR_INVALID_ADDRESS, 0);
	if (!__atomic_compare_exchange_n(&t->hsm_state, &expected, SBI_HSM_START_PENDING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return RET(SBI_ERR_ALREADY_AVAILABLE, 0);
	t->start_addr = addr;
	t->start_arg = arg;
	__atomic_store_n(&t->start_go, 1, __ATOMIC_RELEASE);
	vm->ops->kick(vm, t);
	return RET(SBI_SUCCESS, 0);
}

static struct sbi_ret hart_suspend(struct vm *vm, unsigned long type)
{
	if (type > 0xFFFFFFFFul) /* suspend_type is uint32_t */
		return RET(SBI_ERR_INVALID_PARAM, 0);
	if (type == SBI_HSM_SUSPEND_RETENTIVE) {
		/* default retentive suspend: resume on any interrupt, like WFI */
		vm->ops->wait_for_interrupt();
		return RET(SBI_SUCCESS, 0);
	}
	/* the default non-retentive type and the platform-specific ranges
	 * (0x10000000-0x7FFFFFFF, 0x90000000-0xFFFFFFFF) are not implemented;
	 * everything else is reserved */
	if (type == SBI_HSM_SUSPEND_NON_RETENTIVE || (type >= 0x10000000ul && type <= 0x7FFFFFFFul) ||
	    type >= 0x90000000ul)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	return RET(SBI_ERR_INVALID_PARAM, 0);
}

struct sbi_ret sbi_hsm_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	struct vcpu *t;

	switch (fid) {
	case SBI_HSM_HART_START:
		return hart_start(vm, v->x[10], v->x[11], v->x[12]);
	case SBI_HSM_HART_STOP:
		/* the state becomes STOPPED once this hart has left the guest */
		__atomic_store_n(&v->hsm_state, SBI_HSM_STOP_PENDING, __ATOMIC_RELEASE);
		v->stop_requested = true;
		return RET(SBI_SUCCESS, 0);
	case SBI_HSM_HART_GET_STATUS:
		t = vm_vcpu_by_hartid(vm, v->x[10]);
		if (!t)
			return RET(SBI_ERR_INVALID_PARAM, 0);
		return RET(SBI_SUCCESS, (unsigned long)__atomic_load_n(&t->hsm_state, __ATOMIC_ACQUIRE));
	case SBI_HSM_HART_SUSPEND:
		return hart_suspend(vm, v->x[10]);
	}
	return RET(SBI_ERR_NOT_SUPPORTED, 0);
}
