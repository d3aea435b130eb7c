/* Hostile-guest catalogue, arm64 (issue 10): abusive call sequences against
 * our EL2 shim's SMCCC dispatcher, PSCI and SDEI providers. Every answer must
 * be the spec's error code (DEN0028 SMCCC, DEN0022 PSCI, DEN0054 SDEI) and the
 * shim must keep serving. Only under our shim (detected by its vendor SDEI
 * trigger); elsewhere the suite skips. Deliberately bad calls only: no
 * secondary PE is started here (sdei_smp_suite does that). */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "arm64.h"
#include "sdei.h"
#include "sysreg.h"

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_NOT_SUPPORTED (-1)
#define PSCI_VERSION_FID 0x84000000u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_INVALID_ADDRESS (-9)
#define VENDOR_TRIGGER 0xC6000010u /* shim/arch/arm64/sdei.h */
#define MPIDR_AFF_MASK 0xff00ffffffull
#define STORM 200

static int64_t hvc_imm1(uint32_t fid)
{
	register uint64_t x0 __asm__("x0") = fid;

	__asm__ volatile("hvc #1" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return (int64_t)x0;
}

static int64_t smc_imm(uint32_t fid, bool imm)
{
	register uint64_t x0 __asm__("x0") = fid;

	if (imm)
		__asm__ volatile("smc #7" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return (int64_t)x0;
}

static bool under_our_shim(void)
{
	return sdei_available() && !sdei_conduit_is_smc() &&
	       sdei_call(VENDOR_TRIGGER, 0x7777, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS;
}

static void smccc_checks(void)
{
	int64_t v = psci_call(PSCI_VERSION_FID, 0, 0, 0);

	report(psci_call(SMCCC_VERSION, 0, 0, 0) == 0x10001, "SMCCC_VERSION is 1.1");
	report(psci_call(SMCCC_ARCH_FEATURES, 0x8000ffffu, 0, 0) == SMCCC_NOT_SUPPORTED,
	       "ARCH_FEATURES of an unknown function: NOT_SUPPORTED");
	report(psci_call(0x84000020u, 0, 0, 0) == SMCCC_NOT_SUPPORTED,
	       "a standard-service ID past PSCI: NOT_SUPPORTED");
	report(psci_call(0xC7000000u, 0, 0, 0) == SMCCC_NOT_SUPPORTED,
	       "a trusted-OS ID: NOT_SUPPORTED");
	report(psci_call(0x86000000u, 0, 0, 0) == SMCCC_NOT_SUPPORTED,
	       "an unknown vendor-hypervisor ID: NOT_SUPPORTED");
	report(hvc_imm1(PSCI_VERSION_FID) == SMCCC_NOT_SUPPORTED,
	       "HVC #1 (SMCCC uses immediate 0): NOT_SUPPORTED");
	report(smc_imm(PSCI_VERSION_FID, false) == v, "SMC #0 from EL1 trapped and answered as HVC");
	report(smc_imm(PSCI_VERSION_FID, true) == SMCCC_NOT_SUPPORTED,
	       "SMC #7 trapped: NOT_SUPPORTED, and execution continues after it");
}

static void psci_checks(void)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	uint64_t ok_entry = (uint64_t)(uintptr_t)&arm64_vectors;
	int64_t r;
	int bad = 0;

	report(psci_call(PSCI_CPU_ON_64, 0xff00ff00ull, ok_entry, 0) == PSCI_E_INVALID_PARAMETERS,
	       "CPU_ON of an MPIDR that does not exist: INVALID_PARAMETERS");
	report(psci_call(PSCI_CPU_ON_32, 0xffffffffu, ok_entry, 0) == PSCI_E_INVALID_PARAMETERS,
	       "CPU_ON_32 of MPIDR 0xffffffff: INVALID_PARAMETERS");
	report(psci_call(PSCI_CPU_ON_64, self, ok_entry, 0) == PSCI_E_ALREADY_ON,
	       "CPU_ON of the calling PE: ALREADY_ON");
	for (int i = 0; i < STORM; i++)
		bad += psci_call(PSCI_CPU_ON_64, self, ok_entry, (uint64_t)i) != PSCI_E_ALREADY_ON;
	report(!bad, "%d CPU_ONs of the calling PE in a row: all ALREADY_ON (%d not)", STORM, bad);
	/* entry checks come before the state check in the shim, so a bad entry for
	 * a PE that is on still says INVALID_ADDRESS (DEN0022 5.6: either is legal) */
	r = psci_call(PSCI_CPU_ON_64, self, 0, 0);
	report(r == PSCI_E_INVALID_ADDRESS || r == PSCI_E_ALREADY_ON,
	       "CPU_ON with entry 0: INVALID_ADDRESS or ALREADY_ON (%lld)", (long long)r);
	r = psci_call(PSCI_CPU_ON_64, self, ok_entry + 2, 0);
	report(r == PSCI_E_INVALID_ADDRESS || r == PSCI_E_ALREADY_ON,
	       "CPU_ON with a misaligned entry: INVALID_ADDRESS or ALREADY_ON (%lld)", (long long)r);
	r = psci_call(PSCI_CPU_ON_64, self, ~0ull & ~3ull, 0);
	report(r == PSCI_E_INVALID_ADDRESS || r == PSCI_E_ALREADY_ON,
	       "CPU_ON with entry 2^64-4 (would wrap): INVALID_ADDRESS or ALREADY_ON (%lld)",
	       (long long)r);
	report(psci_call(PSCI_AFFINITY_INFO_64, self, 0, 0) == 0, "AFFINITY_INFO of self: ON");
	report(psci_call(PSCI_AFFINITY_INFO_64, 0xff00ff00ull, 0, 0) == PSCI_E_INVALID_PARAMETERS,
	       "AFFINITY_INFO of an MPIDR that does not exist: INVALID_PARAMETERS");
	report(psci_call(PSCI_FEATURES, 0xdeadbeefu, 0, 0) == PSCI_E_NOT_SUPPORTED,
	       "PSCI_FEATURES of a garbage ID: NOT_SUPPORTED");
}

static void sdei_checks(void)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int bad = 0, was_masked;

	report(sdei_call(0xC400003Fu, 0, 0, 0, 0, 0) == SDEI_NOT_SUPPORTED,
	       "an undefined ID in the SDEI range: NOT_SUPPORTED");
	report(sdei_call(0x84000020u, 0, 0, 0, 0, 0) == SDEI_NOT_SUPPORTED,
	       "SDEI_VERSION as an SMC32 call: NOT_SUPPORTED");
	for (int i = 0; i < STORM; i++)
		bad += sdei_call(SDEI_EVENT_COMPLETE, 0, 0, 0, 0, 0) != SDEI_DENIED;
	report(!bad, "%d unbalanced COMPLETEs: all DENIED (%d not)", STORM, bad);
	bad = 0;
	for (int i = 0; i < STORM; i++)
		bad += sdei_call(SDEI_EVENT_COMPLETE_AND_RESUME, 0x40200000, 0, 0, 0, 0) != SDEI_DENIED;
	report(!bad, "%d unbalanced COMPLETE_AND_RESUMEs: all DENIED (%d not)", STORM, bad);
	bad = 0;
	for (int i = 0; i < STORM; i++)
		bad += sdei_call(SDEI_EVENT_CONTEXT, (uint64_t)i % 18, 0, 0, 0, 0) != SDEI_DENIED;
	report(!bad, "%d EVENT_CONTEXTs outside a handler: all DENIED (%d not)", STORM, bad);
	/* mask/unmask storm: MASK says 1 exactly when it masked (TF-A semantics) */
	was_masked = (int)sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0) == 0;
	bad = 0;
	for (int i = 0; i < STORM; i++) {
		bad += sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0) != 0; /* already masked */
		bad += sdei_call(SDEI_PE_UNMASK, 0, 0, 0, 0, 0) != 0;
		bad += sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0) != 1;
	}
	if (!was_masked)
		sdei_call(SDEI_PE_UNMASK, 0, 0, 0, 0, 0);
	report(!bad, "%d PE_MASK/UNMASK rounds answer consistently (%d wrong)", STORM, bad);
	bad = 0;
	for (int i = 0; i < STORM; i++)
		bad += sdei_call(SDEI_EVENT_SIGNAL, 0, self, 0, 0, 0) != SDEI_INVALID_PARAMETERS &&
		       sdei_call(SDEI_EVENT_STATUS, 0, 0, 0, 0, 0) == 0;
	report(!bad, "%d SIGNALs of an unregistered event 0: all INVALID_PARAMETERS (%d not)",
	       STORM, bad);
	report(sdei_call(SDEI_EVENT_SIGNAL, 1, self, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "SIGNAL of an event other than 0: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_SIGNAL, 0, 0xff00ff00ull, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "SIGNAL to an MPIDR that does not exist: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, 0, 0x1000, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER with an entry below guest RAM: INVALID_PARAMETERS");
	report(sdei_call(SDEI_EVENT_REGISTER, 0, ~0ull & ~3ull, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "REGISTER with entry 2^64-4: INVALID_PARAMETERS");
	bad = 0;
	for (int i = 0; i < 32; i++)
		bad += sdei_call(SDEI_INTERRUPT_BIND, (uint64_t)i % 16, 0, 0, 0, 0) >= 0;
	report(!bad, "INTERRUPT_BIND of SGIs refused (%d bound)", bad);
	report(sdei_call(SDEI_INTERRUPT_RELEASE, 0x7777, 0, 0, 0, 0) == SDEI_INVALID_PARAMETERS,
	       "INTERRUPT_RELEASE of an unknown event: INVALID_PARAMETERS");
	bad = 0;
	for (int i = 0; i < STORM; i++)
		bad += sdei_call(VENDOR_TRIGGER, 0x10, 0xff00ff00ull, 0, 0, 0) !=
		       SDEI_INVALID_PARAMETERS;
	report(!bad, "%d platform triggers to a missing PE: INVALID_PARAMETERS (%d not)", STORM,
	       bad);
	report(sdei_call(VENDOR_TRIGGER, 0x10, self, 0, 0, 0) == SDEI_DENIED,
	       "trigger of an unregistered private event: DENIED (dropped)");
	report(psci_call(PSCI_VERSION_FID, 0, 0, 0) >= 0x10000,
	       "after all that, the shim still answers PSCI_VERSION");
}

static void smccc_abuse_suite(void)
{
	if (!under_our_shim()) {
		report_skip("not under the cocoon shim", "hostile-guest SMCCC/PSCI/SDEI sequences");
		return;
	}
	smccc_checks();
	psci_checks();
	sdei_checks();
}
KTEST_SUITE(smccc_abuse_suite);
