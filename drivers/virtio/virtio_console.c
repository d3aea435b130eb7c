/* virtio-console (virtio 1.2 section 5.3), port 0 only (no MULTIPORT):
 * queue 0 receiveq (not used), queue 1 transmitq. */
#include <string.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define CONSOLE_TIMEOUT_US 5000000u
#define TXQ 1

struct virtio_console {
	struct virtio_dev vd;
};

static struct virtio_console *the_console;

struct virtio_console *virtio_console_get(void)
{
	return the_console;
}

int virtio_console_write(struct virtio_console *c, const char *s, unsigned len)
{
	struct dma_mapping m;
	struct virtq_seg seg;
	void *cookie = NULL, *copy;
	uint32_t got;
	int rc = -1;

	if (!c || c->vd.broken || !s || !len || len > 4096 || !(copy = kmalloc(len)))
		return -1;
	memcpy(copy, s, len);
	if (dma_map(&m, copy, len, DMA_TO_DEVICE)) {
		kfree(copy);
		return -1;
	}
	seg = (struct virtq_seg){ m.addr, len, false };
	if (virtq_add(c->vd.vq[TXQ], &seg, 1, copy) >= 0) {
		virtio_notify(&c->vd, TXQ);
		if (virtio_poll(&c->vd, TXQ, &cookie, &got, CONSOLE_TIMEOUT_US) > 0) {
			if (cookie != copy)
				virtio_fail(&c->vd, "completion for a buffer not issued");
			else
				rc = (int)len;
		}
	}
	dma_unmap(&m, 0);
	kfree(copy);
	return rc;
}

int virtio_console_probe(struct pci_dev *pd)
{
	struct virtio_console *c = kzalloc(sizeof(*c));

	if (!c)
		return -1;
	if (virtio_pci_attach(pd, &c->vd) || virtio_negotiate(&c->vd, 0) ||
	    virtio_queue_setup(&c->vd, 0, 8) || virtio_queue_setup(&c->vd, TXQ, 8))
		return -1;
	virtio_driver_ok(&c->vd);
	kprintf("virtio-console: port 0 ready\n");
	if (!the_console)
		the_console = c;
	return 0;
}
