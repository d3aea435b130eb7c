/* The shim's console: the PL011 of QEMU virt, polled, shared with the guest
 * (which writes it straight through stage 2). */
#include <shim/shim.h>

#include "hyp.h"

#define PL011_BASE 0x09000000ull
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)

static void putc_raw(char c)
{
	while (mmio_read32(PL011_BASE + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(PL011_BASE, (uint8_t)c);
}

void shim_arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw(s[i]);
	}
}

noreturn void shim_arch_stop(bool failed)
{
	shim_printf("stopping the machine%s\n", failed ? " (failure)" : "");
	firmware_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	shim_halt();
}
