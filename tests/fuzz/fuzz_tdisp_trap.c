/* Fuzz target: a hostile guest against the powernv shim's TDISP config-space
 * trap (shim/arch/ppc64/tdisp_call.c over shim/core/tdisp.c): sequences of
 * RTAS ibm,read/write-pci-config calls (offset, size, value), H_TDISP calls
 * (LOCK, REPORT, START, STOP, STATE with arbitrary arguments), direct trap
 * calls with arbitrary registers and a scribbled nonce. The input's first
 * byte picks the TDIs and the report fault. After every op, for each TDI:
 *  - ERROR: the real function's Bus Master Enable is off;
 *  - CONFIG_LOCKED / RUN: the real BAR is the one locked, Memory Space and
 *    Bus Master are both off or both on;
 *  - a write that clears BME or touches a BAR while locked is never accepted
 *    silently: the TDI is in ERROR afterwards;
 *  - TEE-IO shows in Device Capabilities of a TDI only;
 *  - a whole report fetched while locked passes the guest's own validator
 *    (drivers/pci/tdisp_report.c) when no fault is injected, and fails it
 *    with the faults the validator must catch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/tdisp_abi.h>

#include "../../drivers/pci/tdisp_report.h"
#include "../unit/pnv_host_stubs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RTAS_BUF 0x4000
#define NONCE_BUF 0x5000
#define REPORT_BUF 0x6000
#define BLK 0x10 /* 00:02.0 */
#define RNG 0x08 /* 00:01.0 */
#define CMD_MSE 0x2
#define CMD_BME 0x4

static const char *const setups[] = {
	"shim.tdisp=00:02.0",
	"shim.tdisp=00:02.0,00:01.0",
	"shim.tdisp=00:02.0 shim.tdisp_fault=nonce",
	"shim.tdisp=00:02.0 shim.tdisp_fault=count",
	"shim.tdisp=00:02.0 shim.tdisp_fault=truncated",
	"shim.tdisp=00:02.0 shim.tdisp_fault=outside",
	"shim.tdisp=00:02.0,00:01.0 shim.tdisp_fault=overlap,unordered",
	"shim.tdisp=00:01.0",
};
/* whether the guest's validator must accept (1) or refuse (0) BLK's report */
static const int blk_report_ok[] = { 1, 1, 0, 0, 0, 0, 1, -1 };

static const unsigned regs[16] = { 0x04, 0x05, 0x06, 0x10, 0x14, 0x18, 0x24, 0x3c,
				   PCIE_CAP_OFF + 4, PCIE_CAP_OFF + 7, 0x40, 0x2c, 0x00, 0x0c,
				   0xffc, 0x34 };
static const unsigned sizes[8] = { 1, 2, 4, 4, 2, 3, 0, 8 };
static const uint32_t vals[16] = { 0,	       0x2,	     0x4,	 0x6,
				   0x406,      0xffff,	     0xffffffff, 0xfffffffc,
				   0x10000004, 0x00100006,   0x8000,	 0xdeadbeef,
				   0x1,	       0x00060006,   0x40000000, 0x7 };
static const uint64_t offsets[4] = { 0, 1ull << 40, 0x1234, ~0xfffull };

struct tdi_model {
	bool present, locked_snap;
	uint64_t bar, mmio_offset;
	uint8_t nonce[TDISP_NONCE_SIZE];
};
static struct tdi_model model[2]; /* [0] BLK, [1] RNG */
static struct pnv_frame f;

static unsigned idx_of(unsigned devfn)
{
	return devfn == BLK ? 0 : 1;
}

static long tdisp(unsigned fn, uint64_t rid, uint64_t a0, uint64_t a1, uint64_t a2, long *st)
{
	memset(&f, 0, sizeof(f));
	f.gpr[3] = TDISP_PPC64_HCALL, f.gpr[4] = fn, f.gpr[5] = rid;
	f.gpr[6] = a0, f.gpr[7] = a1, f.gpr[8] = a2;
	hcall_dispatch(&f);
	*st = (long)f.gpr[4];
	return (long)f.gpr[3];
}

/* RTAS config access: the RTAS status; *v the value read */
static int32_t rtas_cfg(bool write, unsigned devfn, unsigned reg, unsigned size, uint32_t v,
			uint32_t *out)
{
	unsigned n = write ? 5 : 4;

	put_be32(RTAS_BUF, write ? RTAS_TOKEN_WRITE_PCI_CONFIG : RTAS_TOKEN_READ_PCI_CONFIG);
	put_be32(RTAS_BUF + 4, n);
	put_be32(RTAS_BUF + 8, write ? 1 : 2);
	put_be32(RTAS_BUF + 12, (reg & 0xf00) << 16 | devfn << 8 | (reg & 0xff));
	put_be32(RTAS_BUF + 16, (uint32_t)(PCI_PHB_BUID >> 32));
	put_be32(RTAS_BUF + 20, (uint32_t)PCI_PHB_BUID);
	put_be32(RTAS_BUF + 24, size);
	if (write)
		put_be32(RTAS_BUF + 28, v);
	memset(&f, 0, sizeof(f));
	f.gpr[3] = KVMPPC_H_RTAS, f.gpr[4] = RTAS_BUF;
	hcall_dispatch(&f);
	if (out)
		*out = get_be32(RTAS_BUF + 12 + 4 * n + 4);
	return (int32_t)get_be32(RTAS_BUF + 12 + 4 * n);
}

static uint64_t real_bar(unsigned devfn)
{
	return (uint64_t)pci_fn_cfg_read(devfn, 0x14, 4) << 32 | pci_fn_cfg_read(devfn, 0x10, 4);
}

static long state_of(unsigned devfn)
{
	long st;

	if (tdisp(TDISP_FN_STATE, devfn, 0, 0, 0, &st) != H_SUCCESS || st != TDISP_OK)
		abort();
	return (long)f.gpr[5];
}

static void check_report(unsigned setup, unsigned devfn)
{
	const struct tdi_model *m = &model[idx_of(devfn)];
	struct tdisp_expect e;
	struct tdisp_range r[TDISP_MAX_RANGES];
	unsigned n;
	char why[160];
	long st;
	int ok;

	if (tdisp(TDISP_FN_REPORT, devfn, 0, REPORT_BUF, TDISP_REPORT_MAX, &st) != H_SUCCESS)
		abort();
	if (st != TDISP_OK || f.gpr[6] != 0 || f.gpr[5] > TDISP_REPORT_MAX)
		abort(); /* locked: the whole report in one piece */
	memset(&e, 0, sizeof(e));
	e.bar_base[0] = m->bar & ~0xfull;
	e.bar_size[0] = PCI_BAR_SIZE;
	e.mmio_offset = m->mmio_offset;
	memcpy(e.nonce, m->nonce, sizeof(e.nonce));
	ok = tdisp_report_check(guest_ram + REPORT_BUF, (size_t)f.gpr[5], &e, r, &n, why,
				sizeof(why)) == 0;
	if (devfn == BLK && blk_report_ok[setup] >= 0 && ok != blk_report_ok[setup]) {
		if (getenv("FUZZ_DEBUG"))
			fprintf(stderr, "report %s (setup %u, offset 0x%llx): %s\n",
				ok ? "accepted" : "refused", setup,
				(unsigned long long)m->mmio_offset, ok ? "" : why);
		abort();
	}
}

static void check_invariants(unsigned setup)
{
	for (unsigned devfn = RNG; devfn <= BLK; devfn += BLK - RNG) {
		const struct tdi_model *m = &model[idx_of(devfn)];
		uint32_t cmd = pci_fn_cfg_read(devfn, 0x04, 2), devcap = 0;
		uint64_t bar = real_bar(devfn);
		long s;

		if (rtas_cfg(false, devfn, PCIE_CAP_OFF + 4, 4, 0, &devcap) != 0 ||
		    !(devcap & PCI_EXP_DEVCAP_TEE_IO) != !m->present)
			abort();
		if (!m->present)
			continue;
		s = state_of(devfn); /* after reading cmd: H_TDISP may clear BME itself */
		if (s < TDISP_STATE_CONFIG_UNLOCKED || s > TDISP_STATE_ERROR)
			abort();
		if (s == TDISP_STATE_ERROR && (cmd & CMD_BME))
			abort();
		if ((s == TDISP_STATE_CONFIG_LOCKED || s == TDISP_STATE_RUN) &&
		    ((cmd & (CMD_MSE | CMD_BME)) == CMD_MSE || (cmd & (CMD_MSE | CMD_BME)) == CMD_BME ||
		     !m->locked_snap || bar != m->bar))
			abort();
		if (s == TDISP_STATE_CONFIG_LOCKED && m->locked_snap)
			check_report(setup, devfn);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	unsigned setup;

	if (size < 1)
		return 0;
	if (!ready) {
		pnv_test_setup();
		ready = true;
	}
	setup = data[0] % (sizeof(setups) / sizeof(setups[0]));
	pci_reset();
	memset(guest_ram, 0, 0x8000);
	memset(model, 0, sizeof(model));
	if (tdisp_pnv_init(setups[setup], strlen(setups[setup]), data[0]))
		abort();
	model[0].present = strstr(setups[setup], "00:02.0") != NULL;
	model[1].present = strstr(setups[setup], "00:01.0") != NULL;
	for (size_t i = 1; i + 8 <= size; i += 8) {
		const uint8_t *op = data + i;
		unsigned devfn = op[0] & 8 ? RNG : BLK;
		struct tdi_model *m = &model[idx_of(devfn)];
		unsigned reg = op[2] & 0x80 ? (op[1] | (op[2] & 0xf) << 8) : regs[op[1] & 15];
		unsigned sz = sizes[op[3] & 7];
		uint32_t v = op[4] & 0x80 ? (uint32_t)op[4] << 24 | op[5] << 16 | op[6] << 8 | op[7]
					  : vals[op[4] & 15];
		long before = m->present ? state_of(devfn) : -1, st;
		uint32_t cmd_before = pci_fn_cfg_read(devfn, 0x04, 2);
		bool locked = before == TDISP_STATE_CONFIG_LOCKED || before == TDISP_STATE_RUN;

		switch (op[0] & 7) {
		case 0:
			rtas_cfg(false, devfn, reg, sz, 0, NULL);
			break;
		case 1:
		case 5: {
			int32_t rc;

			if ((op[0] & 7) == 5) /* the command register, the likeliest target */
				reg = 0x04, sz = 2;
			rc = rtas_cfg(true, devfn, reg, sz, v, NULL);
			/* never accepted silently: BME cleared, or a BAR written, while locked */
			if (locked && rc == 0 && (sz == 1 || sz == 2 || sz == 4) && !(reg % sz) &&
			    ((reg == 0x04 && (cmd_before & CMD_BME) && !(v & CMD_BME)) ||
			     (reg >= 0x10 && reg < 0x28)) &&
			    state_of(devfn) != TDISP_STATE_ERROR)
				abort();
			break;
		}
		case 2: {
			unsigned fn = op[1] % 8;
			uint64_t rid = op[2] & 0x40 ? (uint64_t)op[5] << 8 | op[6] : devfn;
			uint64_t a0 = NONCE_BUF, a1 = offsets[op[3] & 3], a2 = op[7];

			if (op[2] & 0x20)
				a0 = op[2] & 0x10 ? GUEST_RAM - 8 : ~0ull;
			if (fn == TDISP_FN_REPORT) {
				a0 = op[4] & 0x7f;
				a1 = op[2] & 0x20 ? GUEST_RAM - 16 : REPORT_BUF;
				a2 = op[7] | (op[6] & 3) << 8;
			}
			if (tdisp(fn, rid, a0, a1, a2, &st) != H_SUCCESS)
				abort();
			m = rid == BLK || rid == RNG ? &model[idx_of((unsigned)rid)] : NULL;
			if (m && fn == TDISP_FN_LOCK && st == TDISP_OK) {
				m->locked_snap = true;
				m->bar = real_bar((unsigned)rid);
				m->mmio_offset = a1;
				memcpy(m->nonce, guest_ram + NONCE_BUF, TDISP_NONCE_SIZE);
			}
			if (fn == TDISP_FN_REPORT && st == TDISP_OK &&
			    (f.gpr[5] > a2 || f.gpr[5] > TDISP_REPORT_MAX))
				abort();
			if (m && fn == TDISP_FN_STOP && st == TDISP_OK)
				m->locked_snap = false;
			break;
		}
		case 3: /* the trap entry points themselves, arbitrary registers */
			tdisp_pnv_cfg_write(op[5] & 1, op[5] & 2 ? op[6] : devfn, op[1] | op[2] << 8,
					    op[3] & 7, v);
			{
				uint32_t out = 0x5a5a5a5a;

				tdisp_pnv_cfg_read(op[5] & 1, op[5] & 4 ? op[6] : devfn,
						   op[1] | op[7] << 8, op[3] >> 3 & 7, &out);
			}
			break;
		case 4: /* the guest scribbles on the nonce it hands START */
			guest_ram[NONCE_BUF + op[1] % TDISP_NONCE_SIZE] ^= op[2];
			break;
		default: /* BAR moved while unlocked (or not), then decoding on */
			rtas_cfg(true, devfn, 0x10, 4, v, NULL);
			break;
		}
		check_invariants(setup);
	}
	console_len = 0;
	return 0;
}
