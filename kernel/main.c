/* kmain: the portable boot sequence. Every arch's entry code sets up a stack,
 * clears BSS and calls kmain() with the C environment ready. */
#include <libfdt.h>
#include <stdint.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/fault_tests.h>
#include <cocoon/fdt_check.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/kv.h>
#include <cocoon/mm.h>
#include <cocoon/printable.h>
#include <cocoon/tagalloc.h>
#include <cocoon/trace.h>
#include <cocoon/virtio.h>

#define COCOON_VERSION "0.1"
#define HEAP_PAGES 256 /* 1 MiB */
#define TAG_ARENA_PAGES 16 /* the tagged allocator's arena (64 KiB) */

noreturn void kmain(void);
void stack_guard_init(void);

static noreturn void fatal_boot(const char *what, const char *why)
{
	kprintf("cocoon: fatal: %s: %s\n", what, why);
	kernel_exit(2);
}

static void print_size(uint64_t bytes)
{
	if (bytes >= GiB(1) && !(bytes % GiB(1)))
		kprintf("%llu GiB", (unsigned long long)(bytes >> 30));
	else if (bytes >= MiB(1))
		kprintf("%llu MiB", (unsigned long long)(bytes >> 20));
	else
		kprintf("%llu KiB", (unsigned long long)(bytes >> 10));
}

static void print_summary(const struct bootinfo *bi)
{
	static char args[sizeof(boot_cmdline.buf) * 4]; /* every byte may become \xNN */
	char model[96], compat[96];

	kprintf("boot summary:\n");
	kprintf("  platform : %s (compatible \"%s\")\n",
		*bi->model ? str_printable(model, sizeof(model), bi->model, SIZE_MAX) : "(no model)",
		str_printable(compat, sizeof(compat), bi->compatible, SIZE_MAX));
	arch_print_summary();
	kprintf("  memory   : ");
	print_size(bi->mem_total);
	kprintf(" in %u range%s:", bi->nmem, bi->nmem == 1 ? "" : "s");
	for (unsigned i = 0; i < bi->nmem; i++)
		kprintf(" [0x%llx-0x%llx)", (unsigned long long)bi->mem[i].base,
			(unsigned long long)(bi->mem[i].base + bi->mem[i].size));
	kprintf("\n");
	kprintf("  image    : [%p-%p) %zu KiB, page pool %zu pages, heap %zu KiB free\n",
		(void *)__image_start, (void *)__image_end,
		(size_t)(__image_end - __image_start) / 1024, page_total_count(),
		heap_free_bytes() / 1024);
	kprintf("  cpus     : %u\n", bi->ncpus);
	kprintf("  timer    : %llu Hz\n", (unsigned long long)arch_counter_freq());
	kprintf("  fdt      : %zu bytes at %p, %u reserved range%s\n", bi->fdt_size, bi->fdt,
		bi->nrsv, bi->nrsv == 1 ? "" : "s");
	kprintf("  bootargs : \"%s\"\n",
		str_printable(args, sizeof(args), boot_cmdline.buf, sizeof(boot_cmdline.buf)));
}

/* The page pool: the memory range holding the image, above the image, minus
 * the FDT and every reserved range. */
static void memory_init(const struct bootinfo *bi)
{
	uintptr_t img_start = (uintptr_t)__image_start, img_end = (uintptr_t)__image_end;
	int r = bootinfo_find_mem(bi, img_start, img_end - img_start);
	const struct mem_range *m;

	if (r < 0)
		fatal_boot("device tree", "no memory range contains the kernel image");
	m = &bi->mem[r];
	if (!page_alloc_init(img_end, (uintptr_t)(m->base + m->size)))
		fatal_boot("memory", "no free memory above the kernel image");
	page_reserve((uintptr_t)bi->fdt, (uintptr_t)bi->fdt + bi->fdt_size);
	for (unsigned i = 0; i < bi->nrsv; i++)
		page_reserve((uintptr_t)bi->rsv[i].base,
			     (uintptr_t)(bi->rsv[i].base + bi->rsv[i].size));
	if (heap_init(HEAP_PAGES))
		fatal_boot("memory", "cannot allocate the kernel heap");
	if (tagalloc_init(page_alloc(TAG_ARENA_PAGES), TAG_ARENA_PAGES * PAGE_SIZE))
		kprintf("cocoon: no memory for the tagged allocator; talloc() will fail\n");
}

noreturn void kmain(void)
{
	const void *fdt;
	size_t fdt_max = 0;
	const char *why = NULL;
	char err[160], filter[64] = "";
	int failures;
	uint64_t entry_ticks = arch_counter(), ready_ticks;

	arch_early_init();
	stack_guard_init();
	kprintf("\ncocoon %s (%s): an enlightened guest for confidential-computing conformance\n",
		COCOON_VERSION, arch_name);

	fdt = arch_boot_fdt(&fdt_max);
	if (fdt_validate(fdt, fdt_max, &why))
		fatal_boot("device tree rejected", why);
	if (bootinfo_parse(&boot_info, fdt, err, sizeof(err)))
		fatal_boot("device tree rejected", err);
	if (cmdline_parse(&boot_cmdline, boot_info.bootargs, boot_info.bootargs_len + 1))
		fatal_boot("bootargs", "longer than " "1023 bytes");
	trace_enabled = cmdline_flag(&boot_cmdline, "trace");
	trace_call("firmware", "guest", "enter %s kernel, device tree at %p", arch_name, fdt);
	trace_call("guest", "guest", "device tree validated: %zu bytes, %u memory range(s)",
		   boot_info.fdt_size, boot_info.nmem);
	memory_init(&boot_info);
	if (arch_late_init(fdt))
		fatal_boot("platform", "arch initialisation failed");
	drivers_init(fdt);
	print_summary(&boot_info);

	if (cmdline_get(&boot_cmdline, "app", filter, sizeof(filter))) {
		/* an appliance profile instead of the conformance suites */
		if (!strcmp(filter, "kv"))
			kernel_shutdown(kv_app_run());
		fatal_boot("bootargs", "unknown app= profile (known: kv)");
	}
	filter[0] = '\0';
	cmdline_get(&boot_cmdline, "ktest", filter, sizeof(filter));
	failures = ktest_run_all(filter);
	run_requested_faults();
	ready_ticks = arch_counter();
	kprintf("cocoon: ready\n");
	/* for make bench: the counter counts from reset under QEMU, so this is the
	 * virtual time from the first instruction (firmware included) to here, and
	 * entry_ticks is the firmware's share */
	kprintf("cocoon: ready at %llu ticks (%llu Hz), entered at %llu\n",
		(unsigned long long)ready_ticks, (unsigned long long)arch_counter_freq(),
		(unsigned long long)entry_ticks);
	if (cmdline_get(&boot_cmdline, "bench", filter, sizeof(filter)))
		bench_run(filter);
	kernel_shutdown(failures ? 1 : 0);
}
