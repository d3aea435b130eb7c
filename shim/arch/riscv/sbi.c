/* SBI v3.0 provider: the dispatcher, BASE (chapter 4), the legacy calls
 * (chapter 5), TIME (6), IPI (7), RFENCE (8), SRST (10). HSM, DBCN and FWFT
 * live in hsm.c, dbcn.c and fwft.c. Every argument comes from the guest and is
 * checked; nothing here trusts it to be in range. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

static bool ext_available(const struct vm *vm, unsigned long eid)
{
	(void)vm;
	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_LEGACY_SHUTDOWN:
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case SBI_EXT_DBCN:
	case SBI_EXT_FWFT:
		return true;
	}
	return false;
}

static struct sbi_ret base_call(struct vm *vm, unsigned long fid, unsigned long a0)
{
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		return RET(SBI_SUCCESS, SBI_SPEC_VERSION_3_0);
	case SBI_BASE_GET_IMPL_ID:
		return RET(SBI_SUCCESS, SHIM_SBI_IMPL_ID);
	case SBI_BASE_GET_IMPL_VERSION:
		return RET(SBI_SUCCESS, SHIM_SBI_IMPL_VERSION);
	case SBI_BASE_PROBE_EXT:
		return RET(SBI_SUCCESS, ext_available(vm, a0) ? 1 : 0);
	case SBI_BASE_GET_MVENDORID:
		return RET(SBI_SUCCESS, vm->mvendorid);
	case SBI_BASE_GET_MARCHID:
		return RET(SBI_SUCCESS, vm->marchid);
	case SBI_BASE_GET_MIMPID:
		return RET(SBI_SUCCESS, vm->mimpid);
	}
	return RET(SBI_ERR_NOT_SUPPORTED, 0);
}

struct vcpu *vm_vcpu_by_hartid(struct vm *vm, unsigned long hartid)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].hartid == hartid)
			return &vm->vcpus[i];
	return NULL;
}

uintptr_t guest_ram_hva(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	/* written so that no sum can wrap: gpa and len are guest-chosen */
	if (gpa < vm->ram_gpa || len > vm->ram_size || gpa - vm->ram_gpa > vm->ram_size - len)
		return 0;
	return vm->ram_hva + (uintptr_t)(gpa - vm->ram_gpa);
}

/* SBI 3.2 hart mask: bit i selects hart base + i; base = -1 selects every
 * hart. A bit naming no hart is INVALID_PARAM (v2.0+) and nothing is sent. */
static long hart_mask_to_vcpus(struct vm *vm, unsigned long mask, unsigned long base,
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
static void post(struct vm *vm, struct vcpu *self, unsigned targets, unsigned what)
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

static struct sbi_ret ipi_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned targets;
	long err;

	if (fid != 0)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	err = hart_mask_to_vcpus(vm, v->x[10], v->x[11], &targets);
	if (err)
		return RET(err, 0);
	post(vm, v, targets, PEND_IPI);
	return RET(SBI_SUCCESS, 0);
}

static struct sbi_ret rfence_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned targets;
	long err;

	/* FIDs 3-6 are the hypervisor fences: this guest has no H extension */
	if (fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return RET(SBI_ERR_NOT_SUPPORTED, 0);
	err = hart_mask_to_vcpus(vm, v->x[10], v->x[11], &targets);
	if (err)
		return RET(err, 0);
	/* Any start/size/asid is served by a full flush: correct, if coarse.
	 * Ranges are not addresses we touch, so they need no validation beyond
	 * the spec's: none is mandated for sfence.vma. */
	post(vm, v, targets, fid == SBI_RFENCE_FENCE_I ? PEND_FENCE_I : PEND_VMA);
	return RET(SBI_SUCCESS, 0);
}

static struct sbi_ret srst_call(struct vm *vm, struct vcpu *v, unsigned long fid)
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

static long legacy_call(struct vm *vm, struct vcpu *v, unsigned long eid)
{
	char c;

	switch (eid) {
	case SBI_EXT_LEGACY_SET_TIMER:
		vm->ops->set_timer(vm, v, v->x[10]);
		return 0;
	case SBI_EXT_LEGACY_PUTCHAR:
		c = (char)v->x[10];
		vm->ops->console_write(&c, 1);
		return 0;
	case SBI_EXT_LEGACY_GETCHAR:
		return vm->ops->console_read(&c, 1) == 1 ? (unsigned char)c : -1;
	case SBI_EXT_LEGACY_SHUTDOWN:
		return vm->ops->system_reset(SBI_SRST_SHUTDOWN, SBI_SRST_REASON_NONE);
	}
	return SBI_ERR_NOT_SUPPORTED;
}

void sbi_dispatch(struct vm *vm, struct vcpu *v)
{
	unsigned long eid = v->x[17], fid = v->x[16];
	struct sbi_ret r;

	if (eid <= SBI_EXT_LEGACY_LAST) {
		v->x[10] = (unsigned long)legacy_call(vm, v, eid); /* a0 only (SBI 5) */
		return;
	}
	switch (eid) {
	case SBI_EXT_BASE:
		r = base_call(vm, fid, v->x[10]);
		break;
	case SBI_EXT_TIME:
		if (fid != 0) {
			r = RET(SBI_ERR_NOT_SUPPORTED, 0);
			break;
		}
		vm->ops->set_timer(vm, v, v->x[10]);
		r = RET(SBI_SUCCESS, 0);
		break;
	case SBI_EXT_IPI:
		r = ipi_call(vm, v, fid);
		break;
	case SBI_EXT_RFENCE:
		r = rfence_call(vm, v, fid);
		break;
	case SBI_EXT_HSM:
		r = sbi_hsm_call(vm, v, fid);
		break;
	case SBI_EXT_SRST:
		r = srst_call(vm, v, fid);
		break;
	case SBI_EXT_DBCN:
		r = sbi_dbcn_call(vm, v, fid);
		break;
	case SBI_EXT_FWFT:
		r = sbi_fwft_call(vm, v, fid);
		break;
	default:
		r = RET(SBI_ERR_NOT_SUPPORTED, 0);
	}
	v->x[10] = (unsigned long)r.error;
	v->x[11] = r.value;
}
