/* Whole-blob FDT validation (see cocoon/fdt_check.h). Layout rules: Devicetree
 * Specification v0.4 chapter 5 (header, structure block tokens, strings block). */
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <cocoon/fdt_check.h>

/* DTSpec 2.2.1 and 2.2.4 allow only letters, digits and a few punctuation
 * marks in node and property names. We accept any printable ASCII but '/'
 * in a node name: names reach the console in diagnostics, and a control byte
 * there could forge a line of the TAP report. fdt_next_tag() and
 * fdt_get_string() have already checked that the name is terminated. */
static bool name_printable(const char *name, bool node)
{
	if (!name)
		return false;
	for (; *name; name++)
		if (*name < 0x21 || *name > 0x7e || (node && *name == '/'))
			return false;
	return true;
}

static int fail(const char **why, const char *msg, int err)
{
	if (why)
		*why = msg;
	return err;
}

int fdt_validate(const void *blob, size_t max_size, const char **why)
{
	int off = 0, next, depth = 0, roots = 0;
	uint32_t tag;

	if (!max_size || max_size > FDT_MAX_SIZE)
		max_size = FDT_MAX_SIZE;
	if (!blob)
		return fail(why, "no device tree was passed", -FDT_ERR_NOTFOUND);
	if (max_size < sizeof(struct fdt_header))
		return fail(why, "blob smaller than an FDT header", -FDT_ERR_TRUNCATED);
	if (fdt_magic(blob) != FDT_MAGIC)
		return fail(why, "bad magic (not a device tree blob)", -FDT_ERR_BADMAGIC);
	if (fdt_totalsize(blob) > max_size)
		return fail(why, "totalsize larger than the memory it may occupy", -FDT_ERR_TRUNCATED);
	if (fdt_check_header(blob))
		return fail(why, "inconsistent header (version, block offsets or sizes)",
			    -FDT_ERR_BADSTRUCTURE);
	/* DTSpec 5.1: libfdt reads tokens as aligned 32-bit words */
	if (fdt_off_mem_rsvmap(blob) % 8 || fdt_off_dt_struct(blob) % 4)
		return fail(why, "memory reserve map or structure block misaligned",
			    -FDT_ERR_ALIGNMENT);

	/* Every token: fdt_next_tag() bounds-checks node names and property
	 * lengths against the structure block; we add nesting, name offsets into
	 * the strings block, and termination. Each step advances >= 4 bytes, so
	 * the loop ends within size_dt_struct / 4 steps. */
	for (;;) {
		tag = fdt_next_tag(blob, off, &next);
		if (next < 0)
			return fail(why, "structure block truncated or malformed", next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (!name_printable(fdt_offset_ptr(blob, off + FDT_TAGSIZE, 1), true))
				return fail(why, "node name with a byte outside printable ASCII",
					    -FDT_ERR_BADSTRUCTURE);
			if (depth == 0 && ++roots > 1)
				return fail(why, "more than one root node", -FDT_ERR_BADSTRUCTURE);
			if (++depth > FDT_MAX_DEPTH)
				return fail(why, "nodes nested too deeply", -FDT_ERR_BADSTRUCTURE);
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return fail(why, "unbalanced end of node", -FDT_ERR_BADSTRUCTURE);
			break;
		case FDT_PROP: {
			const struct fdt_property *p;
			const char *name;
			int len;

			if (depth == 0)
				return fail(why, "property outside any node", -FDT_ERR_BADSTRUCTURE);
			p = fdt_offset_ptr(blob, off, sizeof(*p));
			if (!p)
				return fail(why, "property header truncated", -FDT_ERR_TRUNCATED);
			name = fdt_get_string(blob, (int)fdt32_to_cpu(p->nameoff), &len);
			if (!name)
				return fail(why, "property name outside the strings block",
					    -FDT_ERR_BADOFFSET);
			if (!len || !name_printable(name, false))
				return fail(why, "property name empty or with a byte outside printable ASCII",
					    -FDT_ERR_BADSTRUCTURE);
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (depth != 0 || roots != 1)
				return fail(why, "structure block ends inside a node",
					    -FDT_ERR_BADSTRUCTURE);
			return 0;
		default:
			return fail(why, "unknown token in structure block", -FDT_ERR_BADSTRUCTURE);
		}
		if (next <= off)
			return fail(why, "structure block does not advance", -FDT_ERR_BADSTRUCTURE);
		off = next;
	}
}
