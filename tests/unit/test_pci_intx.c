/* Host tests of INTx routing through a host bridge's interrupt-map
 * (drivers/pci/pci_intx.c), on device trees built here, including damaged
 * ones: every cell count and phandle is checked before use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <cocoon/pci.h>

static uint8_t blob[8192];

/* A GIC-like parent (#address-cells 2, #interrupt-cells 3, phandle 1), a
 * PLIC-like one (no #address-cells, #interrupt-cells 1, phandle 2) and a
 * bridge whose map has `nmap` cells of `map`. */
static int build(const uint32_t *map, int nmap, bool with_mask, int gic_icells)
{
	uint32_t be[64];
	uint32_t mask[4] = { cpu_to_fdt32(0x1800), 0, 0, cpu_to_fdt32(7) };
	int bridge;

	for (int i = 0; i < nmap; i++)
		be[i] = cpu_to_fdt32(map[i]);
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	fdt_begin_node(blob, "");
	fdt_begin_node(blob, "gic");
	fdt_property_u32(blob, "#address-cells", 2);
	if (gic_icells)
		fdt_property_u32(blob, "#interrupt-cells", (uint32_t)gic_icells);
	fdt_property_u32(blob, "phandle", 1);
	fdt_end_node(blob);
	fdt_begin_node(blob, "plic");
	fdt_property_u32(blob, "#interrupt-cells", 1);
	fdt_property_u32(blob, "phandle", 2);
	fdt_end_node(blob);
	fdt_begin_node(blob, "pci");
	fdt_property_u32(blob, "#address-cells", 3);
	fdt_property_u32(blob, "#interrupt-cells", 1);
	if (with_mask)
		fdt_property(blob, "interrupt-map-mask", mask, sizeof(mask));
	fdt_property(blob, "interrupt-map", be, (int)(nmap * 4));
	fdt_end_node(blob);
	fdt_end_node(blob);
	assert_int_equal(fdt_finish(blob), 0);
	bridge = fdt_path_offset(blob, "/pci");
	assert_true(bridge >= 0);
	return bridge;
}

static struct pci_host host;
static struct pci_dev dev;

static void at(int bridge, unsigned slot, unsigned pin)
{
	host.fdt_node = bridge;
	memset(&dev, 0, sizeof(dev));
	dev.host = &host;
	dev.dev = (uint8_t)slot;
	dev.irq_pin = (uint8_t)pin;
}

/* slot 0 pin A -> GIC SPI 3, slot 1 pin A -> PLIC 33 */
static const uint32_t good[] = {
	0x0000, 0, 0, 1, 1, 0, 0, 0, 3, 4,
	0x0800, 0, 0, 1, 2, 33,
};

static void routes_through_gic_and_plic(void **state)
{
	struct pci_irq irq;
	(void)state;
	at(build(good, 16, true, 3), 0, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), 0);
	assert_int_equal(irq.phandle, 1);
	assert_int_equal(irq.cells, 3);
	assert_int_equal(irq.spec[1], 3);
	assert_int_equal(irq.spec[2], 4);
	at(fdt_path_offset(blob, "/pci"), 1, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), 0);
	assert_int_equal(irq.phandle, 2);
	assert_int_equal(irq.cells, 1);
	assert_int_equal(irq.spec[0], 33);
}

static void mask_folds_slots(void **state)
{
	struct pci_irq irq;
	(void)state;
	/* slot 4 = 0x2000: masked by 0x1800 to slot 0 */
	at(build(good, 16, true, 3), 4, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), 0);
	assert_int_equal(irq.phandle, 1);
	/* without a mask slot 4 matches nothing */
	at(build(good, 16, false, 3), 4, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

static void no_pin_or_no_entry(void **state)
{
	struct pci_irq irq;
	(void)state;
	at(build(good, 16, true, 3), 0, 0);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1); /* no pin */
	at(fdt_path_offset(blob, "/pci"), 0, 5);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1); /* pin E does not exist */
	at(fdt_path_offset(blob, "/pci"), 1, 2);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1); /* pin B not mapped */
}

static void truncated_map(void **state)
{
	struct pci_irq irq;
	(void)state;
	/* the second (matching) entry lost its specifier cell */
	at(build(good, 15, true, 3), 1, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

static void unknown_phandle(void **state)
{
	static const uint32_t bad[] = { 0x0000, 0, 0, 1, 9, 0, 0, 0, 3, 4 };
	struct pci_irq irq;
	(void)state;
	at(build(bad, 10, true, 3), 0, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

static void parent_without_interrupt_cells(void **state)
{
	struct pci_irq irq;
	(void)state;
	at(build(good, 16, true, 0), 0, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

static void parent_with_too_many_cells(void **state)
{
	struct pci_irq irq;
	(void)state;
	at(build(good, 16, true, 9), 0, 1);
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

static void swizzle_behind_bridge(void **state)
{
	static const uint32_t map[] = { 0x0000, 0, 0, 2, 2, 40 }; /* slot 0 pin B */
	struct pci_dev bridge;
	struct pci_irq irq;
	(void)state;
	at(build(map, 6, true, 3), 0, 0);
	bridge = dev; /* bus 0 slot 0 */
	at(fdt_path_offset(blob, "/pci"), 1, 1); /* slot 1 pin A on the bus behind */
	dev.bus = 1;
	dev.parent = &bridge;
	assert_int_equal(pci_intx_route(blob, &dev, &irq), 0);
	assert_int_equal(irq.spec[0], 40); /* (1 - 1 + 1) % 4 + 1 = pin B at the bridge */
	dev.dev = 0; /* slot 0 behind the bridge keeps pin A: not mapped */
	assert_int_equal(pci_intx_route(blob, &dev, &irq), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_through_gic_and_plic),
		cmocka_unit_test(mask_folds_slots),
		cmocka_unit_test(no_pin_or_no_entry),
		cmocka_unit_test(truncated_map),
		cmocka_unit_test(unknown_phandle),
		cmocka_unit_test(parent_without_interrupt_cells),
		cmocka_unit_test(parent_with_too_many_cells),
		cmocka_unit_test(swizzle_behind_bridge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
