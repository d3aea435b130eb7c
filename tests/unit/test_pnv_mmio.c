/* Host tests of the powernv shim's emulated device registers
 * (shim/arch/ppc64/mmio.c): instruction decoding, byte order, update and
 * algebraic forms, and every way an access is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pnv_host_stubs.h"

#define DEV 0x6030203180000ull /* outside guest memory, as a TIMA page would be */
#define PC 0x1000
#define LE 1ull

static uint8_t regs[32];
static int refuse_io;

static int dev_read(void *ctx, unsigned vcpu, uint64_t off, uint8_t *b, unsigned n)
{
	(void)ctx;
	(void)vcpu;
	if (refuse_io)
		return -1;
	memcpy(b, regs + off, n);
	return 0;
}

static int dev_write(void *ctx, unsigned vcpu, uint64_t off, const uint8_t *b, unsigned n)
{
	(void)ctx;
	(void)vcpu;
	if (refuse_io)
		return -1;
	memcpy(regs + off, b, n);
	return 0;
}

static const struct mmio_ops ops = { dev_read, dev_write };

static int setup(void **state)
{
	(void)state;
	pnv_test_setup();
	mmio_reset();
	refuse_io = 0;
	for (int i = 0; i < 32; i++)
		regs[i] = (uint8_t)(0x80 + i);
	return mmio_register(DEV, sizeof(regs), &ops, NULL);
}

static uint32_t dform(unsigned op, unsigned rt, unsigned ra, int16_t d)
{
	return op << 26 | rt << 21 | ra << 16 | (uint16_t)d;
}

static uint32_t xform(unsigned xo, unsigned rt, unsigned ra, unsigned rb)
{
	return 31u << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1;
}

/* The guest executes insn at PC with MSR[LE] = le: put it there in that byte order */
static int run(struct pnv_frame *f, uint32_t insn, bool le, uint64_t hdar)
{
	uint32_t w = le ? insn : __builtin_bswap32(insn);

	memcpy(guest_ram + PC, &w, 4);
	f->hsrr0 = PC;
	f->hsrr1 = le ? LE : 0;
	return mmio_emulate(f, hdar);
}

static void loads(void **state)
{
	struct pnv_frame f;
	(void)state;

	memset(&f, 0, sizeof(f));
	f.gpr[4] = DEV;
	assert_int_equal(run(&f, dform(32, 5, 4, 8), true, DEV + 8), 0); /* lwz r5,8(r4) */
	assert_int_equal(f.gpr[5], 0x8b8a8988);
	assert_int_equal(f.hsrr0, PC + 4);
	assert_int_equal(run(&f, dform(32, 5, 4, 8), false, DEV + 8), 0); /* big-endian guest */
	assert_int_equal(f.gpr[5], 0x88898a8b);
	f.gpr[6] = 8;
	assert_int_equal(run(&f, xform(534, 5, 4, 6), true, DEV + 8), 0); /* lwbrx */
	assert_int_equal(f.gpr[5], 0x88898a8b);
	assert_int_equal(run(&f, dform(42, 5, 4, 0), true, DEV), 0); /* lha: sign-extended */
	assert_int_equal(f.gpr[5], 0xffffffffffff8180ull);
	assert_int_equal(run(&f, dform(40, 5, 4, 0), true, DEV), 0); /* lhz: not */
	assert_int_equal(f.gpr[5], 0x8180);
	assert_int_equal(run(&f, dform(58, 5, 4, 4) | 2, true, DEV + 4), 0); /* lwa */
	assert_int_equal(f.gpr[5], 0xffffffff87868584ull);
	assert_int_equal(run(&f, dform(58, 5, 4, 16) | 1, true, DEV + 16), 0); /* ldu: r4 updated */
	assert_int_equal(f.gpr[5], 0x9796959493929190ull);
	assert_int_equal(f.gpr[4], DEV + 16);
	f.gpr[4] = DEV;
	f.gpr[6] = 1;
	assert_int_equal(run(&f, xform(87, 7, 4, 6), true, DEV + 1), 0); /* lbzx */
	assert_int_equal(f.gpr[7], 0x81);
}

static void stores(void **state)
{
	struct pnv_frame f;
	(void)state;

	memset(&f, 0, sizeof(f));
	f.gpr[4] = DEV;
	f.gpr[6] = 0x11223344;
	assert_int_equal(run(&f, dform(36, 6, 4, 0), true, DEV), 0); /* stw, LE */
	assert_memory_equal(regs, "\x44\x33\x22\x11", 4);
	assert_int_equal(run(&f, dform(36, 6, 4, 0), false, DEV), 0); /* stw, BE */
	assert_memory_equal(regs, "\x11\x22\x33\x44", 4);
	f.gpr[7] = 4;
	f.gpr[6] = 0xaabb;
	assert_int_equal(run(&f, xform(918, 6, 4, 7), true, DEV + 4), 0); /* sthbrx */
	assert_memory_equal(regs + 4, "\xaa\xbb", 2);
	f.gpr[6] = 0x0102030405060708ull;
	assert_int_equal(run(&f, dform(62, 6, 4, 8) | 1, true, DEV + 8), 0); /* stdu */
	assert_memory_equal(regs + 8, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
	assert_int_equal(f.gpr[4], DEV + 8);
}

static void refused(void **state)
{
	struct pnv_frame f;
	(void)state;

	memset(&f, 0, sizeof(f));
	f.gpr[4] = DEV;
	/* invalid forms: load with update and RA = RT, update with RA = 0 */
	assert_int_equal(run(&f, dform(33, 4, 4, 0), true, DEV), -1);
	assert_int_equal(run(&f, dform(33, 5, 0, 0), true, DEV), -1);
	/* not a fixed-point load/store: lfd, an add, stq */
	assert_int_equal(run(&f, dform(50, 1, 4, 0), true, DEV), -1);
	assert_int_equal(run(&f, xform(266, 5, 4, 4), true, DEV), -1);
	assert_int_equal(run(&f, dform(62, 6, 4, 0) | 2, true, DEV), -1);
	/* outside any region, straddling its end, a different address than HDAR */
	f.gpr[4] = DEV + 0x1000;
	assert_int_equal(run(&f, dform(32, 5, 4, 0), true, DEV + 0x1000), -1);
	f.gpr[4] = DEV;
	assert_int_equal(run(&f, dform(58, 5, 4, 28), true, DEV + 28), -1);
	assert_int_equal(run(&f, dform(32, 5, 4, 8), true, DEV + 12), -1);
	/* the device refusing, translation on, instruction outside guest memory */
	refuse_io = 1;
	assert_int_equal(run(&f, dform(32, 5, 4, 0), true, DEV), -1);
	refuse_io = 0;
	f.hsrr1 = LE | (1ull << 5);
	f.hsrr0 = PC;
	assert_int_equal(mmio_emulate(&f, DEV), -1);
	f.hsrr1 = LE;
	f.hsrr0 = GUEST_RAM - 2;
	assert_int_equal(mmio_emulate(&f, DEV), -1);
	assert_int_equal(f.hsrr0, GUEST_RAM - 2); /* not advanced */
	/* overlapping or wrapping regions are not registered */
	assert_int_equal(mmio_register(DEV + 16, 64, &ops, NULL), -1);
	assert_int_equal(mmio_register(~0ull - 4, 64, &ops, NULL), -1);
	assert_int_equal(mmio_register(DEV + 0x10000, 0, &ops, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(loads, setup),
		cmocka_unit_test_setup(stores, setup),
		cmocka_unit_test_setup(refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
