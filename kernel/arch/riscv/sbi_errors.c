/* SBI error codes (SBI v3.0 table 1) and implementation IDs (table 9): pure
 * lookups, shared by every extension client and the host unit tests. */
#include <stddef.h>

#include "sbi.h"

static const char *const error_names[] = {
	"SUCCESS", "FAILED", "NOT_SUPPORTED", "INVALID_PARAM", "DENIED",
	"INVALID_ADDRESS", "ALREADY_AVAILABLE", "ALREADY_STARTED",
	"ALREADY_STOPPED", "NO_SHMEM", "INVALID_STATE", "BAD_RANGE",
	"TIMEOUT", "IO", "DENIED_LOCKED",
};

bool sbi_error_known(long err)
{
	return err <= 0 && err >= SBI_ERR_DENIED_LOCKED;
}

const char *sbi_strerror(long err)
{
	return sbi_error_known(err) ? error_names[-err] : "unknown error";
}

const char *sbi_impl_name(unsigned long id)
{
	static const char *const names[] = {
		"BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix", "Coffer",
		"Xen", "PolarFire HSS", "coreboot", "oreboot", "bhyve",
	};

	return id < sizeof(names) / sizeof(names[0]) ? names[id] : "unknown";
}
