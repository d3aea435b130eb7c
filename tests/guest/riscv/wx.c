/* W^X of the riscv64 guest (kernel/arch/riscv/mmu.c). Two halves:
 * - the live page table, walked from satp (not from mmu.c's own bookkeeping):
 *   each kernel section has its permission bits, no leaf anywhere is both
 *   writable and executable, only text is executable, stvec lies in it, every
 *   leaf is an identity mapping with A, D, G;
 * - the hardware: a store to text (also through a tagged pointer when pointer
 *   masking is on), rodata, the ktest table or the page table store-page-
 *   faults (scause 15), a fetch from data, BSS, stack, heap or rodata
 *   instruction-page-faults (12), a load from page 0 load-page-faults (13).
 * The faults are taken with the expected-fault fixup (trap.h); a fetch fault
 * returns to the caller. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>

#include "mmu.h"
#include "sbi_fwft.h"
#include "smp.h"
#include "stack_guard.h"
#include "sv39.h"
#include "trap.h"

#define RET 0x00008067u /* jalr x0, 0(ra) */
#define LEAF_BITS (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_A | PTE_D)

extern char __text_end[], __rodata_end[], __pt_start[], __pt_end[];
extern char __ktest_suites_start[];

static uint32_t data_ret[2] = { RET, RET };
static uint32_t bss_ret[2];
static const uint32_t ro_ret[2] = { RET, RET };
static const volatile uint64_t ro_word = 0x0123456789abcdefull;

static const uint64_t *root(void)
{
	uint64_t satp;

	__asm__ volatile("csrr %0, satp" : "=r"(satp));
	return (const uint64_t *)(uintptr_t)((satp & SATP_PPN_MASK) << 12);
}

static bool is_stack_guard(uintptr_t va)
{
	for (unsigned i = 0; i < riscv_stack_guard_count(); i++)
		if (va >> 12 == riscv_stack_guard(i) >> 12)
			return true;
	return false;
}

/* Every 4 KiB page of [start, end) has exactly the leaf bits `want`, but
 * the stack guard pages, which are unmapped (checked on their own). */
static bool range_is(uintptr_t start, uintptr_t end, uint64_t want, uintptr_t *bad,
		     uint64_t *got)
{
	for (uintptr_t va = start; va < end; va += 4096) {
		uint64_t pte = sv39_walk(root(), va, NULL);

		if ((pte & LEAF_BITS) != (is_stack_guard(va) ? 0 : want)) {
			*bad = va;
			*got = pte;
			return false;
		}
	}
	return true;
}

static void check_range(const char *what, uintptr_t start, uintptr_t end, uint64_t perm)
{
	uint64_t want = PTE_V | PTE_A | PTE_D | PTE_G | perm, got = 0;
	uintptr_t bad = 0;

	report(start < end && range_is(start, end, want, &bad, &got),
	       "page table: %s [0x%lx-0x%lx) is %s%s%s (first bad 0x%lx: pte 0x%llx)", what,
	       (unsigned long)start, (unsigned long)end, perm & PTE_R ? "R" : "",
	       perm & PTE_W ? "W" : "", perm & PTE_X ? "X" : "", (unsigned long)bad,
	       (unsigned long long)got);
}

struct scan {
	unsigned leaves, wx, not_identity, missing_bits, user;
	uint64_t exec_bytes;
};

static void scan_leaf(uint64_t va, unsigned level, uint64_t pte, void *arg)
{
	struct scan *s = arg;

	s->leaves++;
	if ((pte & PTE_W) && (pte & PTE_X))
		s->wx++;
	if (((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12 != va)
		s->not_identity++;
	if ((pte & (PTE_A | PTE_D | PTE_G)) != (PTE_A | PTE_D | PTE_G))
		s->missing_bits++;
	if (pte & PTE_U)
		s->user++;
	if (pte & PTE_X)
		s->exec_bytes += sv39_leaf_size(level);
}

/* Every /soc device with a reg inside the map: R+W, never X. */
static void check_devices(void)
{
	const void *fdt = boot_info.fdt;
	int soc = fdt_path_offset(fdt, "/soc"), node, len;
	unsigned n = 0, bad = 0;
	const fdt32_t *ac = fdt_getprop(fdt, soc, "#address-cells", &len);
	int cells = ac && len == 4 ? (int)fdt32_to_cpu(*ac) : 0;

	if (soc < 0 || (cells != 1 && cells != 2)) {
		report_skip("no /soc with 1 or 2 address cells", "page table: devices R+W no X");
		return;
	}
	fdt_for_each_subnode(node, fdt, soc) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t base, pte;

		if (!reg || len < cells * 4)
			continue;
		base = fdt_read_cells(reg, cells);
		if (base >= SV39_IDENTITY_END)
			continue;
		pte = sv39_walk(root(), base, NULL);
		n++;
		if ((pte & (PTE_V | PTE_R | PTE_W | PTE_X)) != (PTE_V | PTE_R | PTE_W)) {
			if (!bad++)
				report_info("%s at 0x%llx: pte 0x%llx", fdt_get_name(fdt, node, NULL),
					    (unsigned long long)base, (unsigned long long)pte);
		}
	}
	report(n && !bad, "page table: %u /soc device registers R+W no X (%u wrong)", n, bad);
}

static void check_table(void)
{
	uintptr_t img = (uintptr_t)__image_start, text_end = (uintptr_t)__text_end;
	uintptr_t ro_end = (uintptr_t)__rodata_end, pt0 = (uintptr_t)__pt_start;
	uintptr_t pt1 = (uintptr_t)__pt_end, end = (uintptr_t)__image_end;
	struct scan s = { 0 };
	unsigned level = 9;
	void *page = page_alloc(1);
	const struct mem_range *m = &boot_info.mem[0];

	check_range("text", img, text_end, PTE_R | PTE_X);
	check_range("rodata", text_end, ro_end, PTE_R);
	check_range("page tables", pt0, pt1, PTE_R);
	check_range("data", ro_end, pt0, PTE_R | PTE_W);
	check_range("bss and stack", pt1, end, PTE_R | PTE_W);
	if (page) {
		check_range("a free page", (uintptr_t)page, (uintptr_t)page + 4096, PTE_R | PTE_W);
		page_free(page, 1);
	} else {
		report(false, "page_alloc(1) for the page-table check");
	}
	report(!sv39_walk(root(), 0, NULL) && !sv39_walk(root(), 4095, NULL),
	       "page table: page 0 unmapped");
	{
		unsigned unmapped = 0, n = riscv_stack_guard_count();
		uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

		for (unsigned i = 0; i < n; i++) {
			uintptr_t g = riscv_stack_guard(i);

			unmapped += !(sv39_walk(root(), g, NULL) & PTE_V) &&
				    !(sv39_walk(root(), g + 4095, NULL) & PTE_V) &&
				    sv39_walk(root(), g + 4096, NULL) & PTE_V;
		}
		report(n == 1 + RISCV_MAX_HARTS && unmapped == n,
		       "page table: a guard page directly below each of the %u kernel stacks is "
		       "unmapped (%u of them)", n, unmapped);
		report(sp > riscv_stack_guard(0) + 4096 && sp <= (uintptr_t)__image_end,
		       "page table: the boot hart runs above its guard page (sp 0x%lx, guard 0x%lx)",
		       (unsigned long)sp, (unsigned long)riscv_stack_guard(0));
	}
	{
		uint64_t stvec, pte;

		__asm__ volatile("csrr %0, stvec" : "=r"(stvec));
		pte = sv39_walk(root(), stvec & ~3ull, NULL);
		report((pte & (PTE_V | PTE_R | PTE_W | PTE_X)) == (PTE_V | PTE_R | PTE_X),
		       "page table: stvec 0x%llx in an R+X page (pte 0x%llx)",
		       (unsigned long long)stvec, (unsigned long long)pte);
	}
	check_devices();
	sv39_for_each_leaf(root(), scan_leaf, &s);
	report(s.leaves && !s.wx, "page table: no leaf writable and executable (%u leaves)",
	       s.leaves);
	report(s.exec_bytes == text_end - img,
	       "page table: only the text is executable (%llu bytes X, text %lu)",
	       (unsigned long long)s.exec_bytes, (unsigned long)(text_end - img));
	report(!s.not_identity && !s.missing_bits && !s.user,
	       "page table: identity leaves, A/D/G set, no U (%u, %u, %u wrong)",
	       s.not_identity, s.missing_bits, s.user);
	/* large leaves for RAM away from the image: the last page of RAM, when it
	 * is 2 MiB or more beyond the image */
	if (boot_info.nmem && m->base + m->size >= end + MiB(2) &&
	    m->base + m->size <= SV39_IDENTITY_END) {
		uint64_t pte = sv39_walk(root(), m->base + m->size - 4096, &level);

		report(pte && level >= 1, "page table: end of RAM mapped with a level-%u leaf", level);
	}
}

/* A store through p: true when it store-page-faulted at p and left *p. */
static bool store_faults(volatile uint32_t *p, uint64_t *cause)
{
	uint32_t before = *p;
	uint64_t tval = 0;

	riscv_expect_fault();
	*p = ~before;
	if (!riscv_fault_taken(cause, &tval))
		*cause = 0; /* none taken: report scause 0 */
	return *cause == EXC_STORE_PAGE && tval == (uintptr_t)p && *p == before;
}

/* A call to code at p: true when the fetch instruction-page-faulted at p. */
static bool fetch_faults(const void *p, uint64_t *cause)
{
	uint64_t tval = 0;

	__asm__ volatile("fence.i" ::: "memory");
	riscv_expect_fault();
	((void (*)(void))(uintptr_t)p)();
	if (!riscv_fault_taken(cause, &tval))
		*cause = 0; /* it ran */
	return *cause == EXC_INST_PAGE && tval == (uintptr_t)p;
}

__attribute__((noinline, aligned(8))) static int text_probe(void)
{
	return 42;
}

static void check_hardware(void)
{
	volatile uint32_t stack_ret[2];
	volatile uint32_t *heap = kmalloc(16);
	uint64_t cause, tval;
	volatile uint64_t *null = (volatile uint64_t *)(uintptr_t)8;
	uint64_t v = 0x5e5e;

	report(text_probe() == 42 && *(volatile uint32_t *)(uintptr_t)text_probe != 0,
	       "text: executes and reads");
	report(store_faults((volatile uint32_t *)(uintptr_t)text_probe, &cause),
	       "text: a store faults (scause %llu, want 15), text unchanged",
	       (unsigned long long)cause);
	report(store_faults((volatile uint32_t *)(uintptr_t)&ro_word, &cause) &&
		       ro_word == 0x0123456789abcdefull,
	       "rodata: a store faults (scause %llu, want 15)", (unsigned long long)cause);
	report(store_faults((volatile uint32_t *)(uintptr_t)__ktest_suites_start, &cause),
	       "ktest table: a store faults (scause %llu, want 15)", (unsigned long long)cause);
	report(store_faults((volatile uint32_t *)(uintptr_t)root(), &cause),
	       "page table: a store to the root faults (scause %llu, want 15)",
	       (unsigned long long)cause);
	if (riscv_pmlen_active() >= 7) {
		/* pointer masking drops the tag before translation: no way around W^X */
		volatile uint32_t *t = (volatile uint32_t *)((uintptr_t)text_probe | 0x55ull << 57);
		uint32_t before = *t;

		riscv_expect_fault();
		*t = ~before;
		if (!riscv_fault_taken(&cause, NULL))
			cause = 0;
		report(cause == EXC_STORE_PAGE && *t == before,
		       "text: a store through a tagged pointer faults too (scause %llu, want 15)",
		       (unsigned long long)cause);
	} else {
		report_skip("no pointer masking", "text: a store through a tagged pointer faults");
	}
	report(fetch_faults(data_ret, &cause), "data: a fetch faults (scause %llu, want 12)",
	       (unsigned long long)cause);
	bss_ret[0] = RET;
	report(fetch_faults(bss_ret, &cause), "bss: a fetch faults (scause %llu, want 12)",
	       (unsigned long long)cause);
	stack_ret[0] = RET;
	report(fetch_faults((const void *)stack_ret, &cause),
	       "stack: a fetch faults (scause %llu, want 12)", (unsigned long long)cause);
	if (heap) {
		heap[0] = RET;
		report(fetch_faults((const void *)heap, &cause),
		       "heap: a fetch faults (scause %llu, want 12)", (unsigned long long)cause);
		kfree((void *)heap);
	} else {
		report(false, "heap: kmalloc(16) for the fetch probe");
	}
	{
		/* a secondary's guard page: not the stack this test runs on */
		volatile uint64_t *g = (volatile uint64_t *)(riscv_stack_guard(1) + 4096 - 8);
		uint64_t tval = 0;

		riscv_expect_fault();
		*g = 0x5a;
		if (!riscv_fault_taken(&cause, &tval))
			cause = 0;
		report(cause == EXC_STORE_PAGE && tval == (uintptr_t)g,
		       "stack guard: a store just below hart 1's stack faults (scause %llu, want 15)",
		       (unsigned long long)cause);
	}
	report(fetch_faults(ro_ret, &cause), "rodata: a fetch faults (scause %llu, want 12)",
	       (unsigned long long)cause);
	cause = 0;
	riscv_expect_fault();
	__asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(null) : "memory");
	report(riscv_fault_taken(&cause, &tval) && cause == EXC_LOAD_PAGE && tval == 8 &&
		       v == 0x5e5e,
	       "page 0: a load faults (scause %llu, want 13)", (unsigned long long)cause);
}

static void check_harts(void)
{
	unsigned done = 0, paged = 0;

	for (unsigned i = 0; i < riscv_nr_secondaries; i++) {
		done += riscv_secondaries[i].run == HART_DONE;
		paged += riscv_secondaries[i].run == HART_DONE && riscv_secondaries[i].mmu_on;
	}
	if (!done) {
		report_skip("no secondary hart ran", "secondary harts switched to Sv39");
		return;
	}
	report(paged == done, "secondary harts switched to Sv39 (%u of %u)", paged, done);
}

static void wx_suite(void)
{
	char v[8];
	uint64_t satp;

	if (cmdline_get(&boot_cmdline, "mmu", v, sizeof(v)) && !strcmp(v, "off")) {
		__asm__ volatile("csrr %0, satp" : "=r"(satp));
		report(!riscv_mmu_on() && satp == 0, "mmu=off: satp Bare (0x%llx)",
		       (unsigned long long)satp);
		report_skip("mmu=off", "W^X page tables");
		return;
	}
	__asm__ volatile("csrr %0, satp" : "=r"(satp));
	if (!report(riscv_mmu_on() && satp >> SATP_MODE_SHIFT == SATP_MODE_SV39,
		    "satp mode Sv39 (satp 0x%llx)", (unsigned long long)satp))
		return;
	check_table();
	check_hardware();
	check_harts();
}
KTEST_SUITE(wx_suite);
