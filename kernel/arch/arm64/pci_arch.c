/* arm64 hooks of drivers/pci: device memory is what mmu.c maps as Device,
 * [0, 1 GiB) and [256 GiB, 512 GiB); virt's 64-bit window at 512 GiB is
 * beyond the 39-bit identity map, so BARs go to the 32-bit window. */
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

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
