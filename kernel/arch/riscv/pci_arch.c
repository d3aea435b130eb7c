/* riscv64 hooks of drivers/pci. The Sv39 identity map (mmu.c) makes every
 * physical address below 2^38 reachable, R+W and never executable (below the
 * platform limit with satp Bare); PMAs decide the rest. */
#include <cocoon/bootinfo.h>
#include <cocoon/pci.h>

#include "mmu.h"

bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	return size && phys + size > phys && phys + size <= riscv_mmu_map_end();
}

int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	(void)fdt, (void)hosts, (void)max;
	return 0;
}

/* No MSI controller driven on this platform yet (riscv: IMSIC needs aia=;
 * pseries: ibm,change-msi and XIVE): INTx or polling. */
int pci_arch_msi_alloc(const void *fdt, const struct pci_dev *d, unsigned event,
		       void (*fn)(void *), void *arg, uint64_t *addr, uint32_t *data,
		       char *desc, unsigned desclen)
{
	(void)fdt, (void)d, (void)event, (void)fn, (void)arg, (void)addr, (void)data;
	(void)desc, (void)desclen;
	return -1;
}
