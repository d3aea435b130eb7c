/* PCI enumeration of bus 0 behind each host bridge, BAR sizing and
 * assignment from the bridge's memory windows, capability walk, enable.
 * Config space is device-controlled: every value read is range-checked
 * (PCI Local Bus 3.0 6.2.5 for BARs, 6.7 for capability lists). */
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#include "pci_internal.h"

#define PCI_MAX_HOSTS 4
#define BAR_IO 0x1
#define BAR_MEM_TYPE(v) (((v) >> 1) & 3)
#define BAR_MEM_TYPE_32 0
#define BAR_MEM_TYPE_64 2
#define BAR_PREFETCH 0x8
#define BAR_MEM_MASK 0xfffffff0u

static struct pci_host hosts[PCI_MAX_HOSTS];
static unsigned nhosts;
static struct pci_dev devs[PCI_MAX_DEVS];
static unsigned ndevs;

unsigned pci_count(void)
{
	return ndevs;
}

struct pci_dev *pci_get(unsigned i)
{
	return i < ndevs ? &devs[i] : NULL;
}

static bool cfg_args_ok(unsigned off, unsigned size)
{
	return (size == 1 || size == 2 || size == 4) && off < 4096 && !(off % size);
}

uint32_t pci_cfg_read(struct pci_dev *d, unsigned off, unsigned size)
{
	if (!cfg_args_ok(off, size))
		return 0xffffffffu;
	return d->host->ops->read(d->host, d->bus, (unsigned)d->dev << 3 | d->fn, off, size);
}

void pci_cfg_write(struct pci_dev *d, unsigned off, unsigned size, uint32_t val)
{
	if (cfg_args_ok(off, size))
		d->host->ops->write(d->host, d->bus, (unsigned)d->dev << 3 | d->fn, off, size, val);
}

uint16_t pci_enable(struct pci_dev *d, unsigned flags)
{
	uint16_t cmd;

	/* TDISP: clearing MSE or BME of a locked interface sends it to ERROR;
	 * teardown stops the interface first */
	if (d->tdi_active &&
	    (flags & (PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR)) !=
		    (PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR))
		pci_tdisp_stop(d);
	cmd = (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);
	cmd &= (uint16_t) ~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_IO);
	if (flags & PCI_ENABLE_TARGET)
		cmd |= PCI_COMMAND_MEMORY;
	if (flags & PCI_ENABLE_INITIATOR)
		cmd |= PCI_COMMAND_MASTER;
	/* one write: MSE and BME change together (TDISP: a locked device
	 * sees a single transition) */
	pci_cfg_write(d, PCI_COMMAND, 2, cmd);
	return (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);
}

unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned from)
{
	unsigned pos, budget = 48; /* (256 - 64) / 4 distinct slots at most */

	if (!(pci_cfg_read(d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = from ? pci_cfg_read(d, from + 1, 1) : pci_cfg_read(d, PCI_CAP_PTR, 1);
	while (budget--) {
		pos &= 0xfc; /* the bottom two bits are reserved */
		if (pos < 0x40)
			return 0; /* 0 ends the list; below 0x40 is the header */
		if (pci_cfg_read(d, pos, 1) == id)
			return pos;
		pos = pci_cfg_read(d, pos + 1, 1);
	}
	kprintf("pci: %02x:%02x.%x: capability list loops\n", d->bus, d->dev, d->fn);
	return 0;
}

/* Size every BAR with decoding off; record what firmware had programmed. */
static void size_bars(struct pci_dev *d, uint64_t orig[PCI_MAX_BARS], unsigned nbars)
{
	for (unsigned i = 0; i < nbars; i++) {
		unsigned off = PCI_BAR0 + 4 * i;
		uint32_t lo = pci_cfg_read(d, off, 4), hi = 0, mlo, mhi = 0xffffffffu;
		struct pci_bar *b = &d->bar[i];
		uint64_t mask;

		orig[i] = 0;
		if (lo & BAR_IO) {
			b->io = true; /* sized, never assigned: no driver here uses I/O space */
			pci_cfg_write(d, off, 4, 0xffffffffu);
			mlo = pci_cfg_read(d, off, 4) & ~3u;
			pci_cfg_write(d, off, 4, lo);
			b->size = mlo ? (uint64_t)((~mlo + 1) & 0xffff) : 0;
			continue;
		}
		if (BAR_MEM_TYPE(lo) != BAR_MEM_TYPE_32 && BAR_MEM_TYPE(lo) != BAR_MEM_TYPE_64) {
			kprintf("pci: %02x:%02x.%x BAR%u: reserved memory type: ignored\n", d->bus,
				d->dev, d->fn, i);
			continue;
		}
		b->is64 = BAR_MEM_TYPE(lo) == BAR_MEM_TYPE_64;
		b->prefetch = lo & BAR_PREFETCH;
		if (b->is64 && i == nbars - 1) {
			kprintf("pci: %02x:%02x.%x last BAR claims 64 bits: ignored\n", d->bus,
				d->dev, d->fn);
			b->is64 = false;
			continue;
		}
		pci_cfg_write(d, off, 4, 0xffffffffu);
		mlo = pci_cfg_read(d, off, 4) & BAR_MEM_MASK;
		pci_cfg_write(d, off, 4, lo);
		if (b->is64) {
			hi = pci_cfg_read(d, off + 4, 4);
			pci_cfg_write(d, off + 4, 4, 0xffffffffu);
			mhi = pci_cfg_read(d, off + 4, 4);
			pci_cfg_write(d, off + 4, 4, hi);
		}
		mask = (uint64_t)mhi << 32 | mlo;
		orig[i] = ((uint64_t)hi << 32 | lo) & ~0xfull;
		if (b->is64)
			i++; /* the upper half is not a BAR of its own */
		if (!mlo && !(b->is64 && mhi))
			continue; /* not implemented */
		/* the writable bits must be contiguous from the top: size = 2^n */
		b->size = ~mask + 1;
		if (!b->size || (b->size & (b->size - 1)) || b->size < 16) {
			kprintf("pci: %02x:%02x.%x BAR%u: impossible size mask 0x%llx: ignored\n",
				d->bus, d->dev, d->fn, i, (unsigned long long)mask);
			b->size = 0;
		}
	}
}

static bool window_has(const struct pci_window *w, uint64_t pci, uint64_t size)
{
	return w->size && pci >= w->pci && pci + size > pci && pci + size <= w->pci + w->size;
}

/* [cpu, cpu + size) overlaps a memory BAR already placed on host h. */
static bool overlaps_placed(const struct pci_host *h, uint64_t cpu, uint64_t size)
{
	for (unsigned i = 0; i < ndevs; i++)
		for (unsigned j = 0; j < PCI_MAX_BARS; j++) {
			const struct pci_bar *o = &devs[i].bar[j];

			if (devs[i].host == h && o->cpu && !o->io && cpu < o->cpu + o->size &&
			    o->cpu < cpu + size)
				return true;
		}
	return false;
}

/* Keep a BAR firmware placed inside a window (the allocator moves past it).
 * Firmware is not trusted to place BARs apart: one overlapping a BAR already
 * placed is reassigned instead (found by fuzz_pci_enum; two BARs decoding the
 * same addresses would alias device registers). */
static bool keep_firmware_bar(struct pci_host *h, struct pci_bar *b, uint64_t addr)
{
	struct pci_window *ws[2] = { &h->mem32, &h->mem64 };

	if (!addr || addr % b->size)
		return false;
	for (int k = 0; k < 2; k++)
		if (window_has(ws[k], addr, b->size)) {
			uint64_t cpu = addr - ws[k]->pci + ws[k]->cpu;

			if (overlaps_placed(h, cpu, b->size)) {
				kprintf("pci: firmware BAR at 0x%llx overlaps another: reassigned\n",
					(unsigned long long)addr);
				return false;
			}
			b->cpu = cpu;
			if (addr + b->size > ws[k]->next)
				ws[k]->next = addr + b->size;
			return true;
		}
	return false;
}

static bool alloc_in(struct pci_window *w, uint64_t size, uint64_t *pci)
{
	uint64_t a = ALIGN_UP(w->next, size);

	if (!w->size || a < w->next || !window_has(w, a, size))
		return false;
	*pci = a;
	w->next = a + size;
	return true;
}

static void assign_bar(struct pci_dev *d, unsigned i)
{
	struct pci_bar *b = &d->bar[i];
	struct pci_host *h = d->host;
	struct pci_window *w = &h->mem32;
	unsigned off = PCI_BAR0 + 4 * i;
	uint64_t pci, back;

	/* 32-bit window first: it is mapped on every port; a 64-bit BAR may
	 * live there too */
	if (!alloc_in(&h->mem32, b->size, &pci)) {
		w = &h->mem64;
		/* behind a bridge only its 32-bit memory window forwards */
		if (!b->is64 || d->parent || !alloc_in(&h->mem64, b->size, &pci)) {
			kprintf("pci: %02x:%02x.%x BAR%u: no room for 0x%llx bytes\n", d->bus,
				d->dev, d->fn, i, (unsigned long long)b->size);
			return;
		}
	}
	pci_cfg_write(d, off, 4, (uint32_t)pci | (b->is64 ? BAR_MEM_TYPE_64 << 1 : 0));
	if (b->is64)
		pci_cfg_write(d, off + 4, 4, (uint32_t)(pci >> 32));
	back = pci_cfg_read(d, off, 4) & BAR_MEM_MASK;
	if (b->is64)
		back |= (uint64_t)pci_cfg_read(d, off + 4, 4) << 32;
	if (back != pci) {
		kprintf("pci: %02x:%02x.%x BAR%u: wrote 0x%llx, reads 0x%llx: unusable\n", d->bus,
			d->dev, d->fn, i, (unsigned long long)pci, (unsigned long long)back);
		return;
	}
	b->cpu = pci - w->pci + w->cpu;
}

static void setup_bars(struct pci_dev *d, unsigned nbars)
{
	uint64_t orig[PCI_MAX_BARS] = { 0 };
	uint16_t cmd = (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);

	/* no decoding while the BARs hold all-ones */
	pci_cfg_write(d, PCI_COMMAND, 2, cmd & ~(PCI_COMMAND_MEMORY | PCI_COMMAND_IO));
	size_bars(d, orig, nbars);
	for (unsigned i = 0; i < nbars; i++) {
		struct pci_bar *b = &d->bar[i];

		if (b->size && !b->io && !keep_firmware_bar(d->host, b, orig[i]))
			assign_bar(d, i);
		if (b->is64)
			i++;
	}
}

/* PCI-to-PCI Bridge Architecture 1.2, chapter 3 (type 1 header) */
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_IO_BASE 0x1c
#define PCI_IO_LIMIT 0x1d
#define PCI_MEMORY_BASE 0x20
#define PCI_MEMORY_LIMIT 0x22
#define PCI_PREF_MEMORY_BASE 0x24
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_BASE_UPPER32 0x28
#define PCI_PREF_LIMIT_UPPER32 0x2c
#define PCI_MAX_BRIDGE_DEPTH 8
#define BRIDGE_WINDOW_ALIGN MiB(1)

static void scan_bus(struct pci_host *h, unsigned bus, struct pci_dev *parent, unsigned depth);

/* Give the bridge the next bus number, scan behind it, then open a memory
 * window exactly over what was assigned there (I/O and prefetchable off). */
static void setup_bridge(struct pci_dev *d, unsigned depth)
{
	struct pci_host *h = d->host;
	uint64_t start, end;
	unsigned sec;

	setup_bars(d, 2);
	if (depth >= PCI_MAX_BRIDGE_DEPTH || h->bus_next > h->bus_end) {
		kprintf("pci: %02x:%02x.%x bridge: no bus number left (or too deep): not used\n",
			d->bus, d->dev, d->fn);
		return;
	}
	sec = h->bus_next++;
	d->secondary = (uint8_t)sec;
	pci_cfg_write(d, PCI_PRIMARY_BUS, 1, d->bus);
	pci_cfg_write(d, PCI_SECONDARY_BUS, 1, sec);
	pci_cfg_write(d, PCI_SUBORDINATE_BUS, 1, h->bus_end);
	pci_cfg_write(d, PCI_IO_BASE, 1, 0xf0);
	pci_cfg_write(d, PCI_IO_LIMIT, 1, 0);
	pci_cfg_write(d, PCI_PREF_MEMORY_BASE, 2, 0xfff0);
	pci_cfg_write(d, PCI_PREF_MEMORY_LIMIT, 2, 0);
	pci_cfg_write(d, PCI_PREF_BASE_UPPER32, 4, 0);
	pci_cfg_write(d, PCI_PREF_LIMIT_UPPER32, 4, 0);
	start = ALIGN_UP(h->mem32.next, BRIDGE_WINDOW_ALIGN);
	if (h->mem32.size && start <= h->mem32.pci + h->mem32.size)
		h->mem32.next = start;
	scan_bus(h, sec, d, depth + 1);
	end = ALIGN_UP(h->mem32.next, BRIDGE_WINDOW_ALIGN);
	pci_cfg_write(d, PCI_SUBORDINATE_BUS, 1, h->bus_next - 1);
	if (h->mem32.size && h->mem32.next > start && end <= h->mem32.pci + h->mem32.size) {
		/* base/limit hold address bits 31:20 in bits 15:4 */
		pci_cfg_write(d, PCI_MEMORY_BASE, 2, (uint32_t)(start >> 16) & 0xfff0);
		pci_cfg_write(d, PCI_MEMORY_LIMIT, 2, (uint32_t)((end - 1) >> 16) & 0xfff0);
		h->mem32.next = end;
	} else {
		pci_cfg_write(d, PCI_MEMORY_BASE, 2, 0xfff0);
		pci_cfg_write(d, PCI_MEMORY_LIMIT, 2, 0);
	}
	/* forwarding both ways: memory to the devices, their DMA upstream */
	pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
}

static void probe_fn(struct pci_host *h, unsigned bus, unsigned dev, unsigned fn,
		     struct pci_dev *parent, unsigned depth)
{
	struct pci_dev *d;
	uint32_t id;

	if (ndevs == PCI_MAX_DEVS) {
		kprintf("pci: more than %u functions: %02x:%02x.%x ignored\n", PCI_MAX_DEVS, bus,
			dev, fn);
		return;
	}
	d = &devs[ndevs];
	*d = (struct pci_dev){ .host = h, .bus = (uint8_t)bus, .dev = (uint8_t)dev,
			       .fn = (uint8_t)fn, .parent = parent };
	id = pci_cfg_read(d, PCI_VENDOR_ID, 4);
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->revision = (uint8_t)pci_cfg_read(d, PCI_REVISION, 1);
	d->class_code = pci_cfg_read(d, PCI_REVISION, 4) >> 8;
	d->header_type = (uint8_t)pci_cfg_read(d, PCI_HEADER_TYPE, 1);
	ndevs++;
	kprintf("pci: %02x:%02x.%x [%04x:%04x] rev %u class %06x%s\n", bus, dev, fn, d->vendor,
		d->device, d->revision, d->class_code,
		(d->header_type & 0x7f) == 1 ? " (bridge)" : "");
	switch (d->header_type & 0x7f) {
	case 0:
		d->subsys = (uint16_t)pci_cfg_read(d, PCI_SUBSYSTEM_ID, 2);
		d->irq_pin = (uint8_t)pci_cfg_read(d, PCI_INTERRUPT_PIN, 1);
		if (d->irq_pin > 4)
			d->irq_pin = 0;
		setup_bars(d, PCI_MAX_BARS);
		break;
	case 1:
		setup_bridge(d, depth);
		break;
	default:
		kprintf("pci: %02x:%02x.%x header type %u: not configured\n", bus, dev, fn,
			d->header_type & 0x7f);
	}
	for (unsigned i = 0; i < PCI_MAX_BARS; i++)
		if (d->bar[i].cpu)
			kprintf("pci: %02x:%02x.%x   BAR%u = 0x%llx + 0x%llx\n", bus, dev, fn, i,
				(unsigned long long)d->bar[i].cpu,
				(unsigned long long)d->bar[i].size);
}

static void scan_bus(struct pci_host *h, unsigned bus, struct pci_dev *parent, unsigned depth)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		struct pci_dev tmp = { .host = h, .bus = (uint8_t)bus, .dev = (uint8_t)dev };
		uint16_t vendor = (uint16_t)pci_cfg_read(&tmp, PCI_VENDOR_ID, 2);
		unsigned nfn;

		if (vendor == 0xffff || vendor == 0)
			continue;
		nfn = pci_cfg_read(&tmp, PCI_HEADER_TYPE, 1) & 0x80 ? 8 : 1;
		for (unsigned fn = 0; fn < nfn; fn++) {
			tmp.fn = (uint8_t)fn;
			vendor = (uint16_t)pci_cfg_read(&tmp, PCI_VENDOR_ID, 2);
			if (vendor != 0xffff && vendor != 0)
				probe_fn(h, bus, dev, fn, parent, depth);
		}
	}
}

int pci_init(const void *fdt)
{
	int n;

	ndevs = 0;
	n = pci_ecam_hosts(fdt, hosts, PCI_MAX_HOSTS);
	if (n < 0)
		return -1;
	if (n == 0) {
		n = pci_arch_hosts(fdt, hosts, PCI_MAX_HOSTS);
		if (n < 0)
			return -1;
	}
	nhosts = (unsigned)n;
	for (unsigned i = 0; i < nhosts; i++) {
		struct pci_host *h = &hosts[i];

		kprintf("pci: host bridge %u (%s), buses %u-%u, mem32 0x%llx+0x%llx, mem64 "
			"0x%llx+0x%llx\n",
			i, h->ops->name, h->bus_start, h->bus_end, (unsigned long long)h->mem32.cpu,
			(unsigned long long)h->mem32.size, (unsigned long long)h->mem64.cpu,
			(unsigned long long)h->mem64.size);
		h->bus_next = h->bus_start + 1;
		scan_bus(h, h->bus_start, NULL, 0);
	}
	return (int)ndevs;
}
