/* Pointer masking for S-mode through FWFT POINTER_MASKING_PMLEN (Smnpm): a
 * tagged load or store traps with PMLEN 0 and works with PMLEN 7, and the
 * tagged allocator detects misuse in both modes. The traps are caught with the
 * expected-fault fixup (trap.h). Which trap depends on satp (mmu.c): with Sv39
 * a tagged address is not a valid virtual address (bits 63:39 must equal bit
 * 38) and page-faults; with satp Bare it is a physical address too wide for
 * the platform and access-faults. With paging on, the masked bits are the
 * sign extension of bit XLEN-PMLEN-1 (pointer masking spec, "Pointer
 * transformation"): bit 56 is 0 in our identity-mapped addresses, so the
 * result is the same untagged address as with Bare's zero extension. */
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/tagalloc.h>

#include "mmu.h"
#include "sbi_fwft.h"
#include "trap.h"

#define SENTINEL 0x5e5e5e5e5e5e5e5eull

static volatile uint64_t target = 0x1122334455667788ull;

/* One ld through p; returns SENTINEL when the load was skipped by a fault. */
static uint64_t load(const volatile uint64_t *p)
{
	uint64_t v = SENTINEL;

	__asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static void store(volatile uint64_t *p, uint64_t v)
{
	__asm__ volatile("sd %0, 0(%1)" ::"r"(v), "r"(p) : "memory");
}

static volatile uint64_t *tagged(volatile uint64_t *p, uint64_t tag, unsigned shift)
{
	return (volatile uint64_t *)((uintptr_t)p | tag << shift);
}

/* The cause a bad address gives for a load (store) under the current satp. */
static uint64_t bad_addr_cause(bool store)
{
	if (riscv_mmu_on())
		return store ? EXC_STORE_PAGE : EXC_LOAD_PAGE;
	return store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS;
}

static void expect_trap(const char *mode)
{
	uint64_t cause = 0, tval = 0, v;
	volatile uint64_t *tp = tagged(&target, 0x5a, TAG_SHIFT);

	bool taken;

	riscv_expect_fault();
	v = load(tp);
	taken = riscv_fault_taken(&cause, &tval);
	report(taken && v == SENTINEL && cause == bad_addr_cause(false) &&
		       tval == (uintptr_t)tp,
	       "%s: tagged load traps (cause %llu, expected %llu; stval %llx)", mode,
	       (unsigned long long)cause, (unsigned long long)bad_addr_cause(false),
	       (unsigned long long)tval);
	riscv_expect_fault();
	store(tp, 0xdead);
	taken = riscv_fault_taken(&cause, NULL);
	report(taken && cause == bad_addr_cause(true) && target == 0x1122334455667788ull,
	       "%s: tagged store traps (cause %llu, expected %llu), memory untouched", mode,
	       (unsigned long long)cause, (unsigned long long)bad_addr_cause(true));
}

static void detection(const char *mode)
{
	char *p = talloc(24), *q;

	tfree(p);
	q = talloc(24);
	report(p && q && !tfree(p) && tag_last_error() == TAG_ERR_STALE && !tag_access(p, 1) &&
		       tfree(q) && !tfree(q) && tag_last_error() == TAG_ERR_DOUBLE_FREE,
	       "%s: stale pointer and double free detected", mode);
}

static void hardware(unsigned active)
{
	uint64_t cause = 0;
	uint64_t *blk;

	report(load(tagged(&target, 0x5a, TAG_SHIFT)) == 0x1122334455667788ull,
	       "PMLEN %u: tagged load works", active);
	store(tagged(&target, 0x7f, TAG_SHIFT), 0xfeedfaceull);
	report(target == 0xfeedfaceull, "PMLEN %u: tagged store works", active);
	target = 0x1122334455667788ull;
	if (active == 7) {
		/* bits 56:48 are still address bits with PMLEN 7 */
		bool taken;

		riscv_expect_fault();
		load(tagged(&target, 0xbeef, 48));
		taken = riscv_fault_taken(&cause, NULL);
		report(taken && cause == bad_addr_cause(false),
		       "PMLEN 7: a 16-bit tag still traps (cause %llu, expected %llu)",
		       (unsigned long long)cause, (unsigned long long)bad_addr_cause(false));
	} else {
		report_skip("PMLEN is 16", "PMLEN 7: a 16-bit tag still traps");
	}
	blk = talloc(16);
	report(blk && tag_hw_masking() && tag_of(blk) && (*blk = 42, blk[1] = 43, *blk + blk[1]) == 85,
	       "talloc block dereferenced directly through its tagged pointer");
	tfree(blk);
	detection("hardware masking");
}

static void pointer_masking_suite(void)
{
	unsigned active = riscv_pmlen_active();
	bool locked = cmdline_flag(&boot_cmdline, "fwft.lock");

	report(tag_hw_masking() == (active >= 7), "tag_hw_masking() follows PMLEN %u", active);
	if (!active) {
		/* fallback path (e.g. OpenSBI 1.5.1: DENIED): masking is off */
		expect_trap("PMLEN 0");
		detection("software untagging");
		report_skip("no hardware pointer masking", "PMLEN 7: tagged load/store work");
		return;
	}
	hardware(active);
	if (locked) {
		report_skip("fwft.lock", "PMLEN 0: tagged load/store trap");
		return;
	}
	/* switch masking off: the same accesses trap, software untagging takes over */
	if (!report(fwft_set_pmlen(0, 0) == 0 && riscv_pmlen_active() == 0 && !tag_hw_masking(),
		    "PMLEN set to 0 and read back"))
		return;
	expect_trap("PMLEN 0");
	detection("software untagging");
	report(fwft_set_pmlen(active, 0) == 0 && riscv_pmlen_active() == active &&
		       load(tagged(&target, 0x5a, TAG_SHIFT)) == 0x1122334455667788ull,
	       "PMLEN %u restored, tagged load works again", active);
}
KTEST_SUITE(pointer_masking_suite);
