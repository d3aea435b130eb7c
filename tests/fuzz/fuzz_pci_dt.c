/* Fuzz target: the host bridge properties the PCI code reads from the device
 * tree (reg, bus-range, ranges, interrupt-map(-mask), the parents' cell counts)
 * through pci_ecam_hosts() and pci_intx_route(). The input is cut into
 * property values; whatever they hold, the parsers must not read out of
 * bounds, and an accepted window must be consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fuzz_input.h"

#include <cocoon/pci.h>

#include "../../drivers/pci/pci_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int kprintf(const char *fmt, ...);
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	return size && phys + size > phys;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t blob[16384];
	static const char *const props[] = { "reg", "bus-range", "ranges", "interrupt-map",
					     "interrupt-map-mask" };
	struct pci_host hosts[2];
	uint32_t ic, ac;
	int n;

	if (size < 2)
		return 0;
	ic = data[0] % 6; /* the interrupt parent's cell counts, 0..5 and 0..3 */
	ac = data[1] % 4;
	data += 2;
	size -= 2;

	if (fdt_create(blob, sizeof(blob)) || fdt_finish_reservemap(blob))
		return 0;
	fdt_begin_node(blob, "");
	fdt_property_u32(blob, "#address-cells", 2);
	fdt_property_u32(blob, "#size-cells", 2);
	fdt_begin_node(blob, "intc");
	fdt_property_u32(blob, "#interrupt-cells", ic);
	fdt_property_u32(blob, "#address-cells", ac);
	fdt_property_u32(blob, "phandle", 1);
	fdt_end_node(blob);
	fdt_begin_node(blob, "pci");
	fdt_property_string(blob, "compatible", "pci-host-ecam-generic");
	fdt_property_u32(blob, "#address-cells", 3);
	fdt_property_u32(blob, "#interrupt-cells", 1);
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		size_t len;
		const uint8_t *v = fuzz_take(&data, &size, &len);
		fdt_property(blob, props[i], v, (int)len);
	}
	fdt_end_node(blob);
	fdt_end_node(blob);
	if (fdt_finish(blob))
		return 0;
	n = pci_ecam_hosts(blob, hosts, 2);
	if (n > 0) {
		struct pci_dev d = { .host = &hosts[0], .irq_pin = 1 };
		struct pci_irq irq;

		if (hosts[0].bus_end < hosts[0].bus_start || hosts[0].bus_end > 255 ||
		    (hosts[0].mem32.size && hosts[0].mem32.pci + hosts[0].mem32.size > (1ull << 32)))
			abort();
		for (unsigned pin = 1; pin <= 4; pin++) {
			d.irq_pin = (uint8_t)pin;
			d.dev = (uint8_t)(pin * 3);
			if (!pci_intx_route(blob, &d, &irq) && (irq.cells < 1 || irq.cells > PCI_IRQ_MAX_CELLS))
				abort();
		}
	}
	return 0;
}
