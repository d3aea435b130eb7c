/* Host tests of the DMA layer (drivers/dma): the bounce pool allocator, the
 * copy semantics of map/unmap, misuse, and the share hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>

/* stubs for what dma.c uses from the kernel */
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}
void *page_alloc(size_t n)
{
	void *p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
	memset(p, 0, n * PAGE_SIZE);
	return p;
}
bool page_free(void *p, size_t n)
{
	(void)n;
	free(p);
	return true;
}

#define POOL_PAGES 8
static void *pool_mem;

static int setup_bounce(void **state)
{
	(void)state;
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	dma_set_share_ops(NULL);
	return dma_init_pool(DMA_MODE_BOUNCE, pool_mem, POOL_PAGES);
}

static int teardown(void **state)
{
	(void)state;
	free(pool_mem);
	pool_mem = NULL;
	return 0;
}

static void pool_alloc_free(void **state)
{
	struct dma_pool p;
	uint8_t *mem = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
	void *a, *b, *c;
	(void)state;

	assert_int_equal(dma_pool_init(&p, mem, 4), 0);
	a = dma_pool_alloc(&p, 1);
	b = dma_pool_alloc(&p, PAGE_SIZE + 1); /* two pages */
	c = dma_pool_alloc(&p, PAGE_SIZE);
	assert_ptr_equal(a, mem);
	assert_ptr_equal(b, mem + PAGE_SIZE);
	assert_ptr_equal(c, mem + 3 * PAGE_SIZE);
	assert_null(dma_pool_alloc(&p, 1)); /* exhausted */
	assert_false(dma_pool_free(&p, b, PAGE_SIZE)); /* wrong size */
	assert_false(dma_pool_free(&p, mem + 2 * PAGE_SIZE, PAGE_SIZE)); /* middle of b */
	assert_false(dma_pool_free(&p, mem + 1, 1)); /* unaligned */
	assert_false(dma_pool_free(&p, mem - PAGE_SIZE, 1)); /* before the pool */
	assert_false(dma_pool_free(&p, mem + 4 * PAGE_SIZE, 1)); /* after it */
	assert_true(dma_pool_free(&p, b, 2 * PAGE_SIZE));
	assert_false(dma_pool_free(&p, b, 2 * PAGE_SIZE)); /* double free */
	assert_int_equal(p.free, 2);
	assert_ptr_equal(dma_pool_alloc(&p, 2 * PAGE_SIZE), b); /* first fit reuses the hole */
	assert_null(dma_pool_alloc(&p, 0));
	assert_int_equal(dma_pool_init(&p, mem + 8, 4), -1);
	assert_int_equal(dma_pool_init(&p, mem, DMA_POOL_MAX_PAGES + 1), -1);
	free(mem);
}

static void bounce_copies(void **state)
{
	char src[100], dst[100];
	struct dma_mapping m;
	(void)state;

	memset(src, 'x', sizeof(src));
	assert_int_equal(dma_map(&m, src, sizeof(src), DMA_TO_DEVICE), 0);
	assert_true(m.addr != (uintptr_t)src);
	assert_memory_equal((void *)(uintptr_t)m.addr, src, sizeof(src));
	/* the device writes into a TO_DEVICE buffer: never copied back */
	memset((void *)(uintptr_t)m.addr, 'E', sizeof(src));
	assert_true(dma_unmap(&m, sizeof(src)));
	assert_int_equal(src[0], 'x');

	memset(dst, 'o', sizeof(dst));
	assert_int_equal(dma_map(&m, dst, sizeof(dst), DMA_FROM_DEVICE), 0);
	/* stale pool contents are not what the device wrote: zeroed */
	assert_int_equal(((char *)(uintptr_t)m.addr)[50], 0);
	memset((void *)(uintptr_t)m.addr, 'D', sizeof(dst));
	assert_true(dma_unmap(&m, 10)); /* only 10 bytes were validated as written */
	assert_int_equal(dst[9], 'D');
	assert_int_equal(dst[10], 'o');
	assert_int_equal(dst[99], 'o');
}

/* The scrub on unmap (drivers/dma): what the guest copied in for a request
 * the device never got is cleared; what the host has seen or written is not
 * (make bench: that scrub was half of a bounced 64 KiB request); coherent
 * memory is zero whatever the slot held before. */
static void scrub_rules(void **state)
{
	char secret[100], buf[100];
	struct dma_mapping m;
	struct dma_stats st;
	uint8_t *slot;
	dma_addr_t ring;
	void *r;
	(void)state;

	memset(secret, 'S', sizeof(secret));
	assert_int_equal(dma_map(&m, secret, sizeof(secret), DMA_TO_DEVICE), 0);
	slot = m.bounce;
	assert_true(dma_unmap(&m, 0)); /* never handed to the device */
	for (size_t i = 0; i < sizeof(secret); i++)
		assert_int_equal(slot[i], 0);
	dma_get_stats(&st);
	assert_int_equal(st.scrubbed_bytes, sizeof(secret));

	assert_int_equal(dma_map(&m, secret, sizeof(secret), DMA_BIDIRECTIONAL), 0);
	assert_true(dma_unmap(&m, 0));
	assert_int_equal(slot[0], 0);

	assert_int_equal(dma_map(&m, secret, sizeof(secret), DMA_TO_DEVICE), 0);
	assert_ptr_equal(m.bounce, slot);
	dma_handed(&m);
	assert_true(dma_unmap(&m, 0)); /* the host has it: left as it was */
	assert_int_equal(slot[99], 'S');
	assert_false(m.handed); /* a mapping's hand-over ends with it */

	assert_int_equal(dma_map(&m, buf, sizeof(buf), DMA_FROM_DEVICE), 0);
	memset(m.bounce, 'D', sizeof(buf)); /* what the device wrote */
	assert_true(dma_unmap(&m, sizeof(buf)));
	assert_int_equal(buf[0], 'D');
	dma_get_stats(&st);
	assert_int_equal(st.scrubbed_bytes, 2 * sizeof(secret));

	/* rings come zeroed even from a slot the host wrote into */
	r = dma_alloc_coherent(PAGE_SIZE, &ring);
	assert_ptr_equal(r, slot);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)r)[i], 0);
	assert_true(dma_free_coherent(r, PAGE_SIZE, ring));

	dma_handed(&m); /* not mapped: nothing to mark */
	assert_false(m.handed);
}

static void unmap_misuse(void **state)
{
	char buf[8];
	struct dma_mapping m, zero;
	struct dma_stats st;
	(void)state;

	memset(&zero, 0, sizeof(zero));
	assert_false(dma_unmap(&zero, 0)); /* never mapped */
	assert_int_equal(dma_map(&m, buf, sizeof(buf), DMA_BIDIRECTIONAL), 0);
	assert_true(dma_unmap(&m, 0));
	assert_false(dma_unmap(&m, 0)); /* twice */
	dma_get_stats(&st);
	assert_int_equal(st.maps, 1);
	assert_int_equal(st.unmaps, 1);
	assert_int_equal(st.pool_free, POOL_PAGES);
}

static void map_rejects(void **state)
{
	struct dma_mapping m;
	char buf[8];
	(void)state;

	assert_int_equal(dma_map(&m, NULL, 8, DMA_TO_DEVICE), -1);
	assert_int_equal(dma_map(&m, buf, 0, DMA_TO_DEVICE), -1);
	assert_int_equal(dma_map(&m, buf, 8, 0), -1);
	assert_int_equal(dma_map(&m, (void *)(uintptr_t)-4, 8, DMA_TO_DEVICE), -1); /* wraps */
	assert_int_equal(m.len, 0);
}

static void pool_exhaustion(void **state)
{
	struct dma_mapping m[POOL_PAGES + 1];
	static char big[PAGE_SIZE * POOL_PAGES + 1];
	(void)state;

	assert_int_equal(dma_map(&m[0], big, sizeof(big), DMA_TO_DEVICE), -1); /* larger than pool */
	for (int i = 0; i < POOL_PAGES; i++)
		assert_int_equal(dma_map(&m[i], big, 1, DMA_TO_DEVICE), 0);
	assert_int_equal(dma_map(&m[POOL_PAGES], big, 1, DMA_TO_DEVICE), -1);
	assert_null(m[POOL_PAGES].cpu);
	for (int i = 0; i < POOL_PAGES; i++)
		assert_true(dma_unmap(&m[i], 0));
	assert_int_equal(dma_map(&m[0], big, 1, DMA_TO_DEVICE), 0);
	assert_true(dma_unmap(&m[0], 0));
}

static void coherent_in_pool(void **state)
{
	dma_addr_t a;
	void *p = dma_alloc_coherent(3 * PAGE_SIZE, &a);
	(void)state;

	assert_non_null(p);
	assert_true((uintptr_t)p >= (uintptr_t)pool_mem &&
		    (uintptr_t)p < (uintptr_t)pool_mem + POOL_PAGES * PAGE_SIZE);
	assert_int_equal(a, (uintptr_t)p);
	assert_false(dma_free_coherent(p, PAGE_SIZE, a));
	assert_true(dma_free_coherent(p, 3 * PAGE_SIZE, a));
}

static int shared_calls;
static uint64_t shared_phys;
static int share_ok(uint64_t phys, size_t pages)
{
	shared_calls++;
	shared_phys = phys;
	return pages == POOL_PAGES ? 0 : -1;
}
static int share_refuse(uint64_t phys, size_t pages)
{
	(void)phys, (void)pages;
	return -1;
}

static void share_hook(void **state)
{
	static const struct dma_share_ops ok = { "test", share_ok, NULL };
	static const struct dma_share_ops no = { "refuser", share_refuse, NULL };
	struct dma_mapping m;
	char buf[4];
	(void)state;

	dma_set_share_ops(&ok);
	assert_int_equal(dma_init_pool(DMA_MODE_BOUNCE, pool_mem, POOL_PAGES), 0);
	assert_int_equal(shared_calls, 1);
	assert_int_equal(shared_phys, (uintptr_t)pool_mem);
	dma_set_share_ops(&no);
	assert_int_equal(dma_init_pool(DMA_MODE_BOUNCE, pool_mem, POOL_PAGES), -1);
	/* an unshared pool is never handed to a device */
	assert_int_equal(dma_map(&m, buf, sizeof(buf), DMA_TO_DEVICE), -1);
	dma_set_share_ops(NULL);
}

static void direct_mode(void **state)
{
	struct dma_mapping m;
	char buf[16];
	(void)state;

	assert_int_equal(dma_init_pool(DMA_MODE_DIRECT, NULL, 0), 0);
	assert_int_equal(dma_map(&m, buf, sizeof(buf), DMA_FROM_DEVICE), 0);
	assert_int_equal(m.addr, (uintptr_t)buf);
	assert_null(m.bounce);
	assert_true(dma_unmap(&m, 16));
	assert_false(dma_unmap(&m, 16));
	assert_string_equal(dma_mode_name(), "direct");
}

static int iommu_live;
static int fake_map(uint64_t phys, size_t len, enum dma_dir dir, dma_addr_t *addr)
{
	(void)dir;
	if (len > 2 * PAGE_SIZE)
		return -1; /* window full */
	iommu_live++;
	*addr = 0x10000000u + (phys & 0xfff);
	return 0;
}
static bool fake_unmap(dma_addr_t addr, size_t len)
{
	(void)len;
	if (!iommu_live || addr < 0x10000000u)
		return false;
	iommu_live--;
	return true;
}

static void iommu_hook(void **state)
{
	static const struct dma_iommu_ops fake = { "fake", fake_map, fake_unmap };
	struct dma_mapping m;
	struct dma_stats st;
	static char buf[3 * PAGE_SIZE];
	(void)state;

	dma_set_iommu_ops(&fake);
	assert_int_equal(dma_map(&m, buf, 64, DMA_TO_DEVICE), 0);
	assert_int_equal(m.addr, 0x10000000u); /* the bounce page is page aligned */
	assert_int_equal(iommu_live, 1);
	assert_true(dma_unmap(&m, 0));
	assert_int_equal(iommu_live, 0);
	/* translation refused: the bounce page goes back, nothing is live */
	assert_int_equal(dma_map(&m, buf, sizeof(buf), DMA_TO_DEVICE), -1);
	dma_get_stats(&st);
	assert_int_equal(st.pool_free, POOL_PAGES);
	assert_int_equal(iommu_live, 0);
	dma_set_iommu_ops(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pool_alloc_free),
		cmocka_unit_test_setup_teardown(bounce_copies, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(unmap_misuse, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(scrub_rules, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(map_rejects, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(pool_exhaustion, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(coherent_in_pool, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(share_hook, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(direct_mode, setup_bounce, teardown),
		cmocka_unit_test_setup_teardown(iommu_hook, setup_bounce, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
