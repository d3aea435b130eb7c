/* A PCI INTx on pseries, as the PHB's interrupt-map resolves it: a
 * specifier for the PAPR interrupt controller (pure libfdt, host-testable).
 * The controller node (XICS "IBM,ppc-xicp" or XIVE "ibm,power-ivpe") has
 * #interrupt-cells = 2: <source number, sense>, sense 1 = level-sensitive
 * (an LSI), 0 = edge/message (what QEMU's spapr PHB writes and what PAPR
 * guests read: LoPAPR "Interrupt source" properties). INTx is a level
 * signal (PCI Local Bus 3.0 2.2.6), so only sense 1 is accepted. */
#ifndef COCOON_PPC64_LSI_SPEC_H
#define COCOON_PPC64_LSI_SPEC_H

#include <stdint.h>

#include <cocoon/pci.h>

#include "intc_node.h"

#define LSI_SENSE_LEVEL 1
#define LSI_XICS_MAX 0x00ffffffu /* XISR is 24 bits */
#define LSI_XICS_IPI 2           /* XICS: the interprocessor interrupt source */

/* The source number of irq if it is a level interrupt of the active
 * controller `intc` (the node intc_find() returned) and cannot be mistaken
 * for an IPI. 0, or -1 with *why. */
int lsi_spec_decode(const void *fdt, const struct pci_irq *irq, const struct intc_node *intc,
		    uint32_t *hwirq, const char **why);

#endif
