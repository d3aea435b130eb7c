/* Taking over the interrupt vectors, dispatching, and the register dump for
 * an unexpected exception. Vector offsets and SRR1 bits: Power ISA v3.0B
 * Book III, "Interrupt Definitions". */
#include <stddef.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "stack_guard.h"

#define TRAP_STACK_SIZE 16384
#define VECTORS_BASE 0x100ul
#define CACHE_LINE 128 /* POWER9 L1 line */
#define H_SET_MODE_RESOURCE_LE 4 /* LoPAPR H_SET_MODE: interrupt endianness */

_Static_assert(offsetof(struct ppc64_trap_frame, cr) == TF_CR, "TF_CR");
_Static_assert(offsetof(struct ppc64_trap_frame, srr0) == TF_SRR0, "TF_SRR0");
_Static_assert(offsetof(struct ppc64_trap_frame, vec) == TF_VEC, "TF_VEC");
_Static_assert(offsetof(struct ppc64_trap_frame, scratch) == TF_SCRATCH, "TF_SCRATCH");
_Static_assert(offsetof(struct ppc64_trap_frame, cfunc) == TF_CFUNC, "TF_CFUNC");
_Static_assert(sizeof(struct ppc64_trap_frame) == TF_SIZE, "TF_SIZE");

static struct ppc64_trap_frame trap_frame __attribute__((aligned(64)));
static unsigned char trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));
bool ppc64_traps_ready;
/* test hook: one exception of this vector is expected and recovered from */
volatile uint64_t ppc64_trap_expect, ppc64_trap_seen_srr1, ppc64_trap_seen_dsisr,
	ppc64_trap_seen_dar, ppc64_trap_seen_msr;
/* mmu_radix.c's probe: an expected DSI/ISI returns to the faulting
 * instruction with translation off */
volatile bool ppc64_trap_probe;

static const struct {
	uint16_t vec;
	const char *name;
} vector_names[] = {
	{ 0x100, "system reset" },
	{ 0x200, "machine check" },
	{ 0x300, "data storage" },
	{ 0x380, "data segment" },
	{ 0x400, "instruction storage" },
	{ 0x480, "instruction segment" },
	{ 0x500, "external" },
	{ 0x600, "alignment" },
	{ 0x700, "program" },
	{ 0x800, "floating-point unavailable" },
	{ 0x900, "decrementer" },
	{ 0xa00, "directed privileged doorbell" },
	{ 0xb00, "reserved" },
	{ 0xc00, "system call" },
	{ 0xd00, "trace" },
	{ 0xf00, "performance monitor" },
	{ 0xf20, "vector unavailable" },
	{ 0xf40, "VSX unavailable" },
	{ 0xf60, "facility unavailable" },
};

static const char *vector_name(uint64_t vec)
{
	for (size_t i = 0; i < ARRAY_SIZE(vector_names); i++)
		if (vector_names[i].vec == vec)
			return vector_names[i].name;
	return "unknown";
}

/* Program interrupt cause, SRR1 bits 43..46 (Book III, "Program Interrupt"). */
static const char *program_cause(uint64_t srr1)
{
	if (srr1 & (1ull << (63 - 43)))
		return "floating-point enabled";
	if (srr1 & (1ull << (63 - 44)))
		return "illegal instruction";
	if (srr1 & (1ull << (63 - 45)))
		return "privileged instruction";
	if (srr1 & (1ull << (63 - 46)))
		return "trap";
	return "unknown cause";
}

static void dump(const struct ppc64_trap_frame *f, const char *what)
{
	kprintf("ppc64: unexpected exception at vector 0x%llx: %s, register dump:\n",
		(unsigned long long)f->vec, what);
	for (int i = 0; i < 32; i += 4)
		kprintf("  r%-2d %016llx  r%-2d %016llx  r%-2d %016llx  r%-2d %016llx\n", i,
			(unsigned long long)f->gpr[i], i + 1, (unsigned long long)f->gpr[i + 1],
			i + 2, (unsigned long long)f->gpr[i + 2], i + 3,
			(unsigned long long)f->gpr[i + 3]);
	kprintf("  srr0 %016llx (image+0x%llx)  srr1 %016llx\n",
		(unsigned long long)f->srr0, (unsigned long long)(f->srr0 - ppc64_load_base),
		(unsigned long long)f->srr1);
	kprintf("  lr   %016llx  ctr  %016llx  cr %08llx  xer %08llx\n",
		(unsigned long long)f->lr, (unsigned long long)f->ctr, (unsigned long long)f->cr,
		(unsigned long long)f->xer);
	kprintf("  dar  %016llx  dsisr %08llx\n", (unsigned long long)f->dar,
		(unsigned long long)f->dsisr);
}

void ppc64_trap(struct ppc64_trap_frame *f)
{
	char what[96];

	if (f->vec == 0x900) {
		if (ppc64_cpu_id() == 0)
			ppc64_decrementer();
		else
			mtspr(SPRN_DEC, 0x7fffffff); /* the tick is the boot CPU's */
		return;
	}
	/* external interrupt: XICS and XIVE (OS ring) both signal here */
	if (f->vec == 0x500 && irq_chip_active()) {
		irq_dispatch();
		return;
	}
	/* `sc 2` under QEMU TCG lands here, not in an ultravisor (uv.c) */
	if (f->vec == 0xc00 && ppc64_uv_forward(f->gpr, f->srr0))
		return;
	if (ppc64_trap_expect && f->vec == ppc64_trap_expect) {
		ppc64_trap_expect = 0;
		ppc64_trap_seen_srr1 = f->srr1;
		ppc64_trap_seen_dsisr = f->dsisr;
		ppc64_trap_seen_dar = f->dar;
		ppc64_trap_seen_msr = mfmsr(); /* the mode the vector runs in */
		if (ppc64_trap_probe) {
			f->srr1 &= ~(MSR_IR | MSR_DR); /* retry it untranslated */
			return;
		}
		if (f->vec == 0x700 || f->vec == 0x300)
			f->srr0 += 4; /* SRR0 = the trapping instruction: skip it */
		if (f->vec == 0x400)
			f->srr0 = f->lr; /* a fetch from a called address: back to the caller */
		return;
	}
	if (ppc64_stack_overflow_check(f)) {
		dump(f, "data storage (0x300) in a stack guard page");
		trap_unexpected("stack overflow");
	}
	if (f->vec == 0x700)
		fmt_snprintf(what, sizeof(what), "program check (0x700, %s)",
			     program_cause(f->srr1));
	else
		fmt_snprintf(what, sizeof(what), "%s (0x%llx)", vector_name(f->vec),
			     (unsigned long long)f->vec);
	dump(f, what);
	trap_unexpected(what);
}

/* A secondary CPU: its own frame and exception stack, the shared vectors. */
void ppc64_traps_init_cpu(unsigned cpu, struct ppc64_trap_frame *f, void *stack_top)
{
	memset(f, 0, sizeof(*f));
	f->handler = (uintptr_t)ppc64_trap_common;
	f->cfunc = (uintptr_t)ppc64_trap;
	f->stack = (uintptr_t)stack_top;
	__asm__ volatile("mr %0, 2" : "=r"(f->toc));
	mtspr(SPRN_SPRG0, (uintptr_t)f);
	mtspr(SPRN_SPRG2, cpu);
	mtspr(SPRN_DEC, 0x7fffffff);
}

/* Only after Open Firmware is no longer needed: SLOF's handlers and VOF's
 * code (vof.bin at 0..0xda0) live where the vectors go. */
void ppc64_traps_init(void)
{
	size_t len = (size_t)(ppc64_vectors_end - ppc64_vectors_start);
	unsigned char *dst = (unsigned char *)VECTORS_BASE;
	long rc;

	trap_frame.handler = (uintptr_t)ppc64_trap_common;
	trap_frame.cfunc = (uintptr_t)ppc64_trap;
	trap_frame.stack = (uintptr_t)(trap_stack + sizeof(trap_stack));
	__asm__ volatile("mr %0, 2" : "=r"(trap_frame.toc));
	mtspr(SPRN_SPRG0, (uintptr_t)&trap_frame);
	mtspr(SPRN_SPRG2, 0);
	/* decrementer far in the future until a timer is started */
	mtspr(SPRN_DEC, 0x7fffffff);

	/* interrupts in little-endian (LPCR[ILE] is the hypervisor's) */
	rc = ppc64_hcall(H_SET_MODE, 1, H_SET_MODE_RESOURCE_LE, 0, 0);
	if (rc != H_SUCCESS) {
		kprintf("ppc64: H_SET_MODE(little-endian interrupts) failed: %ld\n", rc);
		return;
	}
	memcpy(dst, ppc64_vectors_start, len);
	/* make the new instructions visible to instruction fetch (Book II, instruction cache coherence) */
	for (size_t off = 0; off < len; off += CACHE_LINE)
		__asm__ volatile("dcbst 0, %0" ::"r"(dst + off) : "memory");
	__asm__ volatile("sync" ::: "memory");
	for (size_t off = 0; off < len; off += CACHE_LINE)
		__asm__ volatile("icbi 0, %0" ::"r"(dst + off) : "memory");
	__asm__ volatile("sync; isync" ::: "memory");
	ppc64_traps_ready = true;
}

noreturn void arch_raise_unexpected_trap(void)
{
	/* primary opcode 0 is reserved (Power ISA Book I): program interrupt, illegal
	 * instruction (QEMU converts the HEA interrupt for a PAPR guest) */
	__asm__ volatile(".long 0x00000000" ::: "memory");
	for (;;)
		;
}
