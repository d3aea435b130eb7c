/* Client of the shim's TDISP extension (shim/arch/riscv/sbi_tdisp.c): an SBI
 * experimental extension (SBI v3.0 3.x: EIDs 0x08000000-0x08FFFFFF are for
 * experiments), EID TDISP_SBI_EID, function = TDISP_FN_*. Probed first, so
 * a firmware without it answers TDISP_E_NOT_SUPPORTED. a0 = TDISP status,
 * a1 = value; REPORT packs portion | remainder << 32 into a1 (the SBI
 * returns two registers only). ABI: cocoon/tdisp_abi.h, docs/tdisp.md. */
#include <cocoon/pci.h>
#include <cocoon/tdisp_abi.h>

#include "sbi.h"

long pci_arch_tdisp_call(unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t *r1, uint64_t *r2)
{
	static int present = -1;
	struct sbiret r;

	*r1 = *r2 = 0;
	if (present < 0)
		present = sbi_probe(TDISP_SBI_EID);
	if (!present || fn >= TDISP_FN_COUNT)
		return TDISP_E_NOT_SUPPORTED;
	r = sbi_ecall(TDISP_SBI_EID, fn, a1, a2, a3, a4, 0, 0);
	if (fn == TDISP_FN_REPORT) {
		*r1 = (uint64_t)r.value & 0xffffffffu;
		*r2 = (uint64_t)r.value >> 32;
	} else {
		*r1 = (uint64_t)r.value;
	}
	return r.error;
}
