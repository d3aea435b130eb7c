/* Host tests of the Sv39 identity-map builder and walker used for the riscv
 * guest's W^X (kernel/arch/riscv/sv39.c): leaf sizes follow alignment, later
 * maps refine earlier ones, split leaves keep their bits, the pool limit and
 * bad ranges are refused, and the walker agrees with the leaf visitor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "../../kernel/arch/riscv/sv39.h"

#define RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define RX (PTE_V | PTE_R | PTE_X | PTE_A | PTE_D | PTE_G)
#define RO (PTE_V | PTE_R | PTE_A | PTE_D | PTE_G)
#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define FLAGS(p) ((p) & ((1ull << PTE_PPN_SHIFT) - 1))
#define PA(p) ((((p) & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12)

static sv39_table *pool;
static struct sv39 pt;

static int setup(void **state)
{
	(void)state;
	pool = aligned_alloc(4096, 8 * sizeof(sv39_table));
	assert_non_null(pool);
	sv39_init(&pt, pool, 8);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool);
	return 0;
}

static uint64_t walk(uint64_t va, unsigned *level)
{
	return sv39_walk(pool[0], va, level);
}

static void gigapages(void **state)
{
	unsigned level = 9;

	(void)state;
	assert_true(sv39_map(&pt, 0, SV39_IDENTITY_END, RW));
	assert_int_equal(pt.used, 1); /* 256 root leaves, no other table */
	for (uint64_t va = 0; va < SV39_IDENTITY_END; va += 37 * GiB + 4096) {
		uint64_t pte = walk(va, &level);

		assert_int_equal(level, 2);
		assert_int_equal(FLAGS(pte), RW);
		assert_int_equal(PA(pte), va & ~(GiB - 1));
	}
	assert_int_equal(walk(SV39_IDENTITY_END, NULL), 0);
	assert_int_equal(pool[0][256], 0); /* the upper half stays unmapped */
}

/* The riscv guest's layout: RW everywhere, page 0 unmapped, an image at
 * 2 GiB + 2 MiB with text RX and rodata R. */
static void image_layout(void **state)
{
	uint64_t img = 2 * GiB + 2 * MiB, text_end = img + 0x14000, ro_end = img + 0x1c000;
	unsigned level = 9;

	(void)state;
	assert_true(sv39_map(&pt, 0, SV39_IDENTITY_END, RW));
	assert_true(sv39_map(&pt, 0, 4096, 0));
	assert_true(sv39_map(&pt, img, text_end, RX));
	assert_true(sv39_map(&pt, text_end, ro_end, RO));
	assert_int_equal(pt.used, 5);
	assert_int_equal(walk(0, NULL), 0);
	assert_int_equal(walk(4095, NULL), 0);
	assert_int_equal(FLAGS(walk(4096, &level)), RW);
	assert_int_equal(level, 0);
	assert_int_equal(FLAGS(walk(2 * MiB, &level)), RW);
	assert_int_equal(level, 1); /* the rest of GiB 0 stays in 2 MiB leaves */
	assert_int_equal(FLAGS(walk(img, &level)), RX);
	assert_int_equal(level, 0);
	assert_int_equal(FLAGS(walk(text_end - 1, NULL)), RX);
	assert_int_equal(FLAGS(walk(text_end, NULL)), RO);
	assert_int_equal(FLAGS(walk(ro_end, NULL)), RW);
	assert_int_equal(PA(walk(ro_end + 5, NULL)), ro_end);
	assert_int_equal(FLAGS(walk(img - 4096, &level)), RW);
	assert_int_equal(level, 1);
	assert_int_equal(FLAGS(walk(3 * GiB, &level)), RW);
	assert_int_equal(level, 2);
}

struct seen {
	uint64_t next, x_bytes;
	unsigned leaves;
	int in_order;
};

static void visit(uint64_t va, unsigned level, uint64_t pte, void *arg)
{
	struct seen *s = arg;
	unsigned l = 9;

	s->in_order &= va >= s->next;
	s->next = va + sv39_leaf_size(level);
	s->leaves++;
	if (pte & PTE_X)
		s->x_bytes += sv39_leaf_size(level);
	assert_int_equal(sv39_walk(pool[0], va, &l), pte);
	assert_int_equal(l, level);
	assert_int_equal(PA(pte), va);
}

static void visitor_agrees(void **state)
{
	struct seen s = { .in_order = 1 };
	uint64_t img = 2 * GiB + 2 * MiB - 8192; /* text across a 2 MiB boundary */

	(void)state;
	assert_true(sv39_map(&pt, 0, SV39_IDENTITY_END, RW));
	assert_true(sv39_map(&pt, 0, 4096, 0));
	assert_true(sv39_map(&pt, img, img + 5 * 4096, RX));
	sv39_for_each_leaf(pool[0], visit, &s);
	assert_true(s.in_order);
	assert_int_equal(s.x_bytes, 5 * 4096);
	/* GiB 0: 511 pages + 511 blocks; GiB 2: 2 x 512 pages + 510 blocks; 254 GiBs */
	assert_int_equal(s.leaves, 511 + 511 + 1024 + 510 + 254);
}

static void refused(void **state)
{
	(void)state;
	assert_false(sv39_map(&pt, 1, 4096, RW));
	assert_false(sv39_map(&pt, 0, 4097, RW));
	assert_false(sv39_map(&pt, 8192, 4096, RW));
	assert_false(sv39_map(&pt, 0, SV39_IDENTITY_END + 4096, RW));
	assert_true(sv39_map(&pt, 4096, 4096, RW)); /* empty: nothing to do */
	assert_int_equal(pt.used, 1);
	/* every page in its own GiB needs two tables each: 3 GiBs exhaust 8 */
	assert_true(sv39_map(&pt, 0, 4096, RW));
	assert_true(sv39_map(&pt, GiB, GiB + 4096, RW));
	assert_true(sv39_map(&pt, 2 * GiB, 2 * GiB + 4096, RW));
	assert_int_equal(pt.used, 7);
	assert_false(sv39_map(&pt, 3 * GiB, 3 * GiB + 4096, RW));
}

static void reserved_encodings(void **state)
{
	(void)state;
	pool[0][0] = PTE_V | PTE_W; /* W without R */
	assert_int_equal(walk(0, NULL), 0);
	pool[0][1] = PTE_R; /* not valid */
	assert_int_equal(walk(GiB, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(gigapages, setup, teardown),
		cmocka_unit_test_setup_teardown(image_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(visitor_agrees, setup, teardown),
		cmocka_unit_test_setup_teardown(refused, setup, teardown),
		cmocka_unit_test_setup_teardown(reserved_encodings, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
