/* In-guest checks of the arm64 port: exception level and MMU state, PSCI
 * answers, GICv3 delivery of the timer PPI. The generic tick count is the
 * common timer_suite's job; here we check the arm64 path it relies on. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/timer.h>

#include "arm64.h"
#include "stack_guard.h"
#include "sysreg.h"

#define PAR_F (1ul << 0)

const uint32_t arm64_wx_probe_ro = 0x5eed;
static void *arm64_wx_probe_text(void)
{
	return (void *)(uintptr_t)&arm64_wx_probe_text;
}
#define PAR_PA(par) ((par) & 0x0000fffffffff000ul)
#define PAR_ATTR(par) ((par) >> 56)

/* Stage 1 EL1 read translation of va (Arm ARM C5.5, AT S1E1R; result in PAR_EL1) */
static uint64_t translate(uintptr_t va)
{
	__asm__ volatile("at s1e1r, %0" ::"r"(va));
	isb();
	return read_sysreg(par_el1);
}

static void cpu_checks(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1), par;
	uintptr_t img = (uintptr_t)__image_start;

	report((read_sysreg(CurrentEL) >> 2 & 3) == 1, "running at EL1");
	report(read_sysreg(spsel) == 1, "on SP_EL1 (EL1h)");
	report(arm64_entry_el == 1 || arm64_entry_el == 2, "entered at EL%llu",
	       (unsigned long long)arm64_entry_el);
	report((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) == (SCTLR_M | SCTLR_C | SCTLR_I),
	       "MMU and caches on (SCTLR_EL1 0x%llx)", (unsigned long long)sctlr);
	report(read_sysreg(vbar_el1) == (uintptr_t)arm64_vectors, "VBAR_EL1 is our vector table");

	par = translate(img);
	report(!(par & PAR_F) && PAR_PA(par) == img && PAR_ATTR(par) == 0xff,
	       "image is identity-mapped Normal WB (PAR 0x%llx)", (unsigned long long)par);
	par = translate(0x09000000);
	report(!(par & PAR_F) && PAR_PA(par) == 0x09000000 && PAR_ATTR(par) == 0x04,
	       "UART is identity-mapped Device-nGnRE (PAR 0x%llx)", (unsigned long long)par);
	report(read_sysreg(midr_el1) != 0, "MIDR_EL1 reads non-zero");
}

static void psci_checks(void)
{
	uint32_t v = psci_version();
	int32_t r;

	report(v >= 0x2 && !(v & 0x80000000u), "PSCI_VERSION %u.%u via %s is 0.2 or later",
	       v >> 16, v & 0xffff, psci_conduit_name(psci_conduit_in_use()));
	report((uint32_t)psci_call(PSCI_VERSION, 0, 0, 0) == v, "PSCI_VERSION is stable");
	if (v < 0x10000) {
		report_skip("PSCI < 1.0", "PSCI_FEATURES");
		return;
	}
	/* DEN0022 5.1.14: 0 for an implemented function, NOT_SUPPORTED otherwise */
	r = (int32_t)psci_call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0);
	report(r == 0, "PSCI_FEATURES(SYSTEM_OFF) = %d", r);
	r = (int32_t)psci_call(PSCI_FEATURES, 0x8400001fu, 0, 0);
	report(r == PSCI_RET_NOT_SUPPORTED, "PSCI_FEATURES(unassigned 0x8400001f) = %d", r);
}

static void timer_checks(void)
{
	uint64_t f = arch_counter_freq(), c0, n0;
	unsigned id = timer_intid();

	report(f == (read_sysreg(cntfrq_el0) & 0xffffffffu), "frequency is CNTFRQ_EL0");
	if (arm64_entry_el == 2) {
		uint64_t v = arch_counter(), p = read_sysreg(cntpct_el0);
		report(p - v < f / 10, "CNTVOFF_EL2 = 0: virtual and physical counters agree");
	}
	if (!gic_present()) {
		report_skip("no GICv3", "timer PPI delivery");
		return;
	}
	report(gic_arch_rev() == 3 || gic_arch_rev() == 4, "GIC architecture v%u",
	       gic_arch_rev());
	report(id >= 16 && id < 32, "virtual timer INTID %u is a PPI", id);

	n0 = gic_irq_count[id];
	report(arch_timer_start(1000) == 0, "1 ms timer started");
	arch_irq_enable();
	c0 = arch_counter();
	while (gic_irq_count[id] - n0 < 3 && arch_counter() - c0 < f)
		arch_wait_for_interrupt();
	arch_irq_disable();
	arch_timer_stop();
	report(gic_irq_count[id] - n0 >= 3, "INTID %u acknowledged through ICC_IAR1_EL1 (%llu)",
	       id, (unsigned long long)(gic_irq_count[id] - n0));
	report(!(read_sysreg(cntv_ctl_el0) & 1), "timer disabled after stop");

	n0 = gic_irq_count[id];
	arch_irq_enable();
	udelay(20000);
	arch_irq_disable();
	report(gic_irq_count[id] == n0, "no timer interrupt after stop");
	report(arch_timer_start(0) != 0, "a zero period is refused");
}

/* W^X of the image (mmu.c): the leaf descriptors, and the hardware's own
 * answer for a write to text (AT S1E1W faults on a read-only page). */
static uint64_t translate_write(uintptr_t va)
{
	__asm__ volatile("at s1e1w, %0" ::"r"(va));
	isb();
	return read_sysreg(par_el1);
}

static uint64_t translate_read(uintptr_t va)
{
	__asm__ volatile("at s1e1r, %0" ::"r"(va));
	isb();
	return read_sysreg(par_el1);
}

#define D_RO (1ul << 7)
#define D_PXN (1ul << 53)

static void wx_checks(void)
{
	extern char __text_end[], __rodata_end[], __bss_start[];
	uintptr_t text = (uintptr_t)arm64_wx_probe_text(), ro = (uintptr_t)&arm64_wx_probe_ro;
	uintptr_t data = (uintptr_t)__bss_start;
	uint64_t dt = mmu_image_desc(text), dr = mmu_image_desc(ro), dd = mmu_image_desc(data);

	if (!mmu_wx_enabled()) {
		report_skip("image not split", "W^X mapping of the image");
		return;
	}
	report(text < (uintptr_t)__text_end && (dt & 3) == 3 && (dt & D_RO) && !(dt & D_PXN),
	       "text page read-only and executable (desc 0x%llx)", (unsigned long long)dt);
	report(ro >= (uintptr_t)__text_end && ro < (uintptr_t)__rodata_end && (dr & D_RO) &&
		       (dr & D_PXN),
	       "rodata page read-only, execute-never (desc 0x%llx)", (unsigned long long)dr);
	report(!(dd & D_RO) && (dd & D_PXN), "BSS page writable, execute-never (desc 0x%llx)",
	       (unsigned long long)dd);
	report(translate_write(text) & PAR_F, "a write to text faults (AT S1E1W)");
	report(!(translate_write(data) & PAR_F), "a write to BSS translates");
	report(read_sysreg(sctlr_el1) & SCTLR_WXN, "SCTLR_EL1.WXN set");
	for (unsigned i = 0; i < ARM64_STACK_AREAS; i++) {
		uintptr_t g = arm64_stack_guard(i);
		uint64_t below = mmu_image_desc(g), above = mmu_image_desc(g + 4096);

		report(!(below & 1) && (above & 3) == 3 && !(above & D_RO) &&
			       (translate_write(g) & PAR_F) && (translate_read(g + 4095) & PAR_F) &&
			       !(translate_write(g + 4096) & PAR_F),
		       "stack %u: guard page 0x%lx below it invalid (desc 0x%llx), the stack RW "
		       "(desc 0x%llx)", i, (unsigned long)g, (unsigned long long)below,
		       (unsigned long long)above);
	}
}

static void arm64_suite(void)
{
	cpu_checks();
	wx_checks();
	psci_checks();
	timer_checks();
}
KTEST_SUITE(arm64_suite);
