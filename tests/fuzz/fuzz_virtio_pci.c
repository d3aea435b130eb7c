/* libFuzzer target: the virtio modern PCI transport (drivers/virtio/virtio_pci.c)
 * against a fake function whose config space (capability chain) and BAR
 * contents come from the input: capability parsing, feature negotiation and
 * queue setup must refuse anything inconsistent without touching memory
 * outside the BAR. Same fakes as tests/unit/test_virtio_pci.c.
 * Input: 256 bytes of config space, then the BAR (zero-filled to 16 KiB). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>
#include <cocoon/virtq.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- stubs for the kernel around the transport ---- */
int kprintf(const char *fmt, ...) { (void)fmt; return 0; }
static uint64_t now;
uint64_t arch_counter(void) { return now += 1000; }
uint64_t counter_to_us(uint64_t t) { return t; }
void arch_irq_enable(void) {}
void arch_irq_disable(void) {}
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
/* no TDISP (drivers/pci/tdisp.c) and no timer here: the driver polls */
int pci_tdisp_enable(struct pci_dev *d) { (void)d; return 0; }
int arch_timer_start(uint64_t period_us) { (void)period_us; return -1; }
void arch_timer_stop(void) {}
void arch_wait_for_interrupt(void) {}
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

/* ---- the fake function: config space + one 16 KiB memory BAR (index 4) ---- */
static uint8_t cfg[256];
static uint8_t *bar;
#define BAR_SIZE 0x4000u

uint32_t pci_cfg_read(struct pci_dev *d, unsigned off, unsigned size)
{
	uint32_t v = 0;
	(void)d;
	if (off + size <= sizeof(cfg))
		memcpy(&v, cfg + off, size);
	return v;
}
void pci_cfg_write(struct pci_dev *d, unsigned off, unsigned size, uint32_t val)
{
	(void)d;
	if (off + size <= sizeof(cfg))
		memcpy(cfg + off, &val, size);
}
uint16_t pci_enable(struct pci_dev *d, unsigned flags)
{
	uint16_t cmd = (uint16_t)((flags & PCI_ENABLE_TARGET ? PCI_COMMAND_MEMORY : 0) |
				  (flags & PCI_ENABLE_INITIATOR ? PCI_COMMAND_MASTER : 0));
	pci_cfg_write(d, PCI_COMMAND, 2, cmd);
	return cmd;
}
unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned from)
{
	unsigned pos = from ? cfg[from + 1] : cfg[PCI_CAP_PTR];
	(void)d;
	for (int n = 0; pos >= 0x40 && pos < sizeof(cfg) - 1 && n < 48; n++, pos = cfg[pos + 1])
		if (cfg[pos] == id)
			return pos;
	return 0;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pci_dev pd;
	static struct virtio_dev vd;
	static bool pool;
	size_t n = size < sizeof(cfg) ? size : sizeof(cfg);

	if (size < 3)
		return 0;

	if (!pool) {
		dma_init_pool(DMA_MODE_DIRECT, NULL, 0);
		pool = true;
	}
	memset(cfg, 0, sizeof(cfg));
	memcpy(cfg, data, n);
	bar = aligned_alloc(4096, BAR_SIZE);
	memset(bar, 0, BAR_SIZE);
	if (size > n)
		memcpy(bar, data + n, size - n > BAR_SIZE ? BAR_SIZE : size - n);
	memset(&pd, 0, sizeof(pd));
	memset(&vd, 0, sizeof(vd));
	pd.vendor = VIRTIO_PCI_VENDOR;
	pd.device = 0x1040 + (data[0] & 0x3f);
	pd.bar[4] = (struct pci_bar){ (uint64_t)(uintptr_t)bar, BAR_SIZE, false, false, false };
	if (virtio_pci_attach(&pd, &vd) == 0 && virtio_negotiate(&vd, 0) == 0) {
		for (uint16_t q = 0; q < 2; q++) {
			if (virtio_queue_setup(&vd, q, 64))
				continue;
			dma_free_coherent(vd.vq_ring[q], virtq_ring_bytes(vd.vq[q]->num),
					  (dma_addr_t)(uintptr_t)vd.vq_ring[q]);
			kfree(vd.vq[q]);
		}
		uint8_t buf[8];
		virtio_config_read(&vd, data[1], buf, data[2] % 9);
	}
	free(bar);
	return 0;
}
