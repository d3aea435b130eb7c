/* Host tests of the ppc64 Open Firmware tree flattener (kernel/arch/ppc64/
 * of_flatten.c) against a fake client interface: a well-behaved firmware, and
 * each way a hostile one can answer (IEEE 1275-1994 6.3.2: child, peer,
 * nextprop, getproplen, getprop, package-to-path). The flattener is included
 * as source so that the fake can fill its static name buffers: on the host
 * they lie above 4 GiB, where of_ptr() cannot pass them as cells. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cocoon/fdt_check.h>

size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

/* before cmocka.h, whose fail() macro would capture the file's own fail() */
#include "../../kernel/arch/ppc64/of_flatten.c"

#include <setjmp.h>
#include <cmocka.h>

static char console[1024];

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(console, sizeof(console), fmt, ap);
	va_end(ap);
	return n;
}

/* The fake firmware's tree: phandle = index + 1; node 1 is the root. */
struct fprop {
	const char *name;
	const char *val;
	int len;
};
struct fnode {
	const char *unit;
	uint32_t parent;
	struct fprop props[4];
};
static const struct fnode tree[] = {
	{ "", 0, { { "name", "", 1 }, { "model", "test,board", 11 } } },
	{ "cpus", 1, { { "name", "cpus", 5 }, { "#size-cells", "\0\0\0\0", 4 } } },
	{ "memory@0", 1,
	  { { "device_type", "memory", 7 },
	    { "reg", "\0\0\0\0\0\0\0\0\0\0\0\0\x10\0\0\0", 16 } } },
	{ "cpu@0", 2, { { "device_type", "cpu", 4 }, { "phandle", "\0\0\0\x44", 4 } } },
};
#define NNODES ((uint32_t)ARRAY_SIZE(tree))
#define GEN_PH 3 /* the node that gets fw.gen_props generated properties */

/* How the firmware misbehaves in one test. */
static struct {
	const char *refuse;    /* this service fails as a call */
	uint32_t nextprop_err; /* nextprop on this node answers -1 */
	uint32_t peer_self;    /* peer(ph) answers ph */
	uint32_t child_self;   /* child(ph) answers ph */
	uint32_t lie_len;      /* getprop on this node reports one byte more */
	uint32_t repeat_name;  /* nextprop on this node answers the same name forever */
	uint32_t huge_prop;    /* getproplen on this node: larger than we take */
	int gen_props;         /* properties generated on node GEN_PH */
} fw;

static const struct fnode *node_of(uint32_t ph)
{
	return ph >= 1 && ph <= NNODES ? &tree[ph - 1] : NULL;
}

static int nprops(uint32_t ph)
{
	int n = 0;

	if (ph == GEN_PH && fw.gen_props)
		return fw.gen_props;
	while (n < 4 && node_of(ph)->props[n].name)
		n++;
	return n;
}

/* name and value of property i of ph (generated: "pN" = 4 bytes) */
static const char *prop_name(uint32_t ph, int i, char *buf, size_t len)
{
	if (ph == GEN_PH && fw.gen_props) {
		snprintf(buf, len, "p%d", i);
		return buf;
	}
	return node_of(ph)->props[i].name;
}

static int find_prop(uint32_t ph, const char *name, const char **val)
{
	char buf[16];

	if (!node_of(ph))
		return -1;
	for (int i = 0; i < nprops(ph); i++) {
		if (strcmp(prop_name(ph, i, buf, sizeof(buf)), name))
			continue;
		if (ph == GEN_PH && fw.gen_props) {
			*val = "abcd";
			return 4;
		}
		*val = node_of(ph)->props[i].val;
		return node_of(ph)->props[i].len;
	}
	return -1;
}

static uint32_t fake_child(uint32_t ph)
{
	if (ph == fw.child_self)
		return ph;
	for (uint32_t c = 1; c <= NNODES; c++)
		if (tree[c - 1].parent == ph)
			return c;
	return 0;
}

static uint32_t fake_peer(uint32_t ph)
{
	if (ph == 0)
		return 1;
	if (ph == fw.peer_self)
		return ph;
	for (uint32_t c = ph + 1; c <= NNODES; c++)
		if (tree[c - 1].parent == tree[ph - 1].parent)
			return c;
	return 0;
}

static int fake_nextprop(uint32_t ph)
{
	char buf[16];
	int i = 0, n;

	if (ph == fw.nextprop_err || !node_of(ph))
		return -1;
	n = nprops(ph);
	if (ph == fw.repeat_name) {
		strcpy(cur_name, "model");
		return 1;
	}
	if (prev_name[0]) {
		while (i < n && strcmp(prop_name(ph, i, buf, sizeof(buf)), prev_name))
			i++;
		if (i == n)
			return -1;
		i++;
	}
	if (i == n)
		return 0;
	strcpy(cur_name, prop_name(ph, i, buf, sizeof(buf)));
	return 1;
}

static int fake_path(uint32_t ph, uint32_t buflen)
{
	char out[PATH_BUF] = "";
	size_t n;

	if (!node_of(ph))
		return -1;
	for (uint32_t p = ph; p > 1; p = tree[p - 1].parent) {
		char tmp[PATH_BUF];
		snprintf(tmp, sizeof(tmp), "/%s%s", tree[p - 1].unit, out);
		strcpy(out, tmp);
	}
	n = strlen(out);
	memcpy(path, out, n < buflen ? n : buflen);
	return (int)n;
}

int of_call(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
	assert_true(nargs >= 1 && nret == 1);
	if (fw.refuse && !strcmp(service, fw.refuse))
		return -1;
	if (!strcmp(service, "child"))
		rets[0] = fake_child(args[0]);
	else if (!strcmp(service, "peer"))
		rets[0] = fake_peer(args[0]);
	else if (!strcmp(service, "nextprop"))
		rets[0] = (uint32_t)fake_nextprop(args[0]);
	else if (!strcmp(service, "package-to-path"))
		rets[0] = (uint32_t)fake_path(args[0], args[2]);
	else
		fail_msg("unexpected OF service %s", service);
	return 0;
}

uint32_t of_finddevice(const char *p)
{
	return strcmp(p, "/") ? 0xffffffffu : 1;
}

int of_getproplen(uint32_t ph, const char *name)
{
	const char *val;

	if (ph == fw.huge_prop)
		return MAX_PROP_LEN + 1;
	return find_prop(ph, name, &val);
}

int of_getprop(uint32_t ph, const char *name, void *buf, uint32_t len)
{
	const char *val;
	int n = find_prop(ph, name, &val);

	if (n < 0)
		return -1;
	memcpy(buf, val, (uint32_t)n < len ? (size_t)n : len);
	return ph == fw.lie_len ? n + 1 : n;
}

static int setup(void **state)
{
	(void)state;
	memset(&fw, 0, sizeof(fw));
	console[0] = 0;
	return 0;
}

static const void *flatten_ok(void)
{
	size_t size = 0;
	const void *fdt = of_flatten(&size);

	if (!fdt)
		fail_msg("flattening failed: %s", console);
	assert_int_equal(size, fdt_totalsize(fdt));
	assert_int_equal(fdt_validate(fdt, size, NULL), 0);
	return fdt;
}

static void expect_failure(const char *needle)
{
	size_t size = 1;

	assert_null(of_flatten(&size));
	assert_int_equal(size, 0);
	if (!strstr(console, needle))
		fail_msg("message '%s' does not mention '%s'", console, needle);
}

static void good_firmware(void **state)
{
	const void *fdt;
	const fdt32_t *ph;
	const char *reg;
	int len, cpu;
	unsigned nodes, props, skipped;
	(void)state;

	fdt = flatten_ok();
	cpu = fdt_path_offset(fdt, "/cpus/cpu@0");
	assert_true(cpu >= 0);
	ph = fdt_getprop(fdt, cpu, "phandle", &len); /* the firmware's own is kept */
	assert_non_null(ph);
	assert_int_equal(len, 4);
	assert_int_equal(fdt32_to_cpu(*ph), 0x44);
	ph = fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus"), "phandle", &len);
	assert_non_null(ph); /* added: the OF phandle */
	assert_int_equal(fdt32_to_cpu(*ph), 2);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_memory_equal(reg, tree[2].props[1].val, 16);
	/* "name" lives in the node name, not as a property */
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus"), "name", &len));
	of_flatten_stats(&nodes, &props, &skipped);
	assert_int_equal(nodes, NNODES);
	assert_int_equal(skipped, 0);
}

static void property_count_limit(void **state)
{
	const void *fdt;
	int len;
	(void)state;

	fw.gen_props = MAX_PROPS; /* exactly as many as we take */
	fdt = flatten_ok();
	assert_non_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "p511", &len));
	fw.gen_props = MAX_PROPS + 1;
	expect_failure("too many properties");
}

static void failing_calls(void **state)
{
	(void)state;
	fw.nextprop_err = 2; /* the properties of /cpus would be cut off */
	expect_failure("nextprop failed");
	setup(NULL);
	fw.refuse = "child";
	expect_failure("child failed");
	setup(NULL);
	fw.refuse = "peer"; /* the root comes from finddevice, its children are lost */
	expect_failure("peer failed");
}

static void cycles(void **state)
{
	(void)state;
	fw.peer_self = 3;
	expect_failure("too many nodes");
	setup(NULL);
	fw.child_self = 4;
	expect_failure("nested too deeply");
	setup(NULL);
	fw.repeat_name = 2;
	expect_failure("bad property name");
}

static void bad_lengths(void **state)
{
	const void *fdt;
	unsigned nodes, props, skipped;
	int len;
	(void)state;

	fw.lie_len = 3; /* getprop disagrees with getproplen: left out, counted */
	fdt = flatten_ok();
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg", &len));
	of_flatten_stats(&nodes, &props, &skipped);
	assert_int_equal(skipped, 2);
	setup(NULL);
	fw.huge_prop = 4; /* larger than MAX_PROP_LEN: left out, counted */
	fdt = flatten_ok();
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus/cpu@0"), "device_type", &len));
	of_flatten_stats(&nodes, &props, &skipped);
	assert_int_equal(skipped, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(good_firmware, setup),
		cmocka_unit_test_setup(property_count_limit, setup),
		cmocka_unit_test_setup(failing_calls, setup),
		cmocka_unit_test_setup(cycles, setup),
		cmocka_unit_test_setup(bad_lengths, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
