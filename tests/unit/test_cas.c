/* Host tests of the PAPR CAS vector builder, the platform-support and
 * vec-5 parsers (kernel/arch/ppc64/cas_vector.c) and the interrupt-controller
 * node lookup (kernel/arch/ppc64/intc_node.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "../../kernel/arch/ppc64/cas_vector.h"
#include "../../kernel/arch/ppc64/intc_node.h"

static const struct cas_policy allow_all = { .xive_allowed = true };

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walk a built vector the way QEMU's CAS does; returns the offset of option
 * vector n's length byte, or -1. */
static long find_vector(const uint8_t *v, size_t len, unsigned n)
{
	size_t pos = 0;
	unsigned count;

	for (;;) {
		assert_true(pos + 8 <= len);
		uint32_t mask = rd32(v + pos), val = rd32(v + pos + 4);
		pos += 8;
		if (val & ~mask)
			break;
	}
	count = v[pos++] + 1u;
	for (unsigned i = 1; i <= count; i++) {
		if (pos >= len)
			return -1;
		if (i == n)
			return (long)pos;
		pos += v[pos] + 2u;
	}
	return -1;
}

static void vector_layout(void **state)
{
	uint8_t v[CAS_VECTOR_MAX];
	struct cas_choice req = { .xive = true, .radix = true, .gtse = true };
	size_t len = cas_build_vector(v, sizeof(v), &req, 4, "cocoon test");
	long ov5, ov7, end;

	(void)state;
	assert_true(len > 0 && len < sizeof(v));
	assert_int_equal(rd32(v), 0xffff0000u); /* first PVR mask */
	ov5 = find_vector(v, len, 5);
	assert_true(ov5 > 0);
	assert_int_equal(v[ov5], OV5_LEN - 1);
	assert_int_equal(v[ov5 + OV5_BYTE_INTC], 0x40);
	assert_int_equal(v[ov5 + OV5_BYTE_MMU], 0x40);
	assert_int_equal(v[ov5 + OV5_BYTE_RADIX], 0x40);
	assert_int_equal(rd32(v + ov5 + 9), 4); /* max CPUs, bytes 9-12 */
	ov7 = find_vector(v, len, 7);
	assert_true(ov7 > 0);
	assert_string_equal((const char *)v + ov7 + 1, "cocoon test");
	end = ov7 + v[ov7] + 2;
	assert_int_equal(end, (long)len); /* nothing after OV7 */
	assert_int_equal(find_vector(v, len, 8), -1);
	/* OV2: real-mode byte, minimum RMA 512 MiB */
	long ov2 = find_vector(v, len, 2);
	assert_int_equal(v[ov2], 33 - 1);
	assert_int_equal(v[ov2 + 1], 0x20);
	assert_int_equal(rd32(v + ov2 + 24), 512);
}

static void vector_xics_hash(void **state)
{
	uint8_t v[CAS_VECTOR_MAX];
	struct cas_choice req = { 0 };
	size_t len = cas_build_vector(v, sizeof(v), &req, 1, NULL);
	long ov5 = find_vector(v, len, 5), ov7 = find_vector(v, len, 7);

	(void)state;
	assert_int_equal(v[ov5 + OV5_BYTE_INTC], 0);
	assert_int_equal(v[ov5 + OV5_BYTE_MMU], 0);
	assert_int_equal(v[ov5 + OV5_BYTE_RADIX], 0);
	assert_int_equal(v[ov7], 0); /* empty string: just the NUL */
}

static void vector_too_small(void **state)
{
	uint8_t v[CAS_VECTOR_MAX];
	struct cas_choice req = { 0 };
	size_t full = cas_build_vector(v, sizeof(v), &req, 1, "x");

	(void)state;
	assert_int_equal(cas_build_vector(v, full - 1, &req, 1, "x"), 0);
	assert_int_equal(cas_build_vector(v, 10, &req, 1, "x"), 0);
	assert_int_equal(cas_build_vector(v, full, &req, 1, "x"), full);
	assert_int_equal(cas_build_vector(NULL, 100, &req, 1, "x"), 0);
}

static void platform_dual(void **state)
{
	const uint8_t dual[] = { 0x17, 0x80, 0x18, 0xc0, 0x19, 0x00, 0x1a, 0x40 };
	struct cas_platform p;
	struct cas_choice req;
	const char *why, *note;

	(void)state;
	assert_int_equal(cas_parse_platform_support(dual, sizeof(dual), &p, &why), 0);
	assert_true(p.present && p.xive && p.xics && p.radix && p.hash && p.gtse);
	cas_decide(&p, &allow_all, &req, &note);
	assert_true(req.xive && req.radix && req.gtse);
	assert_null(note);
}

static void platform_single_modes(void **state)
{
	const uint8_t xive_only[] = { 0x17, 0x40 }, xics_only[] = { 0x17, 0x00 };
	const uint8_t hash_only[] = { 0x18, 0x00 }, radix_no_gtse[] = { 0x18, 0xc0 };
	struct cas_platform p;
	struct cas_choice req;
	const char *why, *note;

	(void)state;
	assert_int_equal(cas_parse_platform_support(xive_only, 2, &p, &why), 0);
	assert_true(p.xive && !p.xics);
	assert_int_equal(cas_parse_platform_support(xics_only, 2, &p, &why), 0);
	assert_true(!p.xive && p.xics);
	cas_decide(&p, &allow_all, &req, &note);
	assert_false(req.xive);
	assert_int_equal(cas_parse_platform_support(hash_only, 2, &p, &why), 0);
	cas_decide(&p, &allow_all, &req, &note);
	assert_false(req.radix);
	/* radix offered without GTSE while hash is available: hash */
	assert_int_equal(cas_parse_platform_support(radix_no_gtse, 2, &p, &why), 0);
	cas_decide(&p, &allow_all, &req, &note);
	assert_false(req.radix);
}

static void platform_absent_is_legacy(void **state)
{
	struct cas_platform p;
	struct cas_choice req;
	const char *why, *note;

	(void)state;
	assert_int_equal(cas_parse_platform_support(NULL, 0, &p, &why), 0);
	assert_false(p.present);
	cas_decide(&p, &allow_all, &req, &note);
	assert_false(req.xive || req.radix);
}

static void platform_bad_lengths(void **state)
{
	const uint8_t odd[] = { 0x17, 0x80, 0x18 }, dup[] = { 0x17, 0x80, 0x17, 0x40 };
	uint8_t big[CAS_PLATFORM_SUPPORT_MAX + 2];
	struct cas_platform p;
	const char *why;

	(void)state;
	memset(big, 0, sizeof(big));
	assert_int_equal(cas_parse_platform_support(odd, sizeof(odd), &p, &why), -1);
	assert_non_null(strstr(why, "odd"));
	assert_true(p.xics && !p.xive && !p.radix); /* legacy on error */
	assert_int_equal(cas_parse_platform_support(big, sizeof(big), &p, &why), -1);
	assert_non_null(why);
	assert_int_equal(cas_parse_platform_support(dup, sizeof(dup), &p, &why), -1);
	assert_non_null(strstr(why, "twice"));
	assert_false(p.xive);
}

static void policy(void **state)
{
	const uint8_t dual[] = { 0x17, 0x80 }, xive_only[] = { 0x17, 0x40 };
	struct cas_policy off = { .xive_allowed = false };
	struct cas_policy svm = { .xive_allowed = true, .svm = true };
	struct cas_policy svm_share = { .xive_allowed = true, .svm = true, .svm_can_share = true };
	struct cas_platform p;
	struct cas_choice req;
	const char *why, *note;

	(void)state;
	assert_int_equal(cas_parse_platform_support(dual, 2, &p, &why), 0);
	cas_decide(&p, &off, &req, &note);
	assert_false(req.xive);
	assert_non_null(strstr(note, "xive=off"));
	cas_decide(&p, &svm, &req, &note);
	assert_false(req.xive);
	assert_non_null(strstr(note, "Secure VM"));
	cas_decide(&p, &svm_share, &req, &note);
	assert_true(req.xive);
	/* XIVE-only platform + xive=off: ask for XICS anyway, no panic */
	assert_int_equal(cas_parse_platform_support(xive_only, 2, &p, &why), 0);
	cas_decide(&p, &off, &req, &note);
	assert_false(req.xive);
	assert_non_null(strstr(note, "host decides"));
}

static void vec5_qemu_answers(void **state)
{
	/* as QEMU 10.0.2 answers: XIVE + radix + GTSE (27 bytes) */
	uint8_t v[27] = { 0x19, 0x00, 0x20, 0, 0, 0xa0, 0x05 };
	/* XICS + hash: cut after byte 22 */
	uint8_t x[23] = { 0x19 };
	struct cas_choice got;
	const char *why;

	(void)state;
	v[22] = 0x80, v[23] = 0x40, v[24] = 0x40, v[26] = 0x40;
	assert_int_equal(cas_parse_vec5(v, sizeof(v), &got, &why), 0);
	assert_true(got.xive && got.radix && got.gtse);
	x[22] = 0x80;
	assert_int_equal(cas_parse_vec5(x, sizeof(x), &got, &why), 0);
	assert_false(got.xive || got.radix || got.gtse);
	assert_int_equal(cas_vec5_byte(x, sizeof(x), 23), 0);
	assert_int_equal(cas_vec5_byte(x, sizeof(x), 22), 0x80);
	assert_int_equal(cas_vec5_byte(x, sizeof(x), 0), 0);
	assert_int_equal(cas_vec5_byte(x, sizeof(x), 1000), 0);
}

static void vec5_bad_lengths(void **state)
{
	uint8_t v[CAS_VEC5_MAX + 1];
	struct cas_choice got;
	const char *why;

	(void)state;
	memset(v, 0x40, sizeof(v));
	assert_int_equal(cas_parse_vec5(v, 0, &got, &why), -1);
	assert_int_equal(cas_parse_vec5(NULL, 5, &got, &why), -1);
	assert_int_equal(cas_parse_vec5(v, sizeof(v), &got, &why), -1);
	/* length byte says 3 OV5 bytes, property carries 24 */
	v[0] = 2;
	assert_int_equal(cas_parse_vec5(v, 25, &got, &why), -1);
	assert_non_null(strstr(why, "length byte"));
	assert_false(got.xive);
	/* exactly as long as the length byte allows */
	v[0] = 23;
	assert_int_equal(cas_parse_vec5(v, 25, &got, &why), 0);
	assert_true(got.xive && got.radix);
}

/* ---- interrupt-controller node ------------------------------------------ */
static char fdt_buf[4096];

static void begin_tree(void)
{
	assert_int_equal(fdt_create(fdt_buf, sizeof(fdt_buf)), 0);
	assert_int_equal(fdt_finish_reservemap(fdt_buf), 0);
	assert_int_equal(fdt_begin_node(fdt_buf, ""), 0);
	assert_int_equal(fdt_property_u32(fdt_buf, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt_buf, "#size-cells", 2), 0);
}

static void end_tree(void)
{
	assert_int_equal(fdt_end_node(fdt_buf), 0);
	assert_int_equal(fdt_finish(fdt_buf), 0);
}

static void ivpe_node(int reg_pairs, bool with_eq4k)
{
	fdt64_t reg[4] = { cpu_to_fdt64(0x6030203180000ull), cpu_to_fdt64(0x10000),
			   cpu_to_fdt64(0x6030203190000ull), cpu_to_fdt64(0x10000) };
	fdt32_t lisn[2] = { cpu_to_fdt32(0), cpu_to_fdt32(4) };
	fdt32_t eq[2] = { cpu_to_fdt32(16), cpu_to_fdt32(21) };
	fdt32_t res[2] = { cpu_to_fdt32(7), cpu_to_fdt32(0xf8) };

	assert_int_equal(fdt_property(fdt_buf, "ibm,plat-res-int-priorities", res, sizeof(res)), 0);
	assert_int_equal(fdt_begin_node(fdt_buf, "interrupt-controller@6030203180000"), 0);
	assert_int_equal(fdt_property_string(fdt_buf, "compatible", INTC_COMPAT_XIVE), 0);
	assert_int_equal(fdt_property(fdt_buf, "interrupt-controller", "", 0), 0);
	assert_int_equal(fdt_property(fdt_buf, "reg", reg, reg_pairs * 16), 0);
	assert_int_equal(fdt_property(fdt_buf, "ibm,xive-lisn-ranges", lisn, sizeof(lisn)), 0);
	assert_int_equal(fdt_property(fdt_buf, "ibm,xive-eq-sizes", with_eq4k ? eq : eq + 1,
				      with_eq4k ? sizeof(eq) : 4), 0);
	assert_int_equal(fdt_end_node(fdt_buf), 0);
}

static void intc_xive_found(void **state)
{
	struct intc_node n;
	const char *why;

	(void)state;
	begin_tree();
	ivpe_node(2, true);
	end_tree();
	assert_int_equal(intc_find(fdt_buf, true, &n, &why), 0);
	assert_true(n.xive);
	assert_int_equal(n.tima_os, 0x6030203190000ull);
	assert_int_equal(n.tima_os_size, 0x10000);
	assert_int_equal(n.lisn_count, 4);
	assert_int_equal(n.prio, 6);
	assert_int_equal(n.eq_shift, 16);
	/* asking for XICS on a XIVE tree: clear failure */
	assert_int_equal(intc_find(fdt_buf, false, &n, &why), -1);
	assert_non_null(strstr(why, "IBM,ppc-xicp"));
}

static void intc_missing_or_bad(void **state)
{
	struct intc_node n;
	const char *why;

	(void)state;
	begin_tree(); /* no controller at all */
	end_tree();
	assert_int_equal(intc_find(fdt_buf, true, &n, &why), -1);
	assert_non_null(strstr(why, "no interrupt-controller node"));
	begin_tree();
	ivpe_node(1, true); /* only one reg pair */
	end_tree();
	assert_int_equal(intc_find(fdt_buf, true, &n, &why), -1);
	assert_non_null(strstr(why, "reg"));
	begin_tree();
	ivpe_node(2, false); /* only 2 MiB queues */
	end_tree();
	assert_int_equal(intc_find(fdt_buf, true, &n, &why), -1);
	assert_non_null(strstr(why, "eq-sizes"));
}

static void intc_xics_found(void **state)
{
	struct intc_node n;
	const char *why;

	(void)state;
	begin_tree();
	assert_int_equal(fdt_begin_node(fdt_buf, "interrupt-controller"), 0);
	assert_int_equal(fdt_property_string(fdt_buf, "compatible", INTC_COMPAT_XICS), 0);
	assert_int_equal(fdt_property(fdt_buf, "interrupt-controller", "", 0), 0);
	assert_int_equal(fdt_end_node(fdt_buf), 0);
	end_tree();
	assert_int_equal(intc_find(fdt_buf, false, &n, &why), 0);
	assert_false(n.xive);
	assert_int_equal(intc_find(fdt_buf, true, &n, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vector_layout),
		cmocka_unit_test(vector_xics_hash),
		cmocka_unit_test(vector_too_small),
		cmocka_unit_test(platform_dual),
		cmocka_unit_test(platform_single_modes),
		cmocka_unit_test(platform_absent_is_legacy),
		cmocka_unit_test(platform_bad_lengths),
		cmocka_unit_test(policy),
		cmocka_unit_test(vec5_qemu_answers),
		cmocka_unit_test(vec5_bad_lengths),
		cmocka_unit_test(intc_xive_found),
		cmocka_unit_test(intc_missing_or_bad),
		cmocka_unit_test(intc_xics_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
