/* ppc64 (pseries) hooks of drivers/pci: the PHBs ("IBM,Logical_PHB") and
 * their config space through RTAS ibm,read-pci-config / ibm,write-pci-config
 * (LoPAPR 7.3.4, "PCI configuration space access"), addressed by the PHB's
 * BUID from "reg". The PHB's DMA window goes to tce.c; INTx (LSIs) go to the
 * irq core. */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#include <irq/irq.h>

#include "lsi_spec.h"
#include "ppc64.h"
#include "tce.h"
#include "xive.h"

#define RTAS_UNKNOWN_SERVICE 0xffffffffu

struct rtas_pci_args {
	uint32_t token, nargs, nret;
	uint32_t cells[8];
};

/* a page of its own: a Secure VM shares it with the hypervisor (uv.c) */
static union {
	struct rtas_pci_args a;
	uint8_t page[4096];
} args_page __attribute__((aligned(4096)));
#define args args_page.a
static bool args_shared;
static uint32_t tok_read, tok_write;

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/* config_addr: extended register bits 27:24, bus 23:16, devfn 15:8, reg 7:0 */
static uint32_t cfg_addr(unsigned bus, unsigned devfn, unsigned off)
{
	return (off & 0xf00u) << 16 | bus << 16 | devfn << 8 | (off & 0xffu);
}

static int rtas_pci(uint32_t token, unsigned nargs, unsigned nret, const uint32_t *in,
		    uint32_t *out)
{
	args.token = be32(token);
	args.nargs = be32(nargs);
	args.nret = be32(nret);
	for (unsigned i = 0; i < nargs; i++)
		args.cells[i] = be32(in[i]);
	for (unsigned i = 0; i < nret; i++)
		args.cells[nargs + i] = be32(0xfffffffeu); /* "no answer" until RTAS writes */
	ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)&args, 0, 0, 0);
	for (unsigned i = 0; i < nret; i++)
		out[i] = be32(args.cells[nargs + i]);
	return (int)out[0];
}

static uint32_t rtas_cfg_read(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			      unsigned size)
{
	uint32_t in[4] = { cfg_addr(bus, devfn, off), (uint32_t)(h->cfg_addr >> 32),
			   (uint32_t)h->cfg_addr, size };
	uint32_t out[2];

	if (rtas_pci(tok_read, 4, 2, in, out))
		return 0xffffffffu; /* no device / error: reads as all-ones, like ECAM */
	return size == 4 ? out[1] : out[1] & ((1u << (8 * size)) - 1);
}

static void rtas_cfg_write(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			   unsigned size, uint32_t val)
{
	uint32_t in[5] = { cfg_addr(bus, devfn, off), (uint32_t)(h->cfg_addr >> 32),
			   (uint32_t)h->cfg_addr, size, val };
	uint32_t out[1];
	int st = rtas_pci(tok_write, 5, 1, in, out);

	if (st)
		kprintf("pci: RTAS write-pci-config %02x:%02x.%x+0x%x: status %d\n", bus,
			devfn >> 3, devfn & 7, off, st);
}

static const struct pci_cfg_ops rtas_ops = { "RTAS", rtas_cfg_read, rtas_cfg_write };

/* Real-mode accesses ignore the top 4 address bits (Power ISA III 5.7.3);
 * the PHB windows sit far below that. A usable window is identity-mapped as
 * cache-inhibited guarded I/O when translation is on (mmu_radix.c): it is
 * called for each PHB window before any BAR in it is touched. */
bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	return size && phys + size > phys && phys + size <= BOOTINFO_PHYS_LIMIT &&
	       !ppc64_mmu_map_io(phys, size);
}

/* Shutdown, after every device was reset: no config access follows. */
void pci_arch_teardown(void)
{
	if (args_shared && !ppc64_uv_unshare("PCI config-access RTAS buffer", &args_page, 1))
		args_shared = false;
}

int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	if (ppc64_uv_share("PCI config-access RTAS buffer", &args_page, 1))
		return -1;
	args_shared = ppc64_uv_shares("PCI config-access RTAS buffer");
	int n = 0, node, len;

	tok_read = rtas_token(fdt, "ibm,read-pci-config");
	tok_write = rtas_token(fdt, "ibm,write-pci-config");
	for (node = fdt_node_offset_by_compatible(fdt, -1, "IBM,Logical_PHB"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "IBM,Logical_PHB")) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		struct pci_host *h = &hosts[n];

		if (tok_read == RTAS_UNKNOWN_SERVICE || tok_write == RTAS_UNKNOWN_SERVICE ||
		    !tok_read || !tok_write) {
			kprintf("pci: PHB found but /rtas has no ibm,read/write-pci-config\n");
			return -1;
		}
		if (n == max) {
			kprintf("pci: more than %d PHBs: the rest are ignored\n", max);
			break;
		}
		/* reg: the BUID in the root's 2 address cells */
		if (!reg || len < 8) {
			kprintf("pci: %s: no BUID in reg\n", fdt_get_name(fdt, node, NULL));
			return -1;
		}
		*h = (struct pci_host){ .ops = &rtas_ops, .cfg_addr = fdt_read_cells(reg, 2),
					.bus_start = 0, .bus_end = 255, .fdt_node = node };
		if (pci_dt_parse_ranges(fdt, node, h))
			return -1;
		/* no ibm,dma-window: the platform has no TCE table in front of the
		 * devices (as under the powernv shim), DMA addresses are guest-real */
		if (n == 0 && !fdt_getprop(fdt, node, "ibm,dma-window", NULL))
			kprintf("pci: %s: no ibm,dma-window: direct DMA\n",
				fdt_get_name(fdt, node, NULL));
		else if (n == 0 && tce_init_from_phb(fdt, node))
			kprintf("pci: %s: no usable DMA window: devices cannot do DMA\n",
				fdt_get_name(fdt, node, NULL));
		n++;
	}
	return n;
}

/* PHB LSIs through the irq core (XIVE or XICS, whichever CAS gave us).
 * QEMU's PHB swizzles 32 slots x 4 pins onto 4 LSIs, so a line may be
 * shared: one irq core handler per line calls every sharer, each of which
 * quiets its own device (virtio: the ISR read deasserts). The core then
 * EOIs, and the controller re-samples the level (XIVE: the ESB EOI load,
 * XICS: H_EOI), so a line still asserted by another sharer fires again. */
#define LSI_LINES 8
#define LSI_SHARERS 8

struct lsi_line {
	uint32_t hwirq;
	unsigned n;
	struct {
		void (*fn)(void *);
		void *arg;
	} h[LSI_SHARERS];
};
static struct lsi_line lines[LSI_LINES];
static unsigned nlines;

static enum irq_ret lsi_handler(unsigned hwirq, void *arg)
{
	struct lsi_line *l = arg;

	(void)hwirq;
	for (unsigned i = 0; i < l->n && i < LSI_SHARERS; i++)
		l->h[i].fn(l->h[i].arg);
	return IRQ_EOI;
}

int pci_arch_irq_attach(const void *fdt, const struct pci_irq *irq, void (*fn)(void *),
			void *arg, char *desc, unsigned desclen)
{
	const struct intc_node *ic = ppc64_intc();
	struct lsi_line *l = NULL;
	const char *why;
	uint32_t hwirq;

	if (!fn || !ic) {
		kprintf("pci: no interrupt controller running: INTx unavailable\n");
		return -1;
	}
	if (lsi_spec_decode(fdt, irq, ic, &hwirq, &why)) {
		kprintf("pci: INTx specifier <0x%x 0x%x> refused: %s\n", irq->spec[0],
			irq->cells > 1 ? irq->spec[1] : 0, why);
		return -1;
	}
	for (unsigned i = 0; i < nlines && !l; i++)
		if (lines[i].hwirq == hwirq)
			l = &lines[i];
	if (!l) {
		if (nlines == LSI_LINES) {
			kprintf("pci: more than %d LSIs in use: 0x%x polled\n", LSI_LINES, hwirq);
			return -1;
		}
		l = &lines[nlines];
		*l = (struct lsi_line){ .hwirq = hwirq };
		if (irq_register(hwirq, lsi_handler, l)) {
			kprintf("pci: LSI 0x%x: the %s back end refused it\n", hwirq,
				irq_chip_name());
			return -1;
		}
		/* XIVE says what kind of source the number is: an INTx must be
		 * level, or its EOI would not re-sample the line */
		if (ic->xive && !xive_source_is_lsi(hwirq)) {
			irq_unregister(hwirq);
			kprintf("pci: LISN 0x%x is not a level-sensitive source\n", hwirq);
			return -1;
		}
		nlines++;
	}
	if (l->n == LSI_SHARERS) {
		kprintf("pci: LSI 0x%x already has %d devices: polled\n", hwirq, LSI_SHARERS);
		return -1;
	}
	l->h[l->n].fn = fn;
	l->h[l->n].arg = arg;
	l->n++; /* interrupts are off while drivers probe: no handler sees it half set */
	fmt_snprintf(desc, desclen, "%s %s 0x%x (LSI%s)", irq_chip_name(),
		     ic->xive ? "LISN" : "source", hwirq, l->n > 1 ? ", shared" : "");
	return 0;
}

int ppc64_lsi_line(unsigned i, uint32_t *hwirq, unsigned *sharers)
{
	if (i >= nlines)
		return -1;
	*hwirq = lines[i].hwirq;
	*sharers = lines[i].n;
	return 0;
}

/* No MSI controller driven on this platform yet (riscv: IMSIC needs aia=;
 * pseries: ibm,change-msi and XIVE): INTx or polling. */
int pci_arch_msi_alloc(const void *fdt, const struct pci_dev *d, unsigned event,
		       void (*fn)(void *), void *arg, uint64_t *addr, uint32_t *data,
		       char *desc, unsigned desclen)
{
	(void)fdt, (void)d, (void)event, (void)fn, (void)arg, (void)addr, (void)data;
	(void)desc, (void)desclen;
	return -1;
}
