/* The Open Firmware client interface the shim offers its guest (provider
 * side of kernel/arch/ppc64/of_client.c), reached by the hcall
 * KVMPPC_H_VOF_CLIENT with r4 = the argument array, as QEMU's VOF does.
 * IEEE 1275-1994 6.3.2 (client interface services) and the PowerPC binding:
 * the array is {service, nargs, nret, args..., rets...} in 32-bit big-endian
 * cells. Packages are the nodes of a flattened tree; a phandle is the node's
 * "phandle" property (added to every node at init), an ihandle indexes a
 * small table of opened packages. Everything in the array, and every buffer
 * it points to, is guest memory: read once through guest_mem.c, bounded. */
#include <libfdt.h>
#include <string.h>

#include <shim/shim.h>
#include <shim/trace.h>

#include "pnv.h"

#define OF_FAIL 0xffffffffu
#define MAX_CELLS 16
#define SERVICE_MAX 32   /* longest service name we know is 19 */
#define PATH_MAX_ 256
#define PROPNAME_MAX 32  /* IEEE 1275: property names up to 31 characters */
#define SETPROP_MAX 4096
#define WRITE_MAX 4096
#define MAX_IHANDLES 16
#define IHANDLE_BASE 0x1f000000u
#define MAX_CLAIMS 64

static void *tree;
static size_t tree_bufsize;
static bool quiesced;
static uint32_t ihandles[MAX_IHANDLES]; /* phandle of each open instance, 0 = free */

struct claim {
	uint64_t base, size;
};
static struct claim claims[MAX_CLAIMS];
static unsigned nclaims;

struct call {
	uint32_t nargs, nret;
	uint32_t in[MAX_CELLS];
	uint32_t out[MAX_CELLS];
};

void *of_client_tree(void)
{
	return tree;
}

bool of_client_quiesced(void)
{
	return quiesced;
}

/* Every node gets a phandle so that the guest can name it. */
int of_client_init(void *fdt, size_t bufsize)
{
	int node;

	tree = fdt;
	tree_bufsize = bufsize;
	quiesced = false;
	nclaims = 0;
	memset(ihandles, 0, sizeof(ihandles));
	if (fdt_open_into(fdt, fdt, (int)bufsize))
		return -1;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		uint32_t ph;

		if (fdt_get_phandle(fdt, node))
			continue;
		if (fdt_generate_phandle(fdt, &ph) || fdt_setprop_u32(fdt, node, "phandle", ph))
			return -1;
		/* setprop may move later nodes, never this one: walking on is safe */
	}
	return 0;
}

/* Claimed ranges: the loaded image and firmware areas are claimed by the
 * shim before the guest runs (of_claim_range), the rest by the guest. */
static bool overlaps_claim(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < nclaims; i++)
		if (base < claims[i].base + claims[i].size && claims[i].base < base + size)
			return true;
	return false;
}

int of_claim_range(uint64_t base, uint64_t size)
{
	if (!size || !gmem_ok(base, size) || overlaps_claim(base, size) || nclaims == MAX_CLAIMS)
		return -1;
	claims[nclaims].base = base;
	claims[nclaims].size = size;
	nclaims++;
	return 0;
}

static int node_of(uint32_t ph)
{
	int off;

	if (ph == 0 || ph == OF_FAIL)
		return -1;
	off = fdt_node_offset_by_phandle(tree, ph);
	return off >= 0 ? off : -1;
}

static uint32_t phandle_of(int off)
{
	uint32_t ph = off >= 0 ? fdt_get_phandle(tree, off) : 0;

	return ph ? ph : OF_FAIL;
}

static uint32_t ih_to_ph(uint32_t ih)
{
	uint32_t i = ih - IHANDLE_BASE;

	return ih >= IHANDLE_BASE && i < MAX_IHANDLES ? ihandles[i] : 0;
}

static int read_path_node(uint32_t gpa)
{
	char path[PATH_MAX_];

	if (gmem_read_str(gpa, path, sizeof(path)) <= 0)
		return -1;
	return fdt_path_offset(tree, path);
}

/* Copy a value to a guest buffer of buflen bytes: at most buflen bytes go,
 * the full length is returned (IEEE 1275 getprop, package-to-path). */
static uint32_t copy_out(const void *val, int len, uint32_t buf, uint32_t buflen)
{
	uint32_t n = (uint32_t)len < buflen ? (uint32_t)len : buflen;

	if (n && gmem_write(buf, val, n))
		return OF_FAIL;
	return (uint32_t)len;
}

/* The "name" property is implicit in a flattened tree (DTSpec 2.2.1): the
 * node name without its unit address, NUL-terminated. */
static const char *node_name(int off, int *len)
{
	int l;
	const char *n = fdt_get_name(tree, off, &l);
	const char *at;

	if (!n)
		return NULL;
	at = memchr(n, '@', (size_t)l);
	*len = (at ? (int)(at - n) : l);
	return n;
}

static int get_value(int off, uint32_t name_gpa, const void **val, int *len, char *namebuf)
{
	if (gmem_read_str(name_gpa, namebuf, PROPNAME_MAX) <= 0)
		return -1;
	if (!strcmp(namebuf, "name")) {
		*val = node_name(off, len);
		if (!*val)
			return -1;
		*len += 1; /* the NUL: copied from the static "" below when needed */
		return 1;
	}
	*val = fdt_getprop(tree, off, namebuf, len);
	return *val ? 0 : -1;
}

static int svc_getprop(struct call *c, bool len_only)
{
	char name[PROPNAME_MAX];
	const void *val;
	int len, off = node_of(c->in[0]), kind;

	c->out[0] = OF_FAIL;
	if (off < 0 || (kind = get_value(off, c->in[1], &val, &len, name)) < 0)
		return 0;
	if (len_only) {
		c->out[0] = (uint32_t)len;
		return 0;
	}
	if (kind == 1) { /* name: the characters, then the NUL */
		char tmp[PROPNAME_MAX * 2];

		if ((size_t)len > sizeof(tmp))
			return 0;
		memcpy(tmp, val, (size_t)len - 1);
		tmp[len - 1] = 0;
		c->out[0] = copy_out(tmp, len, c->in[2], c->in[3]);
		return 0;
	}
	c->out[0] = copy_out(val, len, c->in[2], c->in[3]);
	/* hostile host: getprop claiming more bytes than the buffer holds, or
	 * answering one byte less than getproplen */
	if (shim_fault("of-getprop-overclaim") && c->out[0] != OF_FAIL &&
	    !strcmp(name, "ibm,arch-vec-5-platform-support"))
		c->out[0] = c->in[3] + 8;
	if (shim_fault("vec5-getprop-short") && !strcmp(name, "ibm,architecture-vec-5"))
		c->out[0]--;
	return 0;
}

/* nextprop(phandle, previous, buf): "name" first, then the stored ones. */
static int svc_nextprop(struct call *c)
{
	char prev[PROPNAME_MAX];
	const char *next = NULL;
	int off = node_of(c->in[0]), p, len;
	bool take = false;

	c->out[0] = OF_FAIL;
	if (off < 0 || gmem_read_str(c->in[1], prev, sizeof(prev)) < 0)
		return 0;
	if (!prev[0]) {
		next = "name";
	} else {
		take = !strcmp(prev, "name");
		fdt_for_each_property_offset(p, tree, off) {
			const char *n;

			if (!fdt_getprop_by_offset(tree, p, &n, &len) || !n || !strcmp(n, "name"))
				continue;
			if (take) {
				next = n;
				break;
			}
			take = !strcmp(n, prev);
		}
		if (!next) {
			c->out[0] = take ? 0 : OF_FAIL; /* end of list, or unknown previous */
			return 0;
		}
	}
	len = (int)strnlen(next, PROPNAME_MAX - 1);
	if (gmem_write(c->in[2], next, (uint64_t)len) || gmem_write(c->in[2] + (uint64_t)len, "", 1))
		return 0;
	c->out[0] = 1;
	return 0;
}

static int svc_setprop(struct call *c)
{
	static uint8_t val[SETPROP_MAX];
	char name[PROPNAME_MAX];
	int off = node_of(c->in[0]);

	c->out[0] = OF_FAIL;
	if (off < 0 || gmem_read_str(c->in[1], name, sizeof(name)) <= 0 || !strcmp(name, "name") ||
	    !strcmp(name, "phandle") || c->in[3] > SETPROP_MAX || gmem_read(c->in[2], val, c->in[3]))
		return 0;
	if (!fdt_setprop(tree, off, name, val, (int)c->in[3]))
		c->out[0] = c->in[3];
	return 0;
}

static int svc_walk(struct call *c, int which)
{
	int off, next = -1;

	if (which == 0 && c->in[0] == 0) { /* peer(0) is the root */
		c->out[0] = phandle_of(0);
		return 0;
	}
	off = node_of(c->in[0]);
	c->out[0] = 0;
	if (off < 0)
		return 0;
	if (which == 0)
		next = fdt_next_subnode(tree, off);
	else if (which == 1)
		next = fdt_first_subnode(tree, off);
	else if (off != 0)
		next = fdt_parent_offset(tree, off);
	if (off == 0 && which == 0)
		next = -1; /* the root has no peers */
	c->out[0] = next >= 0 ? phandle_of(next) : 0;
	/* hostile host: a node whose peer is itself, a chain that never ends */
	if (shim_fault("of-peer-loop") && which == 0 && off != 0 && next < 0)
		c->out[0] = c->in[0];
	return 0;
}

static int path_out(struct call *c, int off)
{
	char path[PATH_MAX_];

	c->out[0] = OF_FAIL;
	if (off < 0 || fdt_get_path(tree, off, path, sizeof(path)))
		return 0;
	c->out[0] = copy_out(path, (int)strlen(path), c->in[1], c->in[2]);
	return 0;
}

static int svc_open(struct call *c)
{
	int off = read_path_node(c->in[0]);

	c->out[0] = 0;
	if (off < 0)
		return 0;
	for (uint32_t i = 0; i < MAX_IHANDLES; i++)
		if (!ihandles[i]) {
			ihandles[i] = phandle_of(off);
			c->out[0] = IHANDLE_BASE + i;
			break;
		}
	return 0;
}

static int svc_close(struct call *c)
{
	uint32_t i = c->in[0] - IHANDLE_BASE;

	if (c->in[0] >= IHANDLE_BASE && i < MAX_IHANDLES)
		ihandles[i] = 0;
	return 0;
}

/* claim(virt, size, align): align 0 = exactly there; else the lowest
 * aligned free range above the claims made so far. */
static int svc_claim(struct call *c)
{
	uint64_t size = c->in[1], align = c->in[2], base = c->in[0];

	c->out[0] = OF_FAIL;
	if (!size)
		return 0;
	if (align) {
		if (align & (align - 1))
			return 0;
		base = 0;
		for (unsigned i = 0; i < nclaims; i++)
			if (claims[i].base + claims[i].size > base)
				base = claims[i].base + claims[i].size;
		base = (base + align - 1) & ~(align - 1);
	}
	if (base >> 32 || (base + size) >> 32 || of_claim_range(base, size))
		return 0;
	c->out[0] = (uint32_t)base;
	return 0;
}

static int svc_release(struct call *c)
{
	for (unsigned i = 0; i < nclaims; i++)
		if (claims[i].base == c->in[0] && claims[i].size == c->in[1]) {
			claims[i] = claims[--nclaims];
			break;
		}
	return 0;
}

static int svc_write(struct call *c)
{
	char buf[256];
	uint32_t len = c->in[2] < WRITE_MAX ? c->in[2] : WRITE_MAX, done = 0;

	c->out[0] = OF_FAIL;
	if (!ih_to_ph(c->in[0]))
		return 0;
	while (done < len) {
		uint32_t n = len - done < sizeof(buf) ? len - done : (uint32_t)sizeof(buf);

		if (gmem_read((uint64_t)c->in[1] + done, buf, n))
			break;
		plat_console_write(buf, n);
		done += n;
	}
	c->out[0] = done;
	return 0;
}

/* call-method(method, ihandle, args...) -> catch-result, rets... */
static int svc_call_method(struct call *c)
{
	char method[48];
	const char *why = NULL;
	uint32_t ph;

	if (c->nargs < 2 || c->nret < 1)
		return -1;
	c->out[0] = OF_FAIL; /* catch-result: the method threw */
	ph = ih_to_ph(c->in[1]);
	if (!ph || gmem_read_str(c->in[0], method, sizeof(method)) <= 0)
		return 0;
	if (!strcmp(method, "ibm,client-architecture-support")) {
		if (c->nargs != 3 || c->nret != 2 || node_of(ph) != 0)
			return 0;
		c->out[0] = 0;
		c->out[1] = cas_apply(tree, c->in[2], &why) ? OF_FAIL : 0;
		if (why) {
			pnv_printf("shim: CAS refused: %s\n", why);
			shim_trace(0, "firmware.CAS -> refused: %s", why);
		}
		return 0;
	}
	pnv_printf("shim: OF call-method \"%s\" not implemented\n", method);
	return 0;
}

struct service {
	const char *name;
	uint8_t nargs, nret; /* 0xff: variable (checked by the handler) */
	int (*fn)(struct call *c);
	int arg;
};

static int do_getprop(struct call *c) { return svc_getprop(c, false); }
static int do_getproplen(struct call *c) { return svc_getprop(c, true); }
static int do_peer(struct call *c) { return svc_walk(c, 0); }
static int do_child(struct call *c) { return svc_walk(c, 1); }
static int do_parent(struct call *c) { return svc_walk(c, 2); }
static int do_pkg_to_path(struct call *c) { return path_out(c, node_of(c->in[0])); }
static int do_inst_to_path(struct call *c) { return path_out(c, node_of(ih_to_ph(c->in[0]))); }
static int do_canon(struct call *c) { return path_out(c, read_path_node(c->in[0])); }

static int do_finddevice(struct call *c)
{
	c->out[0] = phandle_of(read_path_node(c->in[0]));
	return 0;
}

static int do_inst_to_pkg(struct call *c)
{
	uint32_t ph = ih_to_ph(c->in[0]);

	c->out[0] = ph ? ph : OF_FAIL;
	return 0;
}

static int do_read(struct call *c)
{
	c->out[0] = ih_to_ph(c->in[0]) ? 0 : OF_FAIL; /* no input before the kernel runs */
	return 0;
}

static int do_quiesce(struct call *c)
{
	(void)c;
	quiesced = true;
	return 0;
}

static int do_milliseconds(struct call *c)
{
	c->out[0] = (uint32_t)plat_milliseconds();
	return 0;
}

static int do_exit(struct call *c)
{
	(void)c;
	pnv_printf("shim: the guest called OF exit: powering off\n");
	plat_power_off();
	return 0;
}

static int do_test(struct call *c);

static const struct service services[] = {
	{ "finddevice", 1, 1, do_finddevice, 0 },
	{ "getprop", 4, 1, do_getprop, 0 },
	{ "getproplen", 2, 1, do_getproplen, 0 },
	{ "nextprop", 3, 1, svc_nextprop, 0 },
	{ "setprop", 4, 1, svc_setprop, 0 },
	{ "peer", 1, 1, do_peer, 0 },
	{ "child", 1, 1, do_child, 0 },
	{ "parent", 1, 1, do_parent, 0 },
	{ "package-to-path", 3, 1, do_pkg_to_path, 0 },
	{ "instance-to-path", 3, 1, do_inst_to_path, 0 },
	{ "instance-to-package", 1, 1, do_inst_to_pkg, 0 },
	{ "canon", 3, 1, do_canon, 0 },
	{ "open", 1, 1, svc_open, 0 },
	{ "close", 1, 0, svc_close, 0 },
	{ "call-method", 0xff, 0xff, svc_call_method, 0 },
	{ "claim", 3, 1, svc_claim, 0 },
	{ "release", 2, 0, svc_release, 0 },
	{ "write", 3, 1, svc_write, 0 },
	{ "read", 3, 1, do_read, 0 },
	{ "milliseconds", 0, 1, do_milliseconds, 0 },
	{ "quiesce", 0, 0, do_quiesce, 0 },
	{ "exit", 0, 0, do_exit, 0 },
	{ "test", 1, 1, do_test, 0 },
};

static const struct service *find_service(const char *name)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (!strcmp(services[i].name, name))
			return &services[i];
	return NULL;
}

/* test(name): 0 if the service exists (IEEE 1275 "test") */
static int do_test(struct call *c)
{
	char name[SERVICE_MAX];

	c->out[0] = gmem_read_str(c->in[0], name, sizeof(name)) > 0 && find_service(name) ? 0 : OF_FAIL;
	return 0;
}

/* Returns 0 when the service ran (its results are in the array), -1 when
 * the call is malformed or unknown (IEEE 1275: -1 in r3), H_PARAMETER when
 * the array itself is not in guest memory. */
long of_client_call(uint64_t args_gpa)
{
	struct call c;
	char name[SERVICE_MAX];
	uint32_t service;
	const struct service *s;

	if (!tree)
		return H_FUNCTION;
	if (gmem_read_be32(args_gpa, &service) || gmem_read_be32(args_gpa + 4, &c.nargs) ||
	    gmem_read_be32(args_gpa + 8, &c.nret))
		return H_PARAMETER;
	if (c.nargs > MAX_CELLS || c.nret > MAX_CELLS || !gmem_ok(args_gpa, 12 + 4ull * (c.nargs + c.nret)))
		return H_PARAMETER;
	if (gmem_read_str(service, name, sizeof(name)) <= 0 || !(s = find_service(name)))
		return -1;
	if ((s->nargs != 0xff && c.nargs != s->nargs) || (s->nret != 0xff && c.nret < s->nret))
		return -1;
	memset(c.in, 0, sizeof(c.in));
	memset(c.out, 0, sizeof(c.out));
	for (uint32_t i = 0; i < c.nargs; i++)
		if (gmem_read_be32(args_gpa + 12 + 4 * i, &c.in[i]))
			return H_PARAMETER;
	if (s->fn(&c))
		return -1;
	for (uint32_t i = 0; i < c.nret; i++)
		if (gmem_write_be32(args_gpa + 12 + 4ull * (c.nargs + i), c.out[i]))
			return H_PARAMETER;
	return 0;
}
