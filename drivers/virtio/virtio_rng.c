/* virtio-rng (virtio 1.2 section 5.4): one queue of device-writable buffers. */
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define RNG_TIMEOUT_US 5000000u

struct virtio_rng {
	struct virtio_dev vd;
};

static struct virtio_rng *the_rng;

struct virtio_dev *virtio_rng_vdev(struct virtio_rng *x)
{
	return &x->vd;
}

struct virtio_rng *virtio_rng_get(void)
{
	return the_rng;
}

int virtio_rng_read(struct virtio_rng *r, void *buf, unsigned len)
{
	struct dma_mapping m;
	struct virtq_seg seg;
	void *cookie = NULL;
	uint32_t got = 0;
	int rc = -1;

	if (!r || r->vd.broken || !buf || !len || len > 4096 ||
	    dma_map(&m, buf, len, DMA_FROM_DEVICE))
		return -1;
	seg = (struct virtq_seg){ m.addr, len, true };
	if (virtq_add(r->vd.vq[0], &seg, 1, buf) >= 0) {
		virtio_notify(&r->vd, 0);
		if (virtio_poll(&r->vd, 0, &cookie, &got, RNG_TIMEOUT_US) > 0) {
			if (cookie != buf)
				virtio_fail(&r->vd, "completion for a buffer not issued");
			else
				rc = (int)got; /* <= len: checked by the used-ring code */
		}
	}
	dma_unmap(&m, rc > 0 ? (size_t)rc : 0);
	return rc;
}

int virtio_rng_probe(struct pci_dev *pd)
{
	struct virtio_rng *r = kzalloc(sizeof(*r));

	if (!r)
		return -1;
	if (virtio_pci_attach(pd, &r->vd) || virtio_negotiate(&r->vd, 0) ||
	    virtio_queue_setup(&r->vd, 0, 8))
		return -1;
	virtio_driver_ok(&r->vd);
	kprintf("virtio-rng: ready\n");
	if (!the_rng)
		the_rng = r;
	return 0;
}
