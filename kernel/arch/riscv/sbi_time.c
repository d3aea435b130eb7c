/* SBI TIME extension (SBI v3.0 chapter 6): one function, set_timer. */
#include "sbi.h"

bool sbi_set_timer(uint64_t when)
{
	/* FID 0; the spec defines no error for it, so any error is a refusal */
	return sbi_ecall(SBI_EXT_TIME, 0, when, 0, 0, 0, 0, 0).error == SBI_SUCCESS;
}
