/* In-guest checks of the page allocator and the heap, including the refusal
 * of double frees and foreign pointers. */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>

static void mm_suite(void)
{
	size_t before = page_free_count();
	char *a = page_alloc(1), *b = page_alloc(4);
	bool zero = true;

	report(a && b && IS_ALIGNED((uintptr_t)a, PAGE_SIZE) && IS_ALIGNED((uintptr_t)b, PAGE_SIZE),
	       "page_alloc: aligned pages");
	for (size_t i = 0; b && i < 4 * PAGE_SIZE; i++)
		zero &= b[i] == 0;
	report(zero, "page_alloc: pages are zeroed");
	report(page_free_count() == before - 5, "page_alloc: free count drops by 5");
	report(page_free(a, 1) && page_free(b, 4), "page_free: returns the pages");
	report(!page_free(a, 1), "page_free: double free refused");
	report(!page_free((void *)((uintptr_t)__image_start), 1), "page_free: foreign pointer refused");
	a = page_alloc(1);
	report(a && !page_free(a + PAGE_SIZE, (size_t)-2) && page_free(a, 1),
	       "page_free: a page count that wraps around is refused");
	report(page_free_count() == before, "page_free: free count restored");

	size_t heap_before = heap_free_bytes();
	char *p = kmalloc(100), *q = kzalloc(3000);
	report(p && q && IS_ALIGNED((uintptr_t)p, 16) && IS_ALIGNED((uintptr_t)q, 16),
	       "kmalloc: 16-byte aligned blocks");
	if (p)
		memset(p, 0xa5, 100);
	report(q && q[0] == 0 && q[2999] == 0, "kzalloc: zeroed");
	report(kfree(p) && kfree(q), "kfree: live blocks");
	report(!kfree(p), "kfree: double free refused");
	report(!kfree(a), "kfree: pointer outside the heap refused");
	report(heap_free_bytes() == heap_before, "kfree: free space coalesces back");
	report(!kmalloc(0) && !kmalloc((size_t)-1), "kmalloc: zero and huge sizes refused");
}
KTEST_SUITE(mm_suite);
