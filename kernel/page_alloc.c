/* Physical page allocator: one contiguous pool, one bit per page (1 = in use).
 * Small and obviously correct; a unikernel allocates little and rarely. */
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/mm.h>

static uint64_t used[PAGE_POOL_MAX_PAGES / 64];
static uintptr_t pool_base;
static size_t pool_pages, pool_free;

static bool test_bit(size_t i) { return used[i / 64] >> (i % 64) & 1; }
static void set_bit(size_t i) { used[i / 64] |= 1ull << (i % 64); }
static void clear_bit(size_t i) { used[i / 64] &= ~(1ull << (i % 64)); }

size_t page_alloc_init(uintptr_t start, uintptr_t end)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	memset(used, 0, sizeof(used));
	pool_base = start;
	pool_pages = end > start ? (end - start) / PAGE_SIZE : 0;
	if (pool_pages > PAGE_POOL_MAX_PAGES)
		pool_pages = PAGE_POOL_MAX_PAGES;
	pool_free = pool_pages;
	return pool_pages;
}

void page_reserve(uintptr_t start, uintptr_t end)
{
	uintptr_t pool_end = pool_base + pool_pages * PAGE_SIZE;

	if (end <= pool_base || start >= pool_end || end <= start)
		return;
	start = MAX(ALIGN_DOWN(start, PAGE_SIZE), pool_base);
	end = MIN(ALIGN_UP(end, PAGE_SIZE), pool_end);
	for (size_t i = (start - pool_base) / PAGE_SIZE; i < (end - pool_base) / PAGE_SIZE; i++) {
		if (!test_bit(i)) {
			set_bit(i);
			pool_free--;
		}
	}
}

void *page_alloc(size_t n)
{
	size_t run = 0;

	if (!n || n > pool_free)
		return NULL;
	for (size_t i = 0; i < pool_pages; i++) {
		run = test_bit(i) ? 0 : run + 1;
		if (run == n) {
			size_t first = i + 1 - n;
			void *p;
			for (size_t j = first; j <= i; j++)
				set_bit(j);
			pool_free -= n;
			p = (void *)(pool_base + first * PAGE_SIZE);
			memset(p, 0, n * PAGE_SIZE);
			return p;
		}
	}
	return NULL;
}

bool page_free(void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	size_t first;

	/* written so that no sum can wrap around (n comes from the caller) */
	if (!n || a < pool_base || !IS_ALIGNED(a, PAGE_SIZE) || n > pool_pages ||
	    (a - pool_base) / PAGE_SIZE > pool_pages - n) {
		kprintf("page_free: %p (+%zu pages) is not from the page pool\n", p, n);
		return false;
	}
	first = (a - pool_base) / PAGE_SIZE;
	for (size_t j = first; j < first + n; j++) {
		if (!test_bit(j)) {
			kprintf("page_free: double free of page %p\n",
				(void *)(pool_base + j * PAGE_SIZE));
			return false;
		}
	}
	for (size_t j = first; j < first + n; j++)
		clear_bit(j);
	pool_free += n;
	return true;
}

size_t page_free_count(void) { return pool_free; }
size_t page_total_count(void) { return pool_pages; }
