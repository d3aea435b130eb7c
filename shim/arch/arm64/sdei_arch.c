/* The machine side of the SDEI dispatcher (sdei.h hooks other than the
 * interrupt ones, which live in gic.c). */
#include <shim/shim.h>

#include "hyp.h"

#define PSTATE_NZCV 0xf0000000ull
#define PSTATE_DIT (1ull << 24)
#define PSTATE_PAN (1ull << 22)
#define PSTATE_SSBS (1ull << 12)
#define SCTLR_SPAN (1ull << 23)
#define SCTLR_DSSBS (1ull << 44)

bool sdei_arch_entry_ok(uint64_t addr)
{
	return !(addr & 3) && guest_ipa_range_ok(addr, 4);
}

/* As for an exception taken to EL1 (Arm ARM pseudocode TakeException()):
 * EL1h, DAIF set, NZCV and DIT kept, PAN set unless SCTLR_EL1.SPAN, SSBS
 * from SCTLR_EL1.DSSBS, IL/SS/BTYPE clear. */
uint64_t sdei_arch_handler_pstate(uint64_t interrupted)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t p = SPSR_EL1H | SPSR_DAIF | (interrupted & (PSTATE_NZCV | PSTATE_DIT));

	p |= (sctlr & SCTLR_SPAN) ? (interrupted & PSTATE_PAN) : PSTATE_PAN;
	if (sctlr & SCTLR_DSSBS)
		p |= PSTATE_SSBS;
	return p;
}

void sdei_arch_set_resume_regs(uint64_t elr, uint64_t spsr)
{
	write_sysreg(elr_el1, elr);
	write_sysreg(spsr_el1, spsr);
}

static uint32_t lock_word;

void sdei_arch_lock(void)
{
	while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock_word, __ATOMIC_RELAXED))
			;
}

void sdei_arch_unlock(void)
{
	__atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
}
