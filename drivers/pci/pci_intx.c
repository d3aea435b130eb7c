/* INTx routing through the host bridge's interrupt-map (IEEE 1275 PCI bus
 * binding and the ePAPR/DTSpec 2.4.3 "Interrupt Nexus Properties"): each
 * entry = child unit address (3 cells) + child specifier (1 cell, the pin),
 * parent phandle, parent unit address (#address-cells of the parent, 0 if
 * absent) and parent specifier (#interrupt-cells of the parent). Entries are
 * matched after interrupt-map-mask. Devices on bus 0 need no swizzling. */
#include <libfdt.h>

#include <cocoon/kernel.h>
#include <cocoon/pci.h>

static int cells_of(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

int pci_intx_route(const void *fdt, const struct pci_dev *d, struct pci_irq *out)
{
	int node = d->host->fdt_node, len, mlen;
	const fdt32_t *map, *mask;
	uint32_t child[4], m[4] = { ~0u, ~0u, ~0u, ~0u };
	int pos = 0, total;

	if (!d->irq_pin || d->irq_pin > 4 || node < 0)
		return -1;
	map = fdt_getprop(fdt, node, "interrupt-map", &len);
	if (!map || len <= 0 || len % 4)
		return -1;
	if (cells_of(fdt, node, "#address-cells", 3) != 3 ||
	    cells_of(fdt, node, "#interrupt-cells", 1) != 1)
		return -1;
	mask = fdt_getprop(fdt, node, "interrupt-map-mask", &mlen);
	if (mask && mlen == 16)
		for (int i = 0; i < 4; i++)
			m[i] = fdt32_to_cpu(mask[i]);
	else if (mask)
		return -1;
	/* behind bridges: swizzle the pin up to the root bus (PCI-to-PCI
	 * Bridge Architecture 1.2, 9.1: pin' = (pin - 1 + device) % 4 + 1) */
	uint32_t pin = d->irq_pin;
	for (unsigned depth = 0; d->parent; depth++) {
		if (depth > 32)
			return -1;
		pin = (pin - 1 + d->dev) % 4 + 1;
		d = d->parent;
	}
	/* phys.hi: bus 23:16, device 15:11, function 10:8 */
	child[0] = ((uint32_t)d->bus << 16 | (uint32_t)d->dev << 11 | (uint32_t)d->fn << 8) & m[0];
	child[1] = 0;
	child[2] = 0;
	child[3] = pin & m[3];
	total = len / 4;
	while (pos + 5 <= total) {
		const fdt32_t *e = map + pos;
		uint32_t ph = fdt32_to_cpu(e[4]);
		int parent = fdt_node_offset_by_phandle(fdt, ph), pac, pic;
		bool match = true;

		if (parent < 0)
			return -1;
		pac = cells_of(fdt, parent, "#address-cells", 0);
		pic = cells_of(fdt, parent, "#interrupt-cells", -1);
		if (pac < 0 || pac > 3 || pic < 1 || pic > PCI_IRQ_MAX_CELLS ||
		    pos + 5 + pac + pic > total)
			return -1;
		for (int i = 0; i < 4; i++)
			match &= (fdt32_to_cpu(e[i]) & m[i]) == child[i];
		if (match) {
			out->phandle = ph;
			out->cells = pic;
			for (int i = 0; i < pic; i++)
				out->spec[i] = fdt32_to_cpu(e[5 + pac + i]);
			return 0;
		}
		pos += 5 + pac + pic;
	}
	return -1;
}
