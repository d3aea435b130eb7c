/* SBI System Reset extension (SBI v3.0 chapter 10): system_reset (FID 0).
 * On success the call does not return; the caller handles the error. */
#include "sbi.h"

struct sbiret sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0);
}
