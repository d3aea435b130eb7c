/* Device-tree helpers for building the guest's tree from the one the
 * platform gave the shim (Devicetree Specification v0.4: 3.4 /memory,
 * 2.3.5 #address-cells/#size-cells). The input tree is firmware's and is
 * checked before use; the output is ours. */
#include <string.h>

#include <libfdt.h>
#include <shim/shim.h>

int shim_fdt_check(const void *blob, size_t max_size)
{
	int err;

	if (!blob)
		return -FDT_ERR_BADMAGIC;
	err = fdt_check_header(blob);
	if (err)
		return err;
	if (fdt_totalsize(blob) > max_size)
		return -FDT_ERR_TRUNCATED;
	/* walk the whole structure block once: libfdt reports damage on the way */
	{
		int node = 0, depth = 0;

		while (node >= 0 && depth >= 0)
			node = fdt_next_node(blob, node, &depth);
		return node >= 0 || node == -FDT_ERR_NOTFOUND ? 0 : node;
	}
}

int shim_fdt_copy(void *dst, size_t dst_size, const void *src)
{
	if (dst_size > 0x7fffffff)
		dst_size = 0x7fffffff;
	return fdt_open_into(src, dst, (int)dst_size);
}

static int root_cells_are_2(const void *fdt)
{
	return fdt_address_cells(fdt, 0) == 2 && fdt_size_cells(fdt, 0) == 2;
}

static bool is_memory_node(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	return type && !strcmp(type, "memory");
}

int shim_fdt_first_memory(const void *fdt, uint64_t *base, uint64_t *size)
{
	int node, len;
	const fdt64_t *reg;

	if (!root_cells_are_2(fdt))
		return -FDT_ERR_BADNCELLS;
	fdt_for_each_subnode(node, fdt, 0) {
		if (!is_memory_node(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 16)
			return -FDT_ERR_BADVALUE;
		*base = fdt64_ld(&reg[0]);
		*size = fdt64_ld(&reg[1]);
		if (*base + *size < *base)
			return -FDT_ERR_BADVALUE;
		return 0;
	}
	return -FDT_ERR_NOTFOUND;
}

int shim_fdt_set_memory(void *fdt, uint64_t base, uint64_t size)
{
	int node, err;
	char name[32];
	fdt64_t reg[2];

	if (!root_cells_are_2(fdt))
		return -FDT_ERR_BADNCELLS;
	/* deleting shifts offsets: restart the walk after each deletion */
	for (;;) {
		bool deleted = false;

		fdt_for_each_subnode(node, fdt, 0) {
			if (is_memory_node(fdt, node)) {
				err = fdt_del_node(fdt, node);
				if (err)
					return err;
				deleted = true;
				break;
			}
		}
		if (!deleted)
			break;
	}
	/* hex unit address without leading zeros (DT spec 2.2.1) */
	{
		static const char hex[] = "0123456789abcdef";
		char digits[17];
		int n = 0;
		uint64_t v = base;

		do {
			digits[n++] = hex[v & 0xf];
			v >>= 4;
		} while (v);
		memcpy(name, "memory@", 7);
		for (int i = 0; i < n; i++)
			name[7 + i] = digits[n - 1 - i];
		name[7 + n] = 0;
	}
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (err)
		return err;
	reg[0] = cpu_to_fdt64(base);
	reg[1] = cpu_to_fdt64(size);
	return fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

int shim_fdt_node(void *fdt, const char *path)
{
	int parent = 0, node;
	const char *p = path;

	if (*p != '/')
		return -FDT_ERR_BADPATH;
	while (*p) {
		const char *name, *end;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		name = p;
		end = strchr(name, '/');
		if (!end)
			end = name + strlen(name);
		node = fdt_subnode_offset_namelen(fdt, parent, name, (int)(end - name));
		if (node == -FDT_ERR_NOTFOUND)
			node = fdt_add_subnode_namelen(fdt, parent, name, (int)(end - name));
		if (node < 0)
			return node;
		parent = node;
		p = end;
	}
	return parent;
}

int shim_fdt_set_string(void *fdt, const char *path, const char *prop, const char *val)
{
	int node = shim_fdt_node(fdt, path);

	if (node < 0)
		return node;
	return fdt_setprop_string(fdt, node, prop, val);
}

int shim_fdt_finish(void *fdt)
{
	int err = fdt_pack(fdt);

	return err ? err : (int)fdt_totalsize(fdt);
}

const char *shim_fdt_strerror(int err)
{
	return fdt_strerror(err);
}
