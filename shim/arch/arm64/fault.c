/* Hostile-host mode of the arm64 shim (issue 10; shim/core/fault.c parses
 * shim.fault=<name>). Each entry makes one PSCI/SMCCC/SDEI answer, one SDEI
 * event entry or the guest's memory node wrong in a way DEN0022/DEN0028/
 * DEN0054 do not allow; the guest's reaction is asserted by
 * tests/qemu/configs.py. SKIP answers instead of running the call. */
#include <stddef.h>

#include <shim/shim.h>

#include "hyp.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_ON_64 0xC4000003u
#define SMCCC_VERSION 0x80000000u

enum fault_kind { SKIP, SET_X0, EVENT_NUM, EVENT_ARG, EVENT_PSTATE_MODE, EVENT_PC_AT_ENTRY };

struct smccc_fault {
	const char *name;
	uint32_t fid;
	enum fault_kind kind;
	uint64_t value;
};

static const struct smccc_fault faults[] = {
	/* PSCI_VERSION (DEN0022 5.1.1): bit 31 clear, 0.2 or later for our IDs */
	{ "psci-version-0", PSCI_VERSION, SET_X0, 0 },
	{ "psci-version-bit31", PSCI_VERSION, SET_X0, 0x80010001u },
	{ "psci-version-notsup", PSCI_VERSION, SET_X0, (uint64_t)-1 },
	/* CPU_ON (5.1.4): only the listed error codes; success means it starts */
	{ "psci-cpu-on-undef-error", PSCI_CPU_ON_64, SKIP, (uint64_t)-1000 },
	{ "psci-cpu-on-lie", PSCI_CPU_ON_64, SKIP, 0 },
	{ "psci-cpu-on-already", PSCI_CPU_ON_64, SKIP, (uint64_t)-4 },
	/* SDEI_VERSION (DEN0054 5.1.1): bit 63 clear, major 1 */
	{ "sdei-version-major2", SDEI_VERSION, SET_X0, 2ull << 48 },
	{ "sdei-version-bit63", SDEI_VERSION, SET_X0, 1ull << 63 | 1ull << 48 },
	{ "sdei-version-notsup", SDEI_VERSION, SET_X0, (uint64_t)-1 },
	{ "sdei-unmask-undef-error", SDEI_PE_UNMASK, SET_X0, (uint64_t)-1000 },
	{ "sdei-reset-denied", SDEI_PRIVATE_RESET, SET_X0, (uint64_t)SDEI_DENIED },
	/* event entry (DEN0054 6.x): x0 = the registered number, x1 = its argument */
	{ "sdei-wrong-event", 0, EVENT_NUM, 0x1000 },
	{ "sdei-wrong-arg", 0, EVENT_ARG, 0x8 },
	/* x3: the interrupted context at EL2h (above the EL1 client) or AArch32 */
	{ "sdei-pstate-el2", 0, EVENT_PSTATE_MODE, 0x9 },
	{ "sdei-pstate-aarch32", 0, EVENT_PSTATE_MODE, 0x13 },
	/* x2: "interrupted" at the handler's own entry point, i.e. a normal
	 * event dispatched over a handler (only a critical one may preempt) */
	{ "sdei-pc-in-stub", 0, EVENT_PC_AT_ENTRY, 0 },
	/* COMPLETE (5.1.5) never returns on success; CONTEXT only while running */
	{ "sdei-complete-lost", SDEI_EVENT_COMPLETE, SKIP, (uint64_t)SDEI_DENIED },
	{ "sdei-context-outside", SDEI_EVENT_CONTEXT, SET_X0, 0x1234 },
	{ "sdei-status-garbage", SDEI_EVENT_STATUS, SET_X0, 0xff },
	{ "sdei-register-undef-error", SDEI_EVENT_REGISTER, SKIP, (uint64_t)-1000 },
	/* SMCCC_VERSION (DEN0028 7.2.1): bit 31 clear */
	{ "smccc-version-garbage", SMCCC_VERSION, SET_X0, 0x80000000u },
};

static const struct smccc_fault *active;

static bool fdt_named(void)
{
	return shim_fault("mem-above-kernel") || shim_fault("mem-overlap-kernel");
}

void smccc_fault_init(void)
{
	const char *name = shim_fault_active();

	if (!name)
		return;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (shim_fault(faults[i].name))
			active = &faults[i];
	if (!active && !shim_fault("smash") && !fdt_named())
		shim_printf("hostile-host mode: no arm64 fault named '%s': none injected\n", name);
}

bool smccc_fault_active(void)
{
	return active != NULL;
}

bool smccc_fault_pre(struct el2_frame *f)
{
	if (!active || active->kind != SKIP || (uint32_t)f->g.x[0] != active->fid)
		return false;
	f->g.x[0] = active->value;
	return true;
}

void smccc_fault_post(uint32_t fid, struct el2_frame *f)
{
	if (active && active->kind == SET_X0 && fid == active->fid)
		f->g.x[0] = active->value;
}

/* Called after an event was entered: x0-x3 hold its number, argument,
 * interrupted PC and PSTATE; pc is the handler's entry point. */
void sdei_fault_entry(struct el2_frame *f)
{
	if (active && active->kind == EVENT_NUM)
		f->g.x[0] += active->value;
	else if (active && active->kind == EVENT_ARG)
		f->g.x[1] ^= active->value;
	else if (active && active->kind == EVENT_PSTATE_MODE)
		f->g.x[3] = (f->g.x[3] & ~0x1full) | active->value;
	else if (active && active->kind == EVENT_PC_AT_ENTRY)
		f->g.x[2] = f->g.pc;
}

/* The guest's memory node no longer holds the kernel image: returns how far
 * to move its start up (0: no such fault). */
uint64_t fdt_fault_memory_skip(void)
{
	if (shim_fault("mem-above-kernel"))
		return 64ull << 20;
	if (shim_fault("mem-overlap-kernel"))
		return (2ull << 20) + 0x10000;
	return 0;
}
