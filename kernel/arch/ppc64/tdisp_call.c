/* Client of the shim's TDISP calls (shim/arch/ppc64/tdisp_call.c): the
 * platform hcall H_TDISP (TDISP_PPC64_HCALL, in the hypervisor-private
 * range of the KVMPPC_H_* calls), "sc 1" with r4 = function, r5 = interface
 * id, r6.. arguments. A hypervisor without it answers H_FUNCTION (LoPAPR:
 * unknown opcodes), which is TDISP_E_NOT_SUPPORTED here. ABI:
 * cocoon/tdisp_abi.h, docs/tdisp.md. */
#include <cocoon/pci.h>
#include <cocoon/tdisp_abi.h>

#include "ppc64.h"

long pci_arch_tdisp_call(unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t *r1, uint64_t *r2)
{
	uint64_t ret[4] = { 0, 0, 0, 0 };
	long h;

	*r1 = *r2 = 0;
	if (fn >= TDISP_FN_COUNT)
		return TDISP_E_NOT_SUPPORTED;
	h = ppc64_hcall_ret(ret, TDISP_PPC64_HCALL, fn, a1, a2, a3, a4, 0);
	if (h != H_SUCCESS)
		return TDISP_E_NOT_SUPPORTED; /* no TSM behind this hypervisor */
	*r1 = ret[1];
	*r2 = ret[2];
	return (long)(int64_t)ret[0];
}
