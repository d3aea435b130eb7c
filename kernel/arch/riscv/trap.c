/* riscv64 trap dispatch: the S-timer interrupt is ours; anything else is
 * unexpected and ends the boot with a register dump. Cause codes: RISC-V
 * privileged spec v1.13 table 4.2 (scause). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "trap.h"

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

void riscv_trap(struct riscv_frame *f)
{
	if (f->scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
		riscv_timer_interrupt();
		return;
	}
	if (f->scause == (SCAUSE_INTERRUPT | IRQ_S_EXTERNAL)) {
		riscv_plic_interrupt();
		return;
	}
	dump(f);
	trap_unexpected(cause_name(f->scause));
}

noreturn void arch_raise_unexpected_trap(void)
{
	__asm__ volatile(".word 0" ::: "memory"); /* all-zero is defined illegal */
	__builtin_unreachable();
}
