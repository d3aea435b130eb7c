/* SBI FWFT client (SBI v3.0 chapter 18) and the per-hart policy: misaligned
 * exceptions delegated to S-mode when offered, pointer masking with the
 * shortest PMLEN the firmware accepts. Feature values are per hart and reset
 * when a hart starts, so every hart runs fwft_hart_init() itself. */
#include <cocoon/kernel.h>
#include <cocoon/tagalloc.h>
#include <cocoon/trace.h>

#include "sbi_fwft.h"
#include "smp.h"

struct fwft_hart fwft_boot_hart;
static unsigned boot_pmlen;
static int fwft_probed = -1;

bool fwft_available(void)
{
	if (fwft_probed < 0)
		fwft_probed = sbi_probe(SBI_EXT_FWFT);
	return fwft_probed;
}

/* SBI v3.0 section 18.1 (SET, FID 0) and 18.2 (GET, FID 1) */
struct sbiret fwft_get(unsigned long feature)
{
	struct sbiret r;

	trace_call("guest", "SBI", "FWFT GET %s", fwft_feature_name(feature));
	r = sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_GET, feature, 0, 0, 0, 0, 0);
	trace_ret("SBI", "guest", "%s, value %ld", sbi_strerror(r.error), r.value);
	return r;
}

struct sbiret fwft_set(unsigned long feature, unsigned long value, unsigned long flags)
{
	struct sbiret r;

	trace_call("guest", "SBI", "FWFT SET %s=%lu%s", fwft_feature_name(feature), value,
		   flags & FWFT_SET_FLAG_LOCK ? " LOCK" : "");
	r = sbi_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, feature, value, flags, 0, 0, 0);
	trace_ret("SBI", "guest", "%s", sbi_strerror(r.error));
	return r;
}

static void problem(struct fwft_hart *h, const char *what)
{
	if (!h->problems++)
		h->first_problem = what;
}

static bool on_boot_hart(void)
{
	return fwft_boot_hart.hartid == riscv_current_hartid();
}

long fwft_set_pmlen(unsigned pmlen, unsigned long flags)
{
	struct sbiret set = fwft_set(FWFT_POINTER_MASKING_PMLEN, pmlen, flags), get;
	enum pmlen_step step;

	if (set.error)
		return set.error;
	get = fwft_get(FWFT_POINTER_MASKING_PMLEN);
	step = fwft_pmlen_step(pmlen, set, get);
	/* a nonsense readback: masking may or may not be on, so software
	 * untagging stays in force (it works either way) */
	if (on_boot_hart())
		boot_pmlen = step == PMLEN_DONE ? (unsigned)get.value : 0;
	return step == PMLEN_DONE ? SBI_SUCCESS : SBI_ERR_FAILED;
}

unsigned riscv_pmlen_active(void)
{
	return boot_pmlen;
}

static void negotiate_pmlen(struct fwft_hart *h, unsigned long flags)
{
	enum fwft_verdict v = fwft_classify_get(FWFT_POINTER_MASKING_PMLEN,
						h->at_start[FWFT_POINTER_MASKING_PMLEN]);

	h->pmlen = 0;
	h->pmlen_err = h->at_start[FWFT_POINTER_MASKING_PMLEN].error;
	if (v != FWFT_OFFERED)
		return;
	for (const unsigned *try = fwft_pmlen_order; *try; try++) {
		struct sbiret set = fwft_set(FWFT_POINTER_MASKING_PMLEN, *try, flags);
		struct sbiret get = set.error ? (struct sbiret){ 0, 0 }
					      : fwft_get(FWFT_POINTER_MASKING_PMLEN);

		h->pmlen_err = set.error;
		switch (fwft_pmlen_step(*try, set, get)) {
		case PMLEN_DONE:
			h->pmlen = (unsigned)get.value;
			return;
		case PMLEN_TRY_NEXT:
			continue;
		case PMLEN_NO_HW:
			return;
		case PMLEN_BROKEN:
			problem(h, sbi_error_known(set.error) ? "PMLEN readback is not a length >= the one set"
							      : "PMLEN SET: unknown error code");
			/* undo whatever half-state the firmware may be in */
			fwft_set(FWFT_POINTER_MASKING_PMLEN, 0, 0);
			return;
		}
	}
}

void fwft_hart_init(struct fwft_hart *h, unsigned long hartid, bool lock)
{
	unsigned long flags = lock ? FWFT_SET_FLAG_LOCK : 0;

	*h = (struct fwft_hart){ .hartid = hartid, .locked = lock };
	if (h == &fwft_boot_hart)
		boot_pmlen = 0;
	if (!fwft_available())
		return;
	for (unsigned f = 0; f < FWFT_NR_STANDARD; f++) {
		h->at_start[f] = fwft_get(f);
		switch (fwft_classify_get(f, h->at_start[f])) {
		case FWFT_BAD_VALUE:
			problem(h, "GET returned a value the spec does not allow");
			break;
		case FWFT_BAD_ERROR:
			problem(h, "GET returned an undefined error code");
			break;
		default:
			break;
		}
	}
	/* misaligned accesses: our trap handler emulates them (trap.c) */
	if (fwft_classify_get(FWFT_MISALIGNED_EXC_DELEG, h->at_start[FWFT_MISALIGNED_EXC_DELEG]) ==
	    FWFT_OFFERED) {
		struct sbiret r = fwft_set(FWFT_MISALIGNED_EXC_DELEG, 1, flags);
		struct sbiret g = r.error ? r : fwft_get(FWFT_MISALIGNED_EXC_DELEG);

		h->misaligned_deleg = !r.error && !g.error && g.value == 1;
		if (!r.error && !h->misaligned_deleg)
			problem(h, "MISALIGNED_EXC_DELEG readback differs from SET");
	}
	negotiate_pmlen(h, flags);
	if (h == &fwft_boot_hart)
		boot_pmlen = h->pmlen;
}

void fwft_print_summary(void)
{
	const struct fwft_hart *h = &fwft_boot_hart;

	if (!fwft_available()) {
		kprintf("  fwft     : not offered (no FWFT extension)\n");
		return;
	}
	kprintf("  fwft     :");
	for (unsigned f = 0; f < FWFT_NR_STANDARD; f++) {
		struct sbiret r = h->at_start[f];

		if (fwft_classify_get(f, r) == FWFT_OFFERED)
			kprintf(" %s=%ld", fwft_feature_name(f), r.value);
		else
			kprintf(" %s:%s", fwft_feature_name(f), sbi_strerror(r.error));
	}
	kprintf("\n  masking  : %s", h->pmlen ? "hardware, PMLEN " : "software untagging");
	if (h->pmlen)
		kprintf("%u", h->pmlen);
	else
		kprintf(" (PMLEN %s)", sbi_strerror(h->pmlen_err));
	kprintf("; misaligned exceptions %s%s\n",
		h->misaligned_deleg ? "delegated to S-mode" : "handled by firmware",
		h->locked ? "; features locked (fwft.lock)" : "");
	if (h->problems)
		kprintf("  fwft     : %u answer(s) outside the spec, first: %s\n", h->problems,
			h->first_problem);
}

/* cocoon/tagalloc.h hook: with PMLEN >= 7 the hardware ignores the tag bits
 * 63:57 (Ssnpm/Smnpm: zero-extended with satp Bare, sign-extended from bit 56
 * under Sv39, which is 0 in every address we map: the same result). */
unsigned arch_pointer_masked_bits(void)
{
	return riscv_pmlen_active();
}
