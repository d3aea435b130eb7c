/* The guest partition: LPID 1, radix partition-scoped translation of guest
 * real [0, 1 GiB) to host [1 GiB, 2 GiB) with one 1 GiB leaf, so none of the
 * shim's memory is reachable by the guest. Power ISA v3.0B Book III
 * "Radix Tree Translation" (partition table entry, PDE/PTE formats; tables
 * are big-endian) and "Logical Partitioning" (LPCR, LPIDR, PTCR). Values
 * verified on QEMU powernv9/10 (../shared/reference/ppc64.md). */
#include <string.h>

#include "pnv.h"
#include "pnv_hw.h"

#define GUEST_LPID 1
#define PATE_HR PPC_BIT(0)
#define PDE_VALID PPC_BIT(0)
#define PTE_LEAF PPC_BIT(1)
#define PTE_R 0x100
#define PTE_C 0x80
#define PTE_RWX 0x7
#define RADIX_RTS 52       /* 52-bit partition address space */
#define ROOT_BITS 13       /* root level: 8192 entries of 512 GiB */
#define L2_BITS 9          /* second level: 512 entries of 1 GiB */

static uint64_t patb[512] __attribute__((aligned(4096)));       /* PATS = 0: 4 KiB */
static uint64_t root[1 << ROOT_BITS] __attribute__((aligned(65536)));
static uint64_t l2[1 << L2_BITS] __attribute__((aligned(4096)));
static uint64_t tb_per_ms = 512000; /* QEMU's 512 MHz time base until told */

static uint64_t be64(uint64_t v)
{
	return __builtin_bswap64(v);
}

void lpar_set_timebase(uint64_t hz)
{
	if (hz >= 1000)
		tb_per_ms = hz / 1000;
}

uint64_t plat_milliseconds(void)
{
	return mftb() / tb_per_ms;
}

uint64_t plat_timebase(void)
{
	return mftb();
}

/* The hypervisor decrementer brings the shim back while the guest runs
 * with an interrupt pending behind its MSR[EE] (Book III "Hypervisor
 * Decrementer": LPCR[HDICE] enables it; 32-bit, pending when negative). */
void lpar_hdec_arm(bool on)
{
	uint64_t lpcr = mfspr(SPRN_LPCR);

	if (on) {
		mtspr(SPRN_HDEC, tb_per_ms);
		mtspr(SPRN_LPCR, lpcr | LPCR_HDICE);
	} else {
		if (!(lpcr & LPCR_HDICE))
			return; /* the common case: nothing armed, nothing to write */
		mtspr(SPRN_LPCR, lpcr & ~LPCR_HDICE);
		mtspr(SPRN_HDEC, 0x7fffffff);
	}
	__asm__ volatile("isync" ::: "memory");
}

uint32_t plat_pvr(void)
{
	return (uint32_t)mfspr(SPRN_PVR);
}

static uint64_t lpcr_guest;

/* The tables, once, by the boot thread. */
void lpar_setup(uint64_t host_base, uint64_t size)
{
	uint64_t rts = RADIX_RTS - 31;

	memset(patb, 0, sizeof(patb));
	memset(root, 0, sizeof(root));
	memset(l2, 0, sizeof(l2));
	root[0] = be64(PDE_VALID | (uint64_t)(uintptr_t)l2 | L2_BITS);
	for (uint64_t off = 0; off < size; off += 1ull << 30)
		l2[off >> 30] = be64(PDE_VALID | PTE_LEAF | (host_base + off) | PTE_R | PTE_C | PTE_RWX);
	/* PATE dw0: HR | RTS (split in two fields) | root base | RPDS; dw1: no process table */
	patb[2 * GUEST_LPID] = be64(PATE_HR | ((rts >> 3) << 61) | ((rts & 7) << 5) |
				    (uint64_t)(uintptr_t)root | ROOT_BITS);
	patb[2 * GUEST_LPID + 1] = 0;
	lpcr_guest = mfspr(SPRN_LPCR) | LPCR_HR | LPCR_UPRT;
	/* guest interrupts big-endian until H_SET_MODE; no HDEC, no HV virtualization
	 * interrupts, no large decrementer, guest tlbie traps (no GTSE), AIL 0 */
	lpcr_guest &= ~(LPCR_ILE | LPCR_HDICE | LPCR_HVICE | LPCR_LD | LPCR_GTSE | LPCR_AIL);
	__asm__ volatile("sync" ::: "memory");
}

/* The per-thread registers, on every thread that runs the guest. ILE is
 * the partition's (H_SET_MODE may have set it before a secondary starts). */
void lpar_enter_thread(bool ile)
{
	uint64_t lpcr = ile ? lpcr_guest | LPCR_ILE : lpcr_guest;

	mtspr(SPRN_PTCR, (uint64_t)(uintptr_t)patb); /* PATS = 0 */
	mtspr(SPRN_LPIDR, GUEST_LPID);
	mtspr(SPRN_PIDR, 0);
	mtspr(SPRN_LPCR, lpcr);
	mtspr(SPRN_HDEC, 0x7fffffff);
	{
		/* tlbie RB=IS 2 (all of the LPID in RS), RS=LPID, RIC=0, PRS=0, R=1;
		 * LLVM's assembler lacks the 5-operand form: .long */
		register uint64_t rb __asm__("r3") = 2ull << 10;
		register uint64_t rs __asm__("r4") = GUEST_LPID;

		__asm__ volatile("isync; ptesync; .long 0x7c811a64; eieio; tlbsync; ptesync"
				 :: "r"(rb), "r"(rs) : "memory");
	}
}

/* The guest's process table (proc_tbl.c checked it): PATE dw1, then drop
 * every cached translation of the partition, partition- and process-scoped
 * (tlbie IS = 2 by LPID, RIC = 2: TLB, page-walk and table caches), as
 * Book III "Translation Lookaside Buffer Management" asks after a PATE
 * change; tlbie is broadcast to the other threads. */
void lpar_set_proc_tbl(uint64_t dw1)
{
	register uint64_t rb __asm__("r3") = 2ull << 10;
	register uint64_t rs __asm__("r4") = GUEST_LPID;

	patb[2 * GUEST_LPID + 1] = be64(dw1);
	/* tlbie RB, RS, RIC=2, PRS=0 then PRS=1, R=1 (.long: see lpar_enter_thread) */
	__asm__ volatile("ptesync; .long 0x7c891a64; .long 0x7c8b1a64; eieio; tlbsync; ptesync"
			 :: "r"(rb), "r"(rs) : "memory");
}

/* The shim does not touch PIDR after entry: what is there is the guest's. */
uint64_t plat_guest_pid(void)
{
	return mfspr(SPRN_PIDR);
}

static volatile bool partition_ile;

bool lpar_ile(void)
{
	return partition_ile;
}

/* LPCR[ILE] of the calling thread now; other threads take it when they
 * next enter the guest (a secondary starts after the guest set it). */
void plat_set_ile(bool le)
{
	uint64_t lpcr = mfspr(SPRN_LPCR);

	partition_ile = le;
	mtspr(SPRN_LPCR, le ? lpcr | LPCR_ILE : lpcr & ~LPCR_ILE);
	__asm__ volatile("isync" ::: "memory");
}

/* Another processor's H_SET_MODE reaches this thread at its next entry
 * into the shim. */
void lpar_sync_ile(void)
{
	uint64_t lpcr = mfspr(SPRN_LPCR);

	if (!!(lpcr & LPCR_ILE) != partition_ile) {
		mtspr(SPRN_LPCR, partition_ile ? lpcr | LPCR_ILE : lpcr & ~LPCR_ILE);
		__asm__ volatile("isync" ::: "memory");
	}
}

/* H_CEDE: the thread is ours while the guest waits; the only interrupt
 * source the guest has is its decrementer, pending when DEC goes negative
 * (32-bit decrementer: LPCR[LD] off). Bounded, in case it never does. */
void plat_cede(void)
{
	uint64_t t0 = mftb();
	unsigned vcpu = (unsigned)((struct pnv_frame *)(uintptr_t)mfspr(SPRN_HSPRG0))->vcpu;

	shim_unlock(); /* other processors' hcalls go on meanwhile */
	while (!intc_pending(vcpu) && (int32_t)mfspr(SPRN_DEC) >= 0 && mftb() - t0 < 10 * tb_per_ms)
		__asm__ volatile("or 1, 1, 1" ::: "memory");
	__asm__ volatile("or 2, 2, 2" ::: "memory");
	shim_lock();
}

/* H_RANDOM from the processor's own generator: darn L=1, a conditioned
 * 64-bit random number, all ones on failure (Power ISA v3.0B Book I,
 * "Deliver A Random Number"). */
int plat_random(uint64_t *v)
{
	for (int tries = 0; tries < 16; tries++) {
		uint64_t x;

		__asm__ volatile("darn %0, 1" : "=r"(x));
		if (x != ~0ull) {
			*v = x;
			return 0;
		}
	}
	return -1;
}
