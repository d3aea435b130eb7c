/* The shim's console: the 16550 UART on the LPC ISA bus of QEMU powernv,
 * I/O port 0x3f8 in the LPC I/O space (../shared/reference/ppc64.md; UART
 * registers: THR/RBR 0, LSR 5 with DR bit 0 and THRE bit 5). Accessed from
 * hypervisor real mode; the guest reaches it only through hcalls. */
#include <stdarg.h>

#include <cocoon/format.h>

#include <shim/shim.h>

#include "pnv.h"
#include "pnv_hw.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define THRE_SPINS 100000

static volatile uint8_t *const uart = (volatile uint8_t *)(PNV_LPC_IO + 0x3f8);

static void uart_putc(char c)
{
	for (int i = 0; i < THRE_SPINS && !(uart[UART_LSR] & LSR_THRE); i++)
		;
	uart[UART_THR] = (uint8_t)c;
}

void plat_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

int plat_console_read(void)
{
	return (uart[UART_LSR] & LSR_DR) ? uart[UART_THR] : -1;
}

void pnv_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	plat_console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* The hooks of the arch-neutral shim core (shim/include/shim/shim.h). */
void shim_arch_console_write(const char *s, size_t n)
{
	plat_console_write(s, n);
}

noreturn void shim_arch_stop(bool failed)
{
	(void)failed; /* the BMC's power-down has no status */
	plat_power_off();
	for (;;)
		__asm__ volatile("or 1, 1, 1" ::: "memory");
}
