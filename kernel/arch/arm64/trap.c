/* arm64 exception dispatch: the IRQ goes to the GIC driver; every other
 * exception is unexpected and ends the boot with a register dump.
 * ESR_EL1 layout and exception classes (EC): Arm ARM DDI 0487, ESR_EL1. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "arm64.h"
#include "stack_guard.h"

void arm64_exception(struct trap_frame *f, uint64_t kind);

static const char *const vector_name[16] = {
	"sync (EL1t)",	   "IRQ (EL1t)",     "FIQ (EL1t)",     "SError (EL1t)",
	"sync (EL1h)",	   "IRQ (EL1h)",     "FIQ (EL1h)",     "SError (EL1h)",
	"sync (EL0, A64)", "IRQ (EL0, A64)", "FIQ (EL0, A64)", "SError (EL0, A64)",
	"sync (EL0, A32)", "IRQ (EL0, A32)", "FIQ (EL0, A32)", "SError (EL0, A32)",
};

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "unknown reason (undefined instruction)";
	case 0x01: return "trapped WFI/WFE";
	case 0x07: return "FP/SIMD access trapped";
	case 0x0d: return "branch target exception";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (AArch64)";
	case 0x16: return "HVC (AArch64)";
	case 0x17: return "SMC (AArch64)";
	case 0x18: return "trapped MSR/MRS/system instruction";
	case 0x19: return "SVE access trapped";
	case 0x1c: return "pointer authentication failure";
	case 0x20: return "instruction abort from a lower EL";
	case 0x21: return "instruction abort (same EL)";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from a lower EL";
	case 0x25: return "data abort (same EL)";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "FP exception";
	case 0x2f: return "SError";
	case 0x30: case 0x31: return "breakpoint";
	case 0x32: case 0x33: return "software step";
	case 0x34: case 0x35: return "watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "reserved/unlisted class";
	}
}

static void dump(const struct trap_frame *f, uint64_t kind)
{
	unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;

	kprintf("register dump (EL1, vector %s):\n", vector_name[kind & 15]);
	kprintf("  ESR  %016llx  EC 0x%02x %s, IL %u, ISS 0x%07llx\n",
		(unsigned long long)f->esr, ec, ec_name(ec), (unsigned)(f->esr >> 25) & 1,
		(unsigned long long)(f->esr & 0x1ffffff));
	kprintf("  ELR  %016llx  SPSR %016llx\n", (unsigned long long)f->elr,
		(unsigned long long)f->spsr);
	kprintf("  FAR  %016llx  SP   %016llx\n", (unsigned long long)f->far,
		(unsigned long long)f->sp);
	for (int i = 0; i < 31; i += 3) {
		kprintf("  x%-2d %016llx", i, (unsigned long long)f->x[i]);
		for (int j = i + 1; j < i + 3 && j < 31; j++)
			kprintf("  x%-2d %016llx", j, (unsigned long long)f->x[j]);
		kprintf("\n");
	}
}

void arm64_exception(struct trap_frame *f, uint64_t kind)
{
	if (kind == 5) { /* IRQ at EL1 on SP_EL1: the only exception we expect */
		gic_handle_irq();
		return;
	}
	dump(f, kind);
	if ((kind & 3) == 0)
		trap_unexpected(ec_name((unsigned)(f->esr >> 26) & 0x3f));
	trap_unexpected(vector_name[kind & 15]);
}

/* vectors.S, on the emergency stack: the PE's stack is exhausted. */
noreturn void arm64_stack_overflow(struct trap_frame *f, uint64_t kind);
noreturn void arm64_stack_overflow(struct trap_frame *f, uint64_t kind)
{
	arm64_stack_overflow_report(f);
	dump(f, kind);
	trap_unexpected("stack overflow");
}

noreturn void arch_raise_unexpected_trap(void)
{
	__asm__ volatile("udf #0" ::: "memory"); /* permanently undefined (C6.2.402) */
	__builtin_unreachable();
}
