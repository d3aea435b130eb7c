/* Boot information from the device tree (see cocoon/bootinfo.h). The tree has
 * passed fdt_validate(), but its *values* are still untrusted: every cell count,
 * length and range is checked here. Binding rules: Devicetree Specification
 * v0.4 sections 2.3.5 (#address-cells/#size-cells), 3.4 (/memory), 3.6 (/chosen),
 * 3.5 (/reserved-memory). */
#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

#include <cocoon/bootinfo.h>
#include <cocoon/format.h>

struct bootinfo boot_info;

uint64_t fdt_read_cells(const void *p, int cells)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (int i = 0; i < cells * 4; i++)
		v = (v << 8) | b[i];
	return v;
}

static int err_out(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int err_out(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A string property that must be NUL-terminated within its length. */
static const char *get_string(const void *fdt, int node, const char *name, int *plen)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s || len <= 0 || strnlen(s, (size_t)len) == (size_t)len)
		return NULL;
	if (plen)
		*plen = len;
	return s;
}

/* #address-cells / #size-cells of node (defaults 2 and 1, DTSpec 2.3.5). */
static int get_cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return dflt;
	if (len != 4)
		return -1;
	return (int)fdt32_to_cpu(*p);
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size && base < BOOTINFO_PHYS_LIMIT && size <= BOOTINFO_PHYS_LIMIT - base;
}

static int parse_reg_list(const void *fdt, int node, int ac, int sc, struct mem_range *out,
			  unsigned *n, unsigned max, const char *what, char *err, size_t errlen)
{
	int len, entry = (ac + sc) * 4;
	const unsigned char *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg)
		return err_out(err, errlen, "%s: no reg property", what);
	if (len <= 0 || len % entry)
		return err_out(err, errlen, "%s: reg length %d is not a multiple of %d", what, len,
			       entry);
	for (int off = 0; off < len; off += entry) {
		uint64_t base = fdt_read_cells(reg + off, ac);
		uint64_t size = fdt_read_cells(reg + off + ac * 4, sc);
		if (!range_ok(base, size))
			return err_out(err, errlen,
				       "%s: absurd range base 0x%llx size 0x%llx", what,
				       (unsigned long long)base, (unsigned long long)size);
		if (*n >= max)
			return err_out(err, errlen, "%s: more than %u ranges", what, max);
		out[(*n)++] = (struct mem_range){ base, size };
	}
	return 0;
}

static bool overlaps(const struct mem_range *a, const struct mem_range *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

int bootinfo_parse(struct bootinfo *bi, const void *fdt, char *err, size_t errlen)
{
	int root = 0, node, ac, sc, len, n;
	const char *s;

	memset(bi, 0, sizeof(*bi));
	bi->fdt = fdt;
	bi->fdt_size = fdt_totalsize(fdt);

	ac = get_cells(fdt, root, "#address-cells", 2);
	sc = get_cells(fdt, root, "#size-cells", 1);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return err_out(err, errlen, "root #address-cells %d / #size-cells %d unsupported",
			       ac, sc);

	s = get_string(fdt, root, "model", NULL);
	bi->model = s ? s : "";
	s = get_string(fdt, root, "compatible", NULL);
	bi->compatible = s ? s : "";

	node = fdt_path_offset(fdt, "/chosen");
	if (node < 0)
		return err_out(err, errlen, "no /chosen node");
	s = get_string(fdt, node, "bootargs", &len);
	bi->bootargs = s ? s : "";
	bi->bootargs_len = s ? (size_t)len - 1 : 0;
	s = get_string(fdt, node, "stdout-path", NULL);
	bi->stdout_path = s ? s : "";

	/* memory: every node with device_type = "memory" (DTSpec 3.4) */
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		const char *dt = get_string(fdt, node, "device_type", NULL);
		int depth;

		if (!dt || strcmp(dt, "memory"))
			continue;
		depth = fdt_node_depth(fdt, node);
		if (depth != 1)
			continue; /* memory nodes live under the root */
		if (parse_reg_list(fdt, node, ac, sc, bi->mem, &bi->nmem, BOOTINFO_MAX_MEM,
				   "memory node", err, errlen))
			return -1;
	}
	if (!bi->nmem)
		return err_out(err, errlen, "no memory node");
	for (unsigned i = 0; i < bi->nmem; i++) {
		for (unsigned j = 0; j < i; j++)
			if (overlaps(&bi->mem[i], &bi->mem[j]))
				return err_out(err, errlen, "memory ranges %u and %u overlap", j, i);
		bi->mem_total += bi->mem[i].size;
	}

	/* reserved memory: the header's reserve map and /reserved-memory children.
	 * A range left out would be handed to the page allocator: an unterminated
	 * map or one with more entries than we hold is an error, never truncated. */
	n = fdt_num_mem_rsv(fdt);
	if (n < 0)
		return err_out(err, errlen, "memory reserve map not terminated within the blob");
	for (int i = 0; i < n; i++) {
		uint64_t base, size;
		if (fdt_get_mem_rsv(fdt, i, &base, &size) < 0)
			return err_out(err, errlen, "memreserve %d unreadable", i);
		if (!range_ok(base, size))
			return err_out(err, errlen, "memreserve %d absurd", i);
		if (bi->nrsv >= BOOTINFO_MAX_RSV)
			return err_out(err, errlen, "memreserve: more than %u ranges", BOOTINFO_MAX_RSV);
		bi->rsv[bi->nrsv++] = (struct mem_range){ base, size };
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int rac = get_cells(fdt, node, "#address-cells", ac);
		int rsc = get_cells(fdt, node, "#size-cells", sc);
		int child;
		if (rac < 1 || rac > 2 || rsc < 1 || rsc > 2)
			return err_out(err, errlen, "/reserved-memory cells unsupported");
		fdt_for_each_subnode(child, fdt, node) {
			if (!fdt_getprop(fdt, child, "reg", NULL))
				continue; /* dynamic allocations have no reg */
			if (parse_reg_list(fdt, child, rac, rsc, bi->rsv, &bi->nrsv,
					   BOOTINFO_MAX_RSV, "/reserved-memory", err, errlen))
				return -1;
		}
	}

	/* CPUs: /cpus children with device_type = "cpu" */
	node = fdt_path_offset(fdt, "/cpus");
	if (node >= 0) {
		int child;
		fdt_for_each_subnode(child, fdt, node) {
			const char *dt = get_string(fdt, child, "device_type", NULL);
			if (dt && !strcmp(dt, "cpu"))
				bi->ncpus++;
		}
	}
	return 0;
}

int bootinfo_find_mem(const struct bootinfo *bi, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_range *m = &bi->mem[i];
		if (base >= m->base && size <= m->size && base - m->base <= m->size - size)
			return (int)i;
	}
	return -1;
}
