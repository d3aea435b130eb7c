/* A virtio entropy device (virtio 1.2: 5.4 "Entropy Device", 4.1 "Virtio
 * Over PCI Bus" modern interface, 2.7 split virtqueues), emulated by the
 * shim behind pci.c's BAR0: common configuration at VIRTIO_COMMON_OFF, ISR
 * at VIRTIO_ISR_OFF, the queue notification at VIRTIO_NOTIFY_OFF. Buffers
 * the driver makes available are filled from the processor's random number
 * generator (plat_random) when it notifies. Everything the driver wrote
 * into guest memory (rings, descriptors) is read through guest_mem.c and
 * checked; a broken ring sets DEVICE_NEEDS_RESET (2.1.2) and stops the
 * device instead of harming the shim. All fields little-endian. */
#include <string.h>

#include "pnv.h"

#define QUEUE_MAX 16
#define VIRTIO_F_VERSION_1_HI 1u /* feature bit 32: in the second 32-bit word */
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_NEEDS_RESET 0x40
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4
#define FILL_MAX 65536u /* bytes per descriptor */

static struct {
	uint32_t dfsel, gfsel, gf[2];
	uint8_t status, isr;
	uint16_t qsel, qsize, qenable;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx;
} dev;

void virtio_rng_reset(void)
{
	memset(&dev, 0, sizeof(dev));
	dev.qsize = QUEUE_MAX;
}

static void broken(const char *why)
{
	if (!(dev.status & STATUS_NEEDS_RESET))
		shim_printf("shim: virtio-rng: %s: device needs reset\n", why);
	dev.status |= STATUS_NEEDS_RESET;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The common configuration as the driver sees it (4.1.4.3). */
static void common_image(uint8_t *c)
{
	memset(c, 0, 0x38);
	put_le(c + 0x00, dev.dfsel, 4);
	put_le(c + 0x04, dev.dfsel == 1 ? VIRTIO_F_VERSION_1_HI : 0, 4);
	put_le(c + 0x08, dev.gfsel, 4);
	put_le(c + 0x0c, dev.gfsel < 2 ? dev.gf[dev.gfsel] : 0, 4);
	put_le(c + 0x10, 0xffff, 2); /* no MSI-X */
	put_le(c + 0x12, 1, 2);      /* one queue: requestq */
	c[0x14] = dev.status;
	c[0x15] = 0;                 /* config generation */
	put_le(c + 0x16, dev.qsel, 2);
	if (dev.qsel == 0) {
		put_le(c + 0x18, dev.qsize, 2);
		put_le(c + 0x1a, 0xffff, 2);
		put_le(c + 0x1c, dev.qenable, 2);
		put_le(c + 0x1e, 0, 2); /* queue_notify_off */
		put_le(c + 0x20, dev.desc, 8);
		put_le(c + 0x28, dev.avail, 8);
		put_le(c + 0x30, dev.used, 8);
	}
}

int virtio_rng_read(uint64_t off, uint8_t *b, unsigned n)
{
	uint8_t c[0x38];

	if (off >= VIRTIO_COMMON_OFF && off + n <= VIRTIO_COMMON_OFF + sizeof(c)) {
		common_image(c);
		memcpy(b, c + off - VIRTIO_COMMON_OFF, n);
		return 0;
	}
	if (off == VIRTIO_ISR_OFF && n == 1) { /* reading clears it (4.1.4.5) */
		b[0] = dev.isr;
		dev.isr = 0;
		return 0;
	}
	memset(b, 0, n);
	return 0;
}

/* Queue 0 may go live only with a sane size and rings inside guest memory. */
static bool queue_ok(void)
{
	uint64_t s = dev.qsize;

	return s && s <= QUEUE_MAX && !(s & (s - 1)) && !(dev.desc & 15) && !(dev.avail & 1) &&
	       !(dev.used & 3) && gmem_ok(dev.desc, 16 * s) && gmem_ok(dev.avail, 6 + 2 * s) &&
	       gmem_ok(dev.used, 6 + 8 * s);
}

static void fill(uint64_t addr, uint32_t len)
{
	uint8_t buf[256];

	while (len) {
		uint32_t n = len < sizeof(buf) ? len : (uint32_t)sizeof(buf);

		for (uint32_t i = 0; i < n; i += 8) {
			uint64_t r = 0;

			plat_random(&r);
			memcpy(buf + i, &r, n - i < 8 ? n - i : 8);
		}
		if (gmem_write(addr, buf, n)) {
			broken("buffer outside guest memory");
			return;
		}
		addr += n;
		len -= n;
	}
}

/* One chain: fill the device-writable descriptors, return the bytes written. */
static uint32_t serve_chain(uint16_t head)
{
	uint32_t total = 0;
	uint16_t i = head;

	for (unsigned n = 0; n < dev.qsize; n++) {
		uint8_t d[16];
		uint64_t addr;
		uint32_t len;
		uint16_t flags;

		if (i >= dev.qsize || gmem_read(dev.desc + 16ull * i, d, 16)) {
			broken("descriptor index out of range");
			return 0;
		}
		addr = (uint64_t)d[0] | (uint64_t)d[1] << 8 | (uint64_t)d[2] << 16 |
		       (uint64_t)d[3] << 24 | (uint64_t)d[4] << 32 | (uint64_t)d[5] << 40 |
		       (uint64_t)d[6] << 48 | (uint64_t)d[7] << 56;
		len = (uint32_t)d[8] | (uint32_t)d[9] << 8 | (uint32_t)d[10] << 16 |
		      (uint32_t)d[11] << 24;
		flags = le16(d + 12);
		if (flags & DESC_F_INDIRECT) {
			broken("indirect descriptors were not negotiated");
			return 0;
		}
		if (flags & DESC_F_WRITE) {
			if (len > FILL_MAX || !gmem_ok(addr, len)) {
				broken("buffer outside guest memory");
				return 0;
			}
			fill(addr, len);
			total += len;
		}
		if (!(flags & DESC_F_NEXT))
			return total;
		i = le16(d + 14);
	}
	broken("descriptor chain loops");
	return 0;
}

static void notify(uint16_t q)
{
	uint8_t b[8];
	uint16_t avail_idx;

	if (q != 0 || !dev.qenable || !(dev.status & STATUS_DRIVER_OK) ||
	    (dev.status & STATUS_NEEDS_RESET))
		return;
	if (gmem_read(dev.avail + 2, b, 2))
		return;
	avail_idx = le16(b);
	if ((uint16_t)(avail_idx - dev.last_avail) > dev.qsize) {
		broken("available index ahead by more than the queue size");
		return;
	}
	while (dev.last_avail != avail_idx && !(dev.status & STATUS_NEEDS_RESET)) {
		uint16_t head;
		uint32_t len;

		gmem_read(dev.avail + 4 + 2ull * (dev.last_avail % dev.qsize), b, 2);
		head = le16(b);
		len = serve_chain(head);
		if (dev.status & STATUS_NEEDS_RESET)
			return;
		put_le(b, head, 4);
		put_le(b + 4, len, 4);
		gmem_write(dev.used + 4 + 8ull * (dev.used_idx % dev.qsize), b, 8);
		dev.used_idx++;
		put_le(b, dev.used_idx, 2);
		gmem_write(dev.used + 2, b, 2);
		dev.last_avail++;
	}
	dev.isr |= 1;
}

int virtio_rng_write(uint64_t off, const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	if (off == VIRTIO_NOTIFY_OFF && n == 2) {
		notify((uint16_t)v);
		return 0;
	}
	switch (off) { /* each field at its own width (4.1.3.1) */
	case 0x00: if (n == 4) dev.dfsel = (uint32_t)v; break;
	case 0x08: if (n == 4) dev.gfsel = (uint32_t)v; break;
	case 0x0c:
		if (n == 4 && dev.gfsel < 2 && !(dev.status & STATUS_FEATURES_OK))
			dev.gf[dev.gfsel] = (uint32_t)v;
		break;
	case 0x14:
		if (n != 1)
			break;
		if (v == 0) { /* reset */
			virtio_rng_reset();
			break;
		}
		/* FEATURES_OK only for what was offered: VERSION_1 and nothing else */
		if ((v & STATUS_FEATURES_OK) && (dev.gf[0] || dev.gf[1] != VIRTIO_F_VERSION_1_HI))
			v &= ~(uint64_t)STATUS_FEATURES_OK;
		dev.status = (uint8_t)(v | (dev.status & STATUS_NEEDS_RESET));
		break;
	case 0x16: if (n == 2) dev.qsel = (uint16_t)v; break;
	case 0x18: if (n == 2 && dev.qsel == 0 && !dev.qenable) dev.qsize = (uint16_t)v; break;
	case 0x1c:
		if (n == 2 && dev.qsel == 0 && v == 1 && !dev.qenable && queue_ok()) {
			dev.qenable = 1;
			dev.last_avail = dev.used_idx = 0;
		}
		break;
	case 0x20: if (n == 8 && dev.qsel == 0 && !dev.qenable) dev.desc = v; break;
	case 0x28: if (n == 8 && dev.qsel == 0 && !dev.qenable) dev.avail = v; break;
	case 0x30: if (n == 8 && dev.qsel == 0 && !dev.qenable) dev.used = v; break;
	default: break;
	}
	return 0;
}
