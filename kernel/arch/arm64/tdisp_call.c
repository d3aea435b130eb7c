/* Client of the shim's TDISP calls (shim/arch/arm64/tdisp_call.c): SMCCC
 * fast calls in the Vendor Specific Hypervisor Service range (DEN0028 6.2,
 * OEN 6) over HVC, only when PSCI already told us a hypervisor answers HVC
 * (otherwise HVC at EL1 is undefined). ABI: cocoon/tdisp_abi.h. */
#include <cocoon/pci.h>
#include <cocoon/tdisp_abi.h>

#include "arm64.h"

/* SMCCC v1.1: x0-x17 may be clobbered; x0-x4 are operands here */
#define TDISP_CLOBBERS                                                                      \
	"x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", \
		"memory"

long pci_arch_tdisp_call(unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t *r1, uint64_t *r2)
{
	register uint64_t x0 __asm__("x0") = TDISP_FID_BASE + fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;

	*r1 = *r2 = 0;
	if (psci_conduit_in_use() != PSCI_HVC || fn >= TDISP_FN_COUNT)
		return TDISP_E_NOT_SUPPORTED;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : TDISP_CLOBBERS);
	*r1 = x1;
	*r2 = x2;
	return (long)(int64_t)x0;
}
