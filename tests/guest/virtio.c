/* In-guest checks of PCI, the DMA layer and the virtio devices. Which devices
 * a configuration attaches is given by "virtio.expect=blk,rng,console": an
 * expected device that is missing or broken fails. The disk image comes from
 * the harness (sector 0 holds a known pattern) and is checked by it after the
 * run (tests/qemu/virtio_checks.py), so data integrity is seen from outside. */
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#define DISK_MAGIC "COCOON-DISK-IN\n"
#define OUT_FIRST 8 /* sectors the guest writes: OUT_FIRST .. OUT_FIRST+OUT_COUNT-1 */
#define OUT_COUNT 8

static uint8_t in_byte(unsigned j)
{
	return (uint8_t)(j * 13 + 1);
}

static uint8_t out_byte(unsigned sector, unsigned j)
{
	return (uint8_t)(sector * 31 + j * 7 + 0x5a);
}

static bool expected(const char *what)
{
	char list[64];
	size_t n = strlen(what);

	if (!cmdline_get(&boot_cmdline, "virtio.expect", list, sizeof(list)))
		return false;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && !strncmp(p, what, n))
			return true;
		p += len + (e ? 1 : 0);
	}
	return false;
}

static void pci_checks(void)
{
	unsigned bars = 0;
	bool aligned = true, disjoint = true;

	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);

		for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
			struct pci_bar *x = &d->bar[b];

			if (!x->cpu)
				continue;
			bars++;
			aligned &= !(x->cpu % x->size) && pci_arch_mmio_ok(x->cpu, x->size);
			for (unsigned k = 0; k < pci_count(); k++)
				for (unsigned c = 0; c < PCI_MAX_BARS; c++) {
					struct pci_bar *y = &pci_get(k)->bar[c];

					if (y == x || !y->cpu)
						continue;
					disjoint &= x->cpu + x->size <= y->cpu ||
						    y->cpu + y->size <= x->cpu;
				}
		}
	}
	report_info("pci: %u functions, %u memory BARs assigned", pci_count(), bars);
	report(aligned, "pci: every BAR naturally aligned inside a mapped window");
	report(disjoint, "pci: no two BARs overlap");
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		uint16_t cmd;

		if (!d->claimed)
			continue;
		cmd = (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);
		report((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
			       (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
		       "pci: %02x:%02x.%x driven: memory space and bus master enabled (0x%x)",
		       d->bus, d->dev, d->fn, cmd);
		break;
	}
}

/* With a route through the interrupt-map, completions must raise INTx. */
static void irq_check(struct virtio_dev *vd)
{
	if (!vd->irq && !vd->irq_count) {
		report_skip(cmdline_flag(&boot_cmdline, "virtio.poll") ? "virtio.poll"
			    : "no INTx route on this platform",
			    "virtio-%s: interrupts", vd->name);
		return;
	}
	report(vd->irq_count > 0, "virtio-%s: %u interrupts via %s", vd->name,
	       (unsigned)vd->irq_count, vd->irq_desc);
	report_info("virtio-%s: %u sleeps in WFI while waiting", vd->name, (unsigned)vd->sleeps);
}

static void blk_checks(void)
{
	struct virtio_blk *b = virtio_blk_get();
	uint8_t *buf = page_alloc(2), *back = page_alloc(2);
	bool ok = true;

	if (!report(b != NULL, "virtio-blk: device driven")) {
		goto out;
	}
	if (!report(buf && back, "virtio-blk: buffers"))
		goto out;
	report(virtio_blk_capacity(b) >= OUT_FIRST + OUT_COUNT, "virtio-blk: capacity %llu sectors",
	       (unsigned long long)virtio_blk_capacity(b));
	report(virtio_blk_read(b, 0, buf, 1) == 0, "virtio-blk: read sector 0");
	ok = !memcmp(buf, DISK_MAGIC, sizeof(DISK_MAGIC) - 1);
	for (unsigned j = 16; j < 512; j++)
		ok &= buf[j] == in_byte(j);
	report(ok, "virtio-blk: sector 0 holds the harness's pattern");
	for (unsigned s = 0; s < OUT_COUNT; s++)
		for (unsigned j = 0; j < 512; j++)
			buf[s * 512 + j] = out_byte(OUT_FIRST + s, j);
	report(virtio_blk_write(b, OUT_FIRST, buf, OUT_COUNT) == 0,
	       "virtio-blk: write %u sectors at %u", OUT_COUNT, OUT_FIRST);
	report(virtio_blk_flush(b) == 0, "virtio-blk: flush");
	memset(back, 0, 2 * PAGE_SIZE);
	report(virtio_blk_read(b, OUT_FIRST, back, OUT_COUNT) == 0 &&
		       !memcmp(buf, back, OUT_COUNT * 512),
	       "virtio-blk: read back what was written");
	irq_check(virtio_blk_vdev(b));
	report(virtio_blk_read(b, virtio_blk_capacity(b), back, 1) == -1 &&
		       virtio_blk_read(b, virtio_blk_capacity(b) - 1, back, 2) == -1,
	       "virtio-blk: requests past the end refused");
out:
	if (buf)
		page_free(buf, 2);
	if (back)
		page_free(back, 2);
}

static void rng_checks(void)
{
	struct virtio_rng *r = virtio_rng_get();
	uint8_t a[64], c[64];
	int na, nc;
	bool nonzero = false;

	if (!report(r != NULL, "virtio-rng: device driven"))
		return;
	memset(a, 0, sizeof(a));
	memset(c, 0, sizeof(c));
	na = virtio_rng_read(r, a, sizeof(a));
	nc = virtio_rng_read(r, c, sizeof(c));
	report(na > 0 && na <= (int)sizeof(a) && nc > 0 && nc <= (int)sizeof(c),
	       "virtio-rng: two reads return %d and %d bytes", na, nc);
	for (int i = 0; i < na; i++)
		nonzero |= a[i] != 0;
	report(nonzero && (na != nc || memcmp(a, c, (size_t)na)),
	       "virtio-rng: bytes are not all zero and not repeated");
	irq_check(virtio_rng_vdev(r));
}

static void console_checks(void)
{
	struct virtio_console *c = virtio_console_get();
	char line[80];
	int n;

	if (!report(c != NULL, "virtio-console: device driven"))
		return;
	n = fmt_snprintf(line, sizeof(line), "cocoon virtio-console: hello from %s, dma %s\n",
			 COCOON_ARCH, dma_mode_name());
	report(virtio_console_write(c, line, (unsigned)n) == n, "virtio-console: line written");
}

static void dma_checks(void)
{
	struct dma_stats st;
	struct dma_mapping m;
	char src[40] = "bounce me", dst[40];
	char mode[16] = "";
	bool want_bounce = cmdline_get(&boot_cmdline, "dma", mode, sizeof(mode)) &&
			   !strcmp(mode, "bounce");

	report(dma_mode() == (want_bounce ? DMA_MODE_BOUNCE : DMA_MODE_DIRECT),
	       "dma: %s mode as the command line asks", dma_mode_name());
	dma_get_stats(&st);
	/* the console keeps its receive buffers posted (mapped) by design */
	report(st.maps - st.unmaps == virtio_console_rx_live(virtio_console_get()),
	       "dma: every mapping ended but the %u posted console receive buffers (%llu maps)",
	       virtio_console_rx_live(virtio_console_get()), (unsigned long long)st.maps);
	if (dma_mode() == DMA_MODE_BOUNCE) {
		size_t before = st.pool_free;

		report(st.bounced_bytes > 0, "dma: %llu bytes went through the bounce pool",
		       (unsigned long long)st.bounced_bytes);
		if (virtio_console_get()) {
			unsigned transfers, bad;

			/* only the shared pool may ever hold console data in flight */
			virtio_console_dma_check(virtio_console_get(), &transfers, &bad);
			report(transfers > 0 && bad == 0,
			       "dma: virtio-console: %u transfers, %u outside the shared pool",
			       transfers, bad);
		}
		report(dma_map(&m, src, sizeof(src), DMA_TO_DEVICE) == 0 && m.bounce &&
			       m.addr != (uint64_t)(uintptr_t)src &&
			       !memcmp(m.bounce, src, sizeof(src)),
		       "dma: a mapping is a copy in the shared pool");
		dma_unmap(&m, 0);
		memset(dst, 0, sizeof(dst));
		dma_map(&m, dst, sizeof(dst), DMA_FROM_DEVICE);
		if (m.bounce)
			memcpy(m.bounce, "from device", 12); /* what a device would do */
		report(dma_unmap(&m, 12) && !strcmp(dst, "from device"),
		       "dma: device data copied back on unmap");
		report(!dma_unmap(&m, 12), "dma: a second unmap is refused");
		dma_get_stats(&st);
		report(st.pool_free == before, "dma: pool space returned (%zu of %zu pages free)",
		       st.pool_free, st.pool_pages);
	} else {
		bool translated = strcmp(dma_iommu_name(), "none") != 0;

		report(dma_map(&m, src, sizeof(src), DMA_TO_DEVICE) == 0 &&
			       (translated || m.addr == (uint64_t)(uintptr_t)src) &&
			       m.bounce == NULL && dma_unmap(&m, 0),
		       "dma: direct mapping, no copy (translation: %s)", dma_iommu_name());
	}
}

/* Last: play a hostile device on the live rng queue (QEMU's device keeps its
 * own copy of the used index, so it does not undo this). A used index that
 * advances with nothing in flight must break the device, stop its DMA (Bus
 * Master off) and refuse later requests without touching their buffers. */
static void hostile_checks(void)
{
	struct virtio_rng *r = virtio_rng_get();
	struct virtio_dev *vd;
	uint8_t buf[16];
	bool untouched = true;

	if (!r || virtio_rng_vdev(r)->broken)
		return;
	vd = virtio_rng_vdev(r);
	void *cookie = NULL;
	uint32_t len = 0;

	vd->vq[0]->used->idx = (uint16_t)(vd->vq[0]->used->idx + 3);
	report(virtio_poll(vd, 0, &cookie, &len, 1000) == -1 && vd->broken && !cookie,
	       "hostile: used idx +3 with nothing in flight breaks the device (%s)", vd->why);
	report(!(pci_cfg_read(vd->pci, PCI_COMMAND, 2) & PCI_COMMAND_MASTER),
	       "hostile: bus mastering is off for the broken device");
	memset(buf, 0x5a, sizeof(buf));
	report(virtio_rng_read(r, buf, sizeof(buf)) == -1, "hostile: later requests refused");
	for (unsigned i = 0; i < sizeof(buf); i++)
		untouched &= buf[i] == 0x5a;
	report(untouched, "hostile: their buffers are not written");
}

static void virtio_suite(void)
{
	if (!pci_count()) {
		report_skip("no PCI host bridge or no devices", "pci: enumeration");
		return;
	}
	pci_checks();
	if (expected("blk"))
		blk_checks();
	if (expected("rng"))
		rng_checks();
	if (expected("console"))
		console_checks();
	dma_checks();
	if (expected("rng"))
		hostile_checks();
}
KTEST_SUITE(virtio_suite);
