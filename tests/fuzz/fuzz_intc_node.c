/* libFuzzer target: the ppc64 interrupt-controller node lookup after CAS
 * (kernel/arch/ppc64/intc_node.c): reg, ibm,xive-lisn-ranges,
 * ibm,xive-eq-sizes, ibm,plat-res-int-priorities and the root cell counts
 * hold arbitrary values. The parser must stay inside each property and an
 * accepted XIVE node must be consistent (aligned power-of-two TIMA page, a
 * non-empty non-wrapping LISN range, EQ shift 12 or 16, a usable priority). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fuzz_input.h"

#include "../../kernel/arch/ppc64/intc_node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t blob[8192];
	static const char *const props[] = { "reg", "ibm,xive-lisn-ranges", "ibm,xive-eq-sizes" };
	struct intc_node n;
	const char *why = NULL;
	uint8_t mode;
	size_t len;
	const uint8_t *v;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	if (fdt_create(blob, sizeof(blob)) || fdt_finish_reservemap(blob))
		return 0;
	fdt_begin_node(blob, "");
	fdt_property_u32(blob, "#address-cells", mode & 1 ? 1 : 2);
	fdt_property_u32(blob, "#size-cells", mode & 2 ? 1 : 2);
	v = fuzz_take(&data, &size, &len);
	fdt_property(blob, "ibm,plat-res-int-priorities", v, (int)len);
	fdt_begin_node(blob, "interrupt-controller");
	fdt_property_string(blob, "compatible", mode & 4 ? INTC_COMPAT_XICS : INTC_COMPAT_XIVE);
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		v = fuzz_take(&data, &size, &len);
		if (!(mode & (8u << i)))
			fdt_property(blob, props[i], v, (int)len);
	}
	fdt_end_node(blob);
	fdt_end_node(blob);
	if (fdt_finish(blob))
		return 0;
	for (int xive = 0; xive < 2; xive++) {
		memset(&n, 0, sizeof(n));
		if (intc_find(blob, xive, &n, &why)) {
			if (!why)
				abort(); /* a refusal always says why */
			continue;
		}
		if (!xive)
			continue;
		if (!n.tima_os_size || n.tima_os_size & (n.tima_os_size - 1) ||
		    n.tima_os % n.tima_os_size || !n.lisn_count ||
		    n.lisn_base + n.lisn_count < n.lisn_base || (n.eq_shift != 12 && n.eq_shift != 16) ||
		    n.prio > 7)
			abort();
	}
	return 0;
}
