/* In-guest checks of loader_fdt(): where a device tree handed over by a
 * loader may lie, relative to the image this test runs in. Nothing is read
 * at the addresses tried. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/loader_fdt.h>

static void loader_fdt_suite(void)
{
	uint64_t start = (uintptr_t)__image_start, end = (uintptr_t)__image_end;
	uint64_t stack = (uintptr_t)__stack_top - 64;
	size_t max = 1;

	report(!loader_fdt(0, 0, &max) && max == 0, "no address: no tree");
	report(!loader_fdt(end + 4, 0, &max) && max == 0, "misaligned address refused");
	report(!loader_fdt(start, 0, &max), "address at the image start refused");
	report(!loader_fdt(stack & ~7ull, 0, &max), "address on the kernel stack refused");
	report(!loader_fdt((end - 8) & ~7ull, 0, &max), "address at the image end refused");
	report(loader_fdt(start - 4096, 0, &max) && max == 4096,
	       "below the image: the blob may not reach into it");
	report(loader_fdt(end, end + 8192, &max) && max == 8192,
	       "above the image: bounded by the limit");
	report(loader_fdt(end, 0, &max) && max == 0, "above the image, no limit: size unknown");
}
KTEST_SUITE(loader_fdt_suite);
