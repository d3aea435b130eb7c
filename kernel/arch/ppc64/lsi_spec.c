/* See lsi_spec.h. Every value comes from the (untrusted) tree: the phandle
 * must name the very controller CAS gave us, the cell count must match its
 * binding, and the number must not alias a source we own for IPIs. */
#include <libfdt.h>

#include "lsi_spec.h"

int lsi_spec_decode(const void *fdt, const struct pci_irq *irq, const struct intc_node *intc,
		    uint32_t *hwirq, const char **why)
{
	const fdt32_t *p;
	int node, len;
	uint32_t n;

	*why = NULL;
	if (!fdt || !irq || !intc || intc->offset <= 0) {
		*why = "no active interrupt controller";
		return -1;
	}
	node = fdt_node_offset_by_phandle(fdt, irq->phandle);
	if (node < 0 || node != intc->offset) {
		*why = "interrupt-map names a node that is not the negotiated interrupt controller";
		return -1;
	}
	p = fdt_getprop(fdt, node, "#interrupt-cells", &len);
	if (!p || len != 4 || fdt32_ld(p) != 2 || irq->cells != 2) {
		*why = "specifier is not the 2-cell <source, sense> form";
		return -1;
	}
	if (irq->spec[1] != LSI_SENSE_LEVEL) {
		*why = "sense cell is not level (1): not an LSI";
		return -1;
	}
	n = irq->spec[0];
	if (intc->xive) {
		/* the IPI LISNs (ibm,xive-lisn-ranges, first range) are ours */
		if (n >= intc->lisn_base && n - intc->lisn_base < intc->lisn_count) {
			*why = "LISN lies in the IPI range";
			return -1;
		}
		if (n > 0x7fffffffu) { /* the EISN we program is the LISN: 31 bits */
			*why = "LISN does not fit an event queue entry";
			return -1;
		}
	} else if (n == 0 || n == LSI_XICS_IPI || n > LSI_XICS_MAX) {
		*why = "XICS source number is 0, the IPI, or wider than the XISR";
		return -1;
	}
	*hwirq = n;
	return 0;
}
