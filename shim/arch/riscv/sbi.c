/* SBI v3.0 provider: the dispatcher, BASE (chapter 4) and the legacy calls
 * (chapter 5). Each other extension has the file its client has in the guest
 * (kernel/arch/riscv/sbi_<ext>.c): sbi_time.c, sbi_ipi.c, sbi_rfence.c,
 * sbi_hsm.c, sbi_srst.c, sbi_dbcn.c, sbi_fwft.c. Every argument comes from the
 * guest and is checked; nothing here trusts it to be in range. */
#include <cocoon/tdisp_abi.h>
#include <shim/trace.h>

#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

struct sbi_ret (*sbi_tdisp_hook)(struct vm *vm, struct vcpu *v, unsigned long fid);

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
	case TDISP_SBI_EID:
		return sbi_tdisp_hook != NULL;
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

/* Extensions worth a shimtrace line: the flows the docs draw. TIME, IPI,
 * RFENCE and the consoles are left out (hot, or they would trace themselves). */
static const char *traced_ext(unsigned long eid)
{
	switch (eid) {
	case SBI_EXT_BASE: return "SBI.BASE";
	case SBI_EXT_HSM: return "SBI.HSM";
	case SBI_EXT_SRST: return "SBI.SRST";
	case SBI_EXT_FWFT: return "SBI.FWFT";
	default: return NULL;
	}
}

void sbi_dispatch(struct vm *vm, struct vcpu *v)
{
	unsigned long eid = v->x[17], fid = v->x[16];
	unsigned long a0 = v->x[10], a1 = v->x[11], a2 = v->x[12];
	struct sbi_ret r;
	const char *ext;

	if (eid <= SBI_EXT_LEGACY_LAST) {
		v->x[10] = (unsigned long)legacy_call(vm, v, eid); /* a0 only (SBI 5) */
		return;
	}
	switch (eid) {
	case SBI_EXT_BASE:
		r = base_call(vm, fid, v->x[10]);
		break;
	case SBI_EXT_TIME:
		r = sbi_time_call(vm, v, fid);
		break;
	case SBI_EXT_IPI:
		r = sbi_ipi_call(vm, v, fid);
		break;
	case SBI_EXT_RFENCE:
		r = sbi_rfence_call(vm, v, fid);
		break;
	case SBI_EXT_HSM:
		r = sbi_hsm_call(vm, v, fid);
		break;
	case SBI_EXT_SRST:
		r = sbi_srst_call(vm, v, fid);
		break;
	case SBI_EXT_DBCN:
		r = sbi_dbcn_call(vm, v, fid);
		break;
	case SBI_EXT_FWFT:
		r = sbi_fwft_call(vm, v, fid);
		break;
	case TDISP_SBI_EID:
		r = sbi_tdisp_hook ? sbi_tdisp_hook(vm, v, fid) : RET(SBI_ERR_NOT_SUPPORTED, 0);
		break;
	default:
		r = RET(SBI_ERR_NOT_SUPPORTED, 0);
	}
	v->x[10] = (unsigned long)r.error;
	v->x[11] = r.value;
	if (shim_trace_on && (ext = traced_ext(eid)))
		shim_trace_line((unsigned)v->hartid, "%s fid=%lu 0x%lx 0x%lx 0x%lx -> error=%ld value=0x%lx",
				ext, fid, a0, a1, a2, r.error, r.value);
}
