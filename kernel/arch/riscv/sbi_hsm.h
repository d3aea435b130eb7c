/* SBI Hart State Management (SBI v3.0 chapter 9): hart_start (FID 0),
 * hart_stop (FID 1), hart_get_status (FID 2). States: table 27. */
#ifndef COCOON_RISCV_SBI_HSM_H
#define COCOON_RISCV_SBI_HSM_H

#include "sbi.h"

#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1
#define SBI_HSM_START_PENDING 2
#define SBI_HSM_STOP_PENDING 3
#define SBI_HSM_SUSPENDED 4
#define SBI_HSM_SUSPEND_PENDING 5
#define SBI_HSM_RESUME_PENDING 6

/* The new hart enters start_addr in S-mode with a0 = hartid, a1 = opaque,
 * satp = 0 and interrupts off (section 9.2). */
struct sbiret sbi_hart_start(unsigned long hartid, unsigned long start_addr,
			     unsigned long opaque);
/* Stops the calling hart; returns only on failure. */
struct sbiret sbi_hart_stop(void);
struct sbiret sbi_hart_get_status(unsigned long hartid);
const char *sbi_hsm_state_name(long state);

#endif
