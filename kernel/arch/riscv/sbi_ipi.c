/* SBI IPI extension (SBI v3.0 chapter 7): send_ipi (FID 0) sets the
 * supervisor software interrupt pending bit on every selected hart. */
#include "sbi.h"

struct sbiret sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0, 0, 0);
}
