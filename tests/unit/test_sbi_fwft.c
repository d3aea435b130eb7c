/* Host tests of the riscv SBI answer interpretation: error codes, FWFT GET
 * verdicts, and the PMLEN negotiation steps (kernel/arch/riscv/sbi_errors.c,
 * sbi_fwft_policy.c), with every answer a firmware might give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../kernel/arch/riscv/sbi_fwft.h"

static struct sbiret ret(long e, long v)
{
	return (struct sbiret){ e, v };
}

static void error_codes(void **state)
{
	(void)state;
	for (long e = 0; e >= -14; e--)
		assert_true(sbi_error_known(e));
	assert_false(sbi_error_known(-15));
	assert_false(sbi_error_known(1));
	assert_false(sbi_error_known(-1000));
	assert_false(sbi_error_known((long)0x8000000000000000ull));
	assert_string_equal(sbi_strerror(-14), "DENIED_LOCKED");
	assert_string_equal(sbi_strerror(-4), "DENIED");
	assert_string_equal(sbi_strerror(7), "unknown error");
	assert_string_equal(sbi_impl_name(1), "OpenSBI");
	assert_string_equal(sbi_impl_name(0x53484d), "unknown");
}

static void value_ranges(void **state)
{
	(void)state;
	for (unsigned long f = 0; f < FWFT_POINTER_MASKING_PMLEN; f++) {
		assert_true(fwft_value_valid(f, 0));
		assert_true(fwft_value_valid(f, 1));
		assert_false(fwft_value_valid(f, 2));
		assert_false(fwft_value_valid(f, (unsigned long)-1));
	}
	assert_true(fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, 0));
	assert_true(fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, 7));
	assert_true(fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, 16));
	for (unsigned long v = 1; v < 64; v++)
		if (v != 7 && v != 16)
			assert_false(fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, v));
	assert_false(fwft_value_valid(FWFT_RESERVED_FIRST, 0));
	assert_false(fwft_value_valid(FWFT_PLATFORM_FIRST, 0));
}

static void get_verdicts(void **state)
{
	(void)state;
	/* OpenSBI 1.5.1 and 1.6 answers */
	assert_int_equal(fwft_classify_get(0, ret(0, 0)), FWFT_OFFERED);
	assert_int_equal(fwft_classify_get(1, ret(-2, 0)), FWFT_ABSENT);
	assert_int_equal(fwft_classify_get(5, ret(-4, 0)), FWFT_REFUSED);
	assert_int_equal(fwft_classify_get(5, ret(0, 7)), FWFT_OFFERED);
	assert_int_equal(fwft_classify_get(5, ret(-1, 0)), FWFT_FAILED);
	/* answers outside the spec */
	assert_int_equal(fwft_classify_get(5, ret(0, 8)), FWFT_BAD_VALUE);
	assert_int_equal(fwft_classify_get(5, ret(0, -1)), FWFT_BAD_VALUE);
	assert_int_equal(fwft_classify_get(0, ret(0, 2)), FWFT_BAD_VALUE);
	assert_int_equal(fwft_classify_get(0, ret(-3, 0)), FWFT_BAD_ERROR);
	assert_int_equal(fwft_classify_get(0, ret(-14, 0)), FWFT_BAD_ERROR);
	assert_int_equal(fwft_classify_get(0, ret(-99, 0)), FWFT_BAD_ERROR);
	assert_int_equal(fwft_classify_get(0, ret(5, 0)), FWFT_BAD_ERROR);
	/* a reserved feature can never be "offered" */
	assert_int_equal(fwft_classify_get(6, ret(0, 0)), FWFT_BAD_VALUE);
	assert_string_equal(fwft_feature_name(5), "POINTER_MASKING_PMLEN");
	assert_string_equal(fwft_feature_name(0x40000000), "platform/reserved");
	assert_string_equal(fwft_verdict_name(FWFT_REFUSED), "denied");
}

static void pmlen_steps(void **state)
{
	(void)state;
	assert_int_equal(fwft_pmlen_order[0], 7);
	assert_int_equal(fwft_pmlen_order[1], 16);
	assert_int_equal(fwft_pmlen_order[2], 0);
	/* exact and "at least" answers (OpenSBI 1.6: SET 8 -> GET 16) */
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(0, 7)), PMLEN_DONE);
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(0, 16)), PMLEN_DONE);
	assert_int_equal(fwft_pmlen_step(16, ret(0, 0), ret(0, 16)), PMLEN_DONE);
	assert_int_equal(fwft_pmlen_step(0, ret(0, 0), ret(0, 0)), PMLEN_DONE);
	/* next length, no hardware */
	assert_int_equal(fwft_pmlen_step(7, ret(-3, 0), ret(0, 0)), PMLEN_TRY_NEXT);
	assert_int_equal(fwft_pmlen_step(7, ret(-2, 0), ret(0, 0)), PMLEN_NO_HW);
	assert_int_equal(fwft_pmlen_step(7, ret(-4, 0), ret(0, 0)), PMLEN_NO_HW);
	assert_int_equal(fwft_pmlen_step(7, ret(-14, 0), ret(0, 0)), PMLEN_NO_HW);
	/* lies: SUCCESS with a readback that is not a length >= the request */
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(0, 0)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(16, ret(0, 0), ret(0, 7)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(0, 8)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(-1, 0)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(7, ret(0, 0), ret(0, -7)), PMLEN_BROKEN);
	/* undefined or unexpected error codes */
	assert_int_equal(fwft_pmlen_step(7, ret(-1, 0), ret(0, 0)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(7, ret(-15, 0), ret(0, 0)), PMLEN_BROKEN);
	assert_int_equal(fwft_pmlen_step(7, ret(1, 0), ret(0, 7)), PMLEN_BROKEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_codes),
		cmocka_unit_test(value_ranges),
		cmocka_unit_test(get_verdicts),
		cmocka_unit_test(pmlen_steps),
	};

	return cmocka_run_group_tests_name("sbi_fwft", tests, NULL, NULL);
}
