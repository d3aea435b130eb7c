/* FWFT answer interpretation (SBI v3.0 chapter 18): pure functions, so the
 * host unit tests and the fuzzer can drive them with any firmware answer. */
#include <stddef.h>

#include "sbi_fwft.h"

const unsigned fwft_pmlen_order[] = { 7, 16, 0 };

const char *fwft_feature_name(unsigned long feature)
{
	static const char *const names[FWFT_NR_STANDARD] = {
		"MISALIGNED_EXC_DELEG", "LANDING_PAD", "SHADOW_STACK",
		"DOUBLE_TRAP", "PTE_AD_HW_UPDATING", "POINTER_MASKING_PMLEN",
	};

	if (feature < FWFT_NR_STANDARD)
		return names[feature];
	return feature >= FWFT_PLATFORM_FIRST ? "platform/reserved" : "reserved";
}

bool fwft_value_valid(unsigned long feature, unsigned long value)
{
	switch (feature) {
	case FWFT_MISALIGNED_EXC_DELEG:
	case FWFT_LANDING_PAD:
	case FWFT_SHADOW_STACK:
	case FWFT_DOUBLE_TRAP:
	case FWFT_PTE_AD_HW_UPDATING:
		return value <= 1;
	case FWFT_POINTER_MASKING_PMLEN:
		/* RV64 pointer masking (Ssnpm/Smnpm) defines PMLEN 7 and 16 */
		return value == 0 || value == 7 || value == 16;
	default:
		return false;
	}
}

enum fwft_verdict fwft_classify_get(unsigned long feature, struct sbiret r)
{
	switch (r.error) {
	case SBI_SUCCESS:
		return fwft_value_valid(feature, (unsigned long)r.value) ? FWFT_OFFERED
									   : FWFT_BAD_VALUE;
	case SBI_ERR_NOT_SUPPORTED:
		return FWFT_ABSENT;
	case SBI_ERR_DENIED:
		return FWFT_REFUSED;
	case SBI_ERR_FAILED:
		return FWFT_FAILED;
	default:
		/* no other code is defined for GET (v3.0 section 18.2) */
		return FWFT_BAD_ERROR;
	}
}

const char *fwft_verdict_name(enum fwft_verdict v)
{
	static const char *const names[] = { "offered", "not supported", "denied",
					     "failed", "bad value", "bad error" };

	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

enum pmlen_step fwft_pmlen_step(unsigned tried, struct sbiret set, struct sbiret get)
{
	switch (set.error) {
	case SBI_SUCCESS:
		/* v3.0 table 103: N asks for PMLEN >= N and GET gives the length
		 * in force. Trust nothing: it must be a real length, >= N, and
		 * 0 only when 0 was asked for */
		if (get.error != SBI_SUCCESS ||
		    !fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, (unsigned long)get.value) ||
		    (unsigned long)get.value < tried || (!get.value && tried))
			return PMLEN_BROKEN;
		return PMLEN_DONE;
	case SBI_ERR_INVALID_PARAM:
		return PMLEN_TRY_NEXT;
	case SBI_ERR_NOT_SUPPORTED:
	case SBI_ERR_DENIED:
	case SBI_ERR_DENIED_LOCKED:
		return PMLEN_NO_HW;
	default:
		return PMLEN_BROKEN;
	}
}
