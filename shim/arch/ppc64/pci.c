/* A PCI host bridge for the partition, reached as on PAPR through RTAS
 * configuration-space access (LoPAPR 7.3.4 "ibm,read-pci-config",
 * "ibm,write-pci-config": config_addr = bus << 16 | devfn << 8 | register,
 * extended register bits 27:24; the PHB is named by its BUID), with the
 * shim's virtio devices on bus 0: 00:01.0 entropy, 00:02.0 block. Each has
 * one 64-bit memory BAR in a window of the partition's real address space
 * that no memory backs: every access traps (HDSI), mmio.c hands it here.
 * Conventional PCI header (PCI Local Bus 3.0, 6.1); virtio vendor
 * capabilities (virtio 1.2, 4.1.4); a PCI Express capability (PCIe 6.0
 * 7.5.3, endpoint) whose Device Capabilities carry TEE-IO for a TDI
 * (tdisp_call.c: every config access of a TDI goes through its rules). */
#include <string.h>

#include "pnv.h"

#define CFG_SIZE 256
#define NFUNCS 2
#define CMD_MEM 0x2
#define CMD_BME 0x4
#define RTAS_SUCCESS 0
#define RTAS_HW_ERROR (-1)
#define RTAS_PARAM_ERROR (-3)

struct pci_fn {
	uint8_t devfn;
	struct virtio_dev *dev;
	uint8_t cfg[CFG_SIZE];
	uint64_t bar; /* BAR0 as written: address | flags, or a sizing probe */
};

static struct pci_fn fns[NFUNCS] = {
	{ .devfn = 0x08, .dev = &virtio_rng },
	{ .devfn = 0x10, .dev = &virtio_blk },
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* virtio vendor capability: {id 9, next, len, cfg_type, bar, pad[3], offset, length} */
static void vcap(uint8_t *cfg, uint8_t at, uint8_t next, uint8_t len, uint8_t type, uint32_t off,
		 uint32_t length)
{
	cfg[at] = 0x09;
	cfg[at + 1] = next;
	cfg[at + 2] = len;
	cfg[at + 3] = type;
	cfg[at + 4] = 0; /* BAR0 */
	put32(cfg + at + 8, off);
	put32(cfg + at + 12, length);
}

void pci_reset(void)
{
	for (unsigned i = 0; i < NFUNCS; i++) {
		struct pci_fn *f = &fns[i];
		uint8_t *cfg = f->cfg;

		memset(cfg, 0, CFG_SIZE);
		put16(cfg + 0x00, 0x1af4);                        /* vendor: virtio */
		put16(cfg + 0x02, 0x1040 + f->dev->device_id);    /* modern virtio device */
		put16(cfg + 0x06, 0x0010);                        /* status: capability list */
		cfg[0x08] = 1;                                    /* revision: modern */
		cfg[0x0a] = 0xff;                                 /* class 00ff00 */
		put16(cfg + 0x2c, 0x1af4);
		put16(cfg + 0x2e, 0x1100);
		cfg[0x34] = 0x40;
		vcap(cfg, 0x40, 0x50, 16, 1, VIRTIO_COMMON_OFF, 0x38); /* common configuration */
		vcap(cfg, 0x50, 0x60, 16, 3, VIRTIO_ISR_OFF, 4);       /* ISR status */
		vcap(cfg, 0x60, 0x78, 20, 2, VIRTIO_NOTIFY_OFF, 4);    /* notifications */
		put32(cfg + 0x70, 4);                                  /* notify_off_multiplier */
		vcap(cfg, 0x78, PCIE_CAP_OFF, 16, 4, VIRTIO_DEVCFG_OFF, 0x100); /* device config */
		cfg[PCIE_CAP_OFF] = 0x10;                  /* PCI Express, last in the list */
		put16(cfg + PCIE_CAP_OFF + 2, 0x0002);     /* version 2, PCIe endpoint */
		f->bar = (PCI_MMIO_BASE + ((uint64_t)(i + 1) << 16)) | 0x4; /* 64-bit memory */
		virtio_reset(f->dev);
	}
}

static struct pci_fn *fn_at(unsigned devfn)
{
	for (unsigned i = 0; i < NFUNCS; i++)
		if (fns[i].devfn == devfn)
			return &fns[i];
	return NULL;
}

static uint32_t cfg_read(struct pci_fn *f, unsigned reg, unsigned size)
{
	uint32_t v = 0;

	put32(f->cfg + 0x10, (uint32_t)f->bar);
	put32(f->cfg + 0x14, (uint32_t)(f->bar >> 32));
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)f->cfg[reg + i] << (8 * i);
	return v;
}

static void cfg_write(struct pci_fn *f, unsigned reg, unsigned size, uint32_t v)
{
	if (reg == 0x04 && size >= 2) /* command: memory space and bus master only */
		put16(f->cfg + 0x04, (uint16_t)(v & 0x6));
	else if (reg == 0x10 && size == 4) /* BAR0 low: a sizing probe or a new address */
		f->bar = (f->bar & ~0xffffffffull) | (v & ~(uint32_t)(PCI_BAR_SIZE - 1)) | 0x4;
	else if (reg == 0x14 && size == 4)
		f->bar = (f->bar & 0xffffffffull) | (uint64_t)v << 32;
	/* everything else is read-only */
}

bool pci_fn_present(unsigned bus, unsigned devfn)
{
	return bus == 0 && fn_at(devfn) != NULL;
}

/* The function's own registers, without the TDISP rules (tdisp_call.c) */
uint32_t pci_fn_cfg_read(unsigned devfn, unsigned reg, unsigned size)
{
	struct pci_fn *f = fn_at(devfn);

	return f && reg % size == 0 && reg + size <= CFG_SIZE ? cfg_read(f, reg, size)
							       : 0xffffffffu;
}

void pci_fn_cfg_write(unsigned devfn, unsigned reg, unsigned size, uint32_t v)
{
	struct pci_fn *f = fn_at(devfn);

	if (f && reg % size == 0 && reg + size <= CFG_SIZE)
		cfg_write(f, reg, size, v);
}

static int32_t config_access(uint32_t addr, uint64_t buid, uint32_t size, bool write, uint32_t *val)
{
	unsigned reg = (addr & 0xff) | ((addr >> 16) & 0xf00), devfn = (addr >> 8) & 0xff;
	unsigned bus = (addr >> 16) & 0xff;
	struct pci_fn *f = bus == 0 ? fn_at(devfn) : NULL;

	if (buid != PCI_PHB_BUID)
		return RTAS_PARAM_ERROR;
	if ((size != 1 && size != 2 && size != 4) || reg % size)
		return RTAS_HW_ERROR;
	if (!f || reg + size > CFG_SIZE) {
		if (!write)
			*val = f ? 0 : 0xffffffffu; /* nobody answers: all ones */
		return RTAS_SUCCESS;
	}
	/* a TDI's config space is the trap point of its TDISP rules */
	if (write) {
		if (!tdisp_pnv_cfg_write(bus, devfn, reg, size, *val))
			cfg_write(f, reg, size, *val);
	} else {
		*val = cfg_read(f, reg, size);
		tdisp_pnv_cfg_read(bus, devfn, reg, size, val);
	}
	return RTAS_SUCCESS;
}

/* ibm,read-pci-config: in config_addr, BUID hi, BUID lo, size; out status, value.
 * ibm,write-pci-config: in config_addr, BUID hi, BUID lo, size, value; out status. */
long pci_rtas(uint64_t gpa, uint32_t token, uint32_t nargs, uint32_t nret)
{
	uint32_t a[5], val = 0;
	int32_t st;
	bool write = token == RTAS_TOKEN_WRITE_PCI_CONFIG;

	if (nargs != (write ? 5u : 4u) || nret != (write ? 1u : 2u))
		return RTAS_PARAM_ERROR;
	for (uint32_t i = 0; i < nargs; i++)
		gmem_read_be32(gpa + 12 + 4 * i, &a[i]);
	if (write)
		val = a[4];
	st = config_access(a[0], (uint64_t)a[1] << 32 | a[2], a[3], write, &val);
	if (!write && st == RTAS_SUCCESS)
		gmem_write_be32(gpa + 12 + 4ull * (nargs + 1), val);
	return st;
}

/* Which function's BAR holds [addr, addr + n), with memory space on */
static struct pci_fn *decode(uint64_t addr, unsigned n, uint64_t *off)
{
	for (unsigned i = 0; i < NFUNCS; i++) {
		uint64_t base = fns[i].bar & ~0xfull;

		if ((fns[i].cfg[0x04] & CMD_MEM) && addr >= base && addr - base < PCI_BAR_SIZE &&
		    addr - base + n <= PCI_BAR_SIZE) {
			*off = addr - base;
			return &fns[i];
		}
	}
	return NULL;
}

static int window_read(void *ctx, unsigned vcpu, uint64_t off, uint8_t *b, unsigned n)
{
	struct pci_fn *f = decode(PCI_MMIO_BASE + off, n, &off);

	(void)ctx;
	(void)vcpu;
	if (f)
		return virtio_read(f->dev, off, b, n);
	memset(b, 0xff, n); /* nothing decodes it: all ones */
	return 0;
}

static int window_write(void *ctx, unsigned vcpu, uint64_t off, const uint8_t *b, unsigned n)
{
	struct pci_fn *f = decode(PCI_MMIO_BASE + off, n, &off);

	(void)ctx;
	(void)vcpu;
	/* without Bus Master Enable (PCI 3.0 6.2.2) the device cannot reach the
	 * rings: a notification does nothing (a TDI in ERROR is kept so) */
	if (f && off >= VIRTIO_NOTIFY_OFF && off < VIRTIO_NOTIFY_OFF + 0x1000 &&
	    !(f->cfg[0x04] & CMD_BME))
		return 0;
	return f ? virtio_write(f->dev, off, b, n) : 0; /* else dropped */
}

const struct mmio_ops pci_window_ops = { window_read, window_write };
