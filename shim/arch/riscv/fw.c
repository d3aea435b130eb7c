/* SBI calls from HS-mode to the firmware (SBI v3.0 chapter 3 calling
 * convention) and the shim's console on top of them: DBCN when the firmware
 * has it (chapter 12), the legacy putchar otherwise. */
#include <stdarg.h>

#include <cocoon/format.h>

#include "fw.h"

static int have_dbcn = -1;

struct sbi_ret fw_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbi_ret){ (long)r0, r1 };
}

static long fw_legacy(unsigned long ext, unsigned long a0)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7) : "memory", "a1");
	return (long)r0;
}

int fw_probe(unsigned long ext)
{
	struct sbi_ret r = fw_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

void fw_console_init(void)
{
	have_dbcn = fw_probe(SBI_EXT_DBCN);
}

void fw_console_write(const char *s, size_t n)
{
	/* satp is Bare in HS: the buffer's address is its physical address */
	while (n && have_dbcn > 0) {
		struct sbi_ret r = fw_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, n, (uintptr_t)s, 0);
		if (r.error || r.value == 0 || r.value > n)
			break;
		s += r.value;
		n -= r.value;
	}
	for (; n; n--)
		fw_legacy(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)*s++);
}

long fw_console_read(char *s, size_t n)
{
	if (have_dbcn > 0) {
		struct sbi_ret r = fw_ecall(SBI_EXT_DBCN, SBI_DBCN_READ, n, (uintptr_t)s, 0);
		if (r.error)
			return r.error;
		return r.value > n ? (long)n : (long)r.value;
	}
	long c = fw_legacy(SBI_EXT_LEGACY_GETCHAR, 0);
	if (c < 0 || !n)
		return 0;
	s[0] = (char)c;
	return 1;
}

long fw_system_reset(unsigned long type, unsigned long reason)
{
	struct sbi_ret r = fw_ecall(SBI_EXT_SRST, 0, type, reason, 0);

	if (type == SBI_SRST_SHUTDOWN)
		fw_legacy(SBI_EXT_LEGACY_SHUTDOWN, 0);
	return r.error ? r.error : SBI_ERR_FAILED;
}

static void vprint(const char *prefix, const char *fmt, va_list ap)
{
	char buf[256];
	int n = fmt_snprintf(buf, sizeof(buf), "%s", prefix);

	n += fmt_vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	fw_console_write(buf, (size_t)n);
}

/* Weak: the arch-neutral shim/core console provides the same function over
 * shim_arch_console_write() below, and wins once it is linked in. */
__attribute__((weak)) int shim_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("shim: ", fmt, ap);
	va_end(ap);
	return 0;
}

_Noreturn void shim_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("shim: fatal: ", fmt, ap);
	va_end(ap);
	/* the machine's result line the harness reads (README: exit status) */
	fw_console_write("cocoon: exit status " SHIM_FATAL_STATUS " (FAIL: shim)\n",
			 sizeof("cocoon: exit status " SHIM_FATAL_STATUS " (FAIL: shim)\n") - 1);
	fw_system_reset(SBI_SRST_SHUTDOWN, SBI_SRST_REASON_FAILURE);
	for (;;)
		__asm__ volatile("wfi");
}

/* The arch hooks of the shared shim core (shim/core, shim/include/shim/shim.h). */
void shim_arch_console_write(const char *s, size_t n)
{
	fw_console_write(s, n);
}

_Noreturn void shim_arch_stop(bool failed)
{
	fw_system_reset(SBI_SRST_SHUTDOWN, failed ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
	for (;;)
		__asm__ volatile("wfi");
}
