/* SBI calls and the BASE extension (SBI v3.0 chapters 3-4). Every return is
 * checked by the callers: firmware is not trusted to follow the spec. */
#include <stddef.h>

#include "sbi.h"

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3,
			unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

long sbi_legacy_call(unsigned long ext, unsigned long a0)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7) : "memory", "a1");
	return (long)r0;
}

static long base_get(unsigned long fid, struct sbi_base_info *info, bool *ok)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0, 0, 0, 0);

	if (r.error && *ok) {
		info->bad_fid = (long)fid;
		info->bad_err = r.error;
	}
	if (r.error)
		*ok = false;
	return r.error ? 0 : r.value;
}

void sbi_base_query(struct sbi_base_info *info)
{
	bool ok = true;

	info->bad_fid = -1;
	info->spec_version = base_get(0, info, &ok);
	info->impl_id = base_get(1, info, &ok);
	info->impl_version = base_get(2, info, &ok);
	info->mvendorid = base_get(4, info, &ok);
	info->marchid = base_get(5, info, &ok);
	info->mimpid = base_get(6, info, &ok);
	/* v0.1 firmware has no BASE; bit 31 of the spec version must be 0 (SBI 4.1) */
	info->ok = ok && !(info->spec_version >> 31);
}

bool sbi_probe(unsigned long ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, 3, ext, 0, 0, 0, 0, 0);

	/* SBI 4.4: 0 = not available, anything else (usually 1) = available */
	return r.error == SBI_SUCCESS && r.value != 0;
}
