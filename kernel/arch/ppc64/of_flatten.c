/* Flatten the Open Firmware device tree into an FDT (as Linux prom_init.c's
 * flatten_device_tree does), so the portable kernel reads only the FDT. Walk
 * with child/peer, nextprop/getproplen/getprop, node names from
 * package-to-path (IEEE 1275-1994 6.3.2, client interface services).
 * Output: libfdt sequential write (fdt_sw.c) into a static buffer inside the
 * image.
 * Firmware answers are untrusted: node count, depth, properties per node,
 * name and value sizes are bounded; an over-long property is left out and
 * counted, never truncated. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/kernel.h>

#include "ppc64.h"

#define FDT_BUF_SIZE (512u * 1024)
#define MAX_NODES 2048
#define MAX_DEPTH 16
#define MAX_PROPS 512       /* per node */
#define MAX_PROP_LEN 65536  /* larger values are skipped */
#define NAME_BUF 256        /* VOF does not bound nextprop's copy: be roomy */
#define MAX_NAME 64         /* property and node names we accept */
#define PATH_BUF 512

static char fdt_buf[FDT_BUF_SIZE] __attribute__((aligned(8)));
static unsigned char prop_val[MAX_PROP_LEN];
static char prev_name[NAME_BUF], cur_name[NAME_BUF], path[PATH_BUF];

struct flat_stats {
	unsigned nodes, props, skipped;
	const char *err;
};
static struct flat_stats stats;

/* child/peer answer 0 (or -1) for "none"; a call the firmware refuses is an
 * error, so that it cannot silently cut a subtree off: 0 = *out set, -1 = error */
static int of_relative(const char *service, uint32_t ph, uint32_t *out)
{
	uint32_t a[1] = { ph }, r[1];

	if (of_call(service, 1, 1, a, r))
		return -1;
	*out = r[0] == 0xffffffffu ? 0 : r[0];
	return 0;
}

/* 1 = next name in cur_name, 0 = no more, anything else = error */
static int of_nextprop(uint32_t ph)
{
	uint32_t a[3] = { ph, of_ptr(prev_name), of_ptr(cur_name) }, r[1];

	memset(cur_name, 0, sizeof(cur_name));
	if (of_call("nextprop", 3, 1, a, r))
		return -1;
	return (int32_t)r[0];
}

static bool name_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == 0 || n >= max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '/')
			return false;
	return true;
}

/* The unit name ("cpus", "memory@0") of ph: the last component of its
 * path, or the "name" property when the firmware cannot give a path. */
static int node_name(uint32_t ph, char *out, size_t outlen)
{
	uint32_t a[3] = { ph, of_ptr(path), PATH_BUF - 1 }, r[1];
	const char *last;
	int len;

	memset(path, 0, sizeof(path));
	if (!of_call("package-to-path", 3, 1, a, r) && (int32_t)r[0] > 0 &&
	    r[0] < PATH_BUF) {
		path[r[0]] = 0;
		last = strrchr(path, '/');
		if (last && name_ok(last + 1, outlen)) {
			strlcpy(out, last + 1, outlen);
			return 0;
		}
	}
	memset(out, 0, outlen);
	len = of_getprop(ph, "name", out, (uint32_t)outlen - 1);
	if (len <= 0 || (size_t)len >= outlen)
		return -1;
	out[len] = 0;
	return name_ok(out, outlen) ? 0 : -1;
}

static int fail(const char *why)
{
	if (!stats.err)
		stats.err = why;
	return -1;
}

static int copy_props(void *fdt, uint32_t ph)
{
	bool has_phandle = false;
	int n;

	prev_name[0] = 0;
	for (n = 0;; n++) {
		int len, got, more = of_nextprop(ph);

		if (more == 0)
			break;
		if (more != 1)
			return fail("nextprop failed");
		if (n == MAX_PROPS)
			return fail("too many properties in a node");
		if (!name_ok(cur_name, MAX_NAME) || !strcmp(cur_name, prev_name))
			return fail("bad property name from nextprop");
		strlcpy(prev_name, cur_name, sizeof(prev_name));
		/* the FDT carries the node name in the node itself (DTSpec 2.2.1) */
		if (!strcmp(cur_name, "name"))
			continue;
		len = of_getproplen(ph, cur_name);
		if (len < 0 || len > MAX_PROP_LEN) {
			stats.skipped++;
			continue;
		}
		got = of_getprop(ph, cur_name, prop_val, (uint32_t)len);
		if (got != len) {
			stats.skipped++;
			continue;
		}
		if (fdt_property(fdt, cur_name, prop_val, len))
			return fail("FDT buffer full");
		if (!strcmp(cur_name, "phandle"))
			has_phandle = true;
		stats.props++;
	}
	/* references between nodes (interrupt-parent, ...) hold OF phandles:
	 * make every node resolvable, as Linux prom_init does */
	if (!has_phandle && fdt_property_u32(fdt, "phandle", ph))
		return fail("FDT buffer full");
	return 0;
}

static int flatten_node(void *fdt, uint32_t ph, int depth)
{
	char name[MAX_NAME];
	uint32_t c;

	if (++stats.nodes > MAX_NODES)
		return fail("too many nodes");
	if (depth > MAX_DEPTH)
		return fail("nodes nested too deeply");
	if (depth == 0)
		name[0] = 0;
	else if (node_name(ph, name, sizeof(name)))
		return fail("node without a usable name");
	if (fdt_begin_node(fdt, name))
		return fail("FDT buffer full");
	if (copy_props(fdt, ph))
		return -1;
	if (of_relative("child", ph, &c))
		return fail("child failed");
	while (c) {
		if (flatten_node(fdt, c, depth + 1))
			return -1;
		if (of_relative("peer", c, &c))
			return fail("peer failed");
	}
	if (fdt_end_node(fdt))
		return fail("FDT buffer full");
	return 0;
}

const void *of_flatten(size_t *size)
{
	uint32_t root = 0;

	memset(&stats, 0, sizeof(stats));
	/* IEEE 1275: peer(0) is the root node */
	if (of_relative("peer", 0, &root) || !root)
		root = of_finddevice("/");
	if (!root || root == 0xffffffffu) {
		fail("no root node");
		goto out;
	}
	if (fdt_create(fdt_buf, sizeof(fdt_buf)) || fdt_finish_reservemap(fdt_buf)) {
		fail("fdt_create");
		goto out;
	}
	if (flatten_node(fdt_buf, root, 0))
		goto out;
	if (fdt_finish(fdt_buf)) {
		fail("FDT buffer full");
		goto out;
	}
	*size = fdt_totalsize(fdt_buf);
	return fdt_buf;
out:
	kprintf("ppc64: flattening the OF device tree failed: %s (%u nodes)\n", stats.err,
		stats.nodes);
	*size = 0;
	return NULL;
}

void of_flatten_stats(unsigned *nodes, unsigned *props, unsigned *skipped)
{
	*nodes = stats.nodes;
	*props = stats.props;
	*skipped = stats.skipped;
}
