/* libFuzzer target: PCI enumeration (drivers/pci/pci.c) against up to four
 * functions whose config space and BAR size masks come from the input:
 * impossible BAR types, non-contiguous masks, 64-bit BARs without an upper
 * half, bridges, looping capability lists. Checked: every assigned memory
 * BAR is naturally aligned, inside the window and overlaps no other;
 * pci_find_cap ends. Same fake as tests/unit/test_pci.c, fed by the input.
 * Input per function: 64 bytes of header, 64 bytes of capability area
 * (0x40-0x7f), 6 BAR size bytes (size = 2^(b % 40) bytes, 0xff = none). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cocoon/pci.h>

#include "../../drivers/pci/pci_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int kprintf(const char *fmt, ...);
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* drivers/pci/tdisp.c is not linked: no device here is ever a bound TDI */
void pci_tdisp_stop(struct pci_dev *d)
{
	(void)d;
}

bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	return size && phys + size > phys;
}

#define NFAKE 4
#define WIN_BASE 0x40000000ull
#define WIN_SIZE 0x1000000ull

struct fdev {
	bool present;
	uint8_t cfg[4096];
	uint64_t bar_size[6];
};
static struct fdev fake[NFAKE];

static uint32_t fake_read(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			  unsigned size)
{
	struct fdev *f = &fake[(devfn >> 3) % NFAKE];
	uint32_t v = 0;

	(void)h;
	if (off + size > sizeof(f->cfg) || (off & (size - 1)))
		abort(); /* the driver must stay inside (extended) config space, aligned */
	if (bus || (devfn & 7) || (devfn >> 3) >= NFAKE || !f->present)
		return 0xffffffffu;
	memcpy(&v, f->cfg + off, size);
	return v;
}

static void fake_write(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
		       unsigned size, uint32_t val)
{
	struct fdev *f = &fake[(devfn >> 3) % NFAKE];

	(void)h;
	if (off + size > sizeof(f->cfg) || (off & (size - 1)))
		abort();
	if (bus || (devfn & 7) || (devfn >> 3) >= NFAKE || !f->present)
		return;
	if (off >= 0x10 && off < 0x28 && size == 4) {
		unsigned i = (off - 0x10) / 4;
		uint32_t flags;
		uint64_t sz = f->bar_size[i];

		if (i > 0 && (f->cfg[0x10 + 4 * (i - 1)] & 7) == 4 && f->bar_size[i - 1]) {
			val &= (uint32_t)(~(f->bar_size[i - 1] - 1) >> 32);
		} else if (sz) {
			memcpy(&flags, f->cfg + off, 4);
			val = (val & (uint32_t)~(sz - 1) & ~0xfu) | (flags & 0xf);
		} else {
			val = 0;
		}
	}
	memcpy(f->cfg + off, &val, size);
}

static const struct pci_cfg_ops fake_ops = { "fake", fake_read, fake_write };

int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	(void)fdt, (void)max;
	memset(&hosts[0], 0, sizeof(hosts[0]));
	hosts[0].ops = &fake_ops;
	hosts[0].fdt_node = -1;
	hosts[0].mem32 = (struct pci_window){ WIN_BASE, WIN_BASE, WIN_SIZE, WIN_BASE };
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t empty[256];
	unsigned nf = 0;
	int n;

	memset(fake, 0, sizeof(fake));
	while (size >= 134 && nf < NFAKE) {
		struct fdev *f = &fake[nf++];

		f->present = true;
		memcpy(f->cfg, data, 64);
		memcpy(f->cfg + 0x40, data + 64, 64);
		if (f->cfg[0] == 0xff && f->cfg[1] == 0xff)
			f->cfg[0] = 0; /* vendor 0xffff = absent: keep it present */
		for (int i = 0; i < 6; i++)
			f->bar_size[i] = data[128 + i] == 0xff ? 0 : 1ull << (data[128 + i] % 40);
		data += 134;
		size -= 134;
	}
	if (fdt_create_empty_tree(empty, sizeof(empty)))
		return 0;
	n = pci_init(empty);
	if (n < 0)
		return 0;
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);

		for (unsigned b = 0; b < 6; b++) {
			const struct pci_bar *x = &d->bar[b];

			if (!x->cpu || x->io)
				continue;
			if (x->size == 0 || x->size & (x->size - 1) || x->cpu % x->size ||
			    x->cpu < WIN_BASE || x->cpu + x->size > WIN_BASE + WIN_SIZE)
				abort();
			for (unsigned j = 0; j <= i; j++)
				for (unsigned c = 0; c < 6; c++) {
					const struct pci_bar *y = &pci_get(j)->bar[c];

					if ((j == i && c == b) || !y->cpu || y->io)
						continue;
					if (x->cpu < y->cpu + y->size && y->cpu < x->cpu + x->size) {
						fprintf(stderr, "overlap: %u/%u %llx+%llx, %u/%u %llx+%llx\n",
							i, b, (unsigned long long)x->cpu,
							(unsigned long long)x->size, j, c,
							(unsigned long long)y->cpu,
							(unsigned long long)y->size);
						abort();
					}
				}
		}
		for (unsigned id = 0; id < 0x20; id++) {
			unsigned pos = 0;

			for (int k = 0; k < 64 && (pos = pci_find_cap(d, (uint8_t)id, pos)); k++)
				;
		}
		pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
	}
	return 0;
}
