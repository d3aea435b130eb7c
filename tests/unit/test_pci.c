/* Host tests of drivers/pci: the ECAM host bridge node (damaged in every
 * field it uses), and enumeration against a fake config space with hostile
 * values (impossible BAR masks, a looping capability list, a bad pin), BAR
 * assignment from the window, and pci_enable's single command write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <cocoon/pci.h>

#include "../../drivers/pci/pci_internal.h"

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* drivers/pci/tdisp.c stand-in: records the order of stop and command writes */
static unsigned tdisp_stops, cmd_writes_at_stop;
static struct fdev *stop_watch;
void pci_tdisp_stop(struct pci_dev *d);

static bool mmio_ok = true;
bool pci_arch_mmio_ok(uint64_t phys, uint64_t size)
{
	(void)phys, (void)size;
	return mmio_ok;
}

/* ---- a fake config space, selected when the tree has no ECAM node ---- */
struct fdev {
	bool present;
	uint8_t cfg[256];
	uint64_t bar_size[6]; /* 0 = not implemented */
	unsigned cmd_writes;
	uint16_t cmd_seen[8];
};
static struct fdev fake[32];

static uint32_t fake_read(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
			  unsigned size)
{
	struct fdev *f = &fake[devfn >> 3];
	uint32_t v = 0;
	(void)h;
	if (bus || (devfn & 7) || !f->present)
		return 0xffffffffu;
	memcpy(&v, f->cfg + off, size);
	return v;
}

static void fake_write(struct pci_host *h, unsigned bus, unsigned devfn, unsigned off,
		       unsigned size, uint32_t val)
{
	struct fdev *f = &fake[devfn >> 3];
	(void)h;
	if (bus || (devfn & 7) || !f->present)
		return;
	if (off >= 0x10 && off < 0x28 && size == 4) {
		unsigned i = (off - 0x10) / 4;
		uint32_t flags;
		uint64_t sz = f->bar_size[i];
		/* the upper half of a 64-bit BAR: its lower neighbour says */
		if (i > 0 && (f->cfg[0x10 + 4 * (i - 1)] & 6) == 4 && f->bar_size[i - 1]) {
			uint64_t s = f->bar_size[i - 1];
			val &= (uint32_t)(~(s - 1) >> 32);
		} else if (sz) {
			memcpy(&flags, f->cfg + off, 4);
			val = (val & (uint32_t)~(sz - 1) & ~0xfu) | (flags & 0xf);
		} else {
			val = 0;
		}
		memcpy(f->cfg + off, &val, 4);
		return;
	}
	if (off == PCI_COMMAND && size == 2 && f->cmd_writes < 8)
		f->cmd_seen[f->cmd_writes++] = (uint16_t)val;
	memcpy(f->cfg + off, &val, size);
}

static const struct pci_cfg_ops fake_ops = { "fake", fake_read, fake_write };

static uint64_t window_size = 0x100000;
int pci_arch_hosts(const void *fdt, struct pci_host *hosts, int max)
{
	(void)fdt, (void)max;
	memset(&hosts[0], 0, sizeof(hosts[0]));
	hosts[0].ops = &fake_ops;
	hosts[0].fdt_node = -1;
	hosts[0].mem32 = (struct pci_window){ 0x40000000, 0x40000000, window_size, 0x40000000 };
	return 1;
}

static void put16(struct fdev *f, unsigned off, uint16_t v) { memcpy(f->cfg + off, &v, 2); }
static void put32(struct fdev *f, unsigned off, uint32_t v) { memcpy(f->cfg + off, &v, 4); }

static struct fdev *add_dev(unsigned slot, uint16_t vendor, uint16_t device)
{
	struct fdev *f = &fake[slot];
	memset(f, 0, sizeof(*f));
	f->present = true;
	put16(f, 0, vendor);
	put16(f, 2, device);
	return f;
}

static uint8_t empty_tree[256];
static const void *no_ecam(void)
{
	assert_int_equal(fdt_create_empty_tree(empty_tree, sizeof(empty_tree)), 0);
	return empty_tree;
}

static void bars_sized_and_assigned(void **state)
{
	struct fdev *f = add_dev(1, 0x1af4, 0x1042);
	struct pci_dev *d;
	(void)state;
	memset(fake, 0, sizeof(fake));
	f = add_dev(1, 0x1af4, 0x1042);
	put32(f, 0x10, 0x0);   /* BAR0: 32-bit, 4 KiB */
	f->bar_size[0] = 0x1000;
	put32(f, 0x18, 0x4);   /* BAR2/3: 64-bit, 16 KiB */
	f->bar_size[2] = 0x4000;
	put32(f, 0x20, 0x1);   /* BAR4: I/O, never assigned */
	f->bar_size[4] = 0x100;
	window_size = 0x100000;
	assert_int_equal(pci_init(no_ecam()), 1);
	d = pci_get(0);
	assert_int_equal(d->bar[0].size, 0x1000);
	assert_int_equal(d->bar[0].cpu, 0x40000000);
	assert_true(d->bar[2].is64);
	assert_int_equal(d->bar[2].size, 0x4000);
	assert_int_equal(d->bar[2].cpu % 0x4000, 0);
	assert_int_equal(d->bar[3].size, 0);   /* the upper half is no BAR */
	assert_true(d->bar[4].io);
	assert_int_equal(d->bar[4].cpu, 0);
}

static void hostile_bar_masks(void **state)
{
	struct fdev *f;
	struct pci_dev *d;
	(void)state;
	memset(fake, 0, sizeof(fake));
	f = add_dev(0, 0x1234, 0x5678);
	put32(f, 0x10, 0x2);          /* reserved memory type (01b) */
	f->bar_size[0] = 0x1000;
	put32(f, 0x14, 0x4);          /* BAR1: 64-bit... */
	f->bar_size[1] = 0x1000;
	put32(f, 0x1c, 0x0);          /* BAR3: writable bits not contiguous (0x3000) */
	f->bar_size[3] = 0x3000;
	put32(f, 0x24, 0x4);          /* BAR5 claims 64 bits: no upper half exists */
	f->bar_size[5] = 0x1000;
	assert_int_equal(pci_init(no_ecam()), 1);
	d = pci_get(0);
	assert_int_equal(d->bar[0].size, 0);
	assert_int_equal(d->bar[0].cpu, 0);
	assert_int_equal(d->bar[1].size, 0x1000);
	assert_int_equal(d->bar[3].size, 0);
	assert_int_equal(d->bar[3].cpu, 0);
	assert_int_equal(d->bar[5].size, 0);
}

/* Firmware-placed BARs are kept only where they overlap nothing already
 * placed (regression: fuzz_pci_enum, corpus regress-firmware-bar-overlap). */
static void firmware_bars_overlapping(void **state)
{
	struct fdev *f;
	struct pci_dev *a, *b;
	(void)state;
	memset(fake, 0, sizeof(fake));
	window_size = 0x100000;
	f = add_dev(0, 0x1234, 1);
	put32(f, 0x10, 0x40002000); /* firmware put BAR0 here */
	f->bar_size[0] = 0x1000;
	put32(f, 0x14, 0x40002000); /* ... and BAR1 on top of it */
	f->bar_size[1] = 0x1000;
	f = add_dev(1, 0x1234, 2);
	put32(f, 0x10, 0x40002000); /* another function at the same address */
	f->bar_size[0] = 0x1000;
	assert_int_equal(pci_init(no_ecam()), 2);
	a = pci_get(0);
	b = pci_get(1);
	assert_int_equal(a->bar[0].cpu, 0x40002000);
	assert_true(a->bar[1].cpu && a->bar[1].cpu != 0x40002000);
	assert_true(b->bar[0].cpu && b->bar[0].cpu != 0x40002000 &&
		    b->bar[0].cpu != a->bar[1].cpu);
}

static void window_exhausted(void **state)
{
	struct fdev *f;
	(void)state;
	memset(fake, 0, sizeof(fake));
	f = add_dev(0, 0x1234, 1);
	put32(f, 0x10, 0);
	f->bar_size[0] = 0x200000; /* 2 MiB in a 1 MiB window */
	window_size = 0x100000;
	assert_int_equal(pci_init(no_ecam()), 1);
	assert_int_equal(pci_get(0)->bar[0].size, 0x200000);
	assert_int_equal(pci_get(0)->bar[0].cpu, 0); /* left unassigned, not overlapping */
}

static void capability_loop_and_bad_pin(void **state)
{
	struct fdev *f;
	struct pci_dev *d;
	(void)state;
	memset(fake, 0, sizeof(fake));
	f = add_dev(2, 0x1234, 2);
	put16(f, PCI_STATUS, PCI_STATUS_CAP_LIST);
	f->cfg[PCI_CAP_PTR] = 0x40;
	f->cfg[0x40] = 0x05; f->cfg[0x41] = 0x50; /* MSI -> 0x50 */
	f->cfg[0x50] = 0x11; f->cfg[0x51] = 0x40; /* MSI-X -> back to 0x40 */
	f->cfg[PCI_INTERRUPT_PIN] = 9;
	assert_int_equal(pci_init(no_ecam()), 1);
	d = pci_get(0);
	assert_int_equal(pci_find_cap(d, 0x11, 0), 0x50);
	assert_int_equal(pci_find_cap(d, PCI_CAP_ID_VNDR, 0), 0); /* loop ends, not hangs */
	f->cfg[0x41] = 0x3c; /* a pointer into the header */
	assert_int_equal(pci_find_cap(d, 0x11, 0), 0);
	assert_int_equal(d->irq_pin, 0);
}

static void enable_is_one_write(void **state)
{
	struct fdev *f;
	struct pci_dev *d;
	uint16_t cmd;
	(void)state;
	memset(fake, 0, sizeof(fake));
	f = add_dev(3, 0x1234, 3);
	put16(f, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_INTX_DISABLE);
	assert_int_equal(pci_init(no_ecam()), 1);
	d = pci_get(0);
	f->cmd_writes = 0;
	cmd = pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
	assert_int_equal(f->cmd_writes, 1);
	assert_int_equal(f->cmd_seen[0],
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	assert_int_equal(cmd, f->cmd_seen[0]);
	f->cmd_writes = 0;
	pci_enable(d, 0);
	assert_int_equal(f->cmd_writes, 1);
	assert_int_equal(f->cmd_seen[0], PCI_COMMAND_INTX_DISABLE);
	/* a locked TDISP interface: enabling keeps it, anything less stops it
	 * before the command write that clears BME */
	d->tdi_active = true;
	stop_watch = f;
	f->cmd_writes = 0;
	pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
	assert_int_equal(tdisp_stops, 0);
	pci_enable(d, PCI_ENABLE_TARGET);
	assert_int_equal(tdisp_stops, 1);
	assert_int_equal(cmd_writes_at_stop, 1); /* only the enable went before */
	assert_int_equal(f->cmd_writes, 2);
	assert_false(d->tdi_active);
	stop_watch = NULL;
}

void pci_tdisp_stop(struct pci_dev *d)
{
	tdisp_stops++;
	cmd_writes_at_stop = stop_watch ? stop_watch->cmd_writes : 0;
	d->tdi_active = false;
}

/* ---- ECAM host bridge nodes ---- */
static uint8_t tree[4096];

struct ecam_node {
	uint32_t reg[4];
	int reglen;
	uint32_t bus_range[2];
	int brlen;
	uint32_t ranges[7];
	int rlen;
};

static int ecam_from(const struct ecam_node *n, struct pci_host *h)
{
	uint32_t be[8];
	fdt_create(tree, sizeof(tree));
	fdt_finish_reservemap(tree);
	fdt_begin_node(tree, "");
	fdt_property_u32(tree, "#address-cells", 2);
	fdt_property_u32(tree, "#size-cells", 2);
	fdt_begin_node(tree, "pci");
	fdt_property_string(tree, "compatible", "pci-host-ecam-generic");
	for (int i = 0; i < n->reglen; i++)
		be[i] = cpu_to_fdt32(n->reg[i]);
	fdt_property(tree, "reg", be, n->reglen * 4);
	if (n->brlen) {
		for (int i = 0; i < n->brlen; i++)
			be[i] = cpu_to_fdt32(n->bus_range[i]);
		fdt_property(tree, "bus-range", be, n->brlen * 4);
	}
	for (int i = 0; i < n->rlen; i++)
		be[i] = cpu_to_fdt32(n->ranges[i]);
	fdt_property(tree, "ranges", be, n->rlen * 4);
	fdt_end_node(tree);
	fdt_end_node(tree);
	fdt_finish(tree);
	return pci_ecam_hosts(tree, h, 1);
}

static const struct ecam_node good_node = {
	{ 0, 0x30000000, 0, 0x10000000 }, 4, { 0, 0xff }, 2,
	{ 0x02000000, 0, 0x40000000, 0, 0x40000000, 0, 0x40000000 }, 7,
};

static void ecam_good(void **state)
{
	struct pci_host h;
	struct ecam_node n = good_node;
	(void)state;
	assert_int_equal(ecam_from(&n, &h), 1);
	assert_int_equal(h.ecam, 0x30000000);
	assert_int_equal(h.bus_end, 255);
	assert_int_equal(h.mem32.cpu, 0x40000000);
	assert_int_equal(h.mem32.size, 0x40000000);
	n.reg[3] = 0x400000; /* 4 MiB of ECAM: buses 0-3 only */
	assert_int_equal(ecam_from(&n, &h), 1);
	assert_int_equal(h.bus_end, 3);
}

static void ecam_damaged(void **state)
{
	struct pci_host h;
	struct ecam_node n;
	(void)state;
	n = good_node; n.reglen = 3;                           /* short reg */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.reg[1] = 0x30000800;                  /* unaligned ECAM */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.reg[3] = 0x1000;                      /* less than one bus */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.bus_range[0] = 5; n.bus_range[1] = 2; /* reversed */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.brlen = 1;                            /* malformed bus-range */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.rlen = 6;                             /* ranges not whole entries */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.ranges[2] = 0xf0000000;               /* mem32 window crosses 4 GiB */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.ranges[0] = 0x01000000;               /* only I/O space: no memory */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node; n.ranges[3] = 0xfffff000; n.ranges[4] = 0xffffffff; /* cpu wraps */
	assert_int_equal(ecam_from(&n, &h), -1);
	n = good_node;
	mmio_ok = false;                                       /* not mapped on this arch */
	assert_int_equal(ecam_from(&n, &h), -1);
	mmio_ok = true;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bars_sized_and_assigned),
		cmocka_unit_test(hostile_bar_masks),
		cmocka_unit_test(window_exhausted),
		cmocka_unit_test(firmware_bars_overlapping),
		cmocka_unit_test(capability_loop_and_bad_pin),
		cmocka_unit_test(enable_is_one_write),
		cmocka_unit_test(ecam_good),
		cmocka_unit_test(ecam_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
