/* Host tests of the pseries INTx path's parsing: the PHB's interrupt-map as
 * QEMU's spapr PHB writes it (mask <0xf800 0 0 7>, parent = the interrupt
 * controller with no #address-cells and #interrupt-cells = 2) resolved by
 * drivers/pci/pci_intx.c, then the <source, sense> specifier checked by
 * kernel/arch/ppc64/lsi_spec.c against the negotiated controller. Hostile
 * trees and specifiers: every one is refused with a reason, none crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <cocoon/pci.h>

#include "../../kernel/arch/ppc64/lsi_spec.h"

#define PH_INTC 0x1111
#define PH_OTHER 0x2222
#define LSI_BASE 0x1200 /* what QEMU hands PHB 0's four LSIs */

static uint8_t blob[16384];
static struct intc_node ic;
static struct pci_host host;
static struct pci_dev dev;

struct tree_opts {
	int intc_icells;      /* #interrupt-cells of the controller; 0 = absent */
	int intc_icells_len;  /* its length in bytes (4 = well formed) */
	int ncells;           /* interrupt-map cells kept (truncation) */
	uint32_t sense;       /* sense cell of every entry */
	uint32_t parent;      /* phandle every entry names */
};

/* The tree: / { interrupt-controller (phandle 0x1111), other-intc (0x2222),
 * pci { interrupt-map: 32 slots x 4 pins -> LSI_BASE + (slot + pin) % 4 } } */
static int build(const struct tree_opts *o)
{
	static uint32_t map[32 * 4 * 7];
	uint32_t mask[4] = { cpu_to_fdt32(0xf800), 0, 0, cpu_to_fdt32(7) };
	uint32_t icells = cpu_to_fdt32((uint32_t)o->intc_icells);
	int n = 0;

	for (uint32_t slot = 0; slot < 32; slot++)
		for (uint32_t pin = 0; pin < 4; pin++) {
			map[n++] = cpu_to_fdt32(slot << 11);
			map[n++] = 0;
			map[n++] = 0;
			map[n++] = cpu_to_fdt32(pin + 1);
			map[n++] = cpu_to_fdt32(o->parent);
			map[n++] = cpu_to_fdt32(LSI_BASE + (slot + pin) % 4);
			map[n++] = cpu_to_fdt32(o->sense);
		}
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	fdt_begin_node(blob, "");
	fdt_begin_node(blob, "interrupt-controller");
	fdt_property_string(blob, "compatible", "ibm,power-ivpe");
	fdt_property(blob, "interrupt-controller", "", 0);
	if (o->intc_icells)
		fdt_property(blob, "#interrupt-cells", &icells, o->intc_icells_len);
	fdt_property_u32(blob, "phandle", PH_INTC);
	fdt_end_node(blob);
	fdt_begin_node(blob, "other-intc");
	fdt_property(blob, "interrupt-controller", "", 0);
	fdt_property_u32(blob, "#interrupt-cells", 2);
	fdt_property_u32(blob, "phandle", PH_OTHER);
	fdt_end_node(blob);
	fdt_begin_node(blob, "pci");
	fdt_property_u32(blob, "#address-cells", 3);
	fdt_property_u32(blob, "#interrupt-cells", 1);
	fdt_property(blob, "interrupt-map-mask", mask, sizeof(mask));
	fdt_property(blob, "interrupt-map", map, o->ncells * 4);
	fdt_end_node(blob);
	fdt_end_node(blob);
	assert_int_equal(fdt_finish(blob), 0);

	memset(&ic, 0, sizeof(ic));
	ic.offset = fdt_path_offset(blob, "/interrupt-controller");
	ic.xive = true;
	ic.lisn_base = 0;
	ic.lisn_count = 0x1000; /* QEMU: the IPI LISNs sit below the device ones */
	assert_true(ic.offset > 0);
	host.fdt_node = fdt_path_offset(blob, "/pci");
	assert_true(host.fdt_node >= 0);
	return 0;
}

static const struct tree_opts qemu_like = {
	.intc_icells = 2, .intc_icells_len = 4, .ncells = 32 * 4 * 7,
	.sense = LSI_SENSE_LEVEL, .parent = PH_INTC,
};

static void at(unsigned slot, unsigned pin)
{
	memset(&dev, 0, sizeof(dev));
	dev.host = &host;
	dev.dev = (uint8_t)slot;
	dev.irq_pin = (uint8_t)pin;
}

/* route + decode: the source number, or -1 */
static long lsi_of(unsigned slot, unsigned pin, const char **why)
{
	struct pci_irq irq;
	uint32_t hwirq = 0xdeadbeef;

	*why = "no interrupt-map entry";
	at(slot, pin);
	if (pci_intx_route(blob, &dev, &irq))
		return -1;
	if (lsi_spec_decode(blob, &irq, &ic, &hwirq, why)) {
		assert_non_null(*why);
		assert_int_equal(hwirq, 0xdeadbeef); /* nothing written on refusal */
		return -1;
	}
	return hwirq;
}

static void qemu_map_resolves_swizzled_lsis(void **state)
{
	const char *why;
	(void)state;
	build(&qemu_like);
	for (unsigned slot = 0; slot < 32; slot++)
		for (unsigned pin = 1; pin <= 4; pin++)
			assert_int_equal(lsi_of(slot, pin, &why), LSI_BASE + (slot + pin - 1) % 4);
	ic.xive = false; /* the same map under XICS: same numbers */
	assert_int_equal(lsi_of(2, 1, &why), LSI_BASE + 2);
}

static void edge_sense_refused(void **state)
{
	struct tree_opts o = qemu_like;
	const char *why;
	(void)state;
	for (uint32_t sense = 0; sense < 16; sense++) {
		if (sense == LSI_SENSE_LEVEL)
			continue;
		o.sense = sense;
		build(&o);
		assert_int_equal(lsi_of(0, 1, &why), -1);
		assert_non_null(strstr(why, "sense"));
	}
}

static void wrong_controller_refused(void **state)
{
	struct tree_opts o = qemu_like;
	const char *why;
	(void)state;
	/* a well-formed controller, but not the one CAS negotiated */
	o.parent = PH_OTHER;
	build(&o);
	assert_int_equal(lsi_of(0, 1, &why), -1);
	assert_non_null(strstr(why, "not the negotiated"));
	/* no controller running at all */
	build(&qemu_like);
	{
		struct pci_irq irq = { .phandle = PH_INTC, .cells = 2, .spec = { 0x1200, 1 } };
		uint32_t hw;

		assert_int_equal(lsi_spec_decode(blob, &irq, NULL, &hw, &why), -1);
		ic.offset = 0;
		assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
		ic.offset = -1;
		assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	}
}

static void unknown_phandle_refused(void **state)
{
	static const uint32_t phandles[] = { 0, 1, 0x1112, 0xffffffffu };
	struct pci_irq irq = { .cells = 2, .spec = { 0x1200, 1 } };
	const char *why;
	uint32_t hw;
	(void)state;
	build(&qemu_like);
	for (size_t i = 0; i < sizeof(phandles) / sizeof(phandles[0]); i++) {
		irq.phandle = phandles[i];
		assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	}
}

static void cell_counts_checked(void **state)
{
	struct tree_opts o = qemu_like;
	struct pci_irq irq = { .phandle = PH_INTC, .cells = 2, .spec = { 0x1200, 1 } };
	const char *why;
	uint32_t hw;
	(void)state;
	/* the controller's #interrupt-cells: 1, 3, absent, or not one cell long */
	o.intc_icells = 1;
	build(&o);
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	o.intc_icells = 3;
	build(&o);
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	o.intc_icells = 0;
	build(&o);
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	o.intc_icells = 2;
	o.intc_icells_len = 2;
	build(&o);
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	/* the specifier's own count disagreeing with a good controller */
	build(&qemu_like);
	for (int cells = 0; cells <= PCI_IRQ_MAX_CELLS; cells++) {
		irq.cells = cells;
		assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), cells == 2 ? 0 : -1);
	}
}

static void truncated_map_refused(void **state)
{
	struct tree_opts o = qemu_like;
	const char *why;
	(void)state;
	/* cut inside the entry of slot 0 pin A: its sense cell is gone */
	for (int cut = 1; cut < 7; cut++) {
		o.ncells = cut;
		build(&o);
		assert_int_equal(lsi_of(0, 1, &why), -1);
	}
	/* cut after the first entry: later slots have no entry */
	o.ncells = 7;
	build(&o);
	assert_int_equal(lsi_of(0, 1, &why), LSI_BASE);
	assert_int_equal(lsi_of(1, 1, &why), -1);
}

static void xive_ipi_range_and_width(void **state)
{
	struct pci_irq irq = { .phandle = PH_INTC, .cells = 2, .spec = { 0, 1 } };
	const char *why;
	uint32_t hw;
	(void)state;
	build(&qemu_like);
	/* [0, 0x1000) are the IPIs: never a device's line */
	irq.spec[0] = 0;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	assert_non_null(strstr(why, "IPI"));
	irq.spec[0] = 0xfff;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	irq.spec[0] = 0x1000;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), 0);
	assert_int_equal(hw, 0x1000);
	/* an IPI range at the very top of the number space: no wrap-around */
	ic.lisn_base = 0xfffffff0u;
	ic.lisn_count = 0x10;
	irq.spec[0] = 0xfffffff8u;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	irq.spec[0] = 5;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), 0);
	/* the EISN is 31 bits */
	ic.lisn_base = 0;
	ic.lisn_count = 1;
	irq.spec[0] = 0x80000000u;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), -1);
	irq.spec[0] = 0x7fffffffu;
	assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), 0);
}

static void xics_numbers(void **state)
{
	static const struct {
		uint32_t n;
		int rc;
	} cases[] = {
		{ 0, -1 },          /* XISR 0: nothing pending */
		{ LSI_XICS_IPI, -1 }, /* the IPI */
		{ 1, 0 },
		{ 3, 0 },
		{ 0x1200, 0 },
		{ 0xffffff, 0 },
		{ 0x1000000, -1 },  /* wider than the XISR */
		{ 0xffffffffu, -1 },
	};
	struct pci_irq irq = { .phandle = PH_INTC, .cells = 2, .spec = { 0, 1 } };
	const char *why;
	uint32_t hw;
	(void)state;
	build(&qemu_like);
	ic.xive = false;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		irq.spec[0] = cases[i].n;
		assert_int_equal(lsi_spec_decode(blob, &irq, &ic, &hw, &why), cases[i].rc);
	}
}

/* Arbitrary specifiers (a fixed xorshift sequence): a success must satisfy
 * every rule, a refusal must say why. */
static void arbitrary_specifiers(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	(void)state;
	build(&qemu_like);
	for (int i = 0; i < 20000; i++) {
		struct pci_irq irq;
		const char *why;
		uint32_t hw = 0;
		int rc;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		irq.phandle = (x & 1) ? PH_INTC : (uint32_t)(x >> 8);
		irq.cells = (int)((x >> 1) % (PCI_IRQ_MAX_CELLS + 1));
		irq.spec[0] = (uint32_t)(x >> 16);
		irq.spec[1] = (x & 2) ? 1 : (uint32_t)(x >> 40);
		irq.spec[2] = irq.spec[3] = (uint32_t)x;
		ic.xive = (x >> 3) & 1;
		rc = lsi_spec_decode(blob, &irq, &ic, &hw, &why);
		if (rc == 0) {
			assert_int_equal(irq.phandle, PH_INTC);
			assert_int_equal(irq.cells, 2);
			assert_int_equal(irq.spec[1], 1);
			assert_int_equal(hw, irq.spec[0]);
			if (ic.xive)
				assert_true(hw >= 0x1000 && hw <= 0x7fffffffu);
			else
				assert_true(hw != 0 && hw != LSI_XICS_IPI && hw <= LSI_XICS_MAX);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(why);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_map_resolves_swizzled_lsis),
		cmocka_unit_test(edge_sense_refused),
		cmocka_unit_test(wrong_controller_refused),
		cmocka_unit_test(unknown_phandle_refused),
		cmocka_unit_test(cell_counts_checked),
		cmocka_unit_test(truncated_map_refused),
		cmocka_unit_test(xive_ipi_range_and_width),
		cmocka_unit_test(xics_numbers),
		cmocka_unit_test(arbitrary_specifiers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
