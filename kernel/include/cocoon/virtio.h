/* virtio 1.x over PCI, modern interface only (virtio 1.2 section 4.1), and
 * the device drivers on top of it. */
#ifndef COCOON_VIRTIO_H
#define COCOON_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cocoon/pci.h>
#include <cocoon/virtq.h>

#define VIRTIO_PCI_VENDOR 0x1af4
/* 4.1.2.1: 0x1040 + type = modern; 0x1000..0x103f = transitional */
#define VIRTIO_PCI_MODERN_BASE 0x1040
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* 2.1 device status */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* 6 reserved feature bits */
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_BIT(b) (1ull << (b))

#define VIRTIO_MAX_QUEUES 2

struct virtio_dev {
	struct pci_dev *pci;
	const char *name; /* "blk", "rng", ... */
	uint16_t type;
	uintptr_t common, notify, isr, devcfg;
	uint32_t notify_len, notify_mult, devcfg_len;
	uint64_t features;
	struct virtq *vq[VIRTIO_MAX_QUEUES];
	uintptr_t vq_notify[VIRTIO_MAX_QUEUES];
	void *vq_ring[VIRTIO_MAX_QUEUES];
	bool broken;
	char why[128];
	/* INTx (pci_intx_route): the handler reads the ISR, which acknowledges */
	bool irq;
	bool msix_tried, msix_ok; /* MSI-X: one vector per queue, config none */
	volatile uint32_t irq_count, irq_spurious;
	uint32_t sleeps; /* waits that slept in WFI */
	uint64_t wait_ticks; /* counter ticks spent in virtio_poll (bench/) */
	char irq_desc[48];
};

/* Map the virtio capabilities of a PCI function and reset the device.
 * Refuses (clear message, -1) legacy-only devices and bad capabilities. */
int virtio_pci_attach(struct pci_dev *pd, struct virtio_dev *vd);
/* Feature negotiation (3.1.1): VERSION_1 and ACCESS_PLATFORM required, plus
 * whatever of `wanted` the device offers; FEATURES_OK read back. */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted);
/* Set up queue `index` (at most max_size entries). */
int virtio_queue_setup(struct virtio_dev *vd, uint16_t index, uint16_t max_size);
void virtio_driver_ok(struct virtio_dev *vd);
void virtio_notify(struct virtio_dev *vd, uint16_t index);
/* Poll queue index for one used buffer: 1, or -1 (broken, or no answer in
 * timeout_us: the device is then marked broken). */
int virtio_poll(struct virtio_dev *vd, uint16_t index, void **cookie, uint32_t *len,
		uint64_t timeout_us);
/* Device configuration read, consistent under config_generation (4.1.4.3). */
int virtio_config_read(struct virtio_dev *vd, unsigned off, void *buf, unsigned len);
void virtio_fail(struct virtio_dev *vd, const char *why);
void virtio_reset(struct virtio_dev *vd);
/* reset for good at shutdown (no further use); 0 once the reset completed */
int virtio_shutdown(struct virtio_dev *vd);

/* Route the function's INTx (after DRIVER_OK); polling stays the fallback. */
void virtio_irq_setup(struct virtio_dev *vd);
extern const void *drivers_fdt; /* the boot device tree, for INTx routing */

/* Probe every virtio function on the PCI buses. */
void virtio_probe_all(void);
unsigned virtio_refused_count(void);

/* ---- devices ---- */
struct virtio_blk;
struct virtio_blk *virtio_blk_get(void);
uint64_t virtio_blk_capacity(struct virtio_blk *b); /* 512-byte sectors */
int virtio_blk_read(struct virtio_blk *b, uint64_t sector, void *buf, unsigned nsect);
int virtio_blk_write(struct virtio_blk *b, uint64_t sector, const void *buf, unsigned nsect);
int virtio_blk_flush(struct virtio_blk *b);
int virtio_blk_probe(struct pci_dev *pd);
struct virtio_dev *virtio_blk_vdev(struct virtio_blk *b);

struct virtio_rng;
struct virtio_rng *virtio_rng_get(void);
int virtio_rng_read(struct virtio_rng *r, void *buf, unsigned len); /* bytes, or -1 */
int virtio_rng_probe(struct pci_dev *pd);
struct virtio_dev *virtio_rng_vdev(struct virtio_rng *r);

struct virtio_console;
struct virtio_console *virtio_console_get(void);
int virtio_console_write(struct virtio_console *c, const char *s, unsigned len);
int virtio_console_probe(struct pci_dev *pd);
struct virtio_dev *virtio_console_vdev(struct virtio_console *c);
/* Non-blocking: bytes copied (0 = nothing arrived), -1 when broken. */
int virtio_console_read(struct virtio_console *c, char *buf, unsigned len);
/* Bounce mode: transfers so far, and how many had data outside the shared
 * pool (or in the pool on the private side): must stay 0. */
void virtio_console_dma_check(struct virtio_console *c, unsigned *transfers, unsigned *bad);
/* Receive buffers posted to the device (mapped until the device fills them). */
unsigned virtio_console_rx_live(struct virtio_console *c);

/* boot hook: DMA mode, PCI, virtio (drivers/virtio/virtio_boot.c) */
void drivers_init(const void *fdt);
/* shutdown hook: reset every virtio device, then give back the DMA pool */
void drivers_teardown(void);

#endif
