/* riscv64 trap dispatch: the S-timer interrupt is ours; anything else is
 * unexpected and ends the boot with a register dump. Cause codes: RISC-V
 * privileged spec v1.13 table 4.2 (scause). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "misaligned.h"
#include "sbi_fwft.h"
#include "stack_guard.h"
#include "trap.h"

unsigned long riscv_misaligned_emulated;
static volatile bool fault_armed, fault_seen;
static uint64_t fault_cause, fault_tval;

static const char *cause_name(uint64_t cause)
{
	static const char *const exc[] = {
		"instruction address misaligned", "instruction access fault",
		"illegal instruction", "breakpoint", "load address misaligned",
		"load access fault", "store/AMO address misaligned",
		"store/AMO access fault", "environment call from U-mode",
		"environment call from S-mode", "reserved", "reserved",
		"instruction page fault", "load page fault", "reserved",
		"store/AMO page fault", "reserved", "reserved", "software check",
		"hardware error",
	};

	if (cause & SCAUSE_INTERRUPT)
		return "unexpected interrupt";
	return cause < ARRAY_SIZE(exc) ? exc[cause] : "unknown exception";
}

static void dump(const struct riscv_frame *f)
{
	static const char *const abi[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
		"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};

	kprintf("register dump (S-mode):\n");
	kprintf("  sepc    %016llx  scause %016llx (%s)\n", (unsigned long long)f->sepc,
		(unsigned long long)f->scause, cause_name(f->scause));
	kprintf("  stval   %016llx  sstatus %016llx\n", (unsigned long long)f->stval,
		(unsigned long long)f->sstatus);
	for (int i = 1; i < 32; i += 2)
		kprintf("  x%-2d %-4s %016llx  x%-2d %-4s %016llx\n", i, abi[i],
			(unsigned long long)f->x[i], i + 1 < 32 ? i + 1 : 0,
			i + 1 < 32 ? abi[i + 1] : "", i + 1 < 32 ? (unsigned long long)f->x[i + 1] : 0);
}

static uint32_t insn_at(uint64_t pc)
{
	/* IALIGN is 16 with C: fetch by halves, never a misaligned 32-bit read */
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)pc;
	uint32_t insn = p[0];

	if ((insn & 3) == 3)
		insn |= (uint32_t)p[1] << 16;
	return insn;
}

/* With MISALIGNED_EXC_DELEG the firmware sends misaligned loads/stores to us:
 * redo them a byte at a time. The address is recomputed from the instruction
 * and must agree with stval (ignoring the bits pointer masking drops). */
static bool emulate_misaligned(struct riscv_frame *f)
{
	struct rv_memop op;
	unsigned pmlen = riscv_pmlen_active();
	uint64_t addr, keep = pmlen ? ~0ull >> pmlen : ~0ull;
	volatile uint8_t *p;

	if (!rv_decode_memop(insn_at(f->sepc), &op) ||
	    op.store != (f->scause == EXC_STORE_MISALIGNED) || (!op.store && op.reg == 2))
		return false;
	addr = (op.base ? f->x[op.base] : 0) + (uint64_t)(int64_t)op.imm;
	if ((addr & keep) != (f->stval & keep))
		return false;
	p = (volatile uint8_t *)(uintptr_t)addr;
	if (op.store) {
		uint64_t v = op.reg ? f->x[op.reg] : 0;

		for (unsigned i = 0; i < op.width; i++)
			p[i] = (uint8_t)(v >> (8 * i));
	} else {
		uint64_t raw = 0;

		for (unsigned i = 0; i < op.width; i++)
			raw |= (uint64_t)p[i] << (8 * i);
		if (op.reg)
			f->x[op.reg] = rv_load_extend(raw, op.width, op.sign);
	}
	f->sepc += op.len;
	riscv_misaligned_emulated++;
	return true;
}

void riscv_expect_fault(void)
{
	fault_seen = false;
	fault_armed = true;
}

bool riscv_fault_taken(uint64_t *cause, uint64_t *tval)
{
	fault_armed = false;
	if (cause)
		*cause = fault_cause;
	if (tval)
		*tval = fault_tval;
	return fault_seen;
}

static bool expected_fault(struct riscv_frame *f)
{
	bool fetch = false;

	switch (f->scause) {
	case EXC_LOAD_MISALIGNED: case EXC_LOAD_ACCESS: case EXC_STORE_MISALIGNED:
	case EXC_STORE_ACCESS: case EXC_LOAD_PAGE: case EXC_STORE_PAGE:
		break;
	case EXC_INST_ACCESS: case EXC_INST_PAGE:
		fetch = true;
		break;
	default:
		return false;
	}
	if (!fault_armed)
		return false;
	fault_armed = false;
	fault_seen = true;
	fault_cause = f->scause;
	fault_tval = f->stval;
	if (fetch)
		f->sepc = f->x[1]; /* nothing to skip at sepc: back to the caller (ra) */
	else
		f->sepc += (insn_at(f->sepc) & 3) == 3 ? 4 : 2;
	return true;
}

void riscv_trap(struct riscv_frame *f)
{
	if (riscv_stack_overflow_check(f)) {
		dump(f);
		trap_unexpected("stack overflow");
	}
	if (f->scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
		riscv_timer_interrupt();
		return;
	}
	if (f->scause == (SCAUSE_INTERRUPT | IRQ_S_EXTERNAL)) {
		riscv_plic_interrupt();
		return;
	}
	if ((f->scause == EXC_LOAD_MISALIGNED || f->scause == EXC_STORE_MISALIGNED) &&
	    emulate_misaligned(f))
		return;
	if (expected_fault(f))
		return;
	dump(f);
	trap_unexpected(cause_name(f->scause));
}

noreturn void arch_raise_unexpected_trap(void)
{
	__asm__ volatile(".word 0" ::: "memory"); /* all-zero is defined illegal */
	__builtin_unreachable();
}
