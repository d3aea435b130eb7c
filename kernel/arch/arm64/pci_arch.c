/* arm64 hooks of drivers/pci: device memory is what mmu.c maps as Device,
 * [0, 1 GiB) and [256 GiB, 512 GiB); virt's 64-bit window at 512 GiB is
 * beyond the 39-bit identity map, so BARs go to the 32-bit window. */
#include <libfdt.h>

#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#include "arm64.h"

static bool within(uint64_t phys, uint64_t size, uint64_t lo, uint64_t hi)
{
	return phys >= lo && phys + size > phys && phys + size <= hi;
}

bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	return size && (within(phys, size, 0, GiB(1)) || within(phys, size, GiB(256), GiB(512)));
}

int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	(void)fdt, (void)hosts, (void)max;
	return 0;
}

/* The GICv3 binding's 3-cell specifier: <type number flags>, type 0 = SPI
 * (INTID = number + 32), flags 4 = level high (arm,gic-v3.yaml). */
int pci_arch_irq_attach(const void *fdt, const struct pci_irq *irq, void (*fn)(void *),
			void *arg, char *desc, unsigned desclen)
{
	int node = fdt_node_offset_by_phandle(fdt, irq->phandle);
	unsigned intid;

	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,gic-v3") || irq->cells != 3 ||
	    irq->spec[0] != 0 || irq->spec[1] > 987)
		return -1;
	intid = irq->spec[1] + 32;
	if (gic_enable_spi(intid, (irq->spec[2] & 0xf) == 4 || (irq->spec[2] & 0xf) == 8, fn, arg))
		return -1;
	fmt_snprintf(desc, desclen, "GICv3 SPI %u (INTID %u)", irq->spec[1], intid);
	return 0;
}
