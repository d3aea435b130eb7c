/* Console: the PL011 UART at 0x09000000 on QEMU virt (PL011 TRM DDI 0183:
 * DR at 0x00, FR at 0x18, FR.TXFF = bit 5). QEMU needs no UART set-up, so
 * this works from the first instruction, before the device tree is read. */
#include <cocoon/arch.h>

#include "sysreg.h"

#define PL011_BASE 0x09000000ul
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)
#define PL011_FR_RXFE (1u << 4)
/* a stuck FIFO must not hang the kernel: give up on a byte after this many polls */
#define PL011_POLL_LIMIT 1000000u

static void pl011_putc(char c)
{
	for (unsigned i = 0; mmio_read32(PL011_BASE + PL011_FR) & PL011_FR_TXFF; i++)
		if (i >= PL011_POLL_LIMIT)
			return;
	mmio_write32(PL011_BASE + PL011_DR, (unsigned char)c);
}

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pl011_putc(s[i]);
}

int arch_console_read(char *buf, size_t n)
{
	size_t i = 0;

	while (i < n && !(mmio_read32(PL011_BASE + PL011_FR) & PL011_FR_RXFE))
		buf[i++] = (char)(mmio_read32(PL011_BASE + PL011_DR) & 0xff);
	return (int)i;
}
