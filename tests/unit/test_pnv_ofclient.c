/* Host tests of the powernv shim's Open Firmware client interface
 * (shim/arch/ppc64/of_client.c) and its CAS answer (cas.c), driven the way a
 * guest drives them: argument arrays in (fake) guest memory, including
 * hostile ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "pnv_host_stubs.h"

#define FAIL 0xffffffffu
#define SVC 0x1000   /* service name */
#define STR 0x1100   /* string argument */
#define ARGS 0x2000  /* argument array */
#define BUF 0x3000   /* result buffer */
#define VEC 0x8000   /* CAS vector */

static void *fdt;

static int setup(void **state)
{
	(void)state;
	fdt = pnv_test_setup();
	return 0;
}

static void put_str(uint64_t gpa, const char *s)
{
	memcpy(guest_ram + gpa, s, strlen(s) + 1);
}

/* One call as the guest makes it; returns the hcall's r3. */
static long ofcall(const char *svc, uint32_t nargs, uint32_t nret, const uint32_t *in, uint32_t *out)
{
	long rc;

	put_str(SVC, svc);
	put_be32(ARGS, SVC);
	put_be32(ARGS + 4, nargs);
	put_be32(ARGS + 8, nret);
	for (uint32_t i = 0; in && i < nargs && i < 16; i++)
		put_be32(ARGS + 12 + 4 * i, in[i]);
	for (uint32_t i = 0; i < nret && nargs + i < 32; i++)
		put_be32(ARGS + 12 + 4 * (nargs + i), 0x5a5a5a5a);
	rc = of_client_call(ARGS);
	for (uint32_t i = 0; out && i < nret && nargs + i < 32; i++)
		out[i] = get_be32(ARGS + 12 + 4 * (nargs + i));
	return rc;
}

static uint32_t finddevice(const char *path)
{
	uint32_t a[1] = { STR }, r[1];

	put_str(STR, path);
	assert_int_equal(ofcall("finddevice", 1, 1, a, r), 0);
	return r[0];
}

static void find_and_walk(void **state)
{
	uint32_t root, cpus, r[1], a[1];
	(void)state;

	root = finddevice("/");
	cpus = finddevice("/cpus");
	assert_true(root != FAIL && root != 0);
	assert_true(cpus != FAIL && cpus != root);
	assert_int_equal(finddevice("/cpus/PowerPC,POWER9"), finddevice("/cpus/PowerPC,POWER9@0"));
	assert_int_equal(finddevice("/no/such/node"), FAIL);
	assert_int_equal(finddevice(""), FAIL);

	a[0] = 0; /* peer(0) = root */
	assert_int_equal(ofcall("peer", 1, 1, a, r), 0);
	assert_int_equal(r[0], root);
	a[0] = root;
	assert_int_equal(ofcall("peer", 1, 1, a, r), 0);
	assert_int_equal(r[0], 0);
	assert_int_equal(ofcall("parent", 1, 1, a, r), 0);
	assert_int_equal(r[0], 0);
	assert_int_equal(ofcall("child", 1, 1, a, r), 0);
	assert_true(r[0] != 0 && r[0] != FAIL);
	a[0] = cpus;
	assert_int_equal(ofcall("parent", 1, 1, a, r), 0);
	assert_int_equal(r[0], root);
	for (uint32_t bogus = 0xdead0000; bogus < 0xdead0004; bogus++) {
		a[0] = bogus;
		assert_int_equal(ofcall("child", 1, 1, a, r), 0);
		assert_int_equal(r[0], 0);
		assert_int_equal(ofcall("peer", 1, 1, a, r), 0);
		assert_int_equal(r[0], 0);
	}
}

static void getprop_bounds(void **state)
{
	uint32_t rtas, a[4], r[1];
	(void)state;

	rtas = finddevice("/rtas");
	put_str(STR, "power-off");
	a[0] = rtas, a[1] = STR, a[2] = BUF, a[3] = 4;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], 4);
	assert_int_equal(get_be32(BUF), RTAS_TOKEN_POWER_OFF);
	assert_int_equal(ofcall("getproplen", 2, 1, a, r), 0);
	assert_int_equal(r[0], 4);

	/* short buffer: full length reported, only buflen bytes written */
	memset(guest_ram + BUF, 0xee, 8);
	a[3] = 2;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], 4);
	assert_int_equal(guest_ram[BUF + 2], 0xee);

	/* buffer at the end of guest memory, or beyond, or wrapping */
	a[2] = GUEST_RAM - 2, a[3] = 4;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	a[2] = 0xfffffffc, a[3] = 0xffffffff;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);

	/* name pointer outside memory, unknown property, bad phandle */
	a[0] = rtas, a[1] = 0xfffffff0, a[2] = BUF, a[3] = 4;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	put_str(STR, "no-such-property");
	a[1] = STR;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	a[0] = 0x12345678;
	assert_int_equal(ofcall("getproplen", 2, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);

	/* the implicit "name" property */
	a[0] = finddevice("/cpus/PowerPC,POWER9@0");
	put_str(STR, "name");
	a[1] = STR, a[2] = BUF, a[3] = 64;
	assert_int_equal(ofcall("getprop", 4, 1, a, r), 0);
	assert_int_equal(r[0], strlen("PowerPC,POWER9") + 1);
	assert_string_equal((char *)guest_ram + BUF, "PowerPC,POWER9");
}

static void nextprop_walk(void **state)
{
	uint32_t a[3], r[1], node = finddevice("/rtas");
	int n = 0;
	(void)state;

	guest_ram[STR] = 0;
	a[0] = node, a[1] = STR, a[2] = BUF;
	for (;;) {
		assert_int_equal(ofcall("nextprop", 3, 1, a, r), 0);
		if (r[0] != 1)
			break;
		if (n == 0)
			assert_string_equal((char *)guest_ram + BUF, "name");
		memcpy(guest_ram + STR, guest_ram + BUF, 32);
		assert_true(++n < 14);
	}
	assert_int_equal(r[0], 0);
	assert_int_equal(n, 13); /* name, 11 tokens, phandle */
	put_str(STR, "not-there");
	assert_int_equal(ofcall("nextprop", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	a[2] = GUEST_RAM - 3; /* result buffer too close to the end */
	guest_ram[STR] = 0;
	assert_int_equal(ofcall("nextprop", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
}

static void hostile_arrays(void **state)
{
	uint32_t r[1];
	(void)state;

	/* the array itself outside memory, straddling its end, wrapping */
	assert_int_equal(of_client_call(GUEST_RAM), H_PARAMETER);
	assert_int_equal(of_client_call(GUEST_RAM - 8), H_PARAMETER);
	assert_int_equal(of_client_call(0xfffffffffffffffcull), H_PARAMETER);
	/* absurd cell counts */
	assert_int_equal(ofcall("finddevice", 0xffffffff, 1, NULL, NULL), H_PARAMETER);
	assert_int_equal(ofcall("finddevice", 1, 0x40000000, (uint32_t[]){ STR }, NULL), H_PARAMETER);
	/* unknown service, wrong counts, unterminated service name */
	assert_int_equal(ofcall("format-hard-disk", 0, 1, NULL, r), -1);
	assert_int_equal(ofcall("finddevice", 2, 1, (uint32_t[]){ STR, 0 }, r), -1);
	assert_int_equal(ofcall("finddevice", 1, 0, (uint32_t[]){ STR }, r), -1);
	memset(guest_ram + SVC, 'x', 0x100);
	put_be32(ARGS, SVC);
	put_be32(ARGS + 4, 0);
	put_be32(ARGS + 8, 0);
	assert_int_equal(of_client_call(ARGS), -1);
	/* a path running off the end of guest memory */
	memset(guest_ram + GUEST_RAM - 64, '/', 64);
	assert_int_equal(ofcall("finddevice", 1, 1, (uint32_t[]){ GUEST_RAM - 64 }, r), 0);
	assert_int_equal(r[0], FAIL);
}

static void paths_and_instances(void **state)
{
	uint32_t a[3], r[2], ih, cpus = finddevice("/cpus");
	(void)state;

	a[0] = cpus, a[1] = BUF, a[2] = 64;
	assert_int_equal(ofcall("package-to-path", 3, 1, a, r), 0);
	assert_int_equal(r[0], 5);
	assert_memory_equal(guest_ram + BUF, "/cpus", 5);
	a[2] = 2; /* truncated copy, full length */
	memset(guest_ram + BUF, 0, 8);
	assert_int_equal(ofcall("package-to-path", 3, 1, a, r), 0);
	assert_int_equal(r[0], 5);
	assert_int_equal(guest_ram[BUF + 2], 0);

	put_str(STR, "/");
	assert_int_equal(ofcall("open", 1, 1, (uint32_t[]){ STR }, r), 0);
	ih = r[0];
	assert_true(ih != 0);
	assert_int_equal(ofcall("instance-to-package", 1, 1, &ih, r), 0);
	assert_int_equal(r[0], finddevice("/"));
	a[0] = ih, a[1] = BUF, a[2] = 8;
	assert_int_equal(ofcall("instance-to-path", 3, 1, a, r), 0);
	assert_int_equal(r[0], 1);
	/* the table of instances is bounded; close frees */
	put_str(STR, "/cpus");
	for (int i = 0; i < 40; i++)
		assert_int_equal(ofcall("open", 1, 1, (uint32_t[]){ STR }, r), 0);
	assert_int_equal(r[0], 0);
	assert_int_equal(ofcall("close", 1, 0, &ih, NULL), 0);
	assert_int_equal(ofcall("instance-to-package", 1, 1, &ih, r), 0);
	assert_int_equal(r[0], FAIL);
	a[0] = 0xdeadbeef;
	assert_int_equal(ofcall("instance-to-path", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
}

static void claim_write_misc(void **state)
{
	uint32_t a[3], r[1], ih;
	(void)state;

	a[0] = 0x10000, a[1] = 0x1000, a[2] = 0;
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0);
	assert_int_equal(r[0], 0x10000);
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0); /* already claimed */
	assert_int_equal(r[0], FAIL);
	a[0] = GUEST_RAM - 0x800; /* leaves memory */
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	a[0] = 0, a[1] = 0x100, a[2] = 0x3000; /* alignment not a power of two */
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);
	a[2] = 0x10000;
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0);
	assert_int_equal(r[0], 0x20000);
	a[1] = 0xffffffff; /* larger than memory */
	assert_int_equal(ofcall("claim", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);

	put_str(STR, "/");
	assert_int_equal(ofcall("open", 1, 1, (uint32_t[]){ STR }, r), 0);
	ih = r[0];
	put_str(BUF, "hello from OF write");
	a[0] = ih, a[1] = BUF, a[2] = 5;
	assert_int_equal(ofcall("write", 3, 1, a, r), 0);
	assert_int_equal(r[0], 5);
	assert_string_equal(console_out, "hello");
	a[2] = 0xffffffff; /* bounded, never past guest memory */
	assert_int_equal(ofcall("write", 3, 1, a, r), 0);
	assert_true(r[0] <= 4096);
	a[0] = 0x42; /* not an instance */
	assert_int_equal(ofcall("write", 3, 1, a, r), 0);
	assert_int_equal(r[0], FAIL);

	put_str(STR, "getprop");
	assert_int_equal(ofcall("test", 1, 1, (uint32_t[]){ STR }, r), 0);
	assert_int_equal(r[0], 0);
	put_str(STR, "launch-missiles");
	assert_int_equal(ofcall("test", 1, 1, (uint32_t[]){ STR }, r), 0);
	assert_int_equal(r[0], FAIL);
	assert_int_equal(ofcall("quiesce", 0, 0, NULL, NULL), 0);
	assert_true(of_client_quiesced());
}

/* ---- CAS ---- */

struct vec {
	uint8_t b[512];
	size_t n;
};

static void v8(struct vec *v, uint8_t x) { v->b[v->n++] = x; }
static void v32(struct vec *v, uint32_t x)
{
	v8(v, (uint8_t)(x >> 24)); v8(v, (uint8_t)(x >> 16)); v8(v, (uint8_t)(x >> 8)); v8(v, (uint8_t)x);
}

/* PVRs (logical ISA 3.0 and the terminator), then 6 vectors; OV5 byte 23 =
 * intc, 24 = mmu, 26 = gtse */
static void build_vec(struct vec *v, uint8_t intc, uint8_t mmu, uint8_t gtse, uint32_t pvr_val)
{
	memset(v, 0, sizeof(*v));
	v32(v, 0xffffffff); v32(v, pvr_val);
	v32(v, 0xfffffffe); v32(v, 0x0f000001);
	v8(v, 6 - 1);
	for (int i = 1; i <= 6; i++) {
		if (i != 5) {
			v8(v, 1 - 1);
			v8(v, 0);
			continue;
		}
		v8(v, 26 - 1);
		for (int k = 1; k <= 26; k++)
			v8(v, k == 23 ? intc : k == 24 ? mmu : k == 26 ? gtse : 0);
	}
	memcpy(guest_ram + VEC, v->b, v->n);
}

static uint32_t cas(uint32_t *catch_result)
{
	uint32_t r[2], ih;

	put_str(STR, "/");
	assert_int_equal(ofcall("open", 1, 1, (uint32_t[]){ STR }, r), 0);
	ih = r[0];
	put_str(0x1200, "ibm,client-architecture-support");
	assert_int_equal(ofcall("call-method", 3, 2, (uint32_t[]){ 0x1200, ih, VEC }, r), 0);
	*catch_result = r[0];
	return r[1];
}

static void cas_offer_in_chosen(void **state)
{
	int len, chosen = fdt_path_offset(fdt, "/chosen");
	const uint8_t *p = fdt_getprop(fdt, chosen, "ibm,arch-vec-5-platform-support", &len);
	(void)state;

	assert_non_null(p);
	assert_int_equal(len, 6);
	assert_int_equal(p[0], 23);
	assert_int_equal(p[1], 0x80); /* either interrupt mode */
	assert_int_equal(p[2], 24);
	assert_int_equal(p[3], 0x40); /* radix only */
}

static void cas_accepts_offered(void **state)
{
	struct vec v;
	uint32_t catch_result;
	int len, chosen;
	const uint8_t *p;
	(void)state;

	build_vec(&v, 0x00, 0x40, 0x00, 0x0f000005);
	assert_int_equal(cas(&catch_result), 0);
	assert_int_equal(catch_result, 0);
	chosen = fdt_path_offset(fdt, "/chosen");
	p = fdt_getprop(fdt, chosen, "ibm,architecture-vec-5", &len);
	assert_non_null(p);
	assert_int_equal(len, 25); /* length byte + bytes 1..24 */
	assert_int_equal(p[0], 23);
	assert_int_equal(p[24], 0x40);
	assert_int_equal(p[23], 0x00);
	assert_int_equal(shim_log[0], 0);
}

static void cas_refuses_clearly(void **state)
{
	struct vec v;
	uint32_t catch_result;
	(void)state;

	build_vec(&v, 0xc0, 0x40, 0x00, 0x0f000005); /* both bits: not a choice */
	assert_int_equal(cas(&catch_result), FAIL);
	assert_int_equal(catch_result, 0);
	assert_non_null(strstr(shim_log, "not offered"));
	shim_log[0] = 0;
	build_vec(&v, 0x00, 0x00, 0x00, 0x0f000005); /* hash MMU */
	assert_int_equal(cas(&catch_result), FAIL);
	assert_non_null(strstr(shim_log, "hash"));
	shim_log[0] = 0;
	build_vec(&v, 0x00, 0x40, 0x40, 0x0f000005); /* GTSE */
	assert_int_equal(cas(&catch_result), FAIL);
	assert_non_null(strstr(shim_log, "GTSE"));
	shim_log[0] = 0;
	build_vec(&v, 0x00, 0x40, 0x00, 0x0f000003); /* only an older ISA level */
	assert_int_equal(cas(&catch_result), FAIL);
	assert_non_null(strstr(shim_log, "PVR"));
	/* no refusal leaves a result behind */
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "ibm,architecture-vec-5", NULL));
}

/* XIVE chosen: the tree swaps its interrupt controller node, the H_INT_*
 * hcalls come alive; legacy again swaps back */
static void cas_xive_switches_tree(void **state)
{
	struct vec v;
	uint32_t catch_result;
	const uint8_t *p;
	int len;
	(void)state;

	assert_true(fdt_node_offset_by_compatible(fdt, -1, "IBM,ppc-xicp") >= 0);
	build_vec(&v, 0x40, 0x40, 0x00, 0x0f000006); /* ISA 3.1 listed too */
	put_be32(VEC + 8, 0xffffffff);
	put_be32(VEC + 12, 0x0f000005);
	put_be32(VEC + 16, 0xfffffffe);
	put_be32(VEC + 20, 0x0f000001);
	memmove(guest_ram + VEC + 24, v.b + 16, v.n - 16);
	assert_int_equal(cas(&catch_result), 0);
	p = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "ibm,architecture-vec-5", &len);
	assert_non_null(p);
	assert_int_equal(p[23], 0x40);
	assert_true(xive_is_enabled());
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "ibm,power-ivpe") >= 0);
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "IBM,ppc-xicp") < 0);
	assert_int_not_equal(finddevice("/interrupt-controller@6030203180000"), FAIL);
	build_vec(&v, 0x00, 0x40, 0x00, 0x0f000005);
	assert_int_equal(cas(&catch_result), 0);
	assert_false(xive_is_enabled());
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "IBM,ppc-xicp") >= 0);
	assert_int_equal(finddevice("/interrupt-controller@6030203180000"), FAIL);
}

static void cas_hostile_vectors(void **state)
{
	const char *why;
	uint8_t ov5[33];
	(void)state;

	/* PVR list never terminated */
	for (int i = 0; i < 100; i++) {
		put_be32(VEC + 8 * i, 0xffffffff);
		put_be32(VEC + 8 * i + 4, 0x0f000005);
	}
	assert_int_equal(cas_parse(VEC, plat_pvr(), ov5, &why), -1);
	assert_non_null(strstr(why, "terminated"));
	/* list running off the end of memory */
	for (int i = 0; i < 4; i++) {
		put_be32(GUEST_RAM - 32 + 8 * i, 0xffffffff);
		put_be32(GUEST_RAM - 32 + 8 * i + 4, 0x0f000005);
	}
	assert_int_equal(cas_parse(GUEST_RAM - 32, plat_pvr(), ov5, &why), -1);
	assert_int_equal(cas_parse(0xfffffffffffffff8ull, plat_pvr(), ov5, &why), -1);
	/* an option vector claiming 256 bytes at the end of memory */
	{
		uint64_t g = GUEST_RAM - 24;
		put_be32(g, 0xffffffff); put_be32(g + 4, 0x0f000005);
		put_be32(g + 8, 0xfffffffe); put_be32(g + 12, 0x0f000001);
		guest_ram[g + 16] = 255; /* 256 vectors */
		guest_ram[g + 17] = 255; /* the first one 256 bytes long */
		assert_int_equal(cas_parse(g, plat_pvr(), ov5, &why), -1);
		assert_non_null(strstr(why, "guest memory"));
	}
	/* call-method with a bad ihandle or the wrong counts throws */
	{
		uint32_t r[2];
		put_str(0x1200, "ibm,client-architecture-support");
		assert_int_equal(ofcall("call-method", 3, 2, (uint32_t[]){ 0x1200, 0x77, VEC }, r), 0);
		assert_int_equal(r[0], FAIL);
		assert_int_equal(ofcall("call-method", 1, 1, (uint32_t[]){ 0x1200 }, r), -1);
		put_str(0x1200, "no-such-method");
		assert_int_equal(ofcall("call-method", 2, 1, (uint32_t[]){ 0x1200, 0x77 }, r), 0);
		assert_int_equal(r[0], FAIL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(find_and_walk, setup),
		cmocka_unit_test_setup(getprop_bounds, setup),
		cmocka_unit_test_setup(nextprop_walk, setup),
		cmocka_unit_test_setup(hostile_arrays, setup),
		cmocka_unit_test_setup(paths_and_instances, setup),
		cmocka_unit_test_setup(claim_write_misc, setup),
		cmocka_unit_test_setup(cas_offer_in_chosen, setup),
		cmocka_unit_test_setup(cas_accepts_offered, setup),
		cmocka_unit_test_setup(cas_refuses_clearly, setup),
		cmocka_unit_test_setup(cas_xive_switches_tree, setup),
		cmocka_unit_test_setup(cas_hostile_vectors, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
