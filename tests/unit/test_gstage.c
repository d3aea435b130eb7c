/* Host tests of the riscv shim's Sv39x4 G-stage builder (shim/arch/riscv/
 * gstage.c): leaf sizes by alignment, translations, and refusals (overlap,
 * misalignment, beyond the 41-bit guest physical space, no permissions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../shim/arch/riscv/gstage.h"

#define RWX (GSTAGE_R | GSTAGE_W | GSTAGE_X)
#define RW (GSTAGE_R | GSTAGE_W)

static int reset(void **state)
{
	(void)state;
	gstage_reset();
	return 0;
}

static void translate(uint64_t gpa, uint64_t want_hpa, uint64_t want_perms)
{
	uint64_t hpa = 0, perms = 0;

	assert_int_equal(gstage_lookup(gpa, &hpa, &perms), 0);
	assert_int_equal(hpa, want_hpa);
	assert_int_equal(perms, want_perms);
}

static void unmapped(uint64_t gpa)
{
	uint64_t hpa, perms;

	assert_int_equal(gstage_lookup(gpa, &hpa, &perms), -1);
}

static void guest_ram_layout(void **state)
{
	(void)state;
	/* the shim's layout: 126 MiB of RAM at GPA 0x80000000 -> HPA 0x88000000 */
	assert_int_equal(gstage_map(0x80000000, 0x88000000, 126ull << 20, RWX), 0);
	translate(0x80000000, 0x88000000, RWX);
	translate(0x80200123, 0x88200123, RWX);
	translate(0x87dfffff, 0x8fdfffff, RWX);
	unmapped(0x87e00000); /* the host DTB and beyond stay out */
	unmapped(0x7fffffff); /* (until the PCIe window below takes it) */
	unmapped(0x88000000); /* the HPA of guest RAM is not a GPA of it */
	/* devices, identity: UART (4 KiB), ECAM, 32- and 64-bit windows */
	assert_int_equal(gstage_map(0x10000000, 0x10000000, 0x1000, RW), 0);
	assert_int_equal(gstage_map(0x30000000, 0x30000000, 0x10000000, RW), 0);
	assert_int_equal(gstage_map(0x40000000, 0x40000000, 0x40000000, RW), 0);
	assert_int_equal(gstage_map(0x400000000ull, 0x400000000ull, 0x400000000ull, RW), 0);
	translate(0x10000005, 0x10000005, RW);
	unmapped(0x10001000);
	translate(0x3fffffff, 0x3fffffff, RW);
	translate(0x7ffffff8ull + 0x100000000ull * 7, 0x7ffffff8ull + 0x100000000ull * 7, RW);
	unmapped(0x0c000000); /* the interrupt controller is not the guest's */
}

static void refusals(void **state)
{
	(void)state;
	assert_int_equal(gstage_map(0x80000000, 0x88000000, 0x200000, RWX), 0);
	/* overlapping an existing leaf, inside or around it */
	assert_int_equal(gstage_map(0x80000000, 0x90000000, 0x1000, RW), -1);
	assert_int_equal(gstage_map(0x80100000, 0x90000000, 0x1000, RW), -1);
	/* misaligned, empty, wrapping, beyond 2^41, no R/X */
	assert_int_equal(gstage_map(0x90000800, 0x90000000, 0x1000, RW), -1);
	assert_int_equal(gstage_map(0x90000000, 0x90000000, 0x800, RW), -1);
	assert_int_equal(gstage_map(0x90000000, 0x90000000, 0, RW), -1);
	assert_int_equal(gstage_map(~0xfffull, 0, 0x2000, RW), -1);
	assert_int_equal(gstage_map(1ull << 41, 0, 0x1000, RW), -1);
	assert_int_equal(gstage_map((1ull << 41) - 0x1000, 0, 0x2000, RW), -1);
	assert_int_equal(gstage_map(0x90000000, 0x90000000, 0x1000, GSTAGE_W), -1);
	unmapped(1ull << 41);
	unmapped(~0ull);
	/* the last page of the 41-bit space is fine */
	assert_int_equal(gstage_map((1ull << 41) - 0x1000, 0x1000, 0x1000, RW), 0);
	translate((1ull << 41) - 1, 0x1fff, RW);
}

static void pool_exhaustion(void **state)
{
	(void)state;
	/* 4 KiB pages each in a different 2 MiB region need a table each: the
	 * pool runs out with an error, never an overrun (ASan) */
	int rc = 0;
	unsigned i;

	for (i = 0; i < 200 && !rc; i++)
		rc = gstage_map(0x100000000ull + i * 0x200000ull, 0x1000, 0x1000, RW);
	assert_int_equal(rc, -1);
	assert_true(i > 10);
	translate(0x100000000ull, 0x1000, RW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(guest_ram_layout, reset),
		cmocka_unit_test_setup(refusals, reset),
		cmocka_unit_test_setup(pool_exhaustion, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
