/* The modern virtio-over-PCI transport the shim's emulated devices share
 * (virtio 1.2: 4.1 "Virtio Over PCI Bus", 2.7 split virtqueues, 2.1 device
 * status): common configuration at VIRTIO_COMMON_OFF of BAR0, ISR at
 * VIRTIO_ISR_OFF, the notification register at VIRTIO_NOTIFY_OFF, the
 * device-specific configuration at VIRTIO_DEVCFG_OFF. One queue per device.
 * On a notification each available chain is gathered (descriptors checked
 * against guest memory, the chain bounded by the queue size) and handed to
 * the device; a broken ring sets DEVICE_NEEDS_RESET and stops the device
 * instead of harming the shim. All fields little-endian. */
#include <string.h>

#include <shim/shim.h>

#include "pnv.h"

#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_NEEDS_RESET 0x40
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4

void virtio_reset(struct virtio_dev *d)
{
	memset(&d->t, 0, sizeof(d->t));
	d->t.qsize = VIRTIO_QUEUE_MAX;
}

void virtio_broken(struct virtio_dev *d, const char *why)
{
	if (!(d->t.status & STATUS_NEEDS_RESET))
		pnv_printf("shim: virtio-%s: %s: device needs reset\n", d->name, why);
	d->t.status |= STATUS_NEEDS_RESET;
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The common configuration as the driver sees it (4.1.4.3). */
static void common_image(const struct virtio_dev *d, uint8_t *c)
{
	const struct virtio_transport *t = &d->t;

	memset(c, 0, 0x38);
	put_le(c + 0x00, t->dfsel, 4);
	put_le(c + 0x04, t->dfsel < 2 ? d->features[t->dfsel] : 0, 4);
	put_le(c + 0x08, t->gfsel, 4);
	put_le(c + 0x0c, t->gfsel < 2 ? t->gf[t->gfsel] : 0, 4);
	put_le(c + 0x10, 0xffff, 2); /* no MSI-X */
	put_le(c + 0x12, 1, 2);      /* one queue */
	c[0x14] = t->status;
	c[0x15] = t->cfg_gen;
	put_le(c + 0x16, t->qsel, 2);
	if (t->qsel == 0) {
		put_le(c + 0x18, t->qsize, 2);
		put_le(c + 0x1a, 0xffff, 2);
		put_le(c + 0x1c, t->qenable, 2);
		put_le(c + 0x20, t->desc, 8);
		put_le(c + 0x28, t->avail, 8);
		put_le(c + 0x30, t->used, 8);
	}
}

int virtio_read(struct virtio_dev *d, uint64_t off, uint8_t *b, unsigned n)
{
	uint8_t c[0x38];

	if (off >= VIRTIO_COMMON_OFF && off + n <= VIRTIO_COMMON_OFF + sizeof(c)) {
		/* hostile host: a configuration that changes under every read,
		 * so config_generation never settles */
		if (shim_fault("virtio-cfggen-unstable") && off <= VIRTIO_COMMON_OFF + 0x15 &&
		    off + n > VIRTIO_COMMON_OFF + 0x15)
			d->t.cfg_gen++;
		common_image(d, c);
		memcpy(b, c + off - VIRTIO_COMMON_OFF, n);
		return 0;
	}
	if (off == VIRTIO_ISR_OFF && n == 1) { /* reading clears it (4.1.4.5) */
		b[0] = d->t.isr;
		d->t.isr = 0;
		return 0;
	}
	memset(b, 0, n);
	if (off >= VIRTIO_DEVCFG_OFF && d->cfg_read)
		d->cfg_read(d, off - VIRTIO_DEVCFG_OFF, b, n);
	return 0;
}

static bool queue_ok(const struct virtio_transport *t)
{
	uint64_t s = t->qsize;

	return s && s <= VIRTIO_QUEUE_MAX && !(s & (s - 1)) && !(t->desc & 15) && !(t->avail & 1) &&
	       !(t->used & 3) && gmem_ok(t->desc, 16 * s) && gmem_ok(t->avail, 6 + 2 * s) &&
	       gmem_ok(t->used, 6 + 8 * s);
}

/* Gather the chain at head: every descriptor inside guest memory. */
static int gather(struct virtio_dev *d, uint16_t head, struct virtio_desc *out, unsigned *count)
{
	uint16_t i = head;

	for (unsigned n = 0; n < d->t.qsize; n++) {
		uint8_t raw[16];
		uint16_t flags;

		if (i >= d->t.qsize || gmem_read(d->t.desc + 16ull * i, raw, 16)) {
			virtio_broken(d, "descriptor index out of range");
			return -1;
		}
		out[n].addr = get_le(raw, 8);
		out[n].len = (uint32_t)get_le(raw + 8, 4);
		flags = (uint16_t)get_le(raw + 12, 2);
		out[n].write = flags & DESC_F_WRITE;
		if (flags & DESC_F_INDIRECT) {
			virtio_broken(d, "indirect descriptors were not negotiated");
			return -1;
		}
		if (!gmem_ok(out[n].addr, out[n].len)) {
			virtio_broken(d, "buffer outside guest memory");
			return -1;
		}
		if (!(flags & DESC_F_NEXT)) {
			*count = n + 1;
			return 0;
		}
		i = (uint16_t)get_le(raw + 14, 2);
	}
	virtio_broken(d, "descriptor chain loops");
	return -1;
}

static void notify(struct virtio_dev *d, uint16_t q)
{
	struct virtio_transport *t = &d->t;
	struct virtio_desc descs[VIRTIO_QUEUE_MAX];
	uint8_t b[8];
	uint16_t avail_idx;

	uv_set_actor(d->name); /* a secure guest's rings must be shared */

	if (q != 0 || !t->qenable || !(t->status & STATUS_DRIVER_OK) ||
	    (t->status & STATUS_NEEDS_RESET) || gmem_read(t->avail + 2, b, 2))
		return;
	avail_idx = (uint16_t)get_le(b, 2);
	if ((uint16_t)(avail_idx - t->last_avail) > t->qsize) {
		virtio_broken(d, "available index ahead by more than the queue size");
		return;
	}
	while (t->last_avail != avail_idx) {
		/* hostile host: the device gives up after two requests and asks
		 * for a reset (2.1.2), leaving the third unanswered */
		if (shim_fault("virtio-needs-reset") && t->served == 2) {
			virtio_broken(d, "injected DEVICE_NEEDS_RESET");
			return;
		}
		unsigned n = 0;
		uint16_t head;
		int64_t written;

		gmem_read(t->avail + 4 + 2ull * (t->last_avail % t->qsize), b, 2);
		head = (uint16_t)get_le(b, 2);
		if (gather(d, head, descs, &n))
			return;
		written = d->serve(d, descs, n);
		if (written < 0) {
			virtio_broken(d, "malformed request");
			return;
		}
		/* hostile host: an id that was never made available, a length
		 * beyond the buffers, a used index jumping past the queue size */
		if (shim_fault("virtio-used-bad-id"))
			head = (uint16_t)(head + 1) % t->qsize;
		if (shim_fault("virtio-used-oversized"))
			written = 1 << 30;
		/* ... a completion repeating the previous request's id instead
		 * of this one's (a double completion) */
		if (shim_fault("virtio-used-double") && t->served)
			head = t->last_head;
		else
			t->last_head = head;
		t->served++;
		put_le(b, head, 4);
		put_le(b + 4, (uint64_t)written, 4);
		gmem_write(t->used + 4 + 8ull * (t->used_idx % t->qsize), b, 8);
		t->used_idx += shim_fault("virtio-used-jump") ? t->qsize + 1 : 1;
		/* ... and from the second request on, a used index going backwards */
		put_le(b, shim_fault("virtio-used-backwards") && t->used_idx > 1 ? t->used_idx - 2
										: t->used_idx,
		       2);
		gmem_write(t->used + 2, b, 2);
		t->last_avail++;
	}
	t->isr |= 1;
}

static void set_ring_addr(uint64_t *field, uint64_t half, uint64_t v, unsigned n)
{
	if (n == 8 && half == 0)
		*field = v;
	else if (n == 4 && half == 0)
		*field = (*field & ~0xffffffffull) | (uint32_t)v;
	else if (n == 4 && half == 4)
		*field = (*field & 0xffffffffull) | v << 32;
}

int virtio_write(struct virtio_dev *d, uint64_t off, const uint8_t *b, unsigned n)
{
	struct virtio_transport *t = &d->t;
	uint64_t v = get_le(b, n);

	if (off == VIRTIO_NOTIFY_OFF && n == 2) {
		notify(d, (uint16_t)v);
		return 0;
	}
	switch (off) { /* each field at its own width (4.1.3.1) */
	case 0x00: if (n == 4) t->dfsel = (uint32_t)v; break;
	case 0x08: if (n == 4) t->gfsel = (uint32_t)v; break;
	case 0x0c:
		if (n == 4 && t->gfsel < 2 && !(t->status & STATUS_FEATURES_OK))
			t->gf[t->gfsel] = (uint32_t)v;
		break;
	case 0x14:
		if (n != 1)
			break;
		if (v == 0) { /* reset */
			virtio_reset(d);
			break;
		}
		/* FEATURES_OK only for a subset of what was offered, with VERSION_1
		 * (hostile host: never, the device refuses whatever it is offered) */
		if ((v & STATUS_FEATURES_OK) &&
		    ((t->gf[0] & ~d->features[0]) || (t->gf[1] & ~d->features[1]) ||
		     !(t->gf[1] & 1) || shim_fault("virtio-refuse-features")))
			v &= ~(uint64_t)STATUS_FEATURES_OK;
		t->status = (uint8_t)(v | (t->status & STATUS_NEEDS_RESET));
		break;
	case 0x16: if (n == 2) t->qsel = (uint16_t)v; break;
	case 0x18: if (n == 2 && t->qsel == 0 && !t->qenable) t->qsize = (uint16_t)v; break;
	case 0x1c:
		if (n == 2 && t->qsel == 0 && v == 1 && !t->qenable && queue_ok(t)) {
			t->qenable = 1;
			t->last_avail = t->used_idx = 0;
		}
		break;
	case 0x20: case 0x24: case 0x28: case 0x2c: case 0x30: case 0x34:
		/* 64-bit fields, whole or as independent 32-bit halves (4.1.3.1) */
		if (t->qsel == 0 && !t->qenable)
			set_ring_addr(off < 0x28 ? &t->desc : off < 0x30 ? &t->avail : &t->used,
				      off & 7, v, n);
		break;
	default: break;
	}
	return 0;
}
