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

#include "../unit/virtio_host_stubs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the fake function: config space (virtio_host_stubs.c) + one 16 KiB memory BAR (index 4) ---- */
static uint8_t *bar;
#define BAR_SIZE 0x4000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pci_dev pd;
	static struct virtio_dev vd;
	static bool pool;
	size_t n = size < sizeof(fake_cfg) ? size : sizeof(fake_cfg);

	if (size < 3)
		return 0;

	if (!pool) {
		dma_init_pool(DMA_MODE_DIRECT, NULL, 0);
		pool = true;
	}
	memset(fake_cfg, 0, sizeof(fake_cfg));
	memcpy(fake_cfg, data, n);
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
