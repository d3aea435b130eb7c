/* SBI FWFT (SBI v3.0 chapter 18) as offered by the firmware: every standard
 * feature read, the reserved ranges, bad values and flags, PMLEN
 * negotiation, and LOCK only when the boot asked for it (fwft.lock). */
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "sbi_fwft.h"

static bool offered(unsigned long f)
{
	return fwft_classify_get(f, fwft_boot_hart.at_start[f]) == FWFT_OFFERED;
}

static void standard_features(void)
{
	for (unsigned long f = 0; f < FWFT_NR_STANDARD; f++) {
		struct sbiret r = fwft_get(f);
		enum fwft_verdict v = fwft_classify_get(f, r);

		report(v != FWFT_BAD_VALUE && v != FWFT_BAD_ERROR,
		       "get %s: %s (error %ld, value %ld)", fwft_feature_name(f),
		       fwft_verdict_name(v), r.error, r.value);
	}
	report(fwft_boot_hart.problems == 0, "boot hart init: no answer outside the spec%s%s",
	       fwft_boot_hart.problems ? ": " : "",
	       fwft_boot_hart.problems ? fwft_boot_hart.first_problem : "");
}

static void reserved_ranges(void)
{
	/* v3.0 table 101: 0x6..0x3fffffff reserved (DENIED); platform range
	 * 0x40000000..0x7fffffff unimplemented here (DENIED or NOT_SUPPORTED) */
	struct sbiret r = fwft_get(FWFT_RESERVED_FIRST);

	report(r.error == SBI_ERR_DENIED, "get reserved feature 6 -> DENIED (%s)",
	       sbi_strerror(r.error));
	r = fwft_get(0x3fffffff);
	report(r.error == SBI_ERR_DENIED, "get reserved feature 0x3fffffff -> DENIED (%s)",
	       sbi_strerror(r.error));
	r = fwft_get(FWFT_PLATFORM_FIRST);
	report(r.error == SBI_ERR_DENIED || r.error == SBI_ERR_NOT_SUPPORTED,
	       "get platform feature 0x40000000 -> DENIED or NOT_SUPPORTED (%s)",
	       sbi_strerror(r.error));
	r = fwft_set(FWFT_RESERVED_FIRST, 0, 0);
	report(r.error == SBI_ERR_DENIED, "set reserved feature 6 -> DENIED (%s)",
	       sbi_strerror(r.error));
	r = sbi_ecall(SBI_EXT_FWFT, 2, 0, 0, 0, 0, 0, 0);
	report(r.error == SBI_ERR_NOT_SUPPORTED, "undefined FID 2 -> NOT_SUPPORTED (%s)",
	       sbi_strerror(r.error));
}

static void misaligned_deleg(bool locked)
{
	struct sbiret r;

	if (!offered(FWFT_MISALIGNED_EXC_DELEG)) {
		report_skip("not offered", "MISALIGNED_EXC_DELEG delegated");
		return;
	}
	r = fwft_get(FWFT_MISALIGNED_EXC_DELEG);
	report(fwft_boot_hart.misaligned_deleg && r.error == 0 && r.value == 1,
	       "MISALIGNED_EXC_DELEG = 1 after init (read back)");
	r = fwft_set(FWFT_MISALIGNED_EXC_DELEG, 2, 0);
	report(r.error == SBI_ERR_INVALID_PARAM || (locked && (r.error == SBI_ERR_DENIED_LOCKED || r.error == SBI_ERR_DENIED)),
	       "set MISALIGNED_EXC_DELEG = 2 -> INVALID_PARAM (%s)", sbi_strerror(r.error));
	r = fwft_set(FWFT_MISALIGNED_EXC_DELEG, 1, 2);
	report(r.error == SBI_ERR_INVALID_PARAM || (locked && (r.error == SBI_ERR_DENIED_LOCKED || r.error == SBI_ERR_DENIED)),
	       "set with reserved flag bit 1 -> INVALID_PARAM (%s)", sbi_strerror(r.error));
}

static void pmlen(bool locked)
{
	struct sbiret r = fwft_get(FWFT_POINTER_MASKING_PMLEN);
	unsigned active = riscv_pmlen_active();

	if (!offered(FWFT_POINTER_MASKING_PMLEN)) {
		report(active == 0 && (r.error == SBI_ERR_DENIED || r.error == SBI_ERR_NOT_SUPPORTED),
		       "PMLEN not offered (%s): software untagging", sbi_strerror(r.error));
		report_skip("PMLEN not offered", "PMLEN: set 8");
		report_skip("PMLEN not offered", "PMLEN: set 16, read back, back to 7");
		return;
	}
	report((active == 7 || active == 16) && r.error == 0 && (unsigned long)r.value == active,
	       "PMLEN negotiated %u and read back %ld", active, r.value);
	if (locked) {
		report_skip("fwft.lock", "PMLEN: set 8");
		report_skip("fwft.lock", "PMLEN: set 16, read back, back to 7");
		return;
	}
	r = fwft_set(FWFT_POINTER_MASKING_PMLEN, 8, 0);
	{
		struct sbiret g = fwft_get(FWFT_POINTER_MASKING_PMLEN);

		/* v3.0 table 103: 8 asks for PMLEN >= 8, so SUCCESS must read
		 * back 16; firmware that takes only exact lengths (OpenSBI 1.8)
		 * says INVALID_PARAM and leaves PMLEN alone */
		report((r.error == SBI_ERR_INVALID_PARAM && g.value == (long)active) ||
			       (r.error == 0 && g.error == 0 && g.value == 16),
		       "PMLEN: set 8 -> %s, read back %ld", sbi_strerror(r.error), g.value);
		fwft_set_pmlen(active, 0);
	}
	report(fwft_set_pmlen(16, 0) == 0 && riscv_pmlen_active() == 16 &&
		       fwft_set_pmlen(active, 0) == 0 && riscv_pmlen_active() == active,
	       "PMLEN: set 16, read back, back to %u", active);
}

static void lock(bool locked)
{
	struct sbiret r;
	unsigned long f = offered(FWFT_POINTER_MASKING_PMLEN) ? FWFT_POINTER_MASKING_PMLEN
							       : FWFT_MISALIGNED_EXC_DELEG;

	if (!offered(f)) {
		report_skip("nothing to lock", "LOCK");
		return;
	}
	if (!locked) {
		/* never locked by default: the value can still change */
		r = fwft_set(f, fwft_get(f).value, 0);
		report(r.error == 0, "%s not locked without fwft.lock", fwft_feature_name(f));
		return;
	}
	r = fwft_set(f, fwft_get(f).value, 0);
	/* v3.0 says DENIED_LOCKED; pre-ratification firmware (OpenSBI 1.5.1) DENIED */
	report(r.error == SBI_ERR_DENIED_LOCKED || r.error == SBI_ERR_DENIED,
	       "fwft.lock: set after LOCK -> %s%s", sbi_strerror(r.error),
	       r.error == SBI_ERR_DENIED ? " (pre-v3.0 code)" : "");
	r = fwft_get(f);
	report(r.error == 0 && fwft_value_valid(f, (unsigned long)r.value),
	       "fwft.lock: get still answers (%ld)", r.value);
}

static void sbi_fwft_suite(void)
{
	bool locked = cmdline_flag(&boot_cmdline, "fwft.lock");

	if (!report(fwft_available(), "FWFT extension present")) {
		report_info("no FWFT: pointer masking and misaligned delegation unavailable");
		return;
	}
	standard_features();
	reserved_ranges();
	misaligned_deleg(locked);
	pmlen(locked);
	lock(locked);
}
KTEST_SUITE(sbi_fwft_suite);
