/* PCI: host bridges from the device tree, bus 0 enumeration, BAR assignment,
 * capabilities, and the one place where a function is enabled.
 * Layouts: PCI Local Bus 3.0 ch. 6 (configuration space), PCIe Base 6.0
 * 7.2.2 (ECAM), IEEE 1275 PCI bus binding (device tree "ranges"). */
#ifndef COCOON_PCI_H
#define COCOON_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2 /* Memory Space Enable */
#define PCI_COMMAND_MASTER 0x4 /* Bus Master Enable */
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_CAP_ID_VNDR 0x09

#define PCI_MAX_DEVS 32
#define PCI_MAX_BARS 6

/* pci_enable() flags: what the function may do on the bus. */
#define PCI_ENABLE_TARGET 0x1    /* respond to memory accesses (Memory Space Enable) */
#define PCI_ENABLE_INITIATOR 0x2 /* issue DMA (Bus Master Enable) */

struct pci_host;

struct pci_bar {
	uint64_t cpu;  /* CPU physical address, 0 = not assigned */
	uint64_t size; /* 0 = not implemented */
	bool is64, prefetch, io;
};

struct pci_dev {
	struct pci_host *host;
	uint8_t bus, dev, fn;
	uint16_t vendor, device, subsys;
	uint8_t revision, header_type, irq_pin;
	uint32_t class_code; /* base << 16 | sub << 8 | prog-if */
	struct pci_bar bar[PCI_MAX_BARS];
	bool claimed;
	struct pci_dev *parent; /* the bridge above, NULL on the root bus */
	unsigned msix_cap, msix_size; /* MSI-X capability offset, table entries */
	uintptr_t msix_table;
	uint8_t secondary;      /* bridges: the bus behind */
	bool tdi_active;        /* TDISP interface locked or running: never BME=0 */
};

/* Config space of one host bridge: ECAM on virt, RTAS on pseries. */
struct pci_cfg_ops {
	const char *name;
	/* size 1, 2 or 4, offset < 4096 and aligned: checked by the caller */
	uint32_t (*read)(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			 unsigned size);
	void (*write)(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
		      unsigned size, uint32_t val);
};

struct pci_window {
	uint64_t pci, cpu, size; /* size 0: none */
	uint64_t next;           /* bump allocator, a PCI address */
};

struct pci_host {
	const struct pci_cfg_ops *ops;
	uintptr_t ecam;
	uint64_t ecam_size;
	uint64_t cfg_addr; /* RTAS: the PHB's BUID */
	unsigned bus_start, bus_end, bus_next;
	struct pci_window mem32, mem64;
	int fdt_node;
};

/* Find host bridges in the (validated) tree and enumerate bus 0. Returns the
 * number of functions found, or -1 when a bridge description is unusable. */
int pci_init(const void *fdt);
unsigned pci_count(void);
struct pci_dev *pci_get(unsigned i);

uint32_t pci_cfg_read(struct pci_dev *d, unsigned off, unsigned size);
void pci_cfg_write(struct pci_dev *d, unsigned off, unsigned size, uint32_t val);

/* Set Memory Space Enable and Bus Master Enable from flags in ONE write of
 * the command register (the TDISP flow needs both to change together).
 * Returns the command register value read back. */
uint16_t pci_enable(struct pci_dev *d, unsigned flags);

/* Walk the capability list: the config offset of the first capability with
 * id at or after `from` (0 = start), or 0. The walk is bounded and every
 * pointer checked. */
unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned from);

/* Memory windows from a host bridge node's "ranges" (IEEE 1275 PCI binding),
 * each checked and kept only if pci_arch_mmio_ok(). 0, or -1 if none usable. */
int pci_dt_parse_ranges(const void *fdt, int node, struct pci_host *h);

/* A function's INTx as the host bridge's interrupt-map resolves it: the
 * interrupt controller's phandle and its interrupt specifier. */
#define PCI_IRQ_MAX_CELLS 4
struct pci_irq {
	uint32_t phandle;
	int cells;
	uint32_t spec[PCI_IRQ_MAX_CELLS];
};
/* 0, or -1 (no pin, no or malformed interrupt-map, no matching entry). */
int pci_intx_route(const void *fdt, const struct pci_dev *d, struct pci_irq *out);

/* MSI-X (PCI Local Bus 3.0 6.8.2): begin = find the capability, check the
 * table lies in an assigned BAR, enable with the function masked; vector =
 * route entry vec to fn(arg) through the platform and unmask it; end = let
 * the function signal; off = back to INTx. 0 or -1. */
#define PCI_CAP_ID_MSIX 0x11
int pci_msix_begin(struct pci_dev *d);
int pci_msix_vector(const void *fdt, struct pci_dev *d, unsigned vec, void (*fn)(void *),
		    void *arg, char *desc, unsigned desclen);
void pci_msix_end(struct pci_dev *d);
void pci_msix_off(struct pci_dev *d);

/* TDISP (drivers/pci/tdisp.c, docs/tdisp.md): for a function advertising
 * TEE-IO, lock it, fetch and validate its interface report, start it, and only
 * then enable MSE|BME in one write; otherwise a plain pci_enable(TARGET |
 * INITIATOR). 0, or -1 with the device left off and the reason printed. */
int pci_tdisp_enable(struct pci_dev *d);
/* Stop a locked/running interface (before anything clears BME). */
void pci_tdisp_stop(struct pci_dev *d);
/* The guest-to-TSM call (cocoon/tdisp_abi.h); TDISP_E_NOT_SUPPORTED where
 * the arch has no conduit (a weak default in drivers/pci/tdisp.c). */
long pci_arch_tdisp_call(unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t *r1, uint64_t *r2);

/* A host bridge's "dma-ranges" offset (a hypervisor without IOMMU whose
 * guest RAM sits elsewhere in host memory) becomes the DMA translation. */
void pci_dma_ranges_init(const void *fdt);

/* Per-arch hooks (kernel/arch/<dir>/pci_arch.c). */
/* true when [phys, phys + size) is device memory the kernel can access */
bool pci_arch_mmio_ok(uint64_t phys, uint64_t size);
/* host bridges the platform describes without ECAM (pseries); 0 if none */
int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max);
/* Route a (level, possibly shared) INTx to fn(arg); fn must quiet its device.
 * 0, or -1 when the platform's controller is not supported here. */
int pci_arch_irq_attach(const void *fdt, const struct pci_irq *irq, void (*fn)(void *),
			void *arg, char *desc, unsigned desclen);
/* An MSI for the function: the address/data it must write to raise event
 * as fn(arg). -1 when the platform has no MSI controller here. */
int pci_arch_msi_alloc(const void *fdt, const struct pci_dev *d, unsigned event,
		       void (*fn)(void *), void *arg, uint64_t *addr, uint32_t *data,
		       char *desc, unsigned desclen);

#endif
