/* riscv console: SBI DBCN (SBI v3.0 chapter 12) when the firmware has it, the
 * legacy console putchar (chapter 5) otherwise. Usable from the first line of C:
 * the probe happens on first use. */
#include <stdbool.h>
#include <stdint.h>

#include <cocoon/arch.h>

#include "sbi.h"

enum { CON_UNKNOWN, CON_DBCN, CON_LEGACY };
static int con_kind = CON_UNKNOWN;

/* Set once DBCN misbehaved: the console stays on putchar from then on and
 * the boot summary says why (a firmware bug must not go unnoticed). */
static const char *dbcn_dropped;

const char *riscv_console_name(void)
{
	if (con_kind == CON_DBCN)
		return "SBI DBCN";
	return dbcn_dropped ? dbcn_dropped : "SBI legacy putchar";
}

static void legacy_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sbi_legacy_call(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)s[i]);
}

void arch_console_write(const char *s, size_t n)
{
	if (con_kind == CON_UNKNOWN)
		con_kind = sbi_probe(SBI_EXT_DBCN) ? CON_DBCN : CON_LEGACY;
	if (con_kind == CON_LEGACY) {
		legacy_write(s, n);
		return;
	}
	/* DBCN write takes a physical address: identity map (mmu.c), VA == PA. It may
	 * write fewer bytes than asked; a firmware claiming more than asked, or
	 * failing, makes us fall back to putchar for the rest. */
	while (n) {
		struct sbiret r = sbi_dbcn_write(s, n);
		if (r.error || r.value <= 0 || (unsigned long)r.value > n) {
			dbcn_dropped = r.error ? "SBI legacy putchar (DBCN write failed)"
				       : r.value <= 0 ? "SBI legacy putchar (DBCN write made no progress)"
						      : "SBI legacy putchar (DBCN claimed more bytes than asked)";
			con_kind = CON_LEGACY;
			legacy_write(s, n);
			return;
		}
		s += r.value;
		n -= (size_t)r.value;
	}
}

/* DBCN read (FID 1) fills a buffer by physical address; the legacy getchar
 * (EID 0x02) returns one byte or -1. A DBCN answer claiming more bytes than
 * asked for is not believed. */
int arch_console_read(char *buf, size_t n)
{
	if (con_kind == CON_UNKNOWN)
		con_kind = sbi_probe(SBI_EXT_DBCN) ? CON_DBCN : CON_LEGACY;
	if (!n)
		return 0;
	if (con_kind == CON_DBCN) {
		struct sbiret r = sbi_ecall(SBI_EXT_DBCN, 1, n, (uintptr_t)buf, 0, 0, 0, 0);
		if (r.error || r.value < 0 || (unsigned long)r.value > n)
			return 0;
		return (int)r.value;
	}
	long c = sbi_legacy_call(SBI_EXT_LEGACY_GETCHAR, 0);
	if (c < 0 || c > 0xff)
		return 0;
	buf[0] = (char)c;
	return 1;
}
