/* virtio-console (virtio 1.2 section 5.3), port 0 only (no MULTIPORT):
 * queue 0 receiveq, queue 1 transmitq.
 * Receive: RX_BUFS device-writable buffers stay posted (5.3.6.1: "the driver
 * SHOULD fill the receive queue"); a completed one is unmapped (in bounce
 * mode only the validated length is copied back into private memory) and
 * reposted. Reads never wait. */
#include <string.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define CONSOLE_TIMEOUT_US 5000000u
#define RXQ 0
#define TXQ 1
#define RX_BUFS 4
#define RX_BUF_LEN 128

struct rx_slot {
	char buf[RX_BUF_LEN]; /* private: the device writes the mapping, not this */
	struct dma_mapping m;
};

struct virtio_console {
	struct virtio_dev vd;
	struct rx_slot rx[RX_BUFS];
	char pending[RX_BUF_LEN];
	uint32_t pend_len, pend_pos;
	unsigned transfers, outside_pool;
	unsigned rx_live; /* receive mappings the device holds right now */
};

static struct virtio_console *the_console;

struct virtio_dev *virtio_console_vdev(struct virtio_console *c)
{
	return &c->vd;
}

struct virtio_console *virtio_console_get(void)
{
	return the_console;
}

/* In bounce mode the device may only ever see the shared pool: count every
 * mapping whose device-side copy is elsewhere or whose private side is not. */
static void account(struct virtio_console *c, const struct dma_mapping *m)
{
	if (dma_mode() != DMA_MODE_BOUNCE)
		return;
	c->transfers++;
	if (!m->bounce || !dma_pool_contains(m->bounce, m->len) || dma_pool_contains(m->cpu, m->len))
		c->outside_pool++;
}

unsigned virtio_console_rx_live(struct virtio_console *c)
{
	return c ? c->rx_live : 0;
}

void virtio_console_dma_check(struct virtio_console *c, unsigned *transfers, unsigned *bad)
{
	*transfers = c ? c->transfers : 0;
	*bad = c ? c->outside_pool : 0;
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
	account(c, &m);
	seg = (struct virtq_seg){ m.addr, len, false };
	if (virtq_add(c->vd.vq[TXQ], &seg, 1, copy) >= 0) {
		virtio_notify(&c->vd, TXQ);
		dma_handed(&m); /* the host has it: no scrub on unmap */
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

static int rx_post(struct virtio_console *c, struct rx_slot *s)
{
	struct virtq_seg seg;

	if (dma_map(&s->m, s->buf, sizeof(s->buf), DMA_FROM_DEVICE))
		return -1;
	c->rx_live++;
	account(c, &s->m);
	seg = (struct virtq_seg){ s->m.addr, sizeof(s->buf), true };
	if (virtq_add(c->vd.vq[RXQ], &seg, 1, s) < 0) {
		dma_unmap(&s->m, 0);
		c->rx_live--;
		return -1;
	}
	return 0;
}

int virtio_console_read(struct virtio_console *c, char *buf, unsigned len)
{
	unsigned n;

	if (!c || c->vd.broken || !buf)
		return -1;
	if (c->pend_pos == c->pend_len) {
		struct rx_slot *s;
		void *cookie = NULL;
		uint32_t got = 0;
		int r = virtq_get_used(c->vd.vq[RXQ], &cookie, &got);

		if (r < 0) {
			virtio_fail(&c->vd, c->vd.vq[RXQ]->why);
			return -1;
		}
		if (!r)
			return 0;
		/* got <= RX_BUF_LEN: the used-ring code checked it against the chain */
		s = cookie;
		if (s < c->rx || s >= c->rx + RX_BUFS || !dma_unmap(&s->m, got)) {
			virtio_fail(&c->vd, "receive completion for a buffer not issued");
			return -1;
		}
		c->rx_live--;
		memcpy(c->pending, s->buf, got);
		c->pend_len = got;
		c->pend_pos = 0;
		if (rx_post(c, s)) {
			virtio_fail(&c->vd, "cannot repost a receive buffer");
			return -1;
		}
		virtio_notify(&c->vd, RXQ);
	}
	n = MIN(len, c->pend_len - c->pend_pos);
	memcpy(buf, c->pending + c->pend_pos, n);
	c->pend_pos += n;
	return (int)n;
}

int virtio_console_probe(struct pci_dev *pd)
{
	struct virtio_console *c = kzalloc(sizeof(*c));

	if (!c)
		return -1;
	if (virtio_pci_attach(pd, &c->vd) || virtio_negotiate(&c->vd, 0) ||
	    virtio_queue_setup(&c->vd, RXQ, 8) || virtio_queue_setup(&c->vd, TXQ, 8))
		return -1;
	virtio_driver_ok(&c->vd);
	for (unsigned i = 0; i < RX_BUFS; i++)
		if (rx_post(c, &c->rx[i])) {
			virtio_fail(&c->vd, "cannot post the receive buffers");
			return -1;
		}
	virtio_notify(&c->vd, RXQ);
	kprintf("virtio-console: port 0 ready\n");
	if (!the_console)
		the_console = c;
	return 0;
}
