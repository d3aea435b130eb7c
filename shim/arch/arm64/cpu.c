/* Per-PE EL2 configuration and the first entry into the guest at EL1.
 * Register meanings: Arm ARM DDI 0487 D23.2 (HCR_EL2, CNTHCTL_EL2, CPTR_EL2,
 * VPIDR/VMPIDR_EL2) and GICv3 IHI 0069 12.2 (ICC_SRE_EL2). */
#include <string.h>

#include <shim/shim.h>

#include "hyp.h"

#define HCR_VM (1ull << 0)    /* stage 2 on */
#define HCR_SWIO (1ull << 1)  /* set/way invalidation becomes clean+invalidate */
#define HCR_FMO (1ull << 3)   /* physical FIQ (GIC Group 0) to EL2: bound SDEI events */
#define HCR_TSC (1ull << 19)  /* SMC traps to EL2 (EC 0x17) */
#define HCR_RW (1ull << 31)   /* EL1 is AArch64 */
#define HCR_APK (1ull << 40)  /* no pointer-authentication key traps */
#define HCR_API (1ull << 41)
#define CNTHCTL_EL1PCTEN_PCEN 3ull
#define CPTR_EL2_RES1 0x32ffull /* TFP = 0, TZ = 0: no FP/SVE traps */
#define ICC_SRE_EL2_ALL 0xfull	/* SRE, DFB, DIB, Enable (EL1 may use SRE) */
#define SCTLR_EL1_RES1 0x30d00800ull

bool shim_gic_ok;

void el2_cpu_setup(void)
{
	uint64_t hcr = HCR_VM | HCR_SWIO | HCR_TSC | HCR_RW | HCR_APK | HCR_API;

	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	if (shim_gic_ok)
		hcr |= HCR_FMO;
	write_sysreg(hcr_el2, hcr);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN_PCEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(hstr_el2, 0);
	if ((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf) {
		write_sysreg(icc_sre_el2, read_sysreg(icc_sre_el2) | ICC_SRE_EL2_ALL);
		isb();
		write_sysreg(ich_hcr_el2, 0);
	}
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	stage2_enable();
	if (shim_gic_ok)
		gic_cpu_setup();
	isb();
}

noreturn void enter_guest_el1(uint64_t entry, uint64_t x0)
{
	struct el2_frame f;
	uint64_t top = (uint64_t)(uintptr_t)__shim_stacks + (this_cpu() + 1) * SHIM_STACK_SIZE;

	memset(&f, 0, sizeof(f));
	f.g.x[0] = x0; /* booting.rst: x0 = DTB, x1..x3 = 0 (CPU_ON: context id) */
	f.g.pc = entry;
	f.g.pstate = SPSR_EL1H | SPSR_DAIF;
	shim_enter_guest(&f, top);
}
