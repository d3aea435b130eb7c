/* Fuzz target: an untrusted device tree through the same path as boot —
 * whole-blob validation, then the boot-information walk, then every property
 * of every node read back (what the boot summary and drivers do). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/fdt_check.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootinfo bi;
	char err[160];
	const char *why;
	void *blob;
	int node, prop;

	/* max_size 0 means "bound unknown" in the API; a fuzz input always has one */
	if (size == 0 || size > FDT_MAX_SIZE)
		return 0;
	/* the guest sees the blob in memory of exactly the given size, 8-aligned */
	blob = aligned_alloc(8, (size + 7) & ~(size_t)7);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	if (fdt_validate(blob, size, &why) == 0 && bootinfo_parse(&bi, blob, err, sizeof(err)) == 0) {
		volatile uint64_t sink = bi.mem_total + bi.ncpus;
		for (node = fdt_next_node(blob, -1, NULL); node >= 0;
		     node = fdt_next_node(blob, node, NULL)) {
			fdt_for_each_property_offset(prop, blob, node) {
				const char *name;
				int len;
				const void *v = fdt_getprop_by_offset(blob, prop, &name, &len);
				if (v && len > 0)
					sink += ((const uint8_t *)v)[len - 1] + (uint8_t)name[0];
			}
		}
		(void)sink;
	}
	free(blob);
	return 0;
}
