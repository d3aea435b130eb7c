/* SBI IPI provider (SBI v3.0 chapter 7) and the cross-hart request
 * machinery RFENCE shares: hart masks (section 3.2), pending bits, kicks. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

/* SBI 3.2 hart mask: bit i selects hart base + i; base = -1 selects every
 * hart. A bit naming no hart is INVALID_PARAM (v2.0+) and nothing is sent. */
long sbi_hart_mask_to_vcpus(struct vm *vm, unsigned long mask, unsigned long base,
			     unsigned *out)
{
	*out = 0;
	if (base == (unsigned long)-1) {
		*out = (1u << vm->nr_vcpus) - 1;
		return SBI_SUCCESS;
	}
	for (unsigned i = 0; i < 64 && mask; i++, mask >>= 1) {
		if (!(mask & 1))
			continue;
		if (base + i < base)
			return SBI_ERR_INVALID_PARAM; /* wraps */
		struct vcpu *t = vm_vcpu_by_hartid(vm, base + i);
		if (!t)
			return SBI_ERR_INVALID_PARAM;
		*out |= 1u << t->index;
	}
	return SBI_SUCCESS;
}

void sbi_handle_pending(struct vm *vm, struct vcpu *v)
{
	unsigned p = __atomic_exchange_n(&v->pending, 0, __ATOMIC_ACQ_REL);

	if (p & (PEND_FENCE_I | PEND_VMA))
		vm->ops->local_fence(vm, v, p & (PEND_FENCE_I | PEND_VMA));
	if (p & PEND_IPI)
		vm->ops->raise_guest_ipi(vm, v);
}

/* Post a request to each selected vCPU. Fences wait until every running
 * target has done them (Linux relies on that), serving our own requests
 * meanwhile so that two harts fencing each other cannot deadlock. */
void sbi_post(struct vm *vm, struct vcpu *self, unsigned targets, unsigned what)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *t = &vm->vcpus[i];
		if (!(targets & (1u << i)))
			continue;
		__atomic_or_fetch(&t->pending, what, __ATOMIC_ACQ_REL);
		if (t != self)
			vm->ops->kick(vm, t);
	}
	if (what == PEND_IPI)
		return;
	sbi_handle_pending(vm, self);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *t = &vm->vcpus[i];
		if (!(targets & (1u << i)) || t == self)
			continue;
		/* a stopped hart serves requests in its wait loop too */
		while (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & what) {
			sbi_handle_pending(vm, self);
			vm->ops->cpu_relax();
		}
	}
}

struct sbi_ret sbi_ipi_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned targets;
	long err;

	if (fid != 0)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	err = sbi_hart_mask_to_vcpus(vm, v->x[10], v->x[11], &targets);
	if (err)
		return RET(err, 0);
	sbi_post(vm, v, targets, PEND_IPI);
	return RET(SBI_SUCCESS, 0);
}

