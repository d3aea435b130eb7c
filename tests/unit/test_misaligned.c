/* Host tests of the riscv load/store decoder used by the misaligned-access
 * handler (kernel/arch/riscv/misaligned.c). Encodings assembled by hand from
 * the unprivileged spec's instruction formats, checked against llvm-mc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../kernel/arch/riscv/misaligned.h"

static struct rv_memop op;

static void check(uint32_t insn, unsigned len, unsigned width, bool store, bool sign,
		  unsigned reg, unsigned base, int imm)
{
	assert_true(rv_decode_memop(insn, &op));
	assert_int_equal(op.len, len);
	assert_int_equal(op.width, width);
	assert_int_equal(op.store, store);
	if (!store && width < 8)
		assert_int_equal(op.sign, sign);
	assert_int_equal(op.reg, reg);
	assert_int_equal(op.base, base);
	assert_int_equal(op.imm, imm);
}

static void loads_and_stores(void **state)
{
	(void)state;
	check(0x0035b503, 4, 8, false, true, 10, 11, 3);     /* ld a0, 3(a1) */
	check(0xfff5a503, 4, 4, false, true, 10, 11, -1);    /* lw a0, -1(a1) */
	check(0x0015d503, 4, 2, false, false, 10, 11, 1);    /* lhu a0, 1(a1) */
	check(0x0015e503, 4, 4, false, false, 10, 11, 1);    /* lwu a0, 1(a1) */
	check(0x80058503, 4, 1, false, true, 10, 11, -2048); /* lb a0, -2048(a1) */
	check(0x00c5b2a3, 4, 8, true, false, 12, 11, 5);     /* sd a2, 5(a1) */
	check(0x00c590a3, 4, 2, true, false, 12, 11, 1);     /* sh a2, 1(a1) */
	check(0xfec5afa3, 4, 4, true, false, 12, 11, -1);    /* sw a2, -1(a1) */
}

static void compressed(void **state)
{
	(void)state;
	check(0x6588, 2, 8, false, false, 10, 11, 8);  /* c.ld a0, 8(a1) */
	check(0xc1d0, 2, 4, true, false, 12, 11, 4);   /* c.sw a2, 4(a1) */
	check(0x41c8, 2, 4, false, true, 10, 11, 4);   /* c.lw a0, 4(a1) */
	check(0xe590, 2, 8, true, false, 12, 11, 8);   /* c.sd a2, 8(a1) */
	check(0x6522, 2, 8, false, false, 10, 2, 8);   /* c.ldsp a0, 8(sp) */
	check(0x4532, 2, 4, false, true, 10, 2, 12);   /* c.lwsp a0, 12(sp) */
	check(0xe42a, 2, 8, true, false, 10, 2, 8);    /* c.sdsp a0, 8(sp) */
	check(0xc62a, 2, 4, true, false, 10, 2, 12);   /* c.swsp a0, 12(sp) */
	/* upper half ignored for a 16-bit instruction */
	check(0xffff6588, 2, 8, false, false, 10, 11, 8);
}

static void refused(void **state)
{
	(void)state;
	assert_false(rv_decode_memop(0x00000013, &op)); /* nop (addi) */
	assert_false(rv_decode_memop(0x0005a52f, &op)); /* amoadd.w a0, zero, (a1) */
	assert_false(rv_decode_memop(0x1005a52f, &op)); /* lr.w a0, (a1) */
	assert_false(rv_decode_memop(0x0005b507, &op)); /* fld fa0, 0(a1) */
	assert_false(rv_decode_memop(0x0075f503, &op)); /* LOAD funct3 7: reserved */
	assert_false(rv_decode_memop(0x00c5c023, &op)); /* STORE funct3 4: reserved */
	assert_false(rv_decode_memop(0x4002, &op));     /* c.lwsp x0: reserved */
	assert_false(rv_decode_memop(0x6002, &op));     /* c.ldsp x0: reserved */
	assert_false(rv_decode_memop(0x0000, &op));     /* illegal */
	assert_false(rv_decode_memop(0x2588, &op));     /* c.fld */
}

static void extension(void **state)
{
	(void)state;
	assert_int_equal(rv_load_extend(0x80, 1, true), 0xffffffffffffff80ull);
	assert_int_equal(rv_load_extend(0x80, 1, false), 0x80);
	assert_int_equal(rv_load_extend(0x8000, 2, true), 0xffffffffffff8000ull);
	assert_int_equal(rv_load_extend(0x80000000, 4, true), 0xffffffff80000000ull);
	assert_int_equal(rv_load_extend(0x80000000, 4, false), 0x80000000ull);
	assert_int_equal(rv_load_extend(0x7fffffff, 4, true), 0x7fffffff);
	assert_int_equal(rv_load_extend(0x8000000000000000ull, 8, true), 0x8000000000000000ull);
	/* bits above the width are dropped */
	assert_int_equal(rv_load_extend(0x1234, 1, false), 0x34);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_and_stores),
		cmocka_unit_test(compressed),
		cmocka_unit_test(refused),
		cmocka_unit_test(extension),
	};

	return cmocka_run_group_tests_name("misaligned", tests, NULL, NULL);
}
