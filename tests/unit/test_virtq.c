/* Host tests of the split virtqueue (drivers/virtio/virtq.c) against a fake
 * device that writes the used ring directly, including hostile devices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/virtq.h>

#define N 8

struct fixture {
	struct virtq q;
	void *ring;
	int cookies[N * 4];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	size_t bytes = (virtq_ring_bytes(N) + 4095) & ~(size_t)4095;

	f->ring = aligned_alloc(4096, bytes);
	memset(f->ring, 0, bytes);
	assert_int_equal(virtq_init(&f->q, 0, N, f->ring), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->ring);
	free(f);
	return 0;
}

/* the fake device: complete head id with len */
static void device_complete(struct virtq *q, uint32_t id, uint32_t len)
{
	uint16_t u = q->used->idx;
	q->used->ring[u % q->num].id = id;
	q->used->ring[u % q->num].len = len;
	q->used->idx = (uint16_t)(u + 1);
}

static int add_one(struct fixture *f, int k, uint32_t readable, uint32_t writable)
{
	struct virtq_seg s[2];
	unsigned n = 0;
	if (readable)
		s[n++] = (struct virtq_seg){ 0x1000u * (k + 1), readable, false };
	if (writable)
		s[n++] = (struct virtq_seg){ 0x100000u + 0x1000u * k, writable, true };
	return virtq_add(&f->q, s, n, &f->cookies[k]);
}

static void round_trip(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;
	int head = add_one(f, 0, 16, 512);

	assert_true(head >= 0);
	assert_int_equal(f->q.avail->idx, 1);
	assert_int_equal(f->q.avail->ring[0], head);
	assert_int_equal(virtq_get_used(&f->q, &c, &len), 0); /* nothing yet */
	device_complete(&f->q, (uint32_t)head, 300);
	assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[0]);
	assert_int_equal(len, 300);
	assert_int_equal(f->q.num_free, N);
	assert_int_equal(virtq_get_used(&f->q, &c, &len), 0);
}

static void chain_layout(void **state)
{
	struct fixture *f = *state;
	struct virtq_seg s[3] = { { 0x1000, 16, false }, { 0x2000, 512, true }, { 0x3000, 1, true } };
	int h = virtq_add(&f->q, s, 3, f);
	uint16_t d1, d2;

	assert_true(h >= 0);
	assert_int_equal(f->q.desc[h].flags, VIRTQ_DESC_F_NEXT);
	d1 = f->q.desc[h].next;
	assert_int_equal(f->q.desc[d1].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	assert_int_equal(f->q.desc[d1].len, 512);
	d2 = f->q.desc[d1].next;
	assert_int_equal(f->q.desc[d2].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(f->q.desc[d2].addr, 0x3000);
	assert_int_equal(f->q.num_free, N - 3);
	assert_int_equal(virtq_in_flight(&f->q), 3);
}

static void ring_full_and_bad_segments(void **state)
{
	struct fixture *f = *state;
	struct virtq_seg wr_then_rd[2] = { { 0x1000, 8, true }, { 0x2000, 8, false } };
	struct virtq_seg zero = { 0x1000, 0, false };
	struct virtq_seg huge[2] = { { 0x1000, 0xffffffffu, true }, { 0x2000, 2, true } };

	assert_int_equal(virtq_add(&f->q, wr_then_rd, 2, f), -1);
	assert_int_equal(virtq_add(&f->q, &zero, 1, f), -1);
	assert_int_equal(virtq_add(&f->q, huge, 2, f), -1);
	assert_int_equal(virtq_add(&f->q, NULL, 1, f), -1);
	for (int k = 0; k < N; k++)
		assert_true(add_one(f, k, 8, 0) >= 0);
	assert_int_equal(add_one(f, N, 8, 0), -1);
	assert_false(f->q.broken); /* a full ring is not the device's fault */
}

static void init_rejects(void **state)
{
	struct virtq q;
	static _Alignas(16) uint8_t mem[8192];
	(void)state;
	assert_int_equal(virtq_init(&q, 0, 0, mem), -1);
	assert_int_equal(virtq_init(&q, 0, 6, mem), -1);
	assert_int_equal(virtq_init(&q, 0, 512, mem), -1);
	assert_int_equal(virtq_init(&q, 0, 4, mem + 8), -1);
	assert_int_equal(virtq_init(&q, 0, 4, NULL), -1);
	assert_int_equal(virtq_init(&q, 0, 4, mem), 0);
}

static void wraparound(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;

	/* 70000 completions: the 16-bit indices wrap */
	for (int i = 0; i < 70000; i++) {
		int h = add_one(f, i % N, 0, 64);
		assert_true(h >= 0);
		device_complete(&f->q, (uint32_t)h, 64);
		assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
		assert_ptr_equal(c, &f->cookies[i % N]);
	}
	assert_false(f->q.broken);
	assert_int_equal(f->q.num_free, N);
}

/* ---- hostile devices ---- */
static void expect_broken(struct fixture *f, const char *why_part)
{
	void *c = (void *)1;
	uint32_t len = 12345;
	assert_int_equal(virtq_get_used(&f->q, &c, &len), -1);
	assert_true(f->q.broken);
	assert_non_null(strstr(f->q.why, why_part));
	assert_ptr_equal(c, (void *)1); /* outputs untouched */
	assert_int_equal(len, 12345);
}

static void hostile_idx_beyond_in_flight(void **state)
{
	struct fixture *f = *state;
	add_one(f, 0, 8, 0);
	f->q.used->idx = 2; /* two completions, one buffer in flight */
	expect_broken(f, "advanced by 2");
}

static void hostile_idx_backwards(void **state)
{
	struct fixture *f = *state;
	add_one(f, 0, 8, 0);
	f->q.used->idx = 0xffff; /* "minus one": not an advance of 65535 */
	expect_broken(f, "went backwards (to 65535 after 0)");
}

static void hostile_idx_with_nothing_in_flight(void **state)
{
	struct fixture *f = *state;
	f->q.used->idx = 1;
	expect_broken(f, "with 0 buffers");
}

static void hostile_id_out_of_range(void **state)
{
	struct fixture *f = *state;
	add_one(f, 0, 8, 0);
	device_complete(&f->q, N, 0);
	expect_broken(f, "out of range");
}

static void hostile_id_huge(void **state)
{
	struct fixture *f = *state;
	add_one(f, 0, 8, 0);
	device_complete(&f->q, 0xffffffffu, 0);
	expect_broken(f, "out of range");
}

static void hostile_id_never_posted(void **state)
{
	struct fixture *f = *state;
	int h = add_one(f, 0, 8, 0);
	device_complete(&f->q, (uint32_t)(h + 3) % N, 0);
	expect_broken(f, "not the head");
}

static void hostile_double_completion(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;
	int h0 = add_one(f, 0, 8, 0);
	add_one(f, 1, 8, 0);
	device_complete(&f->q, (uint32_t)h0, 0);
	device_complete(&f->q, (uint32_t)h0, 0); /* again, though h1 is pending */
	assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
	expect_broken(f, "used id 0 was already completed (double completion)");
}

/* The device repeats its last completion while the next request is in
 * flight: the freed id went to the tail of the free list, so the new request
 * has another id and the repeat cannot pass for its completion. */
static void hostile_repeat_after_reuse(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;
	int h0 = add_one(f, 0, 8, 8), h1;

	device_complete(&f->q, (uint32_t)h0, 8);
	assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
	h1 = add_one(f, 1, 8, 8);
	assert_true(h1 >= 0 && h1 != h0);
	device_complete(&f->q, (uint32_t)h0, 8);
	expect_broken(f, "already completed (double completion)");
}

/* An id reused inside another chain is not "already completed" any more. */
static void reused_id_inside_chain_is_not_a_completion(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;

	for (int k = 0; k < N; k++) { /* every id completed once */
		int h = add_one(f, k, 8, 0);
		device_complete(&f->q, (uint32_t)h, 0);
		assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
	}
	for (int k = 0; k < N / 2; k++)
		assert_true(add_one(f, k, 8, 8) >= 0);
	device_complete(&f->q, f->q.desc[f->q.avail->ring[(f->q.avail_idx - 1) % N]].next, 0);
	expect_broken(f, "not the head");
}

static void hostile_id_inside_chain(void **state)
{
	struct fixture *f = *state;
	int h = add_one(f, 0, 16, 512); /* two descriptors */
	device_complete(&f->q, f->q.desc[h].next, 0); /* the second one */
	expect_broken(f, "not the head");
}

static void hostile_len_too_long(void **state)
{
	struct fixture *f = *state;
	int h = add_one(f, 0, 16, 512);
	device_complete(&f->q, (uint32_t)h, 513);
	expect_broken(f, "exceeds the 512");
}

static void hostile_len_on_readonly_buffer(void **state)
{
	struct fixture *f = *state;
	int h = add_one(f, 0, 64, 0);
	device_complete(&f->q, (uint32_t)h, 1);
	expect_broken(f, "exceeds the 0");
}

static void broken_is_sticky(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;
	int h = add_one(f, 0, 8, 0);
	device_complete(&f->q, N + 1, 0);
	expect_broken(f, "out of range");
	f->q.used->ring[0].id = (uint32_t)h; /* the device "fixes" its entry */
	assert_int_equal(virtq_get_used(&f->q, &c, &len), -1);
	assert_int_equal(add_one(f, 1, 8, 0), -1);
}

static void hostile_scribbles_descriptors(void **state)
{
	struct fixture *f = *state;
	void *c;
	uint32_t len;
	int heads[N / 2];

	for (int k = 0; k < N / 2; k++)
		heads[k] = add_one(f, k, 16, 16);
	/* a device with write access to the ring memory rewrites the table */
	memset((void *)f->q.desc, 0xa5, 16u * N);
	for (int k = N / 2 - 1; k >= 0; k--) {
		device_complete(&f->q, (uint32_t)heads[k], 16);
		assert_int_equal(virtq_get_used(&f->q, &c, &len), 1);
		assert_ptr_equal(c, &f->cookies[k]);
	}
	/* the free list came from the private shadow: the whole ring is usable */
	assert_int_equal(f->q.num_free, N);
	for (int k = 0; k < N; k++)
		assert_true(add_one(f, k, 8, 0) >= 0);
	assert_false(f->q.broken);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(round_trip),
		T(chain_layout),
		T(ring_full_and_bad_segments),
		cmocka_unit_test(init_rejects),
		T(wraparound),
		T(hostile_idx_beyond_in_flight),
		T(hostile_idx_backwards),
		T(hostile_idx_with_nothing_in_flight),
		T(hostile_id_out_of_range),
		T(hostile_id_huge),
		T(hostile_id_never_posted),
		T(hostile_double_completion),
		T(hostile_repeat_after_reuse),
		T(reused_id_inside_chain_is_not_a_completion),
		T(hostile_id_inside_chain),
		T(hostile_len_too_long),
		T(hostile_len_on_readonly_buffer),
		T(broken_is_sticky),
		T(hostile_scribbles_descriptors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
