/* Host tests of the device-tree validator and boot-information parser with
 * trees built here: well-formed ones, and each kind of damage a hostile host
 * could hand over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/fdt_check.h>

#define BUF 8192

struct tree_opts {
	bool no_chosen, no_memory;
	uint64_t mem_base, mem_size;
	int size_cells;
	const char *bootargs;
	int extra_rsv; /* memreserve entries after the first */
};

static void *build_tree(const struct tree_opts *o)
{
	void *fdt = malloc(BUF);
	int sc = o->size_cells ? o->size_cells : 2;

	assert_int_equal(fdt_create(fdt, BUF), 0);
	assert_int_equal(fdt_add_reservemap_entry(fdt, 0x1000, 0x1000), 0);
	for (int i = 0; i < o->extra_rsv; i++)
		assert_int_equal(fdt_add_reservemap_entry(fdt, 0x100000 + 0x1000 * (uint64_t)i, 0x1000), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", (uint32_t)sc), 0);
	assert_int_equal(fdt_property_string(fdt, "model", "test,board"), 0);
	assert_int_equal(fdt_property_string(fdt, "compatible", "test,board"), 0);
	if (!o->no_chosen) {
		assert_int_equal(fdt_begin_node(fdt, "chosen"), 0);
		if (o->bootargs)
			assert_int_equal(fdt_property_string(fdt, "bootargs", o->bootargs), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	if (!o->no_memory) {
		fdt32_t reg[4];
		int n = 0;
		assert_int_equal(fdt_begin_node(fdt, "memory@80000000"), 0);
		assert_int_equal(fdt_property_string(fdt, "device_type", "memory"), 0);
		reg[n++] = cpu_to_fdt32((uint32_t)(o->mem_base >> 32));
		reg[n++] = cpu_to_fdt32((uint32_t)o->mem_base);
		if (sc == 2)
			reg[n++] = cpu_to_fdt32((uint32_t)(o->mem_size >> 32));
		reg[n++] = cpu_to_fdt32((uint32_t)o->mem_size);
		assert_int_equal(fdt_property(fdt, "reg", reg, n * 4), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_begin_node(fdt, "cpus"), 0);
	for (int i = 0; i < 2; i++) {
		char name[16];
		snprintf(name, sizeof(name), "cpu@%d", i);
		assert_int_equal(fdt_begin_node(fdt, name), 0);
		assert_int_equal(fdt_property_string(fdt, "device_type", "cpu"), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	return fdt;
}

static const struct tree_opts good = { .mem_base = 0x80000000, .mem_size = 0x10000000,
				       .bootargs = "console=x ktest=boot" };

static void valid_tree(void **state)
{
	struct bootinfo bi;
	char err[128];
	void *fdt = build_tree(&good);
	(void)state;
	assert_int_equal(fdt_validate(fdt, BUF, NULL), 0);
	assert_int_equal(bootinfo_parse(&bi, fdt, err, sizeof(err)), 0);
	assert_string_equal(bi.model, "test,board");
	assert_string_equal(bi.bootargs, "console=x ktest=boot");
	assert_int_equal(bi.nmem, 1);
	assert_int_equal(bi.mem_total, 0x10000000);
	assert_int_equal(bi.ncpus, 2);
	assert_int_equal(bi.nrsv, 1);
	assert_int_equal(bootinfo_find_mem(&bi, 0x80200000, 0x1000), 0);
	assert_int_equal(bootinfo_find_mem(&bi, 0x8ffff000, 0x2000), -1);
	assert_int_equal(bootinfo_find_mem(&bi, 0x7ffff000, 0x1000), -1);
	free(fdt);
}

static void expect_invalid(void *fdt, size_t max)
{
	const char *why = NULL;
	assert_true(fdt_validate(fdt, max, &why) < 0);
	assert_non_null(why);
}

static void structural_damage(void **state)
{
	uint8_t *fdt = build_tree(&good);
	size_t size = fdt_totalsize(fdt);
	uint32_t off_struct = fdt_off_dt_struct(fdt), saved;
	(void)state;

	expect_invalid(NULL, 0);
	expect_invalid(fdt, 8);        /* smaller than a header */
	expect_invalid(fdt, size - 1); /* totalsize larger than the memory given */

	fdt[0] ^= 1;
	expect_invalid(fdt, size);
	fdt[0] ^= 1;

	saved = fdt_size_dt_struct(fdt); /* structure block cut short */
	fdt_set_size_dt_struct(fdt, saved / 2);
	expect_invalid(fdt, size);
	fdt_set_size_dt_struct(fdt, saved);

	fdt[off_struct + 3] = 0x7f; /* unknown token */
	expect_invalid(fdt, size);
	fdt[off_struct + 3] = FDT_BEGIN_NODE;

	saved = fdt_size_dt_strings(fdt); /* names outside the strings block */
	fdt_set_size_dt_strings(fdt, 2);
	expect_invalid(fdt, size);
	fdt_set_size_dt_strings(fdt, saved);

	fdt_set_totalsize(fdt, 0xfffffff0); /* absurd size */
	expect_invalid(fdt, 0);
	fdt_set_totalsize(fdt, (uint32_t)size);

	fdt_set_off_dt_strings(fdt, (uint32_t)size + 16); /* block beyond the blob */
	expect_invalid(fdt, size);
	free(fdt);
}

/* DTSpec 5.1: reserve map 8-byte, structure block 4-byte aligned; off them
 * every token and entry read would be a misaligned access (UBSan aborts). */
static void misaligned_blocks(void **state)
{
	uint8_t *fdt = build_tree(&good);
	uint32_t off_struct = fdt_off_dt_struct(fdt), off_rsv = fdt_off_mem_rsvmap(fdt);
	(void)state;

	fdt_set_off_dt_struct(fdt, off_struct + 2);
	expect_invalid(fdt, 0);
	fdt_set_off_dt_struct(fdt, off_struct);
	fdt_set_off_mem_rsvmap(fdt, off_rsv + 4);
	expect_invalid(fdt, 0);
	fdt_set_off_mem_rsvmap(fdt, off_rsv);
	assert_int_equal(fdt_validate(fdt, 0, NULL), 0);
	free(fdt);
}

static void unbalanced_nodes(void **state)
{
	uint8_t *fdt = build_tree(&good);
	uint32_t off = fdt_off_dt_struct(fdt), end = off + fdt_size_dt_struct(fdt);
	(void)state;
	/* turn the final END_NODE (before FDT_END) into a NOP: the root never closes */
	assert_int_equal(fdt32_to_cpu(*(fdt32_t *)(fdt + end - 4)), FDT_END);
	assert_int_equal(fdt32_to_cpu(*(fdt32_t *)(fdt + end - 8)), FDT_END_NODE);
	*(fdt32_t *)(fdt + end - 8) = cpu_to_fdt32(FDT_NOP);
	expect_invalid(fdt, 0);
	free(fdt);
}

static void deep_nesting(void **state)
{
	void *fdt = malloc(BUF);
	(void)state;
	assert_int_equal(fdt_create(fdt, BUF), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	for (int i = 0; i < FDT_MAX_DEPTH + 2; i++)
		assert_int_equal(fdt_begin_node(fdt, i ? "n" : ""), 0);
	for (int i = 0; i < FDT_MAX_DEPTH + 2; i++)
		assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	expect_invalid(fdt, 0);
	free(fdt);
}

static void expect_parse_error(const struct tree_opts *o, const char *needle)
{
	struct bootinfo bi;
	char err[160] = "";
	void *fdt = build_tree(o);
	assert_int_equal(fdt_validate(fdt, 0, NULL), 0);
	assert_int_equal(bootinfo_parse(&bi, fdt, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	free(fdt);
}

static void semantic_damage(void **state)
{
	struct tree_opts o = good;
	(void)state;
	o.no_chosen = true;
	expect_parse_error(&o, "no /chosen");
	o = good;
	o.no_memory = true;
	expect_parse_error(&o, "no memory node");
	o = good;
	o.mem_size = 0;
	expect_parse_error(&o, "absurd range");
	o = good;
	o.mem_size = 1ull << 62;
	expect_parse_error(&o, "absurd range");
	o = good;
	o.mem_base = UINT64_MAX - 0xfff;
	o.mem_size = 0x2000;
	expect_parse_error(&o, "absurd range");
	o = good;
	o.size_cells = 3;
	expect_parse_error(&o, "unsupported");
}

/* Every reserved range must reach the page allocator: a reserve map we cannot
 * hold whole, or one without its terminating entry, is refused. */
static void reserve_map_damage(void **state)
{
	struct tree_opts o = good;
	struct bootinfo bi;
	char err[160] = "";
	uint8_t *fdt;
	(void)state;

	o.extra_rsv = BOOTINFO_MAX_RSV - 1; /* exactly as many as we hold: fine */
	fdt = build_tree(&o);
	assert_int_equal(fdt_validate(fdt, 0, NULL), 0);
	assert_int_equal(bootinfo_parse(&bi, fdt, err, sizeof(err)), 0);
	assert_int_equal(bi.nrsv, BOOTINFO_MAX_RSV);
	free(fdt);

	o.extra_rsv = BOOTINFO_MAX_RSV;
	expect_parse_error(&o, "more than");

	/* the map starts (8-byte aligned) less than one entry before the end */
	fdt = build_tree(&good);
	fdt_set_off_mem_rsvmap(fdt, (fdt_totalsize(fdt) - 8) & ~7u);
	assert_int_equal(fdt_validate(fdt, 0, NULL), 0);
	assert_int_equal(bootinfo_parse(&bi, fdt, err, sizeof(err)), -1);
	if (!strstr(err, "not terminated"))
		fail_msg("error '%s' does not mention 'not terminated'", err);
	free(fdt);
}

/* A control byte in a node or property name could forge console lines in a
 * diagnostic that names it: rejected like structural damage. */
static void replace_byte(uint8_t *fdt, const char *from, char to)
{
	size_t n = strlen(from), size = fdt_totalsize(fdt);

	for (size_t i = 0; i + n <= size; i++)
		if (!memcmp(fdt + i, from, n)) {
			fdt[i + n - 1] = (uint8_t)to;
			return;
		}
	fail_msg("'%s' not in the blob", from);
}

static void names_not_printable(void **state)
{
	static const struct { const char *from; char to; const char *msg; } cases[] = {
		{ "cpus", '\n', "node name" },
		{ "memory@8", '\x1b', "node name" },
		{ "cpu@1", '/', "node name" },
		{ "model", '\r', "property name" },
		{ "device_type", (char)0x80, "property name" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *fdt = build_tree(&good);
		const char *why = NULL;

		replace_byte(fdt, cases[i].from, cases[i].to);
		assert_int_not_equal(fdt_validate(fdt, 0, &why), 0);
		assert_non_null(why);
		if (!strstr(why, cases[i].msg) || !strstr(why, "printable"))
			fail_msg("case %zu: '%s'", i, why);
		free(fdt);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_tree),
		cmocka_unit_test(structural_damage),
		cmocka_unit_test(misaligned_blocks),
		cmocka_unit_test(unbalanced_nodes),
		cmocka_unit_test(deep_nesting),
		cmocka_unit_test(semantic_damage),
		cmocka_unit_test(reserve_map_damage),
		cmocka_unit_test(names_not_printable),
	};
	return cmocka_run_group_tests_name("fdt_check", tests, NULL, NULL);
}
