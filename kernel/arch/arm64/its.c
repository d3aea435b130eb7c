/* GICv3 ITS (Arm IHI 0069 chapter 6, 12.19 register map, 5.3 commands):
 * turns PCI MSI-X writes into LPIs. Set up on first use: flat Device and
 * Collection tables, one command queue page, the LPI property/pending tables
 * of our redistributor, one collection (ICID 0) on this CPU. Each vector gets
 * an LPI through MAPD (once per device) + MAPTI + INV. DeviceID = the
 * requester ID through the host bridge's msi-map (pci-msi.txt binding). */
#include <libfdt.h>
#include <string.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/pci.h>

#include "arm64.h"
#include "sysreg.h"

#define GITS_CTLR 0x0000
#define GITS_CTLR_ENABLED 1u
#define GITS_CTLR_QUIESCENT (1u << 31)
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_BASER(n) (0x0100 + 8 * (n))
#define GITS_TRANSLATER 0x10040
#define BASER_VALID (1ull << 63)
#define BASER_TYPE(v) (((v) >> 56) & 7)
#define BASER_ESIZE(v) ((((v) >> 48) & 0x1f) + 1)
#define BASER_RO_MASK (0x1full << 48 | 7ull << 56)
#define BASER_TYPE_DEVICE 1
#define BASER_TYPE_COLLECTION 4
#define CMD_MAPD 0x08
#define CMD_MAPC 0x09
#define CMD_MAPTI 0x0a
#define CMD_INV 0x0c
#define CMD_SYNC 0x05
#define CMDQ_ENTRIES (PAGE_SIZE / 32)
#define LPI_BASE 8192u
#define LPI_IDBITS 14 /* INTIDs below 16384: 8192 LPIs */
#define ITS_EVENT_BITS 4 /* 16 vectors per device */
#define ITS_MAX_DEVICES 16

static uintptr_t its;
static uint64_t *cmdq;
static unsigned cmd_idx, next_lpi = LPI_BASE;
static uint8_t *lpi_prop;
static bool its_tried;
static struct {
	uint32_t devid;
	void *itt;
} its_devs[ITS_MAX_DEVICES];

static uint64_t rd64(unsigned off)
{
	return mmio_read32(its + off) | (uint64_t)mmio_read32(its + off + 4) << 32;
}

static void wr64(unsigned off, uint64_t v)
{
	mmio_write32(its + off, (uint32_t)v);
	mmio_write32(its + off + 4, (uint32_t)(v >> 32));
}

static int its_cmd(uint64_t d0, uint64_t d1, uint64_t d2)
{
	uint64_t *c = &cmdq[4 * cmd_idx];

	c[0] = d0;
	c[1] = d1;
	c[2] = d2;
	c[3] = 0;
	dsb(sy);
	cmd_idx = (cmd_idx + 1) % CMDQ_ENTRIES;
	wr64(GITS_CWRITER, (uint64_t)cmd_idx * 32);
	for (unsigned i = 0; i < 1000000; i++) {
		uint64_t rd = rd64(GITS_CREADR);

		if (rd & 1) {
			kprintf("its: command queue stalled (command 0x%llx)\n",
				(unsigned long long)(d0 & 0xff));
			return -1;
		}
		if ((rd & 0xfffe0) == (uint64_t)cmd_idx * 32)
			return 0;
	}
	kprintf("its: command 0x%llx not consumed\n", (unsigned long long)(d0 & 0xff));
	return -1;
}

static int setup_tables(uint64_t typer)
{
	unsigned devbits = (unsigned)((typer >> 13) & 0x1f) + 1;

	for (unsigned n = 0; n < 8; n++) {
		uint64_t b = rd64(GITS_BASER(n)), pages, entries;
		void *mem;

		if (BASER_TYPE(b) == BASER_TYPE_DEVICE)
			entries = 1ull << (devbits > 16 ? 16 : devbits);
		else if (BASER_TYPE(b) == BASER_TYPE_COLLECTION)
			entries = 16;
		else
			continue;
		pages = (entries * BASER_ESIZE(b) + PAGE_SIZE - 1) / PAGE_SIZE;
		if (pages > 256 || !(mem = page_alloc(pages)))
			return -1;
		/* flat table, 4 KiB pages (Page_Size 0), Size = pages - 1 */
		wr64(GITS_BASER(n),
		     (b & BASER_RO_MASK) | BASER_VALID | (uint64_t)(uintptr_t)mem | (pages - 1));
		if (!(rd64(GITS_BASER(n)) & BASER_VALID))
			return -1;
	}
	return 0;
}

static int its_init(const void *fdt, int node)
{
	int len, parent = fdt_parent_offset(fdt, node);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	uint64_t base, size, typer;
	void *pend;

	if (parent < 0 || fdt_address_cells(fdt, parent) != 2 || fdt_size_cells(fdt, parent) != 2 ||
	    !reg || len < 16)
		return -1;
	base = fdt_read_cells(reg, 2);
	size = fdt_read_cells(reg + 2, 2);
	if (size < 0x20000 || base % 0x10000 || !pci_arch_mmio_ok(base, size))
		return -1;
	its = (uintptr_t)base;
	mmio_write32(its + GITS_CTLR, 0);
	for (unsigned i = 0; i < 1000000 && !(mmio_read32(its + GITS_CTLR) & GITS_CTLR_QUIESCENT); i++)
		;
	typer = rd64(GITS_TYPER);
	if (!(typer & 1) || (typer >> 19 & 1)) { /* Physical LPIs; PTA = 0 */
		kprintf("its: GITS_TYPER 0x%llx: unsupported\n", (unsigned long long)typer);
		return -1;
	}
	cmdq = page_alloc(1);
	lpi_prop = page_alloc((1u << LPI_IDBITS) / PAGE_SIZE / 2);
	pend = page_alloc(32); /* 2 KiB needed, 64 KiB aligned inside 128 KiB */
	if (!cmdq || !lpi_prop || !pend || setup_tables(typer))
		return -1;
	wr64(GITS_CBASER, BASER_VALID | (uint64_t)(uintptr_t)cmdq); /* Size 0: one page */
	wr64(GITS_CWRITER, 0);
	mmio_write32(its + GITS_CTLR, GITS_CTLR_ENABLED);
	if (gic_lpi_enable((uintptr_t)lpi_prop, LPI_IDBITS,
			   ALIGN_UP((uint64_t)(uintptr_t)pend, 0x10000)))
		return -1;
	/* MAPC: ICID 0 -> this PE (RDbase = processor number when PTA = 0) */
	return its_cmd(CMD_MAPC, 0, 1ull << 63 | (uint64_t)gic_processor_number() << 16);
}

static void *its_device(uint32_t devid)
{
	for (unsigned i = 0; i < ITS_MAX_DEVICES; i++) {
		if (its_devs[i].itt && its_devs[i].devid == devid)
			return its_devs[i].itt;
		if (!its_devs[i].itt) {
			void *itt = page_alloc(1);

			/* MAPD: ITT of 2^ITS_EVENT_BITS entries, 256-byte aligned */
			if (!itt || its_cmd(CMD_MAPD | (uint64_t)devid << 32, ITS_EVENT_BITS - 1,
					    1ull << 63 | (uint64_t)(uintptr_t)itt))
				return NULL;
			its_devs[i].devid = devid;
			its_devs[i].itt = itt;
			return itt;
		}
	}
	return NULL;
}

/* DeviceID of the function: msi-map <rid-base its msi-base length>, or the RID */
static int device_id(const void *fdt, const struct pci_dev *d, int *its_node, uint32_t *devid)
{
	int len, host = d->host->fdt_node;
	const fdt32_t *m = fdt_getprop(fdt, host, "msi-map", &len);
	uint32_t rid = (uint32_t)d->bus << 8 | (uint32_t)d->dev << 3 | d->fn;

	if (!m || len <= 0 || len % 16)
		return -1;
	for (int i = 0; i < len / 4; i += 4) {
		uint32_t base = fdt32_to_cpu(m[i]), count = fdt32_to_cpu(m[i + 3]);

		if (rid >= base && rid - base < count) {
			*its_node = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(m[i + 1]));
			*devid = fdt32_to_cpu(m[i + 2]) + (rid - base);
			return *its_node >= 0 &&
					       !fdt_node_check_compatible(fdt, *its_node, "arm,gic-v3-its")
				       ? 0
				       : -1;
		}
	}
	return -1;
}

int pci_arch_msi_alloc(const void *fdt, const struct pci_dev *d, unsigned event,
		       void (*fn)(void *), void *arg, uint64_t *addr, uint32_t *data,
		       char *desc, unsigned desclen)
{
	int node;
	uint32_t devid;
	unsigned lpi;

	if (event >= 1u << ITS_EVENT_BITS || device_id(fdt, d, &node, &devid))
		return -1;
	if (!its_tried) {
		its_tried = true;
		if (its_init(fdt, node)) {
			kprintf("its: not usable: MSI-X off\n");
			its = 0;
		}
	}
	if (!its || next_lpi >= 1u << LPI_IDBITS || !its_device(devid))
		return -1;
	lpi = next_lpi++;
	lpi_prop[lpi - LPI_BASE] = 0xa0 | 1; /* priority 0xa0, enabled */
	dsb(sy);
	if (its_cmd(CMD_MAPTI | (uint64_t)devid << 32, event | (uint64_t)lpi << 32, 0) ||
	    its_cmd(CMD_INV | (uint64_t)devid << 32, event, 0) ||
	    its_cmd(CMD_SYNC, 0, (uint64_t)gic_processor_number() << 16) ||
	    gic_register_lpi(lpi, fn, arg))
		return -1;
	*addr = (uint64_t)its + GITS_TRANSLATER;
	*data = event;
	fmt_snprintf(desc, desclen, "ITS LPI %u (DeviceID 0x%x)", lpi, devid);
	return 0;
}
