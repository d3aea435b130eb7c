/* In-guest checks of what boot learned from the device tree, and that the
 * validator rejects damaged copies of the very tree we booted with. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/fdt_check.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>

static bool rejects(const void *blob, size_t size)
{
	const char *why = NULL;

	return fdt_validate(blob, size, &why) < 0 && why;
}

static void boot_suite(void)
{
	const struct bootinfo *bi = &boot_info;
	size_t size = bi->fdt_size;
	char *copy;

	report(fdt_validate(bi->fdt, size, NULL) == 0, "fdt: boot tree is valid");
	report(bi->nmem >= 1 && bi->mem_total >= MiB(16), "memory: at least 16 MiB described");
	report(bootinfo_find_mem(bi, (uintptr_t)__image_start,
				 (uintptr_t)(__image_end - __image_start)) >= 0,
	       "memory: a range contains the kernel image");
	report(bi->ncpus >= 1, "cpus: at least one cpu node");
	report(boot_cmdline.len == strlen(boot_cmdline.buf), "cmdline: parsed bootargs");

	copy = size <= MiB(2) ? page_alloc(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE) : NULL;
	if (!copy) {
		report_skip("no memory for a copy", "fdt: damaged copies rejected");
		return;
	}
	memcpy(copy, bi->fdt, size);
	report(fdt_validate(copy, size, NULL) == 0, "fdt: an exact copy is valid");
	report(rejects(copy, size - 1), "fdt: a copy one byte too short is rejected");
	copy[0] ^= 0xff;
	report(rejects(copy, size), "fdt: bad magic rejected");
	copy[0] ^= 0xff;
	{
		/* the root node's FDT_BEGIN_NODE token becomes an invalid token */
		uint32_t off = fdt_off_dt_struct(copy);
		copy[off + 3] = 0x7f;
		report(rejects(copy, size), "fdt: bad structure token rejected");
		copy[off + 3] = FDT_BEGIN_NODE;
	}
	{
		/* strings block shrunk to nothing: every property name dangles */
		uint32_t saved = fdt_size_dt_strings(copy);
		fdt_set_size_dt_strings(copy, 0);
		report(rejects(copy, size), "fdt: property names outside the strings block rejected");
		fdt_set_size_dt_strings(copy, saved);
	}
	report(fdt_validate(copy, size, NULL) == 0, "fdt: restored copy valid again");
	page_free(copy, ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
}
KTEST_SUITE(boot_suite);
