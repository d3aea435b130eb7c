/* Host tests of the tagged allocator (kernel/tagalloc.c): tag arithmetic,
 * detection of double free, use after free, stale pointers and overflow, in
 * software mode and in "hardware" mode (the arch hook is ours here; on the
 * host the CPU does not ignore the tag, so only the returned pointers are
 * compared, never dereferenced). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/tagalloc.h>

static unsigned masked_bits;

unsigned arch_pointer_masked_bits(void)
{
	return masked_bits;
}

int kprintf(const char *fmt, ...)
{
	(void)fmt; /* the reports are the guest's console output */
	return 0;
}

static uint8_t *arena;
#define ARENA_SIZE (64 * 1024)

static int setup(void **state)
{
	(void)state;
	masked_bits = 0;
	arena = aligned_alloc(4096, ARENA_SIZE);
	return arena && !tagalloc_init(arena, ARENA_SIZE) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

static void tag_arithmetic(void **state)
{
	void *p = (void *)(uintptr_t)0x80201234;

	(void)state;
	assert_int_equal(tag_of(p), 0);
	assert_int_equal(tag_of(tag_set(p, 0x5a)), 0x5a);
	assert_ptr_equal(tag_strip(tag_set(p, 0x7f)), p);
	assert_int_equal((uintptr_t)tag_set(p, 0x7f) >> 57, 0x7f);
	assert_int_equal((uintptr_t)tag_set(p, 0x7f) & ((1ull << 57) - 1), 0x80201234);
	assert_int_equal(tag_of(tag_set(p, 0x80)), 0); /* only 7 bits */
	assert_int_equal(tag_next(1), 2);
	assert_int_equal(tag_next(TAG_MAX), 1); /* 0 is never handed out */
	for (unsigned t = 1, n = 0; n < 300; n++, t = tag_next(t))
		assert_true(t >= 1 && t <= TAG_MAX);
}

static void init_refuses_bad_arenas(void **state)
{
	(void)state;
	assert_int_equal(tagalloc_init(NULL, 4096), -1);
	assert_int_equal(tagalloc_init(arena, 16), -1);
	assert_int_equal(tagalloc_init(tag_set(arena, 3), 4096), -1);
	assert_null(talloc(8));
	assert_int_equal(tagalloc_init(arena, ARENA_SIZE), 0);
	/* metadata and data both inside the arena */
	assert_true(tagalloc_free_bytes() > ARENA_SIZE / 2 && tagalloc_free_bytes() < ARENA_SIZE);
}

static void detection(bool hw)
{
	char *p, *q, *r;
	uint64_t v = 42, out = 0;

	masked_bits = hw ? 7 : 0;
	assert_int_equal(tag_hw_masking(), hw);
	p = talloc(40);
	q = talloc(10);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_not_equal(tag_of(p), 0);
	assert_int_not_equal(tag_of(p), tag_of(q));
	assert_true((uint8_t *)tag_strip(p) >= arena && (uint8_t *)tag_strip(p) < arena + ARENA_SIZE);
	assert_ptr_equal(tag_access(p, 8), hw ? (void *)p : tag_strip(p));
	if (!hw) { /* the host CPU cannot dereference a tagged pointer */
		assert_true(tag_write(p, &v, 8));
		assert_true(tag_read(p, &out, 8));
		assert_int_equal(out, 42);
	}
	assert_null(tag_access(p + 60, 8)); /* runs into q */
	assert_int_equal(tag_last_error(), TAG_ERR_BOUNDS);
	assert_null(tag_access(tag_set(p, tag_of(p) % TAG_MAX + 1), 1));
	assert_int_equal(tag_last_error(), TAG_ERR_STALE);
	assert_false(tfree(p + 32));
	assert_int_equal(tag_last_error(), TAG_ERR_INTERIOR);
	assert_true(tfree(p));
	assert_false(tfree(p));
	assert_int_equal(tag_last_error(), TAG_ERR_DOUBLE_FREE);
	assert_false(tag_read(p, &out, 8));
	assert_int_equal(tag_last_error(), TAG_ERR_FREED);
	r = talloc(40);
	assert_ptr_equal(tag_strip(r), tag_strip(p));
	assert_int_not_equal(tag_of(r), tag_of(p));
	assert_false(tfree(p));
	assert_int_equal(tag_last_error(), TAG_ERR_STALE);
	assert_non_null(tag_access(r, 64)); /* the refused free left r alone */
	assert_false(tfree(tag_strip(r)));
	assert_int_equal(tag_last_error(), TAG_ERR_FOREIGN);
	assert_false(tfree(&v));
	assert_int_equal(tag_last_error(), TAG_ERR_FOREIGN);
	assert_true(tfree(r));
	assert_true(tfree(q));
}

static void detection_software(void **state)
{
	(void)state;
	detection(false);
}

static void detection_hardware(void **state)
{
	(void)state;
	detection(true);
	masked_bits = 16; /* PMLEN 16 ignores the tag bits too */
	assert_true(tag_hw_masking());
}

static void reallocation_never_reuses_a_tag_at_once(void **state)
{
	(void)state;
	/* 1000 alloc/free cycles of one block: each new owner's tag differs
	 * from the previous owner's */
	unsigned prev = 0;

	for (int i = 0; i < 1000; i++) {
		char *p = talloc(100);

		assert_non_null(p);
		assert_int_not_equal(tag_of(p), prev);
		prev = tag_of(p);
		assert_true(tfree(p));
	}
}

static void exhaustion_and_coalescing(void **state)
{
	size_t before = tagalloc_free_bytes(), n = 0;
	void *blocks[4096];

	(void)state;
	while (n < 4096 && (blocks[n] = talloc(100)))
		n++;
	assert_true(n > 100);
	assert_null(talloc(100));
	assert_null(talloc(0));
	assert_null(talloc((size_t)-1));
	for (size_t i = 0; i < n; i++)
		assert_true(tfree(blocks[i]));
	assert_int_equal(tagalloc_free_bytes(), before);
	assert_non_null(talloc(before)); /* one block spanning the whole arena */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tag_arithmetic, setup, teardown),
		cmocka_unit_test_setup_teardown(init_refuses_bad_arenas, setup, teardown),
		cmocka_unit_test_setup_teardown(detection_software, setup, teardown),
		cmocka_unit_test_setup_teardown(detection_hardware, setup, teardown),
		cmocka_unit_test_setup_teardown(reallocation_never_reuses_a_tag_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(exhaustion_and_coalescing, setup, teardown),
	};

	return cmocka_run_group_tests_name("tagalloc", tests, NULL, NULL);
}
