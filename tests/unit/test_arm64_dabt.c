/* Host tests of the arm64 shim's data-abort decoder (shim/arch/arm64/dabt.c):
 * syndromes built from the Arm ARM's ISS layout for the loads and stores a
 * guest may issue to a trapped config space, and the register values they
 * must leave (LDRSB/LDRSH sign-extend; a Wt destination clears bits 63:32). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dabt.h"

#define ISV (1ull << 24)
#define SAS(n) ((uint64_t)(n) << 22)
#define SSE (1ull << 21)
#define SRT(n) ((uint64_t)(n) << 16)
#define SF (1ull << 15)
#define WNR (1ull << 6)

static void decode_fields(void **state)
{
	struct dabt_access a;
	(void)state;

	assert_false(dabt_decode(SAS(2) | SRT(3) | WNR, &a)); /* ISV = 0: LDP, writeback... */

	assert_true(dabt_decode(ISV | SAS(1) | SRT(7) | SSE | SF, &a)); /* ldrsh x7 */
	assert_int_equal(a.size, 2);
	assert_int_equal(a.reg, 7);
	assert_false(a.write);
	assert_true(a.sign);
	assert_true(a.wide);

	assert_true(dabt_decode(ISV | SAS(0) | SRT(31) | WNR | SSE, &a)); /* strb wzr */
	assert_int_equal(a.size, 1);
	assert_int_equal(a.reg, 31);
	assert_true(a.write);
	assert_false(a.sign); /* SSE is RES0 for stores */

	assert_true(dabt_decode(ISV | SAS(3) | SRT(0) | SSE | SF, &a)); /* ldr x0 */
	assert_int_equal(a.size, 8);
	assert_false(a.sign);
}

static uint64_t load(uint64_t esr, uint32_t dword, unsigned off)
{
	struct dabt_access a;

	assert_true(dabt_decode(ISV | esr, &a));
	return dabt_load_value(&a, dword, off);
}

static void load_values(void **state)
{
	const uint32_t id = 0x10421af4; /* virtio-blk: device 0x1042, vendor 0x1af4 */
	(void)state;

	assert_int_equal(load(SAS(0) | SF, id, 0), 0xf4);                           /* ldrb w */
	assert_int_equal(load(SAS(0) | SSE | SF, id, 0), 0xfffffffffffffff4ull);     /* ldrsb x */
	assert_int_equal(load(SAS(0) | SSE, id, 0), 0xfffffff4ull);                  /* ldrsb w */
	assert_int_equal(load(SAS(0) | SSE | SF, id, 1), 0x1a);                      /* positive */
	assert_int_equal(load(SAS(1) | SSE | SF, 0x8001abcd, 2), 0xffffffffffff8001ull); /* ldrsh x */
	assert_int_equal(load(SAS(1) | SSE, 0x8001abcd, 2), 0xffff8001ull);          /* ldrsh w */
	assert_int_equal(load(SAS(1), 0x8001abcd, 2), 0x8001);                       /* ldrh */
	assert_int_equal(load(SAS(2) | SSE | SF, 0x80000000, 0), 0xffffffff80000000ull); /* ldrsw */
	assert_int_equal(load(SAS(2), 0x80000000, 0), 0x80000000ull);                /* ldr w */
	assert_int_equal(load(SAS(2) | SF, id, 0), id);
}

static void store_values(void **state)
{
	struct dabt_access a;
	(void)state;

	assert_true(dabt_decode(ISV | SAS(0) | SRT(2) | WNR, &a));
	assert_int_equal(dabt_store_value(&a, 0x12345678), 0x78);
	assert_true(dabt_decode(ISV | SAS(1) | SRT(2) | WNR, &a));
	assert_int_equal(dabt_store_value(&a, 0xffffffffffff1234ull), 0x1234);
	assert_true(dabt_decode(ISV | SAS(2) | SRT(2) | WNR, &a));
	assert_int_equal(dabt_store_value(&a, 0xaaaaaaaa55555555ull), 0x55555555);
	assert_true(dabt_decode(ISV | SAS(2) | SRT(31) | WNR, &a));
	assert_int_equal(dabt_store_value(&a, 0xffffffff), 0); /* wzr */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_fields),
		cmocka_unit_test(load_values),
		cmocka_unit_test(store_values),
	};
	return cmocka_run_group_tests_name("arm64_dabt", tests, NULL, NULL);
}
