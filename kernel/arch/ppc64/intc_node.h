/* The pseries interrupt-controller node after CAS, read from the flattened
 * tree (pure libfdt, host-testable). XIVE: compatible "ibm,power-ivpe"
 * (LoPAPR, XIVE exploitation device tree); XICS: "IBM,ppc-xicp" (LoPAPR,
 * interrupt presentation). Every property is bounded by its real length. */
#ifndef COCOON_PPC64_INTC_NODE_H
#define COCOON_PPC64_INTC_NODE_H

#include <stdbool.h>
#include <stdint.h>

#define INTC_COMPAT_XIVE "ibm,power-ivpe"
#define INTC_COMPAT_XICS "IBM,ppc-xicp"

struct intc_node {
	int offset;
	bool xive;
	/* XIVE only */
	uint64_t tima_os, tima_os_size; /* reg entry 1: the OS ring's TIMA page */
	uint32_t lisn_base, lisn_count; /* first ibm,xive-lisn-ranges range (IPIs) */
	uint8_t eq_shift;               /* 12 or 16: smallest of ibm,xive-eq-sizes we handle */
	uint8_t prio;                   /* highest priority not in ibm,plat-res-int-priorities */
};

/* Find the controller of the negotiated kind. Returns 0, or -1 with *why. */
int intc_find(const void *fdt, bool xive, struct intc_node *out, const char **why);

#endif
