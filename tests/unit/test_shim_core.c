/* Host tests of the arch-neutral shim core: guest-RAM range checks
 * (shim/core/guest_mem.c) and the device-tree building helpers
 * (shim/core/fdt_build.c) every shim uses to derive its guest's tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "../../shim/include/shim/shim.h"

static void ram_ranges(void **state)
{
	(void)state;
	guest_ram_set(0x40000000, 0x1fc00000, 0x40400000);
	assert_true(guest_ipa_range_ok(0x40000000, 0));
	assert_true(guest_ipa_range_ok(0x40000000, 0x1fc00000));
	assert_false(guest_ipa_range_ok(0x40000000, 0x1fc00001));
	assert_true(guest_ipa_range_ok(0x5fbffffc, 4));
	assert_false(guest_ipa_range_ok(0x5fbffffd, 4));
	assert_false(guest_ipa_range_ok(0x5fc00000, 0));
	assert_false(guest_ipa_range_ok(0x3fffffff, 1));
	assert_false(guest_ipa_range_ok(0, 0));
	/* no wrap-around */
	assert_false(guest_ipa_range_ok(0x40001000, UINT64_MAX));
	assert_false(guest_ipa_range_ok(UINT64_MAX, 2));
	assert_int_equal(guest_ipa_to_pa(0x40200000), 0x40600000);
	assert_int_equal(guest_ram_get()->size, 0x1fc00000);
}

/* a QEMU-virt-like tree: root 2/2 cells, one memory node, /psci smc, /chosen */
static void make_platform_tree(void *buf, int size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(0x40000000), cpu_to_fdt64(0x20000000) };
	int node;

	assert_int_equal(fdt_create_empty_tree(buf, size), 0);
	assert_int_equal(fdt_setprop_u32(buf, 0, "#address-cells", 2), 0);
	assert_int_equal(fdt_setprop_u32(buf, 0, "#size-cells", 2), 0);
	node = fdt_add_subnode(buf, 0, "memory@40000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(buf, node, "device_type", "memory"), 0);
	assert_int_equal(fdt_setprop(buf, node, "reg", reg, sizeof(reg)), 0);
	node = fdt_add_subnode(buf, 0, "psci");
	assert_int_equal(fdt_setprop_string(buf, node, "method", "smc"), 0);
	node = fdt_add_subnode(buf, 0, "chosen");
	assert_int_equal(fdt_setprop_string(buf, node, "bootargs", "ktest=sdei"), 0);
	assert_int_equal(fdt_pack(buf), 0);
}

static void guest_tree(void **state)
{
	static char src[4096], dst[8192];
	uint64_t base, size;
	const char *s;
	int node, n = 0;

	(void)state;
	make_platform_tree(src, sizeof(src));
	assert_int_equal(shim_fdt_check(src, sizeof(src)), 0);
	assert_int_equal(shim_fdt_first_memory(src, &base, &size), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(size, 0x20000000);

	assert_int_equal(shim_fdt_copy(dst, sizeof(dst), src), 0);
	assert_int_equal(shim_fdt_set_memory(dst, 0x40000000, 0x1fc00000), 0);
	assert_int_equal(shim_fdt_set_string(dst, "/psci", "method", "hvc"), 0);
	assert_int_equal(shim_fdt_set_string(dst, "/firmware/sdei", "compatible", "arm,sdei-1.0"), 0);
	assert_int_equal(shim_fdt_set_string(dst, "/firmware/sdei", "method", "hvc"), 0);
	assert_true(shim_fdt_finish(dst) > 0);
	assert_int_equal(shim_fdt_check(dst, sizeof(dst)), 0);

	assert_int_equal(shim_fdt_first_memory(dst, &base, &size), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(size, 0x1fc00000);
	fdt_for_each_subnode(node, dst, 0) {
		s = fdt_getprop(dst, node, "device_type", NULL);
		n += s && !strcmp(s, "memory");
	}
	assert_int_equal(n, 1);
	assert_true(fdt_path_offset(dst, "/memory@40000000") >= 0);
	assert_string_equal(fdt_getprop(dst, fdt_path_offset(dst, "/psci"), "method", NULL), "hvc");
	node = fdt_node_offset_by_compatible(dst, -1, "arm,sdei-1.0");
	assert_true(node >= 0);
	assert_int_equal(node, fdt_path_offset(dst, "/firmware/sdei"));
	assert_string_equal(fdt_getprop(dst, node, "method", NULL), "hvc");
	assert_string_equal(fdt_getprop(dst, fdt_path_offset(dst, "/chosen"), "bootargs", NULL),
			    "ktest=sdei");
	/* an existing node is reused, not duplicated */
	assert_int_equal(shim_fdt_node(dst, "/firmware/sdei"), node);
	assert_true(shim_fdt_node(dst, "relative") < 0);
}

static void hostile_trees(void **state)
{
	static char src[4096], dst[256];
	uint64_t base, size;
	int node;

	(void)state;
	assert_true(shim_fdt_check(NULL, 100) < 0);
	make_platform_tree(src, sizeof(src));
	assert_true(shim_fdt_check(src, 16) < 0); /* larger than allowed */
	memset(src + fdt_off_dt_struct(src) + 4, 0xee, 8); /* damaged structure */
	assert_true(shim_fdt_check(src, sizeof(src)) < 0);
	/* no room to copy into */
	make_platform_tree(src, sizeof(src));
	assert_true(shim_fdt_copy(dst, 16, src) < 0);
	/* 1-cell addresses are refused, not misread */
	assert_int_equal(fdt_setprop_u32(src, 0, "#address-cells", 1), 0);
	assert_int_equal(shim_fdt_first_memory(src, &base, &size), -FDT_ERR_BADNCELLS);
	/* a memory node whose range wraps */
	make_platform_tree(src, sizeof(src));
	{
		fdt64_t reg[2] = { cpu_to_fdt64(0xffffffff00000000ull), cpu_to_fdt64(1ull << 33) };

		node = fdt_path_offset(src, "/memory@40000000");
		assert_int_equal(fdt_setprop_inplace(src, node, "reg", reg, sizeof(reg)), 0);
	}
	assert_int_equal(shim_fdt_first_memory(src, &base, &size), -FDT_ERR_BADVALUE);
	/* a short reg */
	make_platform_tree(src, sizeof(src));
	node = fdt_path_offset(src, "/memory@40000000");
	assert_int_equal(fdt_open_into(src, src, sizeof(src)), 0);
	assert_int_equal(fdt_setprop_u32(src, node, "reg", 7), 0);
	assert_int_equal(shim_fdt_first_memory(src, &base, &size), -FDT_ERR_BADVALUE);
	assert_string_equal(shim_fdt_strerror(-FDT_ERR_BADVALUE), "FDT_ERR_BADVALUE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ram_ranges),
		cmocka_unit_test(guest_tree),
		cmocka_unit_test(hostile_trees),
	};
	return cmocka_run_group_tests_name("shim_core", tests, NULL, NULL);
}
