/* See intc_node.h. */
#include <libfdt.h>
#include <string.h>

#include "intc_node.h"

#define XIVE_PRIO_MAX 7 /* XIVE priorities are 0..7 (0 = most favoured) */

static int xive_props(const void *fdt, int node, struct intc_node *out, const char **why)
{
	const fdt32_t *p;
	int len, root_ac, root_sc;

	/* reg holds (address, size) pairs in the root's cell sizes: user TIMA
	 * page, OS TIMA page. We need entry 1. */
	root_ac = fdt_address_cells(fdt, 0);
	root_sc = fdt_size_cells(fdt, 0);
	if (root_ac != 2 || root_sc != 2) {
		*why = "root #address-cells/#size-cells are not 2/2";
		return -1;
	}
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p || len != 2 * 16) {
		*why = "reg must hold two (address, size) pairs (user and OS TIMA pages)";
		return -1;
	}
	out->tima_os = ((uint64_t)fdt32_ld(&p[4]) << 32) | fdt32_ld(&p[5]);
	out->tima_os_size = ((uint64_t)fdt32_ld(&p[6]) << 32) | fdt32_ld(&p[7]);
	if (out->tima_os_size < 4096 || (out->tima_os & (out->tima_os_size - 1)) ||
	    (out->tima_os_size & (out->tima_os_size - 1))) {
		*why = "OS TIMA page not a naturally aligned power of two";
		return -1;
	}
	p = fdt_getprop(fdt, node, "ibm,xive-lisn-ranges", &len);
	if (!p || len < 8 || len % 8) {
		*why = "ibm,xive-lisn-ranges missing or not (base, count) pairs";
		return -1;
	}
	out->lisn_base = fdt32_ld(&p[0]);
	out->lisn_count = fdt32_ld(&p[1]);
	if (!out->lisn_count || out->lisn_base + out->lisn_count < out->lisn_base) {
		*why = "empty or wrapping LISN range";
		return -1;
	}
	p = fdt_getprop(fdt, node, "ibm,xive-eq-sizes", &len);
	out->eq_shift = 0;
	if (p && len > 0 && len % 4 == 0)
		for (int i = 0; i < len / 4; i++) {
			uint32_t sh = fdt32_ld(&p[i]);

			if ((sh == 12 || sh == 16) && (!out->eq_shift || sh < out->eq_shift))
				out->eq_shift = (uint8_t)sh;
		}
	if (!out->eq_shift) {
		*why = "ibm,xive-eq-sizes offers neither 4 KiB nor 64 KiB event queues";
		return -1;
	}
	/* reserved priorities: (base, count) pairs in the root node */
	p = fdt_getprop(fdt, 0, "ibm,plat-res-int-priorities", &len);
	if (p && (len < 0 || len % 8)) {
		*why = "ibm,plat-res-int-priorities is not (base, count) pairs";
		return -1;
	}
	out->prio = 0xff;
	for (unsigned prio = 0; prio <= XIVE_PRIO_MAX; prio++) {
		bool reserved = false;

		for (int i = 0; p && i < len / 8; i++) {
			uint64_t base = fdt32_ld(&p[2 * i]), n = fdt32_ld(&p[2 * i + 1]);

			if (prio >= base && prio < base + n)
				reserved = true;
		}
		if (!reserved)
			out->prio = (uint8_t)prio;
	}
	if (out->prio == 0xff) {
		*why = "every priority is reserved by the platform";
		return -1;
	}
	return 0;
}

int intc_find(const void *fdt, bool xive, struct intc_node *out, const char **why)
{
	const char *compat = xive ? INTC_COMPAT_XIVE : INTC_COMPAT_XICS;
	int node;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	node = fdt_node_offset_by_compatible(fdt, -1, compat);
	if (node < 0) {
		*why = xive ? "no interrupt-controller node compatible \"" INTC_COMPAT_XIVE "\""
			    : "no interrupt-controller node compatible \"" INTC_COMPAT_XICS "\"";
		return -1;
	}
	out->offset = node;
	out->xive = xive;
	if (!fdt_getprop(fdt, node, "interrupt-controller", NULL)) {
		*why = "node has no interrupt-controller property";
		return -1;
	}
	return xive ? xive_props(fdt, node, out, why) : 0;
}
