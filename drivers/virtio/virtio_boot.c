/* Boot-time device bring-up: the DMA mode ("dma=bounce" forces bounce
 * buffering on every platform), PCI enumeration, then a driver for every
 * virtio function found. A device that fails is reported and left off;
 * the boot goes on. */
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/virtio.h>

static unsigned refused;
const void *drivers_fdt;

unsigned virtio_refused_count(void)
{
	return refused;
}

void virtio_probe_all(void)
{
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *pd = pci_get(i);
		uint16_t type;
		int rc;

		if (pd->vendor != VIRTIO_PCI_VENDOR || pd->device < 0x1000 || pd->device > 0x107f)
			continue;
		type = pd->device >= VIRTIO_PCI_MODERN_BASE ? pd->device - VIRTIO_PCI_MODERN_BASE
							    : pd->subsys;
		switch (type) {
		case VIRTIO_ID_BLOCK: rc = virtio_blk_probe(pd); break;
		case VIRTIO_ID_RNG: rc = virtio_rng_probe(pd); break;
		case VIRTIO_ID_CONSOLE: rc = virtio_console_probe(pd); break;
		default:
			kprintf("virtio: %02x:%02x.%x device type %u: no driver\n", pd->bus, pd->dev,
				pd->fn, type);
			continue;
		}
		pd->claimed = rc == 0;
		if (rc)
			refused++;
	}
}

void drivers_init(const void *fdt)
{
	char mode[16] = "";
	enum dma_mode m = DMA_MODE_DIRECT;

	drivers_fdt = fdt;
	if (cmdline_get(&boot_cmdline, "dma", mode, sizeof(mode))) {
		if (!strcmp(mode, "bounce"))
			m = DMA_MODE_BOUNCE;
		else if (strcmp(mode, "direct"))
			kprintf("dma: unknown mode \"%s\", using direct\n", mode);
	}
	pci_dma_ranges_init(fdt);
	if (dma_sharing_required() && m != DMA_MODE_BOUNCE) {
		kprintf("dma: guest memory is private: bounce mode through the shared pool\n");
		m = DMA_MODE_BOUNCE;
	}
	if (dma_init(m))
		kprintf("dma: bounce pool unavailable: no device can do DMA\n");
	kprintf("dma: %s mode\n", dma_mode_name());
	if (pci_init(fdt) < 0) {
		kprintf("pci: host bridge description unusable: no PCI devices\n");
		return;
	}
	virtio_probe_all();
}
