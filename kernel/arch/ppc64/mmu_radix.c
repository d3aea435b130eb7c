/* W^X for the ppc64 guest: an identity radix tree (Power ISA v3.0B Book III,
 * "Radix Tree Translation"), registered with H_REGISTER_PROC_TBL
 * (proc_tbl.c), then MSR[IR|DR] = 1. Without it the kernel runs in real
 * mode, where nothing stops a store to its code or a jump into its data.
 *   image text           R+X          [__image_start, __text_end)
 *   rodata, relocations  R            [__text_end, __rodata_end)
 *   data, BSS, stacks    R+W          the rest of the image
 *   a page below each    unmapped     stack guard (stack_guard.c)
 *   kernel stack
 *   the rest of RAM      R+W          every /memory range (page pool, heap)
 *   MMIO                 R+W, non-idempotent I/O (cache-inhibited, guarded):
 *                        what the drivers map (ppc64_mmu_map_io)
 * Nothing is both writable and executable; every leaf is privileged and has
 * Reference and Change preset (QEMU, like POWER9, does not set them: a
 * missing R or C faults). Addresses are quadrant 0 (top two EA bits 0) with
 * PIDR = 0, so effective = real and every address handed to the hypervisor
 * (RTAS buffer, XIVE EQ pages, TCEs, virtio rings) stays what it was.
 * Interrupts: LPCR[AIL] = 0 (asked with H_SET_MODE resource 3), so they are
 * taken in real mode at 0x100..; rfid restores MSR[IR|DR] from SRR1.
 * Translation is probed before it is trusted (enable_checked).
 * mmu=off on the command line keeps real mode. */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>

#include "radix.h"
#include "stack_guard.h"

#define SPRN_PIDR 48
#define PAGE_4K 4096ull
#define H_SET_MODE_RESOURCE_AIL 3 /* LoPAPR H_SET_MODE: LPCR[AIL] = mflags */
#define H_FUNCTION_RC (-2)
#define H_P2_RC (-55)
#define PROBE_VALUE 0x5758ull

#define ATTR_BASE (RADIX_R | RADIX_C | RADIX_PRIV | RADIX_READ)
#define ATTR_TEXT (ATTR_BASE | RADIX_EXEC)
#define ATTR_RO ATTR_BASE
#define ATTR_RW (ATTR_BASE | RADIX_RW)
#define ATTR_IO (ATTR_BASE | RADIX_RW | RADIX_ATT_IO)

extern char __text_end[], __rodata_end[];

static uint64_t root[1u << RADIX_ROOT_BITS] __attribute__((aligned(1u << (RADIX_ROOT_BITS + 3))));
static const unsigned level_shift[RADIX_LEVELS] = { 39, 30, 21, 12 };
static bool live;      /* translation is on: only empty slots may be filled */
static unsigned ntables; /* tables below the root */
static unsigned nio;    /* ranges mapped as I/O */
static const char *off_reason = "not initialised";

static uint64_t rd(const uint64_t *e)
{
	return __builtin_bswap64(*e);
}

static void wr(uint64_t *e, uint64_t v)
{
	*e = __builtin_bswap64(v);
}

static uint64_t *table_of(uint64_t pde)
{
	return (uint64_t *)(uintptr_t)(pde & RADIX_NLB);
}

/* Map [start, end) of table t (level lvl, covering from base) with attr.
 * Before translation is on, larger leaves are split freely (the image is
 * laid over RAM); afterwards only empty slots are filled (no TLB
 * invalidation needed) and a conflicting live leaf is refused. */
static int map_level(uint64_t *t, unsigned lvl, uint64_t base, uint64_t start, uint64_t end,
		     uint64_t attr)
{
	unsigned shift = level_shift[lvl];
	uint64_t size = 1ull << shift;
	uint64_t first = (start - base) >> shift, last = (end - 1 - base) >> shift;

	for (uint64_t i = first; i <= last; i++) {
		uint64_t blk = base + (i << shift), s = MAX(start, blk), e = MIN(end, blk + size);
		uint64_t ent = rd(&t[i]), *next;

		if (lvl > 0 && s == blk && e == blk + size && (!(ent & RADIX_V) || ent & RADIX_L)) {
			uint64_t leaf = RADIX_V | RADIX_L | blk | attr;

			if ((ent & RADIX_V) && ent != leaf && live)
				return -1;
			wr(&t[i], leaf);
			continue;
		}
		if (lvl == RADIX_LEVELS - 1)
			return -1; /* not 4 KiB aligned: cannot happen */
		if ((ent & RADIX_V) && (ent & RADIX_L)) {
			if ((ent & RADIX_ATTRS) == attr)
				continue; /* already mapped alike by a larger leaf */
			if (live)
				return -1;
			next = page_alloc(1);
			if (!next)
				return -1;
			ntables++;
			for (uint64_t j = 0; j < 512; j++)
				wr(&next[j], (ent & ~RADIX_RPN) | (blk + (j << level_shift[lvl + 1])));
			wr(&t[i], RADIX_V | (uint64_t)(uintptr_t)next | RADIX_LEVEL_BITS);
		} else if (!(ent & RADIX_V)) {
			next = page_alloc(1);
			if (!next)
				return -1;
			ntables++;
			/* fill the new table before it becomes reachable */
			if (map_level(next, lvl + 1, blk, s, e, attr))
				return -1;
			__asm__ volatile("ptesync" ::: "memory");
			wr(&t[i], RADIX_V | (uint64_t)(uintptr_t)next | RADIX_LEVEL_BITS);
			continue;
		} else {
			next = table_of(ent);
		}
		if (map_level(next, lvl + 1, blk, s, e, attr))
			return -1;
	}
	return 0;
}

static int map(uint64_t start, uint64_t end, uint64_t attr)
{
	int rc;

	start &= ~(PAGE_4K - 1);
	end = (end + PAGE_4K - 1) & ~(PAGE_4K - 1);
	if (start >= end || end > 1ull << RADIX_RTS_BITS)
		return -1;
	rc = map_level(root, 0, 0, start, end, attr);
	__asm__ volatile("ptesync" ::: "memory");
	return rc;
}

/* Before translation is on: the 4 KiB leaf of ea (split down to one by a
 * map with other attributes first) becomes invalid. */
static int unmap_page(uint64_t ea)
{
	uint64_t *t = root, e = 0;
	unsigned bits = RADIX_ROOT_BITS;

	if (live || map(ea, ea + PAGE_4K, ATTR_RO))
		return -1;
	for (unsigned lvl = 0; lvl < RADIX_LEVELS - 1; lvl++) {
		e = rd(&t[(ea >> level_shift[lvl]) & ((1ull << bits) - 1)]);
		if (!(e & RADIX_V) || (e & RADIX_L))
			return -1;
		t = table_of(e);
		bits = RADIX_LEVEL_BITS;
	}
	wr(&t[(ea >> 12) & ((1ull << RADIX_LEVEL_BITS) - 1)], 0);
	__asm__ volatile("ptesync" ::: "memory");
	return 0;
}

bool ppc64_mmu_on(void)
{
	return live;
}

const char *ppc64_mmu_off_reason(void)
{
	return live ? NULL : off_reason;
}

/* An MMIO range the kernel is about to use. In real mode there is nothing
 * to do; with translation on it must not overlap RAM or the image. */
int ppc64_mmu_map_io(uint64_t pa, uint64_t size)
{
	if (!live)
		return 0;
	if (!size || pa + size < pa)
		return -1;
	for (unsigned i = 0; i < boot_info.nmem; i++)
		if (pa < boot_info.mem[i].base + boot_info.mem[i].size &&
		    boot_info.mem[i].base < pa + size)
			return -1;
	if (map(pa, pa + size, ATTR_IO)) {
		kprintf("mmu: cannot map I/O [0x%llx-0x%llx)\n", (unsigned long long)pa,
			(unsigned long long)(pa + size));
		return -1;
	}
	nio++;
	return 0;
}

/* The leaf mapping ea (host order), its size as a shift; 0 if none. */
uint64_t ppc64_mmu_lookup(uint64_t ea, unsigned *shift)
{
	const uint64_t *t = root;
	unsigned bits = RADIX_ROOT_BITS;

	if (ea >> RADIX_RTS_BITS)
		return 0;
	for (unsigned lvl = 0; lvl < RADIX_LEVELS; lvl++) {
		uint64_t e = rd(&t[(ea >> level_shift[lvl]) & ((1ull << bits) - 1)]);

		if (!(e & RADIX_V))
			return 0;
		if (e & RADIX_L) {
			if (shift)
				*shift = level_shift[lvl];
			return e;
		}
		if (lvl == RADIX_LEVELS - 1 || (e & RADIX_NLS) != RADIX_LEVEL_BITS)
			return 0;
		t = table_of(e);
		bits = RADIX_LEVEL_BITS;
	}
	return 0;
}

static void walk_level(const uint64_t *t, unsigned lvl, uint64_t base,
		       void (*fn)(uint64_t ea, unsigned shift, uint64_t pte, void *ctx), void *ctx)
{
	unsigned n = lvl ? 1u << RADIX_LEVEL_BITS : 1u << RADIX_ROOT_BITS;

	for (unsigned i = 0; i < n; i++) {
		uint64_t e = rd(&t[i]), ea = base + ((uint64_t)i << level_shift[lvl]);

		if (!(e & RADIX_V))
			continue;
		if (e & RADIX_L)
			fn(ea, level_shift[lvl], e, ctx);
		else if (lvl < RADIX_LEVELS - 1)
			walk_level(table_of(e), lvl + 1, ea, fn, ctx);
	}
}

/* Every leaf of the tree, in address order. */
void ppc64_mmu_walk(void (*fn)(uint64_t ea, unsigned shift, uint64_t pte, void *ctx), void *ctx)
{
	if (live)
		walk_level(root, 0, 0, fn, ctx);
}

static volatile uint64_t probe_word = PROBE_VALUE;

__attribute__((noinline)) static uint64_t probe_code(void)
{
	return probe_word;
}

/* Translation on for the boot CPU, and proof that it works before anything
 * depends on it: a load with MSR[DR] alone, then code with IR too. A
 * hypervisor that acknowledged the table without installing it (hostile,
 * or broken) gives a DSI or ISI here; the probe's handler (trap.c) drops
 * IR|DR and retries untranslated, and we stay in real mode. */
static bool enable_checked(void)
{
	uint64_t msr = mfmsr(), v = 0;
	bool dr_ok, ok;

	mtspr(SPRN_PIDR, 0);
	__asm__ volatile("ptesync; isync" ::: "memory");
	ppc64_trap_probe = true;
	ppc64_trap_expect = 0x300;
	__asm__ volatile("mtmsrd %1; isync; ld %0, 0(%2); mtmsrd %3; isync"
			 : "=&r"(v)
			 : "r"(msr | MSR_DR), "b"(&probe_word), "r"(msr)
			 : "memory");
	dr_ok = ppc64_trap_expect == 0x300 && v == PROBE_VALUE;
	ppc64_trap_expect = 0x400;
	v = 0;
	if (dr_ok) {
		__asm__ volatile("mtmsrd %0; isync" ::"r"(msr | MSR_IR | MSR_DR) : "memory");
		v = probe_code();
	}
	ok = dr_ok && ppc64_trap_expect == 0x400 && v == PROBE_VALUE &&
	     (mfmsr() & (MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR);
	ppc64_trap_expect = 0;
	ppc64_trap_probe = false;
	if (!ok)
		__asm__ volatile("mtmsrd %0; isync" ::"r"(msr) : "memory");
	return ok;
}

/* Translation on for the calling CPU (boot CPU here, secondaries in smp.c).
 * Identity mapping: the next instruction is at the same address. */
void ppc64_mmu_enable_cpu(void)
{
	if (!live)
		return;
	mtspr(SPRN_PIDR, 0);
	__asm__ volatile("ptesync; isync" ::: "memory");
	__asm__ volatile("mtmsrd %0; isync" ::"r"(mfmsr() | MSR_IR | MSR_DR) : "memory");
}

int ppc64_mmu_init(void)
{
	const struct cas_state *cas = ppc64_cas();
	char v[8];
	long rc;

	if (cmdline_get(&boot_cmdline, "mmu", v, sizeof(v)) && !strcmp(v, "off")) {
		off_reason = "mmu=off";
		return 0;
	}
	if (!cas->ok || !cas->got.radix) {
		off_reason = "radix not negotiated at CAS";
		return 0;
	}
	if ((uintptr_t)__image_start % PAGE_4K || (uintptr_t)__text_end % PAGE_4K ||
	    (uintptr_t)__rodata_end % PAGE_4K) {
		off_reason = "image sections not page aligned";
		return -1;
	}
	memset(root, 0, sizeof(root));
	for (unsigned i = 0; i < boot_info.nmem; i++)
		if (map(boot_info.mem[i].base, boot_info.mem[i].base + boot_info.mem[i].size,
			ATTR_RW)) {
			off_reason = "a memory range cannot be mapped";
			return -1;
		}
	if (map((uintptr_t)__image_start, (uintptr_t)__text_end, ATTR_TEXT) ||
	    map((uintptr_t)__text_end, (uintptr_t)__rodata_end, ATTR_RO)) {
		off_reason = "the image cannot be mapped";
		return -1;
	}
	for (unsigned i = 0; i < PPC64_MAX_CPUS; i++)
		if (ppc64_stack_guard(i) % PAGE_4K || unmap_page(ppc64_stack_guard(i))) {
			off_reason = "a stack guard page cannot be unmapped";
			return -1;
		}
	/* the vectors and the trap path are reached by real address only: ask
	 * for interrupts untranslated (AIL 0, also the reset value, so a
	 * hypervisor without this resource, H_P2, leaves it so) */
	rc = ppc64_hcall(H_SET_MODE, 0, H_SET_MODE_RESOURCE_AIL, 0, 0);
	if (rc != H_SUCCESS && rc != H_P2_RC && rc != H_FUNCTION_RC) {
		kprintf("mmu: H_SET_MODE(AIL 0) = %ld: staying in real mode\n", rc);
		off_reason = "H_SET_MODE(AIL 0) refused";
		return -1;
	}
	rc = ppc64_proc_tbl_register(root, cas->got.gtse);
	if (rc != H_SUCCESS) {
		kprintf("mmu: H_REGISTER_PROC_TBL = %ld: staying in real mode\n", rc);
		off_reason = "H_REGISTER_PROC_TBL refused";
		return -1;
	}
	if (!enable_checked()) {
		kprintf("mmu: H_REGISTER_PROC_TBL succeeded but translated accesses fault: "
			"staying in real mode\n");
		off_reason = "the registered tree does not translate";
		return -1;
	}
	live = true;
	return 0;
}

void ppc64_mmu_print(void)
{
	if (!live) {
		kprintf("  mmu      : real mode (%s): no W^X, all memory writable and executable, "
			"no stack guard pages\n", off_reason);
		return;
	}
	kprintf("  mmu      : radix W^X: text R+X, rodata R, data/bss/stacks/RAM RW no-X, "
		"MMIO RW no-X cache-inhibited+guarded (%u ranges); %u tables, process table "
		"entry 0x%016llx; %u stack guard pages\n", nio, ntables,
		(unsigned long long)ppc64_proc_tbl_entry0(), PPC64_MAX_CPUS);
}
