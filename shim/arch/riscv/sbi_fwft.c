/* SBI FWFT provider (SBI v3.0 chapter 18): the six standard features mapped
 * onto the hypervisor controls of the calling vCPU.
 *   MISALIGNED_EXC_DELEG  -> hedeleg load/store misaligned (+ the firmware's
 *                            own FWFT, so the exceptions reach HS at all)
 *   LANDING_PAD           -> henvcfg.LPE      SHADOW_STACK -> henvcfg.SSE
 *   DOUBLE_TRAP           -> henvcfg.DTE      PTE_AD_HW_UPDATING -> henvcfg.ADUE
 *   POINTER_MASKING_PMLEN -> henvcfg.PMM, exactly 0, 7 or 16
 * A feature whose control the host lacks is NOT_SUPPORTED. Values are per
 * hart, reset on hart start (sbi_vcpu_reset); LOCK freezes one until then.
 * Semantics of an ISA-string extension (from the KVM review): present means
 * the hardware has it, not that it is on; pointer masking stays off until a
 * successful SET. */
#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })

/* SBI v3.0 table 93: feature ID ranges. Bit 31 = global, bit 30 = platform. */
#define FWFT_STD_LOCAL_LAST 0x3FFFFFFFul

static const uint64_t feature_bit[SBI_FWFT_NR_FEATURES] = {
	[SBI_FWFT_LANDING_PAD] = ENVCFG_LPE,
	[SBI_FWFT_SHADOW_STACK] = ENVCFG_SSE,
	[SBI_FWFT_DOUBLE_TRAP] = ENVCFG_DTE,
	[SBI_FWFT_PTE_AD_HW_UPDATING] = ENVCFG_ADUE,
};

bool sbi_fwft_pm_offered(const struct vm *vm)
{
	if (vm->hide_smnpm || !(vm->pmlen7 || vm->pmlen16) || !(vm->henvcfg_writable & ENVCFG_PMM))
		return false;
	/* with the QEMU quirk, masking only works through the firmware's PMLEN */
	return !vm->pm_quirk || vm->fw_pmlen;
}

static bool supported(const struct vm *vm, unsigned f)
{
	switch (f) {
	case SBI_FWFT_MISALIGNED_EXC_DELEG:
		return vm->fw_misaligned_deleg;
	case SBI_FWFT_POINTER_MASKING_PMLEN:
		return sbi_fwft_pm_offered(vm);
	default:
		return (vm->henvcfg_writable & feature_bit[f]) != 0;
	}
}

/* DENIED for reserved and (unimplemented) platform IDs, NOT_SUPPORTED for a
 * defined feature this host cannot provide. */
static long lookup(const struct vm *vm, unsigned long id)
{
	if (id >= SBI_FWFT_NR_FEATURES)
		return SBI_ERR_DENIED;
	return supported(vm, (unsigned)id) ? SBI_SUCCESS : SBI_ERR_NOT_SUPPORTED;
}

static long set_pmlen(struct vm *vm, struct vcpu *v, unsigned long value)
{
	uint64_t pmm;

	if (value == 0)
		pmm = 0;
	else if (value == 7 && vm->pmlen7)
		pmm = ENVCFG_PMM_PMLEN7;
	else if (value == 16 && vm->pmlen16)
		pmm = ENVCFG_PMM_PMLEN16;
	else
		return SBI_ERR_INVALID_PARAM;
	/* QEMU <= 10.x applies menvcfg.PMM to VS-mode: mirror the length into
	 * the firmware's setting for this hart too (detected at start). */
	if (vm->pm_quirk && vm->ops->fw_fwft_set(SBI_FWFT_POINTER_MASKING_PMLEN, value))
		return SBI_ERR_FAILED;
	v->henvcfg = (v->henvcfg & ~ENVCFG_PMM) | pmm;
	return SBI_SUCCESS;
}

static long set_feature(struct vm *vm, struct vcpu *v, unsigned f, unsigned long value)
{
	if (f == SBI_FWFT_POINTER_MASKING_PMLEN)
		return set_pmlen(vm, v, value);
	if (value > 1)
		return SBI_ERR_INVALID_PARAM;
	if (f == SBI_FWFT_MISALIGNED_EXC_DELEG) {
		/* the firmware's per-hart setting always equals hedeleg's (both 0
		 * at sbi_vcpu_reset, changed together below): an unchanged value
		 * needs no nested ecall, which doubled SET's cost (make bench) */
		if (((v->hedeleg & HEDELEG_MISALIGNED) == HEDELEG_MISALIGNED) == (value == 1))
			return SBI_SUCCESS;
		if (vm->ops->fw_fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, value))
			return SBI_ERR_FAILED;
		v->hedeleg = value ? v->hedeleg | HEDELEG_MISALIGNED : v->hedeleg & ~HEDELEG_MISALIGNED;
		return SBI_SUCCESS;
	}
	v->henvcfg = value ? v->henvcfg | feature_bit[f] : v->henvcfg & ~feature_bit[f];
	return SBI_SUCCESS;
}

static struct sbi_ret fwft_set(struct vm *vm, struct vcpu *v, unsigned long id,
			       unsigned long value, unsigned long flags)
{
	long err = lookup(vm, id);

	if (err)
		return RET(err, 0);
	if (flags & ~SBI_FWFT_SET_FLAG_LOCK)
		return RET(SBI_ERR_INVALID_PARAM, 0);
	if (v->fwft_locked & (1u << id))
		return RET(SBI_ERR_DENIED_LOCKED, 0);
	err = set_feature(vm, v, (unsigned)id, value);
	if (err)
		return RET(err, 0);
	v->fwft_value[id] = value;
	if (flags & SBI_FWFT_SET_FLAG_LOCK)
		v->fwft_locked |= 1u << id;
	return RET(SBI_SUCCESS, 0);
}

struct sbi_ret sbi_fwft_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	/* feature is uint32_t (SBI 18.1): upper register bits are not part of it */
	unsigned long id = v->x[10] & 0xFFFFFFFFul;
	long err;

	switch (fid) {
	case SBI_FWFT_SET:
		return fwft_set(vm, v, id, v->x[11], v->x[12]);
	case SBI_FWFT_GET:
		err = lookup(vm, id);
		/* on error the value is 0 */
		return err ? RET(err, 0) : RET(SBI_SUCCESS, v->fwft_value[id]);
	}
	return RET(SBI_ERR_NOT_SUPPORTED, 0);
}
