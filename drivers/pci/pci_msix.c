/* MSI-X (PCI Local Bus 3.0 6.8.2): capability, table in a memory BAR (BIR
 * and offset checked against the BAR), entries of 16 bytes: address low,
 * address high, data, vector control (bit 0 = masked). */
#include <cocoon/io.h>
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#define MSIX_CTRL 2
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000
#define MSIX_TABLE 4
#define MSIX_ENTRY 16

int pci_msix_begin(struct pci_dev *d)
{
	unsigned cap = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);
	uint32_t tbl;
	const struct pci_bar *b;
	uint16_t ctrl;

	if (!cap)
		return -1;
	ctrl = (uint16_t)pci_cfg_read(d, cap + MSIX_CTRL, 2);
	tbl = pci_cfg_read(d, cap + MSIX_TABLE, 4);
	d->msix_size = (ctrl & 0x7ffu) + 1;
	if ((tbl & 7) >= PCI_MAX_BARS)
		return -1;
	b = &d->bar[tbl & 7];
	if (!b->cpu || b->io || (uint64_t)(tbl & ~7u) + (uint64_t)d->msix_size * MSIX_ENTRY > b->size) {
		kprintf("pci: %02x:%02x.%x MSI-X table outside BAR%u\n", d->bus, d->dev, d->fn,
			tbl & 7);
		return -1;
	}
	d->msix_cap = cap;
	d->msix_table = (uintptr_t)(b->cpu + (tbl & ~7u));
	/* enabled with every vector masked until the entries are written */
	pci_cfg_write(d, cap + MSIX_CTRL, 2, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
	for (unsigned i = 0; i < d->msix_size; i++)
		io_write32(d->msix_table + i * MSIX_ENTRY + 12, 1);
	return 0;
}

int pci_msix_vector(const void *fdt, struct pci_dev *d, unsigned vec, void (*fn)(void *),
		    void *arg, char *desc, unsigned desclen)
{
	uintptr_t e = d->msix_table + vec * MSIX_ENTRY;
	uint64_t addr;
	uint32_t data;

	if (!d->msix_cap || vec >= d->msix_size ||
	    pci_arch_msi_alloc(fdt, d, vec, fn, arg, &addr, &data, desc, desclen))
		return -1;
	io_write32(e, (uint32_t)addr);
	io_write32(e + 4, (uint32_t)(addr >> 32));
	io_write32(e + 8, data);
	io_wmb();
	io_write32(e + 12, 0);
	return 0;
}

void pci_msix_end(struct pci_dev *d)
{
	uint16_t ctrl = (uint16_t)pci_cfg_read(d, d->msix_cap + MSIX_CTRL, 2);

	pci_cfg_write(d, d->msix_cap + MSIX_CTRL, 2, ctrl & ~MSIX_CTRL_MASKALL);
}

void pci_msix_off(struct pci_dev *d)
{
	uint16_t ctrl;

	if (!d->msix_cap)
		return;
	ctrl = (uint16_t)pci_cfg_read(d, d->msix_cap + MSIX_CTRL, 2);
	pci_cfg_write(d, d->msix_cap + MSIX_CTRL, 2,
		      ctrl & ~(MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL));
	d->msix_cap = 0;
}
