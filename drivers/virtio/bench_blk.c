/* bench=blk: virtio-blk request cost for 4 KiB and 64 KiB reads and writes,
 * one request in flight (the driver's model), in whichever DMA mode the boot
 * chose (dma=direct / dma=bounce): bench/ boots twice and compares. Result
 * lines are virtual ns per request; bench/ turns them into MB per virtual
 * second. Writes go to the disk bench/ made for this (never a user's).
 * -icount counts guest instructions only: QEMU's device and the host disk
 * work in host time, which reaches the guest's clock only as however long it
 * spun or slept waiting (host-speed noise, or a jump to the next timer
 * deadline while in WFI). So <name> is the guest's own work per request, the
 * time in virtio_poll taken off (device infinitely fast: the cost the DMA
 * mode adds is all in it), and <name>_total the raw figure with the wait. */
#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/format.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define SECTOR 512u

static const struct {
	const char *read, *write;
	unsigned bytes, iters;
} sizes[] = {
	{ "blk_read_4k", "blk_write_4k", 4096, 512 },
	{ "blk_read_64k", "blk_write_64k", 65536, 128 },
};

static void run(struct virtio_blk *b, const char *name, bool write, void *buf, unsigned bytes,
		unsigned iters)
{
	struct virtio_dev *vd = virtio_blk_vdev(b);
	unsigned nsect = bytes / SECTOR, i;
	uint64_t span = virtio_blk_capacity(b) / nsect, t0, t1, w0;
	char total[48];
	int rc = 0;

	if (span < 2) {
		bench_skip(name, "disk too small");
		return;
	}
	w0 = vd->wait_ticks;
	t0 = arch_counter();
	for (i = 0; i < iters && !rc; i++) {
		uint64_t sector = (uint64_t)(i % span) * nsect;

		rc = write ? virtio_blk_write(b, sector, buf, nsect)
			   : virtio_blk_read(b, sector, buf, nsect);
	}
	t1 = arch_counter();
	fmt_snprintf(total, sizeof(total), "%s_total", name);
	if (rc) {
		bench_skip(name, "request failed");
		return;
	}
	bench_report(name, t1 - t0 - (vd->wait_ticks - w0), iters);
	bench_report(total, t1 - t0, iters);
}

void bench_blk(void)
{
	struct virtio_blk *b = virtio_blk_get();
	void *buf = page_alloc(65536 / PAGE_SIZE);

	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		if (!b || !buf) {
			bench_skip(sizes[k].read, b ? "no memory" : "no virtio-blk device");
			bench_skip(sizes[k].write, b ? "no memory" : "no virtio-blk device");
			continue;
		}
		run(b, sizes[k].read, false, buf, sizes[k].bytes, sizes[k].iters);
		run(b, sizes[k].write, true, buf, sizes[k].bytes, sizes[k].iters);
	}
	if (buf)
		page_free(buf, 65536 / PAGE_SIZE);
}
