/* SBI Firmware Features extension (SBI v3.0 chapter 18): SET = FID 0
 * (feature, value, flags), GET = FID 1 (feature -> value). */
#ifndef COCOON_RISCV_SBI_FWFT_H
#define COCOON_RISCV_SBI_FWFT_H

#include <stdbool.h>
#include <stdint.h>

#include "sbi.h"

/* SBI v3.0 table 101: the standard (global, non-platform) features */
#define FWFT_MISALIGNED_EXC_DELEG 0
#define FWFT_LANDING_PAD 1
#define FWFT_SHADOW_STACK 2
#define FWFT_DOUBLE_TRAP 3
#define FWFT_PTE_AD_HW_UPDATING 4
#define FWFT_POINTER_MASKING_PMLEN 5
#define FWFT_NR_STANDARD 6
/* first reserved ID of the global range, and the platform-specific range */
#define FWFT_RESERVED_FIRST 6
#define FWFT_PLATFORM_FIRST 0x40000000ul
#define FWFT_SET_FLAG_LOCK 1ul

/* ---- pure interpretation (sbi_fwft_policy.c, host-tested) ---- */

/* How one GET answer reads. */
enum fwft_verdict {
	FWFT_OFFERED,      /* SUCCESS with a value the spec allows */
	FWFT_ABSENT,       /* NOT_SUPPORTED: the platform lacks the feature */
	FWFT_REFUSED,      /* DENIED (pre-v3.0 firmware also uses it for unimplemented ones) */
	FWFT_FAILED,       /* FAILED: allowed by the spec, but no answer */
	FWFT_BAD_VALUE,    /* SUCCESS, but a value the spec does not allow */
	FWFT_BAD_ERROR,    /* a code outside table 1, or one GET may not return */
};
enum fwft_verdict fwft_classify_get(unsigned long feature, struct sbiret r);
const char *fwft_verdict_name(enum fwft_verdict v);
const char *fwft_feature_name(unsigned long feature);
/* Values the spec allows for a feature: 0/1 for the booleans, PMLEN 0, 7 or 16
 * (the RV64 lengths of Ssnpm/Smnpm). Unknown features: none. */
bool fwft_value_valid(unsigned long feature, unsigned long value);

/* One step of the PMLEN negotiation (try 7, then 16): given SET's answer for
 * `tried` and the GET read back after it. SET N means "PMLEN >= N" (v3.0
 * table 103): OpenSBI 1.6 answers SET 8 with SUCCESS and GET 16. */
enum pmlen_step {
	PMLEN_DONE,     /* masking is on with the length GET returned (>= tried) */
	PMLEN_TRY_NEXT, /* INVALID_PARAM: this length is not implemented */
	PMLEN_NO_HW,    /* NOT_SUPPORTED / DENIED / DENIED_LOCKED: no masking */
	PMLEN_BROKEN,   /* nonsense (unknown code, readback differs): no masking */
};
enum pmlen_step fwft_pmlen_step(unsigned tried, struct sbiret set, struct sbiret get);
/* The lengths to try, in order; 0-terminated. */
extern const unsigned fwft_pmlen_order[];

/* ---- calls (sbi_fwft.c) ---- */

bool fwft_available(void);
struct sbiret fwft_get(unsigned long feature);
struct sbiret fwft_set(unsigned long feature, unsigned long value, unsigned long flags);

/* What per-hart initialisation found and did on one hart. */
struct fwft_hart {
	unsigned long hartid;
	struct sbiret at_start[FWFT_NR_STANDARD]; /* GET of every feature before we set anything */
	unsigned pmlen;           /* PMLEN in force after init (0 = none) */
	long pmlen_err;           /* the answer that ended the negotiation */
	bool misaligned_deleg;    /* misaligned exceptions now come to S-mode */
	bool locked;              /* fwft.lock: features were set with LOCK */
	unsigned problems;        /* answers outside the spec seen on this hart */
	const char *first_problem;
};

/* Per-hart policy: GET every feature, delegate misaligned exceptions when
 * offered, negotiate PMLEN (7, then 16). LOCK only when lock is set. Prints
 * nothing (secondary harts run it concurrently). */
void fwft_hart_init(struct fwft_hart *h, unsigned long hartid, bool lock);

/* PMLEN >= pmlen on this hart through SET + GET readback; updates what
 * riscv_pmlen_active() reports (the length read back). Returns the SET error,
 * or FAILED when the readback makes no sense (then masking counts as off).
 * Used by the tests that toggle masking. */
long fwft_set_pmlen(unsigned pmlen, unsigned long flags);
/* PMLEN in force on the boot hart, as negotiated and read back. */
unsigned riscv_pmlen_active(void);

/* The boot hart's record (for the summary and the tests). */
extern struct fwft_hart fwft_boot_hart;
void fwft_print_summary(void);

#endif
