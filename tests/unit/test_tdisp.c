/* Host tests of the TDISP model: the shim's TDI state machine, report
 * builder and config-write checks (shim/core/tdisp.c) and the guest's report
 * validator (drivers/pci/tdisp_report.c), against a virtio-like function:
 * BAR1 4 KiB with the MSI-X table and PBA, BAR4 16 KiB 64-bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <shim/tdisp.h>

#include "../../drivers/pci/tdisp_report.h"

static struct tdisp_fn_info virtio_fn(void)
{
	struct tdisp_fn_info fi = { 0 };

	fi.bar_base[1] = 0x10000000;
	fi.bar_size[1] = 0x1000;
	fi.bar_base[4] = 0x8000000000ull;
	fi.bar_size[4] = 0x4000;
	fi.msix_cap = 0x98;
	fi.msix_table_bir = 1;
	fi.msix_table_off = 0;
	fi.msix_table_len = 3 * 16;
	fi.msix_pba_bir = 1;
	fi.msix_pba_off = 0x800;
	fi.msix_pba_len = 8;
	return fi;
}

static struct tdisp_expect expect_of(const struct tdisp_fn_info *fi, uint64_t off,
				     const uint8_t *nonce)
{
	struct tdisp_expect e = { 0 };

	memcpy(e.bar_base, fi->bar_base, sizeof(e.bar_base));
	memcpy(e.bar_size, fi->bar_size, sizeof(e.bar_size));
	e.mmio_offset = off;
	memcpy(e.nonce, nonce, TDISP_NONCE_SIZE);
	e.msix = fi->msix_cap != 0;
	e.table_bir = fi->msix_table_bir;
	e.table_off = fi->msix_table_off;
	e.table_len = fi->msix_table_len;
	e.pba_bir = fi->msix_pba_bir;
	e.pba_off = fi->msix_pba_off;
	e.pba_len = fi->msix_pba_len;
	return e;
}

static uint8_t nonce1[TDISP_NONCE_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static char why[256];

static int check_fault(enum tdisp_fault f, const struct tdisp_fn_info *fi)
{
	uint8_t rep[TDISP_REPORT_MAX];
	struct tdisp_range r[TDISP_MAX_RANGES];
	struct tdisp_expect e = expect_of(fi, 0x100000000ull, nonce1);
	size_t len = tdisp_report_build(fi, 0x100000000ull, nonce1, f, rep, sizeof(rep));
	unsigned n;

	why[0] = 0;
	return tdisp_report_check(rep, len, &e, r, &n, why, sizeof(why));
}

static void report_good_accepted(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t rep[TDISP_REPORT_MAX];
	struct tdisp_range r[TDISP_MAX_RANGES];
	struct tdisp_expect e = expect_of(&fi, 0x100000000ull, nonce1);
	size_t len = tdisp_report_build(&fi, 0x100000000ull, nonce1, TDISP_FAULT_NONE, rep,
					sizeof(rep));
	unsigned n;

	(void)s;
	assert_int_equal(tdisp_report_check(rep, len, &e, r, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].first, 0x10000000);
	assert_int_equal(r[0].attr, TDISP_ATTR_MSIX_TABLE | TDISP_ATTR_MSIX_PBA | TDISP_ATTR_NON_TEE);
	assert_int_equal(r[1].id, 4);
	assert_int_equal(r[1].pages, 4);
	assert_int_equal(r[1].attr, 0);
}

static void report_split_around_table(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t rep[TDISP_REPORT_MAX];
	struct tdisp_range r[TDISP_MAX_RANGES];
	struct tdisp_expect e;
	size_t len;
	unsigned n;

	(void)s;
	/* table in the middle page of a 16 KiB BAR4, PBA in its last page */
	fi.msix_table_bir = 4;
	fi.msix_table_off = 0x1000;
	fi.msix_pba_bir = 4;
	fi.msix_pba_off = 0x3000;
	e = expect_of(&fi, 0, nonce1);
	len = tdisp_report_build(&fi, 0, nonce1, TDISP_FAULT_NONE, rep, sizeof(rep));
	assert_int_equal(tdisp_report_check(rep, len, &e, r, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 5); /* BAR1, BAR4: TEE, table, TEE, PBA */
	assert_int_equal(r[2].attr, TDISP_ATTR_MSIX_TABLE | TDISP_ATTR_NON_TEE);
	assert_int_equal(r[3].attr, 0);
	assert_int_equal(r[4].attr, TDISP_ATTR_MSIX_PBA | TDISP_ATTR_NON_TEE);
}

static void report_sorted_by_address(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	fi.bar_base[1] = 0x9000000000ull; /* BAR1 above BAR4 */
	assert_int_equal(check_fault(TDISP_FAULT_NONE, &fi), 0);
}

static void hostile_outside(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	assert_int_equal(check_fault(TDISP_FAULT_OUTSIDE, &fi), -1);
	assert_non_null(strstr(why, "outside BAR4"));
}

static void hostile_overlap(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	fi.bar_base[4] = 0x10004000; /* close enough for the overlap */
	assert_int_equal(check_fault(TDISP_FAULT_OVERLAP, &fi), -1);
	assert_non_null(strstr(why, "ranges overlap"));
}

static void hostile_unordered(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	assert_int_equal(check_fault(TDISP_FAULT_UNORDERED, &fi), -1);
	assert_non_null(strstr(why, "out of order"));
}

static void hostile_nonce(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	assert_int_equal(check_fault(TDISP_FAULT_NONCE, &fi), -1);
	assert_non_null(strstr(why, "nonce does not match"));
}

static void hostile_count(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	assert_int_equal(check_fault(TDISP_FAULT_COUNT, &fi), -1);
	assert_non_null(strstr(why, "range count 4294967295"));
}

static void hostile_truncated(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();

	(void)s;
	assert_int_equal(check_fault(TDISP_FAULT_TRUNCATED, &fi), -1);
	assert_non_null(strstr(why, "truncated"));
}

static void validator_attr_checks(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t rep[TDISP_REPORT_MAX];
	struct tdisp_range r[TDISP_MAX_RANGES];
	struct tdisp_expect e = expect_of(&fi, 0, nonce1);
	size_t len = tdisp_report_build(&fi, 0, nonce1, TDISP_FAULT_NONE, rep, sizeof(rep));
	unsigned n;
	uint8_t bad[TDISP_REPORT_MAX];

	(void)s;
	/* MSI-X range claimed TEE */
	memcpy(bad, rep, len);
	bad[TDISP_REPORT_HDR + 12] &= (uint8_t)~TDISP_ATTR_NON_TEE;
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not marked non-TEE"));
	/* unknown attribute bit */
	memcpy(bad, rep, len);
	bad[TDISP_REPORT_HDR + 16 + 13] = 0x80;
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "unknown attribute"));
	/* table attribute dropped: the table would be mapped private */
	memcpy(bad, rep, len);
	bad[TDISP_REPORT_HDR + 12] = TDISP_ATTR_MSIX_PBA | TDISP_ATTR_NON_TEE;
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "lacks its attribute"));
	/* a BAR the function does not have */
	memcpy(bad, rep, len);
	bad[TDISP_REPORT_HDR + 16 + 14] = 2;
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "names BAR 2"));
	/* range id 0xffff */
	bad[TDISP_REPORT_HDR + 16 + 14] = 0xff;
	bad[TDISP_REPORT_HDR + 16 + 15] = 0xff;
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
}

static void validator_bounds(void **s)
{
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t rep[TDISP_REPORT_MAX];
	struct tdisp_range r[TDISP_MAX_RANGES];
	struct tdisp_expect e = expect_of(&fi, 0x1000, nonce1);
	size_t len = tdisp_report_build(&fi, 0x1000, nonce1, TDISP_FAULT_NONE, rep, sizeof(rep));
	unsigned n;
	uint8_t bad[TDISP_REPORT_MAX];

	(void)s;
	assert_int_equal(tdisp_report_check(rep, len, &e, r, &n, why, sizeof(why)), 0);
	/* every shorter length is refused */
	for (size_t l = 0; l < len; l++)
		assert_int_equal(tdisp_report_check(rep, l, &e, r, &n, why, sizeof(why)), -1);
	/* a trailing byte too */
	assert_int_equal(tdisp_report_check(rep, len + 1, &e, r, &n, why, sizeof(why)), -1);
	/* zero pages, wrapping pages */
	memcpy(bad, rep, len);
	memset(bad + TDISP_REPORT_HDR + 8, 0, 4);
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	memcpy(bad, rep, len);
	memset(bad + TDISP_REPORT_HDR + 16, 0xff, 8); /* first page ~0 */
	assert_int_equal(tdisp_report_check(bad, len, &e, r, &n, why, sizeof(why)), -1);
	/* without the reporting offset the addresses are wrong */
	e.mmio_offset = 0;
	assert_int_equal(tdisp_report_check(rep, len, &e, r, &n, why, sizeof(why)), -1);
}

static void state_machine_full_flow(void **s)
{
	struct tdisp_tdi t;
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t nonce[TDISP_NONCE_SIZE], buf[64];
	size_t portion, rem;

	(void)s;
	tdisp_tdi_init(&t, 0x0100, TDISP_FAULT_NONE, 42);
	assert_int_equal(t.state, TDISP_STATE_CONFIG_UNLOCKED);
	assert_int_equal(tdisp_report_get(&t, 0, buf, sizeof(buf), &portion, &rem), TDISP_E_STATE);
	assert_int_equal(tdisp_start(&t, nonce), TDISP_E_STATE);
	assert_int_equal(tdisp_lock(&t, &fi, 0x0400, 0, nonce), TDISP_OK);
	assert_int_equal(t.state, TDISP_STATE_CONFIG_LOCKED);
	assert_int_equal(tdisp_lock(&t, &fi, 0, 0, nonce), TDISP_E_STATE);
	assert_int_equal(tdisp_report_get(&t, 0, buf, 10, &portion, &rem), TDISP_OK);
	assert_int_equal(portion, 10);
	assert_int_equal(rem, t.report_len - 10);
	assert_int_equal(tdisp_report_get(&t, t.report_len + 1, buf, 1, &portion, &rem),
			 TDISP_E_INVALID);
	nonce[3] ^= 1;
	assert_int_equal(tdisp_start(&t, nonce), TDISP_E_NONCE);
	assert_int_equal(t.state, TDISP_STATE_CONFIG_LOCKED);
	nonce[3] ^= 1;
	assert_int_equal(tdisp_start(&t, nonce), TDISP_OK);
	assert_int_equal(t.state, TDISP_STATE_RUN);
	assert_int_equal(tdisp_start(&t, nonce), TDISP_E_STATE);
	assert_int_equal(tdisp_stop(&t), TDISP_OK);
	assert_int_equal(t.state, TDISP_STATE_CONFIG_UNLOCKED);
	assert_int_equal(tdisp_start(&t, nonce), TDISP_E_STATE); /* old nonce is gone */
}

static void lock_refuses_decoding(void **s)
{
	struct tdisp_tdi t;
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t n1[TDISP_NONCE_SIZE], n2[TDISP_NONCE_SIZE];

	(void)s;
	tdisp_tdi_init(&t, 0x0100, TDISP_FAULT_NONE, 7);
	assert_int_equal(tdisp_lock(&t, &fi, 0x2, 0, n1), TDISP_E_CONFIG);
	assert_int_equal(tdisp_lock(&t, &fi, 0x4, 0, n1), TDISP_E_CONFIG);
	assert_int_equal(tdisp_lock(&t, &fi, 0, 0x123, n1), TDISP_E_INVALID);
	assert_int_equal(t.state, TDISP_STATE_CONFIG_UNLOCKED);
	/* two locks get two nonces */
	assert_int_equal(tdisp_lock(&t, &fi, 0, 0, n1), TDISP_OK);
	tdisp_stop(&t);
	assert_int_equal(tdisp_lock(&t, &fi, 0, 0, n2), TDISP_OK);
	assert_memory_not_equal(n1, n2, TDISP_NONCE_SIZE);
}

static struct tdisp_tdi *running(struct tdisp_tdi *t)
{
	struct tdisp_fn_info fi = virtio_fn();
	uint8_t nonce[TDISP_NONCE_SIZE];

	tdisp_tdi_init(t, 0x0100, TDISP_FAULT_NONE, 9);
	assert_int_equal(tdisp_lock(t, &fi, 0, 0, nonce), TDISP_OK);
	assert_int_equal(tdisp_start(t, nonce), TDISP_OK);
	return t;
}

static void cfg_one_write_enable_allowed(void **s)
{
	struct tdisp_tdi t;
	uint32_t v = 0x6;

	(void)s;
	running(&t);
	assert_true(tdisp_cfg_write(&t, 0x04, 2, &v, 0x00100000));
	assert_int_equal(t.state, TDISP_STATE_RUN);
	v = 0x406; /* INTx disable with MSE|BME unchanged */
	assert_true(tdisp_cfg_write(&t, 0x04, 2, &v, 0x00100006));
	assert_int_equal(t.state, TDISP_STATE_RUN);
	v = 0x12; /* a byte write to the Status half leaves the command alone */
	assert_true(tdisp_cfg_write(&t, 0x06, 1, &v, 0x00100006));
	assert_int_equal(t.state, TDISP_STATE_RUN);
}

static void cfg_naive_mse_first(void **s)
{
	struct tdisp_tdi t;
	uint32_t v = 0x2;

	(void)s;
	running(&t);
	assert_false(tdisp_cfg_write(&t, 0x04, 2, &v, 0));
	assert_int_equal(t.state, TDISP_STATE_ERROR);
	assert_true(tdisp_needs_bme_off(&t));
	assert_non_null(strstr(t.error_why, "not set in one write"));
	/* in ERROR a write setting BME goes through with BME masked */
	v = 0x6;
	assert_true(tdisp_cfg_write(&t, 0x04, 2, &v, 0x2));
	assert_int_equal(v, 0x2);
}

static void cfg_bme_clear_errors(void **s)
{
	struct tdisp_tdi t;
	uint32_t v = 0x2;

	(void)s;
	running(&t);
	assert_false(tdisp_cfg_write(&t, 0x04, 4, &v, 0x00100006));
	assert_int_equal(t.state, TDISP_STATE_ERROR);
	assert_non_null(strstr(t.error_why, "cleared"));
	/* STOP returns to CONFIG_UNLOCKED from ERROR, and writes are free again */
	tdisp_stop(&t);
	v = 0;
	assert_true(tdisp_cfg_write(&t, 0x04, 2, &v, 0x6));
	assert_int_equal(t.state, TDISP_STATE_CONFIG_UNLOCKED);
}

static void cfg_bar_and_msix_errors(void **s)
{
	struct tdisp_tdi t;
	uint32_t v = 0xffffffffu;

	(void)s;
	running(&t);
	assert_false(tdisp_cfg_write(&t, 0x20, 4, &v, 0x4));
	assert_int_equal(t.state, TDISP_STATE_ERROR);
	assert_non_null(strstr(t.error_why, "BAR write"));
	running(&t);
	v = 0xc000; /* enable + mask all in Message Control (cap + 2) */
	assert_false(tdisp_cfg_write(&t, 0x98 + 2, 2, &v, 0x00020011));
	assert_int_equal(t.state, TDISP_STATE_ERROR);
	assert_non_null(strstr(t.error_why, "MSI-X control"));
	running(&t);
	v = 0x0002; /* the table size bits are read-only: no change */
	assert_true(tdisp_cfg_write(&t, 0x98 + 2, 2, &v, 0x00020011));
	assert_int_equal(t.state, TDISP_STATE_RUN);
	/* unlocked: anything goes */
	tdisp_stop(&t);
	v = 0xffffffffu;
	assert_true(tdisp_cfg_write(&t, 0x10, 4, &v, 0));
	assert_false(tdisp_cfg_write(&t, 0x11, 2, &v, 0)); /* misaligned */
}

static void cfg_read_advertises_tee_io(void **s)
{
	struct tdisp_tdi t;

	(void)s;
	tdisp_tdi_init(&t, 0x0100, TDISP_FAULT_NONE, 1);
	t.pcie_cap = 0x80;
	assert_int_equal(tdisp_cfg_read_dword(&t, 0x84, 0x8000), 0x8000 | PCI_EXP_DEVCAP_TEE_IO);
	assert_int_equal(tdisp_cfg_read_dword(&t, 0x88, 0x8000), 0x8000);
}

/* the call interface over fake guest memory */
static uint8_t gmem[4096];
static int to_guest(uint64_t a, const void *src, size_t len)
{
	if (a > sizeof(gmem) || len > sizeof(gmem) - a)
		return -1;
	memcpy(gmem + a, src, len);
	return 0;
}
static int from_guest(void *dst, uint64_t a, size_t len)
{
	if (a > sizeof(gmem) || len > sizeof(gmem) - a)
		return -1;
	memcpy(dst, gmem + a, len);
	return 0;
}
static int fake_read_fn(struct tdisp_tdi *t, struct tdisp_fn_info *fi, uint16_t *cmd)
{
	(void)t;
	*fi = virtio_fn();
	*cmd = 0;
	return 0;
}

static void call_interface(void **s)
{
	struct tdisp_tdi tdis[1];
	struct tdisp_call_env env = { tdis, 1, to_guest, from_guest, fake_read_fn, NULL };
	uint64_t r1, r2, a[4] = { 0 };
	uint8_t rep[TDISP_REPORT_MAX];
	size_t got = 0;

	(void)s;
	tdisp_tdi_init(&tdis[0], 0x0108, TDISP_FAULT_NONE, 5);
	assert_int_equal(tdisp_call(&env, TDISP_FN_VERSION, 0, a, &r1, &r2), TDISP_OK);
	assert_int_equal(r1, 0x10000);
	assert_int_equal(tdisp_call(&env, 99, 0x0108, a, &r1, &r2), TDISP_E_NOT_SUPPORTED);
	assert_int_equal(tdisp_call(&env, TDISP_FN_STATE, 0x0100, a, &r1, &r2), TDISP_E_INVALID);
	assert_int_equal(tdisp_call(&env, TDISP_FN_STATE, 0x10108, a, &r1, &r2), TDISP_E_INVALID);
	a[0] = 4090; /* nonce buffer off the end of guest memory */
	assert_int_equal(tdisp_call(&env, TDISP_FN_LOCK, 0x0108, a, &r1, &r2), TDISP_E_INVALID);
	assert_int_equal(tdis[0].state, TDISP_STATE_CONFIG_UNLOCKED);
	a[0] = 0;
	assert_int_equal(tdisp_call(&env, TDISP_FN_LOCK, 0x0108, a, &r1, &r2), TDISP_OK);
	/* the report in 24-byte pieces */
	do {
		uint64_t b[4] = { got, 1024, 24, 0 };

		assert_int_equal(tdisp_call(&env, TDISP_FN_REPORT, 0x0108, b, &r1, &r2), TDISP_OK);
		memcpy(rep + got, gmem + 1024, r1);
		got += r1;
	} while (r2);
	assert_int_equal(got, tdis[0].report_len);
	assert_memory_equal(rep, tdis[0].report, got);
	a[0] = 0; /* START with the nonce still at 0 */
	assert_int_equal(tdisp_call(&env, TDISP_FN_START, 0x0108, a, &r1, &r2), TDISP_OK);
	assert_int_equal(tdisp_call(&env, TDISP_FN_STATE, 0x0108, a, &r1, &r2), TDISP_OK);
	assert_int_equal(r1, TDISP_STATE_RUN);
	assert_int_equal(tdisp_call(&env, TDISP_FN_STOP, 0x0108, a, &r1, &r2), TDISP_OK);
	assert_int_equal(tdis[0].state, TDISP_STATE_CONFIG_UNLOCKED);
}

static void parse_options(void **s)
{
	uint16_t rids[4];

	(void)s;
	assert_int_equal(tdisp_parse_devices("01:00.0", 7, rids, 4), 1);
	assert_int_equal(rids[0], 0x0100);
	assert_int_equal(tdisp_parse_devices("00:01.0,02:1f.7", 15, rids, 4), 2);
	assert_int_equal(rids[1], 0x02ff);
	assert_int_equal(tdisp_parse_devices("00:20.0", 7, rids, 4), -1);
	assert_int_equal(tdisp_parse_devices("00:01.8", 7, rids, 4), -1);
	assert_int_equal(tdisp_parse_devices("00:01.0,", 8, rids, 4), -1);
	assert_int_equal(tdisp_parse_devices("0:01.0", 6, rids, 4), -1);
	assert_int_equal(tdisp_parse_devices("00:01.0,00:02.0", 15, rids, 1), -1);
	assert_int_equal(tdisp_fault_parse("overlap", 7), TDISP_FAULT_OVERLAP);
	assert_int_equal(tdisp_fault_parse("over", 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report_good_accepted),
		cmocka_unit_test(report_split_around_table),
		cmocka_unit_test(report_sorted_by_address),
		cmocka_unit_test(hostile_outside),
		cmocka_unit_test(hostile_overlap),
		cmocka_unit_test(hostile_unordered),
		cmocka_unit_test(hostile_nonce),
		cmocka_unit_test(hostile_count),
		cmocka_unit_test(hostile_truncated),
		cmocka_unit_test(validator_attr_checks),
		cmocka_unit_test(validator_bounds),
		cmocka_unit_test(state_machine_full_flow),
		cmocka_unit_test(lock_refuses_decoding),
		cmocka_unit_test(cfg_one_write_enable_allowed),
		cmocka_unit_test(cfg_naive_mse_first),
		cmocka_unit_test(cfg_bme_clear_errors),
		cmocka_unit_test(cfg_bar_and_msix_errors),
		cmocka_unit_test(cfg_read_advertises_tee_io),
		cmocka_unit_test(call_interface),
		cmocka_unit_test(parse_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
