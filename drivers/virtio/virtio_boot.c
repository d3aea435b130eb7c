/* Boot-time device bring-up: the DMA mode ("dma=bounce" forces bounce
 * buffering on every platform), PCI enumeration, then a driver for every
 * virtio function found. A device that fails is reported and left off;
 * the boot goes on. */
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>
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

/* Shutdown: every virtio device is reset first, so that none holds an
 * address in the DMA pool, and only then is the pool (rings and bounce
 * buffers) given back. The other order would unshare pages the host may
 * still write: a Secure VM's ultravisor would refuse those writes (device
 * errors on the host side) or, where pages are remapped lazily, let them
 * land in memory the guest has taken back. A device that does not reset
 * keeps the pool shared. */
void drivers_teardown(void)
{
	struct virtio_blk *b = virtio_blk_get();
	struct virtio_rng *r = virtio_rng_get();
	struct virtio_console *c = virtio_console_get();
	struct virtio_dev *devs[] = { b ? virtio_blk_vdev(b) : NULL, r ? virtio_rng_vdev(r) : NULL,
				      c ? virtio_console_vdev(c) : NULL };
	unsigned n = 0, stuck = 0;

	for (unsigned i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		if (!devs[i])
			continue;
		n++;
		trace_call("guest", "device", "virtio-%s: reset (status 0) at shutdown", devs[i]->name);
		if (virtio_shutdown(devs[i])) {
			kprintf("virtio-%s: does not reset at shutdown\n", devs[i]->name);
			stuck++;
		}
	}
	if (stuck) {
		kprintf("shutdown: %u virtio device(s) still running: the DMA pool stays shared\n",
			stuck);
		return;
	}
	if (dma_teardown() == 0 && n)
		kprintf("shutdown: %u virtio device(s) reset, DMA pool given back\n", n);
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
