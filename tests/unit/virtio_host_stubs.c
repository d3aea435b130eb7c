/* Kernel stubs and the fake function's config space for the host builds of
 * the virtio PCI transport: see virtio_host_stubs.h. No TSM here, so a device
 * is enabled the plain way (one MSE|BME write, as drivers/pci/tdisp.c does
 * without a TSM); no interrupts, so the transport polls. */
#include <stdlib.h>
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/mm.h>
#include <cocoon/pci.h>
#include <cocoon/virtio.h>

#include "virtio_host_stubs.h"

int kprintf(const char *fmt, ...) { (void)fmt; return 0; }
static uint64_t now;
uint64_t arch_counter(void) { return now += 1000; }
uint64_t counter_to_us(uint64_t t) { return t; }
void arch_irq_enable(void) {}
void arch_irq_disable(void) {}
int arch_timer_start(uint64_t period_us) { (void)period_us; return -1; }
void arch_timer_stop(void) {}
void arch_wait_for_interrupt(void) {}

void *page_alloc(size_t n)
{
	void *p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
	memset(p, 0, n * PAGE_SIZE);
	return p;
}
bool page_free(void *p, size_t n) { (void)n; free(p); return true; }
void *kmalloc(size_t n) { return malloc(n); }
void *kzalloc(size_t n) { return calloc(1, n); }
bool kfree(void *p) { free(p); return true; }

struct cmdline boot_cmdline;
bool cmdline_flag(const struct cmdline *cl, const char *key) { (void)cl, (void)key; return false; }
const void *drivers_fdt;

int pci_intx_route(const void *fdt, const struct pci_dev *d, struct pci_irq *out)
{
	(void)fdt, (void)d, (void)out;
	return -1;
}
int pci_arch_irq_attach(const void *fdt, const struct pci_irq *irq, void (*fn)(void *),
			void *arg, char *desc, unsigned desclen)
{
	(void)fdt, (void)irq, (void)fn, (void)arg, (void)desc, (void)desclen;
	return -1;
}
int pci_msix_begin(struct pci_dev *d) { (void)d; return -1; }
int pci_msix_vector(const void *fdt, struct pci_dev *d, unsigned vec, void (*fn)(void *),
		    void *arg, char *desc, unsigned desclen)
{
	(void)fdt, (void)d, (void)vec, (void)fn, (void)arg, (void)desc, (void)desclen;
	return -1;
}
void pci_msix_end(struct pci_dev *d) { (void)d; }
void pci_msix_off(struct pci_dev *d) { (void)d; }

/* ---- the fake function's config space ---- */
uint8_t fake_cfg[256];

uint32_t pci_cfg_read(struct pci_dev *d, unsigned off, unsigned size)
{
	uint32_t v = 0;
	(void)d;
	if (off + size <= sizeof(fake_cfg))
		memcpy(&v, fake_cfg + off, size);
	return v;
}
void pci_cfg_write(struct pci_dev *d, unsigned off, unsigned size, uint32_t val)
{
	(void)d;
	if (off + size <= sizeof(fake_cfg))
		memcpy(fake_cfg + off, &val, size);
}
uint16_t pci_enable(struct pci_dev *d, unsigned flags)
{
	uint16_t cmd = (uint16_t)((flags & PCI_ENABLE_TARGET ? PCI_COMMAND_MEMORY : 0) |
				  (flags & PCI_ENABLE_INITIATOR ? PCI_COMMAND_MASTER : 0));
	pci_cfg_write(d, PCI_COMMAND, 2, cmd);
	return cmd;
}
int pci_tdisp_enable(struct pci_dev *d)
{
	pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
	return 0;
}
/* bounded: a capability chain from the input may loop or run off the end */
unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned from)
{
	unsigned pos = from ? fake_cfg[from + 1] : fake_cfg[PCI_CAP_PTR];
	(void)d;
	for (int n = 0; pos >= 0x40 && pos < sizeof(fake_cfg) - 1 && n < 48; n++, pos = fake_cfg[pos + 1])
		if (fake_cfg[pos] == id)
			return pos;
	return 0;
}
