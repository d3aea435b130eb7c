/* virtio block device (virtio 1.2, 5.2) over a disk image QEMU placed in
 * host memory (-device loader,file=<image>,addr=DISK_HOST,force-raw=on):
 * a RAM disk of DISK_SIZE bytes, the shim's own memory, never mapped into
 * the partition. Requests: a 16-byte header {type, reserved, sector}, data
 * buffers, a 1-byte status; IN, OUT, FLUSH and GET_ID. Sectors are 512
 * bytes; an access past the capacity gets VIRTIO_BLK_S_IOERR. */
#include <string.h>

#include "pnv.h"

#define SECTOR 512ull
#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define S_OK 0
#define S_IOERR 1
#define S_UNSUPP 2
#define ID_BYTES 20
#define F_FLUSH_BIT 9

static uint8_t *disk;
static uint64_t disk_size;

void virtio_blk_attach(uint8_t *image, uint64_t size)
{
	disk = image;
	disk_size = size;
}

static void blk_cfg(struct virtio_dev *d, uint64_t off, uint8_t *b, unsigned n)
{
	uint8_t c[8];
	uint64_t sectors = disk_size / SECTOR;

	(void)d;
	for (int i = 0; i < 8; i++) /* capacity, le64 (5.2.4) */
		c[i] = (uint8_t)(sectors >> (8 * i));
	if (off < sizeof(c))
		memcpy(b, c + off, off + n <= sizeof(c) ? n : sizeof(c) - off);
}

static int64_t blk_serve(struct virtio_dev *d, const struct virtio_desc *v, unsigned n)
{
	uint8_t hdr[16], status = S_OK;
	uint32_t type;
	uint64_t sector, pos, written = 1;

	(void)d;
	/* header first (device-readable), status last (device-writable, >= 1 byte) */
	if (n < 2 || v[0].write || v[0].len < sizeof(hdr) || !v[n - 1].write || !v[n - 1].len)
		return -1;
	gmem_read(v[0].addr, hdr, sizeof(hdr));
	type = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 |
	       (uint32_t)hdr[3] << 24;
	sector = 0;
	for (int i = 0; i < 8; i++)
		sector |= (uint64_t)hdr[8 + i] << (8 * i);
	pos = sector * SECTOR;
	if (sector > disk_size / SECTOR)
		status = S_IOERR;
	for (unsigned i = 1; i + 1 < n && status == S_OK; i++) {
		uint64_t len = v[i].len;

		switch (type) {
		case T_IN:
		case T_OUT:
			if (v[i].write != (type == T_IN))
				return -1; /* data in the wrong direction */
			if (!disk || pos > disk_size || len > disk_size - pos) {
				status = S_IOERR;
				break;
			}
			if (type == T_IN) {
				gmem_write(v[i].addr, disk + pos, len);
				written += len;
			} else {
				gmem_read(v[i].addr, disk + pos, len);
			}
			pos += len;
			break;
		case T_GET_ID:
			if (v[i].write) {
				static const char id[ID_BYTES] = "cocoon-pnvshim-disk";
				uint64_t k = len < ID_BYTES ? len : ID_BYTES;

				gmem_write(v[i].addr, id, k);
				written += k;
			}
			break;
		case T_FLUSH: /* RAM disk: nothing to write back */
			break;
		default:
			status = S_UNSUPP;
			break;
		}
	}
	if (type != T_IN && type != T_OUT && type != T_FLUSH && type != T_GET_ID)
		status = S_UNSUPP;
	gmem_write(v[n - 1].addr, &status, 1);
	return (int64_t)written;
}

struct virtio_dev virtio_blk = {
	.name = "blk",
	.device_id = 2,
	/* VIRTIO_BLK_F_FLUSH; VERSION_1 (32) and ACCESS_PLATFORM (33, 6.1: the device
	 * reaches memory through the platform, which a secure guest relies on) */
	.features = { 1u << F_FLUSH_BIT, 1 | 2 },
	.cfg_read = blk_cfg,
	.serve = blk_serve,
};

/* The RAM disk does not outlive the machine: at power-off the shim prints
 * an FNV-1a 64 hash of its first bytes, which the harness compares with
 * the image it expects the guest to have left (data integrity seen from
 * outside the partition). */
void virtio_blk_report(uint64_t bytes)
{
	uint64_t h = 0xcbf29ce484222325ull;

	if (!disk)
		return;
	if (bytes > disk_size)
		bytes = disk_size;
	for (uint64_t i = 0; i < bytes; i++)
		h = (h ^ disk[i]) * 0x100000001b3ull;
	pnv_printf("shim: virtio-blk: first %llu bytes of the disk hash to fnv1a64 %016llx\n",
		   (unsigned long long)bytes, (unsigned long long)h);
}
