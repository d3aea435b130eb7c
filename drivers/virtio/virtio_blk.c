/* virtio-blk (virtio 1.2 section 5.2): read, write, flush; one request in
 * flight, polled. The device's status byte and used length are checked
 * before any data is trusted. */
#include <string.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK 0
#define SECTOR 512u
#define BLK_MAX_SECTORS 128u /* 64 KiB per request (fits the 512 KiB bounce pool) */
#define BLK_TIMEOUT_US 5000000u

struct virtio_blk_req_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

struct virtio_blk {
	struct virtio_dev vd;
	uint64_t capacity;
	bool flush, ro;
};

static struct virtio_blk *the_blk;

struct virtio_dev *virtio_blk_vdev(struct virtio_blk *x)
{
	return &x->vd;
}

struct virtio_blk *virtio_blk_get(void)
{
	return the_blk;
}

uint64_t virtio_blk_capacity(struct virtio_blk *b)
{
	return b->capacity;
}

/* header (device reads), data (either way), status (device writes) */
static int blk_request(struct virtio_blk *b, uint32_t type, uint64_t sector, void *data,
		       unsigned nsect)
{
	struct virtio_blk_req_hdr *hdr = kzalloc(sizeof(*hdr));
	uint8_t *status = kzalloc(1);
	struct dma_mapping mh, md, ms;
	struct virtq_seg seg[3];
	bool reading = type == VIRTIO_BLK_T_IN;
	uint32_t dlen = nsect * SECTOR, used_len = 0;
	unsigned n = 0;
	void *cookie = NULL;
	int rc = -1;

	memset(&md, 0, sizeof(md));
	if (!hdr || !status)
		goto out_free;
	hdr->type = type;
	hdr->sector = sector;
	*status = 0xff; /* anything the device does not overwrite is an error */
	if (dma_map(&mh, hdr, sizeof(*hdr), DMA_TO_DEVICE))
		goto out_free;
	if (dlen && dma_map(&md, data, dlen, reading ? DMA_FROM_DEVICE : DMA_TO_DEVICE))
		goto out_unmap_hdr;
	if (dma_map(&ms, status, 1, DMA_FROM_DEVICE))
		goto out_unmap_data;
	seg[n++] = (struct virtq_seg){ mh.addr, sizeof(*hdr), false };
	if (dlen)
		seg[n++] = (struct virtq_seg){ md.addr, dlen, reading };
	seg[n++] = (struct virtq_seg){ ms.addr, 1, true };
	if (virtq_add(b->vd.vq[0], seg, n, hdr) < 0) {
		virtio_fail(&b->vd, "request does not fit the queue");
	} else {
		virtio_notify(&b->vd, 0);
		/* the device has the request now: its bounce slots are the
		 * host's (no scrub on unmap, drivers/dma) */
		dma_handed(&mh);
		dma_handed(&md);
		dma_handed(&ms);
		if (virtio_poll(&b->vd, 0, &cookie, &used_len, BLK_TIMEOUT_US) > 0) {
			/* one request in flight: it must come back */
			if (cookie != hdr)
				virtio_fail(&b->vd, "completion for a request not issued");
			else if (used_len < 1 + (reading ? dlen : 0))
				virtio_fail(&b->vd, "short used length");
			else
				rc = 0;
		}
	}
	dma_unmap(&ms, rc ? 0 : 1);
	if (!rc && *status != VIRTIO_BLK_S_OK) {
		kprintf("virtio-blk: request type %u sector %llu: status %u\n", type,
			(unsigned long long)sector, *status);
		rc = -1;
	}
out_unmap_data:
	if (md.len)
		dma_unmap(&md, rc ? 0 : dlen);
out_unmap_hdr:
	dma_unmap(&mh, 0);
out_free:
	kfree(hdr);
	kfree(status);
	return rc;
}

static int rw_check(struct virtio_blk *b, uint64_t sector, const void *buf, unsigned nsect)
{
	if (!b || b->vd.broken || !buf || !nsect || nsect > BLK_MAX_SECTORS ||
	    sector >= b->capacity || nsect > b->capacity - sector)
		return -1;
	return 0;
}

int virtio_blk_read(struct virtio_blk *b, uint64_t sector, void *buf, unsigned nsect)
{
	if (rw_check(b, sector, buf, nsect))
		return -1;
	return blk_request(b, VIRTIO_BLK_T_IN, sector, buf, nsect);
}

int virtio_blk_write(struct virtio_blk *b, uint64_t sector, const void *buf, unsigned nsect)
{
	if (rw_check(b, sector, buf, nsect) || b->ro)
		return -1;
	return blk_request(b, VIRTIO_BLK_T_OUT, sector, (void *)buf, nsect);
}

int virtio_blk_flush(struct virtio_blk *b)
{
	if (!b || b->vd.broken)
		return -1;
	if (!b->flush)
		return 0; /* 5.2.6.2: without VIRTIO_BLK_F_FLUSH the cache is write-through */
	return blk_request(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

int virtio_blk_probe(struct pci_dev *pd)
{
	struct virtio_blk *b = kzalloc(sizeof(*b));

	if (!b)
		return -1;
	if (virtio_pci_attach(pd, &b->vd) ||
	    virtio_negotiate(&b->vd, VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) | VIRTIO_BIT(VIRTIO_BLK_F_RO)) ||
	    virtio_config_read(&b->vd, 0, &b->capacity, 8) || virtio_queue_setup(&b->vd, 0, 64))
		return -1; /* the device stays FAILED; b is kept for the report */
	b->flush = b->vd.features & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	b->ro = b->vd.features & VIRTIO_BIT(VIRTIO_BLK_F_RO);
	virtio_driver_ok(&b->vd);
	kprintf("virtio-blk: %llu sectors (%llu KiB)%s%s\n", (unsigned long long)b->capacity,
		(unsigned long long)(b->capacity / 2), b->flush ? ", flush" : "",
		b->ro ? ", read-only" : "");
	if (!the_blk)
		the_blk = b;
	return 0;
}
