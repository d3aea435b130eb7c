/* SBI Debug Console extension (SBI v3.0 chapter 12). The buffer is given by
 * physical address (low and high halves); identity map (mmu.c) or Bare: VA == PA. */
#include <stdint.h>

#include "sbi.h"

struct sbiret sbi_dbcn_write(const void *pa, unsigned long n)
{
	/* FID 0: a0 = byte count, a1 = address low, a2 = address high (0 on RV64) */
	return sbi_ecall(SBI_EXT_DBCN, 0, n, (uintptr_t)pa, 0, 0, 0, 0);
}

struct sbiret sbi_dbcn_write_byte(uint8_t byte)
{
	return sbi_ecall(SBI_EXT_DBCN, 2, byte, 0, 0, 0, 0, 0);
}
