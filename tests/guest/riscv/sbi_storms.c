/* Hostile-guest catalogue, riscv (issue 10), beyond sbi_abuse.c: storms and
 * reserved encodings against the cocoon shim's SBI provider. Every answer must
 * be the SBI v3.0 error (table 1) the spec names, repeated calls must not
 * change it, and the shim must keep serving. Only under the shim (BASE impl
 * id "COCO"); elsewhere one skipped check. */
#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/ktest.h>

#include "sbi.h"

#define STORM 200

extern uint64_t riscv_boot_hartid;

static struct sbiret c3(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2)
{
	return sbi_ecall(ext, fid, a0, a1, a2, 0, 0, 0);
}

static void hsm_storms(void)
{
	unsigned long self = riscv_boot_hartid, entry = (unsigned long)(uintptr_t)&hsm_storms;
	struct sbiret r;
	int bad = 0;

	for (int i = 0; i < STORM; i++)
		bad += c3(SBI_EXT_HSM, 0, self, entry, (unsigned long)i).error != SBI_ERR_ALREADY_AVAILABLE;
	report(!bad, "hsm: %d HART_STARTs of the running hart: ALREADY_AVAILABLE (%d not)", STORM,
	       bad);
	r = c3(SBI_EXT_HSM, 2, self, 0, 0);
	report(!r.error && r.value == 0, "hsm: the storm left us STARTED (%ld/%ld)", r.error, r.value);
	report(c3(SBI_EXT_HSM, 0, ~0ul, entry, 0).error == SBI_ERR_INVALID_PARAM,
	       "hsm: HART_START of hart id -1: INVALID_PARAM");
	report(c3(SBI_EXT_HSM, 3, 0x1, 0, 0).error == SBI_ERR_INVALID_PARAM,
	       "hsm: HART_SUSPEND of a reserved type: INVALID_PARAM");
	report(c3(SBI_EXT_HSM, 3, 1ul << 32, 0, 0).error == SBI_ERR_INVALID_PARAM,
	       "hsm: HART_SUSPEND type wider than 32 bits: INVALID_PARAM");
	report(c3(SBI_EXT_HSM, 3, 0x80000000ul, 0, 0).error == SBI_ERR_NOT_SUPPORTED,
	       "hsm: default non-retentive suspend (not provided): NOT_SUPPORTED");
}

static void fwft_storms(void)
{
	static const unsigned long reserved[] = { 6, 0x3fffffff, 0x40000000, 0x7fffffff,
						  0x80000000, 0xbfffffff, 0xc0000000, 0xffffffff };
	int bad = 0;

	for (int i = 0; i < STORM; i++) {
		unsigned long id = reserved[i % 8];
		bad += c3(SBI_EXT_FWFT, 1, id, 0, 0).error != SBI_ERR_DENIED;
		bad += c3(SBI_EXT_FWFT, 0, id, 1, 0).error != SBI_ERR_DENIED;
	}
	report(!bad, "fwft: %d GET/SET of reserved, platform and global IDs: DENIED (%d not)",
	       2 * STORM, bad);
	/* MISALIGNED_EXC_DELEG is provided under the shim when the firmware has it */
	if (c3(SBI_EXT_FWFT, 1, 0, 0, 0).error) {
		report_skip("MISALIGNED_EXC_DELEG not provided", "fwft: reserved SET flags");
		return;
	}
	report(c3(SBI_EXT_FWFT, 0, 0, 0, 2).error == SBI_ERR_INVALID_PARAM,
	       "fwft: SET with a reserved flag bit: INVALID_PARAM");
	report(c3(SBI_EXT_FWFT, 0, 0, 2, 0).error == SBI_ERR_INVALID_PARAM,
	       "fwft: SET of a boolean feature to 2: INVALID_PARAM");
	report(c3(SBI_EXT_FWFT, 0, 1ul << 32 | 0x12345, 0, 0).error == SBI_ERR_DENIED,
	       "fwft: feature ID bits 63:32 ignored (0x12345 reserved): DENIED");
}

static void dbcn_and_legacy(unsigned long ram_end)
{
	report(c3(SBI_EXT_DBCN, 1, 4, 0x10000000, 0).error == SBI_ERR_INVALID_PARAM,
	       "dbcn: READ into the UART's MMIO: INVALID_PARAM");
	report(c3(SBI_EXT_DBCN, 0, 2, ram_end - 1, 0).error == SBI_ERR_INVALID_PARAM,
	       "dbcn: WRITE straddling the end of RAM: INVALID_PARAM");
	report(c3(SBI_EXT_DBCN, 0, 0, 0, 0).error == 0, "dbcn: WRITE of 0 bytes at 0: SUCCESS");
	report(c3(SBI_EXT_DBCN, 0, ~0ul, 0x80000000ul, 0).error == SBI_ERR_INVALID_PARAM,
	       "dbcn: WRITE of 2^64-1 bytes: INVALID_PARAM");
	report(sbi_legacy_call(0x03, 0) == SBI_ERR_NOT_SUPPORTED,
	       "legacy CLEAR_IPI (not provided): NOT_SUPPORTED");
	report(sbi_legacy_call(0x0f, 0) == SBI_ERR_NOT_SUPPORTED,
	       "legacy EID 0x0f (reserved): NOT_SUPPORTED");
}

static void misc_storms(void)
{
	static const unsigned long exts[] = { SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM,
					      SBI_EXT_SRST, SBI_EXT_DBCN, SBI_EXT_FWFT, SBI_EXT_BASE };
	int bad = 0;

	for (int i = 0; i < STORM; i++)
		bad += c3(SBI_EXT_TIME, 0, ~0ul, 0, 0).error != 0;
	report(!bad, "time: %d set_timer(never) in a row: SUCCESS (%d not)", STORM, bad);
	bad = 0;
	for (unsigned i = 0; i < 8; i++)
		bad += c3(exts[i], 0x7fffffff, 0, 0, 0).error != SBI_ERR_NOT_SUPPORTED;
	report(!bad, "an undefined FID in each of the 8 extensions: NOT_SUPPORTED (%d not)", bad);
	bad = 0;
	for (int i = 0; i < STORM; i++)
		bad += c3(SBI_EXT_BASE, 3, 0x0a000000ul + (unsigned long)i * 0x10001, 0, 0).value != 0;
	report(!bad, "base: %d probes of unassigned EIDs: 0 (%d not)", STORM, bad);
	report(c3(SBI_EXT_IPI, 0, 1, 1ul << 40, 0).error == SBI_ERR_INVALID_PARAM,
	       "ipi: hart_mask_base 2^40: INVALID_PARAM");
	report(c3(SBI_EXT_RFENCE, 0, 1, 1ul << 40, 0).error == SBI_ERR_INVALID_PARAM,
	       "rfence: remote fence.i, hart_mask_base 2^40: INVALID_PARAM");
	report(c3(SBI_EXT_BASE, 0, 0, 0, 0).value == 0x3000000,
	       "after all that, the shim still answers BASE");
}

static void sbi_storms(void)
{
	struct sbiret r = c3(SBI_EXT_BASE, 1, 0, 0, 0);
	unsigned long ram_end = 0;

	if (r.error || r.value != SHIM_SBI_IMPL_ID) {
		report_skip("not under the cocoon shim", "sbi storms suite");
		return;
	}
	for (unsigned i = 0; i < boot_info.nmem; i++)
		if (boot_info.mem[i].base + boot_info.mem[i].size > ram_end)
			ram_end = boot_info.mem[i].base + boot_info.mem[i].size;
	hsm_storms();
	fwft_storms();
	dbcn_and_legacy(ram_end);
	misc_storms();
}
KTEST_SUITE(sbi_storms);
