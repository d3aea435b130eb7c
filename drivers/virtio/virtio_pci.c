/* virtio over PCI, modern interface (virtio 1.2 section 4.1): the common,
 * notify, ISR and device-specific configuration structures located through
 * vendor capabilities (4.1.4), each checked to lie inside its BAR. Device
 * initialisation follows 3.1.1. */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/io.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/timer.h>
#include <cocoon/trace.h>
#include <cocoon/virtio.h>

/* 4.1.4 struct virtio_pci_cap */
#define CAP_LEN 2
#define CAP_CFG_TYPE 3
#define CAP_BAR 4
#define CAP_OFFSET 8
#define CAP_LENGTH 12
#define CAP_NOTIFY_MULT 16
#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR 3
#define CFG_DEVICE 4

/* 4.1.4.3 struct virtio_pci_common_cfg */
#define COMMON_DFSELECT 0
#define COMMON_DF 4
#define COMMON_GFSELECT 8
#define COMMON_GF 12
#define COMMON_NUMQ 18
#define COMMON_STATUS 20
#define COMMON_CFGGEN 21
#define COMMON_Q_SELECT 22
#define COMMON_Q_SIZE 24
#define COMMON_Q_ENABLE 28
#define COMMON_Q_NOFF 30
#define COMMON_Q_DESC 32
#define COMMON_Q_DRIVER 40
#define COMMON_Q_DEVICE 48
#define COMMON_MIN_LEN 56
#define COMMON_MSIX_CONFIG 16
#define COMMON_Q_MSIX 26
#define VIRTIO_MSI_NO_VECTOR 0xffff

static const char *type_name(uint16_t t)
{
	switch (t) {
	case VIRTIO_ID_NET: return "net";
	case VIRTIO_ID_BLOCK: return "blk";
	case VIRTIO_ID_CONSOLE: return "console";
	case VIRTIO_ID_RNG: return "rng";
	default: return "unknown";
	}
}

void virtio_fail(struct virtio_dev *vd, const char *why)
{
	if (!vd->broken) {
		fmt_snprintf(vd->why, sizeof(vd->why), "%s", why);
		kprintf("virtio-%s %02x:%02x.%x: marked broken: %s\n", vd->name, vd->pci->bus,
			vd->pci->dev, vd->pci->fn, why);
	}
	vd->broken = true;
	/* stop it for good: no more DMA (Bus Master off), queues reset, FAILED */
	pci_enable(vd->pci, PCI_ENABLE_TARGET);
	pci_cfg_write(vd->pci, PCI_COMMAND, 2,
		      pci_cfg_read(vd->pci, PCI_COMMAND, 2) | PCI_COMMAND_INTX_DISABLE);
	if (vd->common) {
		virtio_reset(vd);
		io_write8(vd->common + COMMON_STATUS, VIRTIO_STATUS_FAILED);
	}
}

static void set_status(struct virtio_dev *vd, uint8_t bits)
{
	io_write8(vd->common + COMMON_STATUS, io_read8(vd->common + COMMON_STATUS) | bits);
}

void virtio_reset(struct virtio_dev *vd)
{
	/* 4.1.4.3.2: after writing 0 the driver waits until status reads 0 */
	io_write8(vd->common + COMMON_STATUS, 0);
	for (unsigned i = 0; i < 1000000 && io_read8(vd->common + COMMON_STATUS); i++)
		;
}

/* Shutdown: reset the device so that it holds no ring or buffer address any
 * more, and never use it again. 0 once the status reads back 0. */
int virtio_shutdown(struct virtio_dev *vd)
{
	virtio_reset(vd);
	vd->broken = true;
	fmt_snprintf(vd->why, sizeof(vd->why), "shut down");
	return io_read8(vd->common + COMMON_STATUS) ? -1 : 0;
}

/* One capability: its window inside the BAR, checked. */
static int map_cap(struct virtio_dev *vd, unsigned pos, uintptr_t *addr, uint32_t *len,
		   uint32_t min_len)
{
	struct pci_dev *pd = vd->pci;
	unsigned bar = pci_cfg_read(pd, pos + CAP_BAR, 1);
	uint32_t off = pci_cfg_read(pd, pos + CAP_OFFSET, 4);
	uint32_t length = pci_cfg_read(pd, pos + CAP_LENGTH, 4);
	const struct pci_bar *b;

	if (bar >= PCI_MAX_BARS || !(b = &pd->bar[bar])->cpu || b->io) {
		kprintf("virtio: capability at 0x%x names BAR %u, which is not a mapped memory BAR\n",
			pos, bar);
		return -1;
	}
	if (length < min_len || (uint64_t)off + length > b->size) {
		kprintf("virtio: capability at 0x%x: [0x%x, +0x%x) outside BAR%u (0x%llx bytes) "
			"or shorter than %u\n",
			pos, off, length, bar, (unsigned long long)b->size, min_len);
		return -1;
	}
	*addr = (uintptr_t)(b->cpu + off);
	*len = length;
	return 0;
}

int virtio_pci_attach(struct pci_dev *pd, struct virtio_dev *vd)
{
	unsigned pos = 0, budget = 48; /* capabilities that fit in config space */
	uint32_t unused;

	memset(vd, 0, sizeof(*vd));
	vd->pci = pd;
	if (pd->device >= VIRTIO_PCI_MODERN_BASE && pd->device <= 0x107f)
		vd->type = pd->device - VIRTIO_PCI_MODERN_BASE;
	else if (pd->device >= 0x1000 && pd->device <= 0x103f)
		vd->type = pd->subsys; /* transitional: 4.1.2.1 */
	vd->name = type_name(vd->type);
	/* the first capability of each type the driver can use (4.1.4). Each
	 * pci_find_cap call is bounded, but a vendor capability whose next
	 * pointer leads back to itself would restart the walk forever: the
	 * budget bounds the whole walk (found by fuzz_virtio_pci). */
	while ((pos = pci_find_cap(pd, PCI_CAP_ID_VNDR, pos))) {
		if (!budget--) {
			kprintf("virtio %02x:%02x.%x: vendor capability list loops: refused\n",
				pd->bus, pd->dev, pd->fn);
			return -1;
		}
		unsigned clen = pci_cfg_read(pd, pos + CAP_LEN, 1);
		unsigned type = pci_cfg_read(pd, pos + CAP_CFG_TYPE, 1);

		if (clen < 16 || pos + clen > 256)
			continue;
		if (type == CFG_COMMON && !vd->common) {
			if (map_cap(vd, pos, &vd->common, &unused, COMMON_MIN_LEN))
				return -1;
		} else if (type == CFG_NOTIFY && !vd->notify && clen >= 20) {
			vd->notify_mult = pci_cfg_read(pd, pos + CAP_NOTIFY_MULT, 4);
			/* 4.1.4.4: an even power of 2, or 0 */
			if (vd->notify_mult & (vd->notify_mult - 1) || vd->notify_mult == 1 ||
			    map_cap(vd, pos, &vd->notify, &vd->notify_len, 2)) {
				kprintf("virtio: bad notify capability (multiplier %u)\n",
					vd->notify_mult);
				return -1;
			}
		} else if (type == CFG_ISR && !vd->isr) {
			if (map_cap(vd, pos, &vd->isr, &unused, 1))
				return -1;
		} else if (type == CFG_DEVICE && !vd->devcfg) {
			if (map_cap(vd, pos, &vd->devcfg, &vd->devcfg_len, 1))
				return -1;
		}
	}
	if (!vd->common || !vd->notify || !vd->isr) {
		kprintf("virtio-%s %02x:%02x.%x [%04x:%04x]: legacy-only device (no virtio 1.x "
			"common/notify/ISR capabilities): refused, only the modern interface is "
			"supported\n",
			vd->name, pd->bus, pd->dev, pd->fn, pd->vendor, pd->device);
		return -1;
	}
	if (pci_tdisp_enable(pd))
		return -1;
	virtio_reset(vd);
	if (io_read8(vd->common + COMMON_STATUS)) {
		kprintf("virtio-%s: device does not reset\n", vd->name);
		pci_enable(pd, 0);
		return -1;
	}
	set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(vd, VIRTIO_STATUS_DRIVER);
	return 0;
}

static uint64_t read_features(struct virtio_dev *vd)
{
	uint64_t f;

	io_write32(vd->common + COMMON_DFSELECT, 0);
	f = io_read32(vd->common + COMMON_DF);
	io_write32(vd->common + COMMON_DFSELECT, 1);
	return f | (uint64_t)io_read32(vd->common + COMMON_DF) << 32;
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted)
{
	const uint64_t required = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
				  VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM);
	uint64_t offered = read_features(vd);

	trace_call("guest", "device", "virtio-%s: read device_feature", vd->name);
	trace_ret("device", "guest", "offers 0x%llx (VERSION_1 %s, ACCESS_PLATFORM %s)",
		  (unsigned long long)offered, offered & VIRTIO_BIT(VIRTIO_F_VERSION_1) ? "yes" : "NO",
		  offered & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM) ? "yes" : "NO");
	if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		virtio_fail(vd, "VIRTIO_F_VERSION_1 not offered: a legacy device, refused");
		return -1;
	}
	/* 6.1: without ACCESS_PLATFORM the device would bypass the platform's
	 * DMA translation and read guest memory directly */
	if (!(offered & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM))) {
		virtio_fail(vd, "VIRTIO_F_ACCESS_PLATFORM not offered (iommu_platform=off): "
				"refused, the device would bypass DMA translation");
		return -1;
	}
	vd->features = offered & (wanted | required);
	io_write32(vd->common + COMMON_GFSELECT, 0);
	io_write32(vd->common + COMMON_GF, (uint32_t)vd->features);
	io_write32(vd->common + COMMON_GFSELECT, 1);
	io_write32(vd->common + COMMON_GF, (uint32_t)(vd->features >> 32));
	set_status(vd, VIRTIO_STATUS_FEATURES_OK);
	trace_call("guest", "device", "virtio-%s: driver_feature 0x%llx, status FEATURES_OK",
		   vd->name, (unsigned long long)vd->features);
	trace_ret("device", "guest", "status reads back %s",
		  io_read8(vd->common + COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK ?
		  "FEATURES_OK" : "without FEATURES_OK");
	/* 3.1.1 step 6: re-read, the device may refuse the subset */
	if (!(io_read8(vd->common + COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(vd, "FEATURES_OK not accepted by the device");
		return -1;
	}
	return 0;
}

static void virtio_msix(void *arg)
{
	struct virtio_dev *vd = arg;

	vd->irq_count++;
}

/* MSI-X vector `index` for queue `index` (4.1.5.1.3: read back, NO_VECTOR =
 * refused). Any failure turns MSI-X off for the device: INTx then. */
static void virtio_msix_queue(struct virtio_dev *vd, uint16_t index)
{
	uintptr_t c = vd->common;
	char desc[sizeof(vd->irq_desc)];

	if (!vd->msix_tried) {
		vd->msix_tried = true;
		if (!drivers_fdt || cmdline_flag(&boot_cmdline, "virtio.poll") ||
		    cmdline_flag(&boot_cmdline, "virtio.intx") ||
		    /* a locked TDI's MSI-X control must not change (docs/tdisp.md) */
		    vd->pci->tdi_active || pci_msix_begin(vd->pci))
			return;
		io_write16(c + COMMON_MSIX_CONFIG, VIRTIO_MSI_NO_VECTOR);
		vd->msix_ok = true;
	}
	if (!vd->msix_ok)
		return;
	if (pci_msix_vector(drivers_fdt, vd->pci, index, virtio_msix, vd, desc, sizeof(desc)) ||
	    (io_write16(c + COMMON_Q_MSIX, index), io_read16(c + COMMON_Q_MSIX) != index)) {
		kprintf("virtio-%s: MSI-X vector %u refused: INTx instead\n", vd->name, index);
		for (uint16_t q = 0; q <= index; q++) {
			io_write16(c + COMMON_Q_SELECT, q);
			io_write16(c + COMMON_Q_MSIX, VIRTIO_MSI_NO_VECTOR);
		}
		io_write16(c + COMMON_Q_SELECT, index);
		pci_msix_off(vd->pci);
		vd->msix_ok = false;
		return;
	}
	if (!index)
		fmt_snprintf(vd->irq_desc, sizeof(vd->irq_desc), "MSI-X, %s", desc);
}

int virtio_queue_setup(struct virtio_dev *vd, uint16_t index, uint16_t max_size)
{
	uintptr_t c = vd->common;
	uint16_t size, noff;
	uint64_t nofs;
	dma_addr_t ring_dma;
	struct virtq *q;
	void *ring;

	if (index >= VIRTIO_MAX_QUEUES || index >= io_read16(c + COMMON_NUMQ)) {
		virtio_fail(vd, "device has fewer queues than its type requires");
		return -1;
	}
	io_write16(c + COMMON_Q_SELECT, index);
	size = io_read16(c + COMMON_Q_SIZE);
	if (!size || io_read16(c + COMMON_Q_ENABLE)) {
		virtio_fail(vd, "queue unavailable (size 0 or already enabled)");
		return -1;
	}
	/* the largest power of two not above the device's size or ours */
	if (size > max_size)
		size = max_size;
	if (size > VIRTQ_MAX_SIZE)
		size = VIRTQ_MAX_SIZE;
	while (size & (size - 1))
		size &= (uint16_t)(size - 1);
	noff = io_read16(c + COMMON_Q_NOFF);
	nofs = (uint64_t)noff * vd->notify_mult;
	if (nofs + 2 > vd->notify_len) {
		virtio_fail(vd, "queue notify offset outside the notify capability");
		return -1;
	}
	q = kzalloc(sizeof(*q));
	ring = dma_alloc_coherent(virtq_ring_bytes(size), &ring_dma);
	if (!q || !ring || virtq_init(q, index, size, ring)) {
		kfree(q);
		if (ring)
			dma_free_coherent(ring, virtq_ring_bytes(size), ring_dma);
		virtio_fail(vd, "out of memory for a queue");
		return -1;
	}
	io_write16(c + COMMON_Q_SIZE, size);
	io_write32(c + COMMON_Q_DESC, (uint32_t)ring_dma);
	io_write32(c + COMMON_Q_DESC + 4, (uint32_t)(ring_dma >> 32));
	io_write32(c + COMMON_Q_DRIVER, (uint32_t)(ring_dma + virtq_avail_offset(size)));
	io_write32(c + COMMON_Q_DRIVER + 4, (uint32_t)((ring_dma + virtq_avail_offset(size)) >> 32));
	io_write32(c + COMMON_Q_DEVICE, (uint32_t)(ring_dma + virtq_used_offset(size)));
	io_write32(c + COMMON_Q_DEVICE + 4, (uint32_t)((ring_dma + virtq_used_offset(size)) >> 32));
	virtio_msix_queue(vd, index); /* 4.1.5.1.3: the vector before queue_enable */
	io_wmb();
	trace_call("guest", "device", "virtio-%s: queue %u size %u, rings at 0x%llx (%s), "
		   "queue_enable", vd->name, index, size, (unsigned long long)ring_dma,
		   dma_mode_name());
	io_write16(c + COMMON_Q_ENABLE, 1);
	vd->vq[index] = q;
	vd->vq_ring[index] = ring;
	vd->vq_notify[index] = vd->notify + (uintptr_t)nofs;
	return 0;
}

void virtio_driver_ok(struct virtio_dev *vd)
{
	trace_call("guest", "device", "virtio-%s: status DRIVER_OK", vd->name);
	set_status(vd, VIRTIO_STATUS_DRIVER_OK);
	virtio_irq_setup(vd);
}

#define SPURIOUS_LIMIT 100000u

/* 4.1.4.5: reading the ISR status acknowledges and deasserts INTx. A line
 * that keeps firing with nothing in the ISR is turned off (INTx Disable),
 * so a broken device cannot storm the CPU; polling still works. */
static void virtio_intx(void *arg)
{
	struct virtio_dev *vd = arg;
	uint8_t isr = io_read8(vd->isr);

	if (isr & 3) {
		vd->irq_count++;
		vd->irq_spurious = 0;
	} else if (++vd->irq_spurious == SPURIOUS_LIMIT) {
		pci_cfg_write(vd->pci, PCI_COMMAND, 2,
			      pci_cfg_read(vd->pci, PCI_COMMAND, 2) | PCI_COMMAND_INTX_DISABLE);
		vd->irq = false;
	}
}

void virtio_irq_setup(struct virtio_dev *vd)
{
	struct pci_irq irq;

	if (vd->msix_ok) {
		pci_msix_end(vd->pci);
		vd->irq = true;
		kprintf("virtio-%s: %s\n", vd->name, vd->irq_desc);
		return;
	}
	if (!drivers_fdt || cmdline_flag(&boot_cmdline, "virtio.poll") ||
	    pci_intx_route(drivers_fdt, vd->pci, &irq))
		return;
	if (pci_arch_irq_attach(drivers_fdt, &irq, virtio_intx, vd, vd->irq_desc,
				sizeof(vd->irq_desc)))
		return;
	pci_cfg_write(vd->pci, PCI_COMMAND, 2,
		      pci_cfg_read(vd->pci, PCI_COMMAND, 2) & ~PCI_COMMAND_INTX_DISABLE);
	vd->irq = true;
	kprintf("virtio-%s: INTx pin %c via %s\n", vd->name, 'A' + vd->pci->irq_pin - 1,
		vd->irq_desc);
}

void virtio_notify(struct virtio_dev *vd, uint16_t index)
{
	io_wmb(); /* ring writes before the doorbell (2.7.13) */
	io_write16(vd->vq_notify[index], index);
}

#define WAIT_TICK_US 10000 /* backstop tick while sleeping: never sleep forever */
#define IRQ_STORM 100000u   /* interrupts during one wait */
#define IRQ_SETTLE_US 100000 /* how long a completion's interrupt may lag its ring update */

/* Wait for one used buffer. With an interrupt route the CPU sleeps: with
 * interrupts masked, check the ring, WFI (which wakes on a pending interrupt
 * even while masked: Arm ARM "Wait For Interrupt", RISC-V privileged 3.3.3),
 * then open the mask for the handler to run and acknowledge. A periodic
 * timer bounds each sleep, so a device that never interrupts still times out.
 * Without a route: spin. */
int virtio_poll(struct virtio_dev *vd, uint16_t index, void **cookie, uint32_t *len,
		uint64_t timeout_us)
{
	struct virtq *q = vd->vq[index];
	uint64_t start = arch_counter();
	unsigned spins = 0;
	uint32_t irq_before;
	bool sleep;
	int r;

	if (vd->broken || !q)
		return -1;
	irq_before = vd->irq_count;
	sleep = vd->irq && arch_timer_start(WAIT_TICK_US) == 0;
	for (;;) {
		r = virtq_get_used(q, cookie, len);
		if (r > 0)
			break;
		if (r < 0) {
			virtio_fail(vd, q->why);
			break;
		}
		if (sleep) {
			arch_wait_for_interrupt();
			arch_irq_enable();
			arch_irq_disable();
			vd->sleeps++;
		}
		if (sleep || !(++spins & 0xff)) {
			/* MSIs cannot be acknowledged away: a device that keeps
			 * sending them loses bus mastering (virtio_fail) */
			if (vd->irq_count - irq_before > IRQ_STORM) {
				virtio_fail(vd, "interrupt storm");
				r = -1;
				break;
			}
			if (io_read8(vd->common + COMMON_STATUS) & VIRTIO_STATUS_NEEDS_RESET) {
				virtio_fail(vd, "device needs reset");
				r = -1;
				break;
			}
			if (counter_to_us(arch_counter() - start) > timeout_us) {
				virtio_fail(vd, "no answer from the device in time");
				r = -1;
				break;
			}
		}
	}
	if (sleep)
		arch_timer_stop();
	/* the completion's own interrupt may still be on its way (the device
	 * updates the ring first): take it now, so the line is acknowledged
	 * before the next request; bounded, a device may also stay silent */
	if (r > 0 && vd->irq) {
		uint64_t t0 = arch_counter();

		arch_irq_enable();
		while (vd->irq_count == irq_before &&
		       counter_to_us(arch_counter() - t0) < IRQ_SETTLE_US)
			;
		arch_irq_disable();
	}
	/* for make bench: the device's (host) time, which -icount does not model */
	vd->wait_ticks += arch_counter() - start;
	return r > 0 ? 1 : -1;
}

int virtio_config_read(struct virtio_dev *vd, unsigned off, void *buf, unsigned len)
{
	uint8_t *out = buf;

	if (!vd->devcfg || off > vd->devcfg_len || len > vd->devcfg_len - off)
		return -1;
	for (int tries = 0; tries < 8; tries++) {
		uint8_t gen = io_read8(vd->common + COMMON_CFGGEN);

		/* 4.1.3.1: natural widths, 32-bit halves for 64-bit fields; the
		 * generation check makes the halves consistent */
		for (unsigned i = 0; i < len;) {
			uintptr_t a = vd->devcfg + off + i;

			if (len - i >= 4 && !(a % 4)) {
				uint32_t v = io_read32(a);
				memcpy(out + i, &v, 4);
				i += 4;
			} else if (len - i >= 2 && !(a % 2)) {
				uint16_t v = io_read16(a);
				memcpy(out + i, &v, 2);
				i += 2;
			} else {
				out[i++] = io_read8(a);
			}
		}
		if (io_read8(vd->common + COMMON_CFGGEN) == gen)
			return 0;
	}
	virtio_fail(vd, "config generation never settles");
	return -1;
}
