/* W^X of the ppc64 guest (kernel/arch/ppc64/mmu_radix.c): the radix tree's
 * leaves per section, and the hardware's answer to a store into text or
 * rodata (DSI 0x300, DSISR protection + store) and to a fetch from data
 * (ISI 0x400, SRR1 no-execute). Bits: Power ISA v3.0B Book III, "Data
 * Storage Interrupt" / "Instruction Storage Interrupt" and the radix PTE. */
#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>

#include "radix.h"
#include "stack_guard.h"

#define DSISR_PROTECTION 0x08000000ull /* DSISR bit 36: access not permitted */
#define DSISR_STORE 0x02000000ull      /* DSISR bit 38: the access was a store */
#define DSISR_NO_PTE 0x40000000ull     /* DSISR bit 33: no translation found */
#define SRR1_ISI_NOEXEC 0x10000000ull  /* SRR1 bit 35: no-execute or guarded */
#define PAGE 4096ull

extern char __text_end[], __rodata_end[];
const uint32_t ppc64_wx_probe_ro = 0x5eed;
/* "blr" in a writable data page: returns at once if it ever executes */
uint32_t ppc64_wx_probe_code[4] __attribute__((aligned(16))) = { 0x4e800020 };

static uint64_t leaf(uintptr_t va)
{
	return ppc64_mmu_lookup(va, NULL);
}

static bool rx(uint64_t p)
{
	return (p & RADIX_READ) && (p & RADIX_EXEC) && !(p & RADIX_RW);
}

static bool ro(uint64_t p)
{
	return (p & RADIX_READ) && !(p & (RADIX_RW | RADIX_EXEC));
}

static bool rw(uint64_t p)
{
	return (p & RADIX_RW) && !(p & RADIX_EXEC);
}

static bool is_stack_guard(uintptr_t va)
{
	for (unsigned i = 0; i < PPC64_MAX_CPUS; i++)
		if (va / PAGE == ppc64_stack_guard(i) / PAGE)
			return true;
	return false;
}

static bool kernel_leaf(uint64_t p, uint64_t va, unsigned shift)
{
	/* identity, privileged, Reference and Change preset */
	return (p & RADIX_V) && (p & RADIX_L) && (p & RADIX_RPN) == va &&
	       (p & (RADIX_PRIV | RADIX_R | RADIX_C)) == (RADIX_PRIV | RADIX_R | RADIX_C) &&
	       !((p & RADIX_RPN) & ((1ull << shift) - 1));
}

struct tally {
	unsigned long leaves, wx, bad, io, io_bad;
};

static void count(uint64_t ea, unsigned shift, uint64_t pte, void *ctx)
{
	struct tally *t = ctx;

	t->leaves++;
	if ((pte & RADIX_RW) && (pte & RADIX_EXEC))
		t->wx++;
	if (!kernel_leaf(pte, ea, shift))
		t->bad++;
	if ((pte & RADIX_ATT) == RADIX_ATT_IO) {
		t->io++;
		if (!rw(pte))
			t->io_bad++;
	}
}

/* Every page of each image section and samples of the rest of RAM. */
static void table_checks(void)
{
	uintptr_t p, text = (uintptr_t)__image_start, rod = (uintptr_t)__text_end;
	uintptr_t data = (uintptr_t)__rodata_end, end = (uintptr_t)__image_end;
	bool ok_text = true, ok_ro = true, ok_rw = true;
	struct tally t = { 0 };
	void *page = page_alloc(1);
	unsigned shift = 0;
	uint64_t e;

	for (p = text; p < rod; p += PAGE) {
		e = ppc64_mmu_lookup(p, &shift);
		ok_text &= rx(e) && kernel_leaf(e, p & ~((1ull << shift) - 1), shift);
	}
	report(ok_text, "wx: text [0x%lx-0x%lx) is R+X, not writable, identity",
	       (unsigned long)text, (unsigned long)rod);
	for (p = rod; p < data; p += PAGE)
		ok_ro &= ro(leaf(p));
	report(rod < data && ok_ro, "wx: rodata [0x%lx-0x%lx) is read-only, not executable",
	       (unsigned long)rod, (unsigned long)data);
	for (p = data; p < end; p += PAGE)
		ok_rw &= is_stack_guard(p) ? !leaf(p) : rw(leaf(p));
	report(ok_rw, "wx: data, BSS and stacks [0x%lx-0x%lx) are RW, not executable",
	       (unsigned long)data, (unsigned long)end);
	{
		unsigned unmapped = 0;

		for (unsigned i = 0; i < PPC64_MAX_CPUS; i++) {
			uintptr_t g = ppc64_stack_guard(i);

			unmapped += !leaf(g) && !leaf(g + PAGE - 1) && rw(leaf(g + PAGE));
		}
		report(unmapped == PPC64_MAX_CPUS,
		       "wx: a guard page directly below each of the %u kernel stacks is unmapped "
		       "(%u of them)", PPC64_MAX_CPUS, unmapped);
	}
	e = page ? ppc64_mmu_lookup((uintptr_t)page, &shift) : 0;
	report(rw(e) && (e & RADIX_ATT) == 0,
	       "wx: a page-pool page (0x%lx) is RW, not executable, cacheable (%u-bit leaf)",
	       (unsigned long)(uintptr_t)page, shift);
	if (page)
		page_free(page, 1);
	e = ppc64_mmu_lookup(boot_info.mem[0].base + boot_info.mem[0].size, NULL);
	report(!e || (e & RADIX_ATT) == RADIX_ATT_IO,
	       "wx: nothing past the end of RAM is mapped as memory");
	ppc64_mmu_walk(count, &t);
	report(t.leaves && !t.wx, "wx: none of the %lu leaves is both writable and executable",
	       t.leaves);
	report(!t.bad, "wx: every leaf is identity, aligned, privileged, with R and C preset "
	       "(%lu not)", t.bad);
	report(!t.io_bad, "wx: the %lu I/O leaves are RW, not executable, cache-inhibited and "
	       "guarded", t.io);
}

/* A single store of the value already there: harmless if it ever lands. */
static bool store_faults(uintptr_t va, const char *what)
{
	uint32_t v = *(volatile const uint32_t *)va;

	ppc64_trap_seen_dsisr = 0;
	ppc64_trap_expect = 0x300;
	__asm__ volatile("stw %1, 0(%0)" ::"b"(va), "r"(v) : "memory");
	return report(!ppc64_trap_expect &&
			      (ppc64_trap_seen_dsisr & (DSISR_PROTECTION | DSISR_STORE)) ==
				      (DSISR_PROTECTION | DSISR_STORE) &&
			      ppc64_trap_seen_dar == va,
		      "wx: a store to %s (0x%lx) is a DSI with DSISR protection+store (0x%llx)",
		      what, (unsigned long)va, (unsigned long long)ppc64_trap_seen_dsisr);
}

static void fault_checks(void)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)ppc64_wx_probe_code;

	ppc64_trap_seen_msr = ~0ull;
	store_faults((uintptr_t)&table_checks, "kernel text");
	ppc64_trap_expect = 0;
	/* LPCR[AIL] = 0: the vector runs untranslated, rfid restores IR|DR */
	report(!(ppc64_trap_seen_msr & (MSR_IR | MSR_DR)) && (mfmsr() & MSR_IR) && (mfmsr() & MSR_DR),
	       "mmu: the interrupt ran in real mode (AIL 0, MSR 0x%llx), rfid restored IR|DR",
	       (unsigned long long)ppc64_trap_seen_msr);
	store_faults((uintptr_t)&ppc64_wx_probe_ro, "rodata");
	ppc64_trap_expect = 0;
	report(ppc64_wx_probe_ro == 0x5eed, "wx: rodata unchanged and still readable");

	{
		/* CPU 1's guard page: not the stack this runs on. DSISR bit 33: no
		 * translation found */
		uintptr_t g = ppc64_stack_guard(1) + PAGE - 8;

		ppc64_trap_seen_dsisr = 0;
		ppc64_trap_expect = 0x300;
		__asm__ volatile("std %1, 0(%0)" ::"b"(g), "r"(0x5aull) : "memory");
		report(!ppc64_trap_expect &&
			       (ppc64_trap_seen_dsisr & (DSISR_NO_PTE | DSISR_STORE)) ==
				       (DSISR_NO_PTE | DSISR_STORE) && ppc64_trap_seen_dar == g,
		       "stack guard: a store just below CPU 1's stack (0x%lx) is a DSI with DSISR "
		       "no-translation+store (0x%llx)", (unsigned long)g,
		       (unsigned long long)ppc64_trap_seen_dsisr);
		ppc64_trap_expect = 0;
	}
	ppc64_trap_seen_srr1 = 0;
	ppc64_trap_expect = 0x400;
	fn();
	report(!ppc64_trap_expect && (ppc64_trap_seen_srr1 & SRR1_ISI_NOEXEC),
	       "wx: a call into a data page is an ISI with SRR1 no-execute (0x%llx)",
	       (unsigned long long)ppc64_trap_seen_srr1);
	ppc64_trap_expect = 0;

	/* and the mapping still works for what is allowed */
	ppc64_wx_probe_code[1] = 0x12345678;
	report(ppc64_wx_probe_code[1] == 0x12345678, "wx: data stays writable");
}

static void wx_suite(void)
{
	uint64_t msr = mfmsr();
	char v[8];

	if (!ppc64_mmu_on()) {
		bool asked_off = cmdline_get(&boot_cmdline, "mmu", v, sizeof(v));

		report(!(msr & (MSR_IR | MSR_DR)), "mmu: real mode (%s)", ppc64_mmu_off_reason());
		if (asked_off || !ppc64_cas()->ok || !ppc64_cas()->got.radix)
			report_skip(asked_off ? "mmu=off" : "radix not negotiated",
				    "wx: no radix tree, no W^X");
		else
			report(false, "wx: radix W^X expected, but the MMU is off (%s)",
			       ppc64_mmu_off_reason());
		return;
	}
	report((msr & MSR_IR) && (msr & MSR_DR), "mmu: MSR[IR|DR] on (0x%llx)",
	       (unsigned long long)msr);
	report(ppc64_proc_tbl_entry0() >> 61 == 2 && (ppc64_proc_tbl_entry0() & 0x1f) == 13,
	       "mmu: process table entry 0: 52-bit radix, 8192-entry root");
	for (unsigned cpu = 1; cpu < PPC64_MAX_CPUS; cpu++)
		if (ppc64_smp.online[cpu])
			report((ppc64_smp_msr(cpu) & (MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR),
			       "mmu: CPU %u runs translated too (MSR 0x%llx)", cpu,
			       (unsigned long long)ppc64_smp_msr(cpu));
	table_checks();
	fault_checks();
}
KTEST_SUITE(wx_suite);
