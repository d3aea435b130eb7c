/* "dma-ranges" of an ECAM host bridge (devicetree spec 2.3.9, IEEE 1275 PCI
 * binding for the child address): where guest physical memory appears to
 * the devices. Without an IOMMU a hypervisor whose guest RAM is not at the
 * same host address (the arm64 shim: IPA + 4 MiB) says so here; the DMA
 * layer then hands devices the translated address. One memory entry only;
 * anything else is refused (devices would write elsewhere). */
#include <libfdt.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

static uint64_t win_cpu, win_size, win_pci;

static int offset_map(uint64_t phys, size_t len, enum dma_dir dir, dma_addr_t *addr)
{
	(void)dir;
	if (phys < win_cpu || len > win_size || phys - win_cpu > win_size - len)
		return -1;
	*addr = phys - win_cpu + win_pci;
	return 0;
}

static bool offset_unmap(dma_addr_t addr, size_t len)
{
	return addr >= win_pci && len <= win_size && addr - win_pci <= win_size - len;
}

static const struct dma_iommu_ops offset_ops = { "dma-ranges offset", offset_map, offset_unmap };

void pci_dma_ranges_init(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic"), len;
	const fdt32_t *r = node >= 0 ? fdt_getprop(fdt, node, "dma-ranges", &len) : NULL;
	uint64_t pci, cpu, size;

	if (!r)
		return; /* devices see physical addresses */
	/* 3 cells PCI address, 2 cells parent address (QEMU virt root), 2 size */
	if (len != 7 * 4 || fdt_address_cells(fdt, fdt_parent_offset(fdt, node)) != 2) {
		kprintf("pci: dma-ranges of %d bytes not understood: DMA left untranslated\n", len);
		return;
	}
	pci = (uint64_t)fdt32_to_cpu(r[1]) << 32 | fdt32_to_cpu(r[2]);
	cpu = (uint64_t)fdt32_to_cpu(r[3]) << 32 | fdt32_to_cpu(r[4]);
	size = (uint64_t)fdt32_to_cpu(r[5]) << 32 | fdt32_to_cpu(r[6]);
	if (!size || cpu + size < cpu || pci + size < pci || pci == cpu)
		return;
	win_cpu = cpu, win_pci = pci, win_size = size;
	dma_set_iommu_ops(&offset_ops);
	kprintf("pci: dma-ranges: memory 0x%llx+0x%llx is at bus address 0x%llx for devices\n",
		(unsigned long long)cpu, (unsigned long long)size, (unsigned long long)pci);
}
