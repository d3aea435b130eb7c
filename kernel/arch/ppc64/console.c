/* Console: the PAPR virtual terminal through H_PUT_TERM_CHAR (LoPAPR, virtual
 * terminal hcalls).
 * Works from the first instruction under SLOF and VOF, needs no setup and no
 * memory access by the hypervisor: up to 16 bytes travel in r6/r7, first
 * byte in the most significant byte of r6. Terminal number 0: QEMU falls back
 * to the default vty (its reg is 0x71000000). */
#include <cocoon/arch.h>

#include "ppc64.h"

#define VTY_TERMNO 0
#define BUSY_RETRIES 1000

void arch_console_write(const char *s, size_t n)
{
	while (n) {
		size_t len = n < 16 ? n : 16;
		uint64_t w[2] = { 0, 0 };

		for (size_t i = 0; i < len; i++)
			w[i / 8] |= (uint64_t)(unsigned char)s[i] << (56 - 8 * (i % 8));
		for (int tries = 0; tries < BUSY_RETRIES; tries++)
			if (ppc64_hcall(H_PUT_TERM_CHAR, VTY_TERMNO, len, w[0], w[1]) != H_BUSY)
				break;
		s += len;
		n -= len;
	}
}
