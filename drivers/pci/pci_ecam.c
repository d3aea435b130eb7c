/* Generic ECAM host bridge from the device tree (binding:
 * Documentation/devicetree/bindings/pci/host-generic-pci.yaml, compatible
 * "pci-host-ecam-generic"). ECAM address = base + (bus << 20 | devfn << 12 |
 * offset), PCIe Base 6.0 7.2.2. Every value of the node is checked before use:
 * reg against bus-range, windows against the arch's mappable ranges. */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/io.h>
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#include "pci_internal.h"

/* IEEE 1275 PCI binding, phys.hi: npt000ss bbbbbbbb dddddfff rrrrrrrr */
#define PHYS_HI_SPACE(x) (((x) >> 24) & 3)
#define SPACE_MEM32 2
#define SPACE_MEM64 3

static uintptr_t ecam_addr(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off)
{
	return h->ecam + ((uintptr_t)(bus - h->bus_start) << 20 | (uintptr_t)devfn << 12 | off);
}

static uint32_t ecam_read(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			  unsigned size)
{
	uintptr_t a = ecam_addr(h, bus, devfn, off);

	return size == 1 ? io_read8(a) : size == 2 ? io_read16(a) : io_read32(a);
}

static void ecam_write(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
		       unsigned size, uint32_t v)
{
	uintptr_t a = ecam_addr(h, bus, devfn, off);

	if (size == 1)
		io_write8(a, (uint8_t)v);
	else if (size == 2)
		io_write16(a, (uint16_t)v);
	else
		io_write32(a, v);
}

static const struct pci_cfg_ops ecam_ops = { "ECAM", ecam_read, ecam_write };

static int parent_cells(const void *fdt, int node, const char *prop, int dflt)
{
	int parent = fdt_parent_offset(fdt, node), len;
	const fdt32_t *p = parent >= 0 ? fdt_getprop(fdt, parent, prop, &len) : NULL;

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

/* ranges: (pci 3 cells, parent ac cells, size 2 cells) per entry. Keeps the
 * largest usable 32-bit and 64-bit memory windows. */
int pci_dt_parse_ranges(const void *fdt, int node, struct pci_host *h)
{
	int ac = parent_cells(fdt, node, "#address-cells", 2), len;
	const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
	int entry = 3 + ac + 2;

	if (ac < 1 || ac > 2 || !r || len <= 0 || len % (entry * 4)) {
		kprintf("pci: %s: missing or malformed ranges\n", fdt_get_name(fdt, node, NULL));
		return -1;
	}
	for (int i = 0; i < len / 4; i += entry) {
		uint32_t hi = fdt32_to_cpu(r[i]);
		uint64_t pci = fdt_read_cells(&r[i + 1], 2);
		uint64_t cpu = fdt_read_cells(&r[i + 3], ac);
		uint64_t size = fdt_read_cells(&r[i + 3 + ac], 2);
		struct pci_window *w;
		unsigned sp = PHYS_HI_SPACE(hi);

		if (sp != SPACE_MEM32 && sp != SPACE_MEM64)
			continue; /* I/O space: no driver here needs it */
		if (!size || size > BOOTINFO_PHYS_LIMIT || cpu + size < cpu ||
		    cpu + size > BOOTINFO_PHYS_LIMIT || pci + size < pci ||
		    (sp == SPACE_MEM32 && pci + size > (1ull << 32))) {
			kprintf("pci: ranges entry %d: absurd window (pci 0x%llx cpu 0x%llx size 0x%llx)\n",
				i / entry, (unsigned long long)pci, (unsigned long long)cpu,
				(unsigned long long)size);
			return -1;
		}
		if (!pci_arch_mmio_ok(cpu, size)) {
			kprintf("pci: window cpu 0x%llx size 0x%llx is not mapped here: unused\n",
				(unsigned long long)cpu, (unsigned long long)size);
			continue;
		}
		w = sp == SPACE_MEM32 ? &h->mem32 : &h->mem64;
		if (size > w->size) {
			w->pci = pci;
			w->cpu = cpu;
			w->size = size;
			w->next = pci;
		}
	}
	if (!h->mem32.size && !h->mem64.size) {
		kprintf("pci: no usable memory window in ranges\n");
		return -1;
	}
	return 0;
}

static int ecam_host_from_node(const void *fdt, int node, struct pci_host *h)
{
	int ac = parent_cells(fdt, node, "#address-cells", 2);
	int sc = parent_cells(fdt, node, "#size-cells", 2), len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	const fdt32_t *br;
	uint64_t base, size;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !reg || len < (ac + sc) * 4) {
		kprintf("pci: %s: missing or short reg\n", fdt_get_name(fdt, node, NULL));
		return -1;
	}
	base = fdt_read_cells(reg, ac);
	size = fdt_read_cells(reg + ac, sc);
	h->bus_start = 0;
	h->bus_end = 255;
	br = fdt_getprop(fdt, node, "bus-range", &len);
	if (br && len == 8) {
		h->bus_start = fdt32_to_cpu(br[0]);
		h->bus_end = fdt32_to_cpu(br[1]);
	} else if (br) {
		kprintf("pci: malformed bus-range\n");
		return -1;
	}
	/* 1 MiB of ECAM per bus; the window must hold bus 0 at least */
	if (h->bus_start > h->bus_end || h->bus_end > 255 || size < MiB(1) || size % MiB(1) ||
	    base % MiB(1) || base + size < base || base + size > BOOTINFO_PHYS_LIMIT ||
	    !pci_arch_mmio_ok(base, MiB(1))) {
		kprintf("pci: ECAM window 0x%llx+0x%llx (buses %u-%u) is unusable\n",
			(unsigned long long)base, (unsigned long long)size, h->bus_start,
			h->bus_end);
		return -1;
	}
	/* only the buses the window really covers */
	if ((size >> 20) - 1 < h->bus_end - h->bus_start)
		h->bus_end = h->bus_start + (unsigned)(size >> 20) - 1;
	h->ecam = (uintptr_t)base;
	h->ecam_size = size;
	h->ops = &ecam_ops;
	h->fdt_node = node;
	return pci_dt_parse_ranges(fdt, node, h);
}

int pci_ecam_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	int n = 0, node;

	for (node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "pci-host-ecam-generic")) {
		if (n == max) {
			kprintf("pci: more than %d host bridges: the rest are ignored\n", max);
			break;
		}
		if (ecam_host_from_node(fdt, node, &hosts[n]))
			return -1;
		n++;
	}
	return n;
}
