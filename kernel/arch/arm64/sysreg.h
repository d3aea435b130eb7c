/* The architectural constants the arm64 port shares, and the accessors
 * (cocoon/arm64_sysreg.h) (Arm ARM DDI 0487, chapter D23 register descriptions). */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

#include <stdint.h>

#include <cocoon/arm64_sysreg.h> /* read_sysreg, write_sysreg, isb, dsb, mmio_* */

/* SCTLR_EL1 (D23.2.158) */
#define SCTLR_M (1ul << 0)
#define SCTLR_C (1ul << 2)
#define SCTLR_SA (1ul << 3)
#define SCTLR_SA0 (1ul << 4)
#define SCTLR_I (1ul << 12)
#define SCTLR_WXN (1ul << 19) /* writable implies execute-never */
/* bits that are RES1 in Armv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE) */
#define SCTLR_EL1_RES1 0x30d00800ul

/* ID_AA64PFR0_EL1 fields (D23.2.80) */
#define PFR0_EL2(v) (((v) >> 8) & 0xf)
#define PFR0_EL3(v) (((v) >> 12) & 0xf)
#define PFR0_GIC(v) (((v) >> 24) & 0xf)

#endif
