/* Host tests of TDISP on the powernv shim (shim/arch/ppc64/tdisp_call.c):
 * the H_TDISP hcall, TEE-IO seen through RTAS config reads, the config-
 * write rules in the RTAS path, and bus mastering gone after ERROR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/tdisp_abi.h>

#include "pnv_host_stubs.h"

#define RTAS_BUF 0x4000
#define NONCE_BUF 0x5000
#define BLK 0x10 /* 00:02.0 */
#define RNG 0x08 /* 00:01.0 */

static struct pnv_frame f;

static int setup(void **state)
{
	static const char args[] = "shim.tdisp=00:02.0";

	(void)state;
	pnv_test_setup();
	pci_reset();
	assert_int_equal(tdisp_pnv_init(args, sizeof(args), 1), 0);
	return 0;
}

/* H_TDISP: the hcall status, *st = the TDISP status */
static long tdisp(unsigned fn, uint64_t rid, uint64_t a2, uint64_t a3, uint64_t a4, long *st)
{
	memset(&f, 0, sizeof(f));
	f.gpr[3] = TDISP_PPC64_HCALL, f.gpr[4] = fn, f.gpr[5] = rid;
	f.gpr[6] = a2, f.gpr[7] = a3, f.gpr[8] = a4;
	hcall_dispatch(&f);
	*st = (long)f.gpr[4];
	return (long)f.gpr[3];
}

static uint32_t cfg_rd(unsigned devfn, unsigned reg, unsigned size)
{
	put_be32(RTAS_BUF, RTAS_TOKEN_READ_PCI_CONFIG);
	put_be32(RTAS_BUF + 4, 4);
	put_be32(RTAS_BUF + 8, 2);
	put_be32(RTAS_BUF + 12, devfn << 8 | reg);
	put_be32(RTAS_BUF + 16, (uint32_t)(PCI_PHB_BUID >> 32));
	put_be32(RTAS_BUF + 20, (uint32_t)PCI_PHB_BUID);
	put_be32(RTAS_BUF + 24, size);
	f.gpr[3] = KVMPPC_H_RTAS, f.gpr[4] = RTAS_BUF;
	hcall_dispatch(&f);
	assert_int_equal(get_be32(RTAS_BUF + 28), 0);
	return get_be32(RTAS_BUF + 32);
}

static void cfg_wr(unsigned devfn, unsigned reg, unsigned size, uint32_t v)
{
	put_be32(RTAS_BUF, RTAS_TOKEN_WRITE_PCI_CONFIG);
	put_be32(RTAS_BUF + 4, 5);
	put_be32(RTAS_BUF + 8, 1);
	put_be32(RTAS_BUF + 12, devfn << 8 | reg);
	put_be32(RTAS_BUF + 16, (uint32_t)(PCI_PHB_BUID >> 32));
	put_be32(RTAS_BUF + 20, (uint32_t)PCI_PHB_BUID);
	put_be32(RTAS_BUF + 24, size);
	put_be32(RTAS_BUF + 28, v);
	f.gpr[3] = KVMPPC_H_RTAS, f.gpr[4] = RTAS_BUF;
	hcall_dispatch(&f);
	assert_int_equal(get_be32(RTAS_BUF + 32), 0);
}

static void tee_io_only_on_the_tdi(void **state)
{
	(void)state;
	assert_int_equal(cfg_rd(BLK, PCIE_CAP_OFF, 1), 0x10);
	assert_true(cfg_rd(BLK, PCIE_CAP_OFF + 4, 4) & PCI_EXP_DEVCAP_TEE_IO);
	assert_true(cfg_rd(BLK, PCIE_CAP_OFF + 7, 1) & 0x40); /* the byte holding bit 30 */
	assert_false(cfg_rd(RNG, PCIE_CAP_OFF + 4, 4) & PCI_EXP_DEVCAP_TEE_IO);
}

static void lock_report_start_run(void **state)
{
	uint8_t rep[TDISP_REPORT_MAX];
	long st;

	(void)state;
	assert_int_equal(tdisp(TDISP_FN_VERSION, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, 0);
	assert_int_equal(f.gpr[5], 0x10000);
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, NONCE_BUF, 1ull << 40, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_OK);
	assert_int_equal(tdisp(TDISP_FN_REPORT, BLK, 0, 0x6000, sizeof(rep), &st), H_SUCCESS);
	assert_int_equal(st, TDISP_OK);
	memcpy(rep, guest_ram + 0x6000, sizeof(rep));
	assert_int_equal(rep[12], 1); /* one range: BAR0, 4 pages */
	assert_int_equal(rep[16 + 8], PCI_BAR_SIZE / TDISP_PAGE);
	assert_int_equal(tdisp(TDISP_FN_START, BLK, NONCE_BUF, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_OK);
	cfg_wr(BLK, 0x04, 2, 0x6); /* MSE|BME in one write */
	assert_int_equal(cfg_rd(BLK, 0x04, 2), 0x6);
	assert_int_equal(tdisp(TDISP_FN_STATE, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(f.gpr[5], TDISP_STATE_RUN);
	cfg_wr(BLK, 0x10, 4, 0); /* moving a BAR while running */
	assert_int_equal(tdisp(TDISP_FN_STATE, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(f.gpr[5], TDISP_STATE_ERROR);
	assert_int_equal(cfg_rd(BLK, 0x04, 2), 0x2); /* bus mastering gone */
	assert_non_null(strstr(shim_log, "tdisp 00:02.0: ERROR"));
}

static void naive_enable_is_error(void **state)
{
	long st;

	(void)state;
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, NONCE_BUF, 0, 0, &st), H_SUCCESS);
	assert_int_equal(tdisp(TDISP_FN_START, BLK, NONCE_BUF, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_OK);
	cfg_wr(BLK, 0x04, 2, 0x2); /* MSE alone */
	cfg_wr(BLK, 0x04, 2, 0x6); /* BME later: stays off */
	assert_false(cfg_rd(BLK, 0x04, 2) & 0x4);
	assert_int_equal(tdisp(TDISP_FN_STATE, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(f.gpr[5], TDISP_STATE_ERROR);
	/* the non-TDI function is untouched by the rules */
	cfg_wr(RNG, 0x04, 2, 0x2);
	cfg_wr(RNG, 0x04, 2, 0x6);
	assert_int_equal(cfg_rd(RNG, 0x04, 2), 0x6);
}

static void hostile_calls(void **state)
{
	long st;

	(void)state;
	/* decoding on: LOCK refused */
	cfg_wr(BLK, 0x04, 2, 0x2);
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, NONCE_BUF, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_E_CONFIG);
	cfg_wr(BLK, 0x04, 2, 0);
	assert_int_equal(tdisp(TDISP_FN_LOCK, RNG, NONCE_BUF, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_E_INVALID); /* not a TDI */
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, GUEST_RAM - 8, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_E_INVALID); /* nonce buffer past guest memory */
	/* a reporting offset that wraps the BAR past 2^64 (fuzz_tdisp_trap) */
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, NONCE_BUF, ~0xfffull, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_E_INVALID);
	assert_int_equal(tdisp(TDISP_FN_STATE, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(f.gpr[5], TDISP_STATE_CONFIG_UNLOCKED);
	assert_int_equal(tdisp(TDISP_FN_LOCK, BLK, NONCE_BUF, 0xfffffe0000000000ull, 0, &st),
			 H_SUCCESS);
	assert_int_equal(st, TDISP_OK); /* a high offset that still fits */
	assert_int_equal(tdisp(TDISP_FN_STOP, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(tdisp(99, BLK, 0, 0, 0, &st), H_SUCCESS);
	assert_int_equal(st, TDISP_E_NOT_SUPPORTED);
	/* a bad device list stops the boot */
	pci_reset();
	assert_int_equal(tdisp_pnv_init("shim.tdisp=00:05.0", 19, 1), -1);
	assert_int_equal(tdisp_pnv_init("shim.tdisp=zz", 14, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(tee_io_only_on_the_tdi, setup),
		cmocka_unit_test_setup(lock_report_start_run, setup),
		cmocka_unit_test_setup(naive_enable_is_error, setup),
		cmocka_unit_test_setup(hostile_calls, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
