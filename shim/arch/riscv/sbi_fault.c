/* Hostile-host mode of the riscv shim (issue 10; shim/core/fault.c parses
 * shim.fault=<name>). Each entry makes one SBI answer wrong in one way the
 * SBI v3.0 spec does not allow (or allows only in a way the guest must
 * survive); the guest's reaction is asserted by tests/qemu/configs.py. The
 * real call still runs unless the entry is SKIP, which answers instead of it. */
#include <stddef.h>

#include <libfdt.h>
#include <cocoon/format.h>
#include <shim/shim.h>

#include "shim.h"

enum fault_kind {
	SKIP,	   /* do not run the call: answer (error, value) */
	SET_ERR,   /* run it, then replace the error */
	SET_VAL,   /* run it, then replace the value */
	OR_VAL,	   /* run it, then OR bits into the value */
	CLAIM_MORE /* run it, then claim a0 + value bytes */
};

#define ANY_FID (~0ul)
#define ANY_A0 (~0ul)

struct sbi_fault {
	const char *name;
	unsigned long eid, fid, a0; /* which call (a0: e.g. the FWFT feature) */
	enum fault_kind kind;
	long error;
	unsigned long value;
};

static const struct sbi_fault faults[] = {
	/* BASE: bit 31 of the spec version must be 0 (SBI 4.1); errors from BASE
	 * calls other than SUCCESS are impossible (SBI 4) */
	{ "spec-bit31", SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, ANY_A0, OR_VAL, 0, 1ul << 31 },
	{ "base-undef-error", SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, ANY_A0, SKIP, -1000, 0 },
	{ "probe-failed", SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ANY_A0, SKIP, SBI_ERR_FAILED, 1 },
	{ "probe-undef-error", SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ANY_A0, SKIP, 0x7fff, 1 },
	/* DBCN write (SBI 12.1): at most num_bytes written */
	{ "dbcn-overclaim", SBI_EXT_DBCN, SBI_DBCN_WRITE, ANY_A0, CLAIM_MORE, 0, 100 },
	{ "dbcn-no-progress", SBI_EXT_DBCN, SBI_DBCN_WRITE, ANY_A0, SKIP, SBI_SUCCESS, 0 },
	{ "dbcn-undef-error", SBI_EXT_DBCN, SBI_DBCN_WRITE, ANY_A0, SKIP, -1000, 0 },
	/* HSM (SBI 9): states 0-6 only; START of a STOPPED hart succeeds */
	{ "hsm-status-range", SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, ANY_A0, SET_VAL, 0, 9 },
	{ "hsm-start-undef-error", SBI_EXT_HSM, SBI_HSM_HART_START, ANY_A0, SKIP, -1000, 0 },
	{ "hsm-start-lie", SBI_EXT_HSM, SBI_HSM_HART_START, ANY_A0, SKIP, SBI_SUCCESS, 0 },
	{ "hsm-start-already", SBI_EXT_HSM, SBI_HSM_HART_START, ANY_A0, SKIP,
	  SBI_ERR_ALREADY_AVAILABLE, 0 },
	/* FWFT (SBI 18): PMLEN is 0, 7 or 16; SET success means GET agrees */
	{ "fwft-pmlen5", SBI_EXT_FWFT, SBI_FWFT_GET, SBI_FWFT_POINTER_MASKING_PMLEN, SET_VAL, 0, 5 },
	{ "fwft-get-undef-error", SBI_EXT_FWFT, SBI_FWFT_GET, ANY_A0, SKIP, -1000, 0 },
	{ "fwft-set-lie", SBI_EXT_FWFT, SBI_FWFT_SET, ANY_A0, SKIP, SBI_SUCCESS, 0 },
	/* SRST (SBI 10): a successful SYSTEM_RESET does not return */
	{ "srst-failed", SBI_EXT_SRST, 0, ANY_A0, SKIP, SBI_ERR_FAILED, 0 },
	{ "srst-undef-error", SBI_EXT_SRST, 0, ANY_A0, SKIP, 1000, 0 },
	/* TIME (SBI 6): set_timer has no error but the undefined */
	{ "time-undef-error", SBI_EXT_TIME, 0, ANY_A0, SKIP, -1000, 0 },
};

static const struct sbi_fault *active;

void sbi_fault_init(void)
{
	const char *name = shim_fault_active();

	if (!name)
		return;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (shim_fault(faults[i].name))
			active = &faults[i];
	if (!active && !shim_fault("smash") && !sbi_fault_fdt_named())
		shim_printf("hostile-host mode: no riscv fault named '%s': none injected\n", name);
}

static bool matches(const struct vcpu *v, unsigned long a0)
{
	return active && v->x[17] == active->eid && (active->fid == ANY_FID || v->x[16] == active->fid) &&
	       (active->a0 == ANY_A0 || a0 == active->a0);
}

bool sbi_fault_pre(struct vcpu *v)
{
	if (!matches(v, v->x[10]) || active->kind != SKIP)
		return false;
	v->x[10] = (unsigned long)active->error;
	v->x[11] = active->value;
	return true;
}

void sbi_fault_post(struct vcpu *v, unsigned long eid, unsigned long fid, unsigned long a0)
{
	unsigned long x16 = v->x[16], x17 = v->x[17];

	v->x[16] = fid; /* matches() reads the call from the frame */
	v->x[17] = eid;
	if (matches(v, a0)) {
		switch (active->kind) {
		case SET_ERR:
			v->x[10] = (unsigned long)active->error;
			break;
		case SET_VAL:
			v->x[11] = active->value;
			break;
		case OR_VAL:
			v->x[11] |= active->value;
			break;
		case CLAIM_MORE:
			v->x[11] = a0 + active->value;
			break;
		case SKIP:
			break;
		}
	}
	v->x[16] = x16;
	v->x[17] = x17;
}

/* Device-tree lies: the memory node no longer holds the kernel image; the
 * model string carries a line break, a forged TAP line and a terminal escape
 * (the guest must print host strings escaped, never raw). */
#define FORGED_MODEL "qemu\nok 999 - forged by the host\x1b[2J"

bool sbi_fault_fdt_named(void)
{
	return shim_fault("mem-above-kernel") || shim_fault("mem-overlap-kernel") ||
	       shim_fault("model-forged-tap");
}

void sbi_fault_patch_fdt(void *fdt, size_t fdt_size, uint64_t ram_gpa, uint64_t ram_size)
{
	uint64_t skip = shim_fault("mem-above-kernel") ? 64ull << 20 :
			shim_fault("mem-overlap-kernel") ? (2ull << 20) + 0x10000 : 0;
	char name[40];
	int node;

	if (shim_fault("model-forged-tap")) {
		if (!fdt_open_into(fdt, fdt, (int)fdt_size) &&
		    !fdt_setprop_string(fdt, 0, "model", FORGED_MODEL) && !fdt_pack(fdt))
			return;
		shim_printf("hostile-host mode: cannot patch the model\n");
		return;
	}
	if (!skip)
		return;
	fmt_snprintf(name, sizeof(name), "/memory@%llx", (unsigned long long)ram_gpa);
	node = fdt_path_offset(fdt, name);
	if (node >= 0) {
		fdt64_t reg[2] = { cpu_to_fdt64(ram_gpa + skip), cpu_to_fdt64(ram_size - skip) };
		if (!fdt_setprop_inplace(fdt, node, "reg", reg, sizeof(reg)))
			return;
	}
	shim_printf("hostile-host mode: cannot patch %s\n", name);
}
