/* bench=uv on ppc64 (a Secure VM, svm=on, under the powernv shim's
 * ultravisor model): ultracall round trips (Linux
 * Documentation/arch/powerpc/ultravisor.rst) and how sharing grows with the
 * number of pages.
 *   null_ucall          `sc 2` with a token no ultravisor implements: the
 *                       ultracall floor. Under QEMU TCG `sc 2` lands in our
 *                       own 0xc00 vector and is forwarded with `sc 1` (uv.c),
 *                       so this is that forward plus a null hcall.
 *   uv_share_noop       UV_SHARE_PAGE of a page already shared: the call
 *                       with its checks, no state change.
 *   uv_share_1          UV_SHARE_PAGE of one private page (the ultravisor
 *                       zeroes it on the change), timed alone; the
 *                       UV_UNSHARE_PAGE that makes it private again is not.
 *   uv_share_pages_<N>  one UV_SHARE_PAGE of N contiguous pages.
 *   uv_share_calls_<N>  N calls of one page each, for the same N pages.
 * Skipped unless the boot made us secure (needs an ultravisor). */
#include <cocoon/arch.h>
#include <cocoon/bench.h>
#include <cocoon/format.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>

#include "ppc64.h"

#define UV_PAGE 4096u
#define NULL_UCALL 0xf1fcul /* in the ultracall range, implemented by nobody */
#define H_FUNCTION (-2)
#define GROWTH_MAX 128u
#define GROWTH_ITERS 16u
#define SHARE_ITERS 2000u

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / UV_PAGE;
}

static void null_ucall(void)
{
	uint64_t t0, t1;
	unsigned i;

	if (ppc64_ucall(NULL_UCALL, 0, 0) != H_FUNCTION) {
		bench_skip("null_ucall", "an unknown ultracall did not return H_FUNCTION");
		return;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		ppc64_ucall(NULL_UCALL, 0, 0);
	t1 = arch_counter();
	bench_report("null_ucall", t1 - t0, BENCH_ITERS);
}

/* iters rounds of: share n pages (in one call, or n calls of one page),
 * timed; unshare them again, untimed. false if any call failed. */
static bool share_rounds(const char *name, uint8_t *pages, unsigned n, bool one_call,
			 unsigned iters)
{
	uint64_t sum = 0, t0;
	long bad = 0;

	for (unsigned it = 0; it < iters; it++) {
		t0 = arch_counter();
		if (one_call)
			bad |= ppc64_ucall(UV_SHARE_PAGE, gfn_of(pages), n);
		else
			for (unsigned k = 0; k < n; k++)
				bad |= ppc64_ucall(UV_SHARE_PAGE, gfn_of(pages + k * UV_PAGE), 1);
		sum += arch_counter() - t0;
		bad |= ppc64_ucall(UV_UNSHARE_PAGE, gfn_of(pages), n);
	}
	if (bad) {
		bench_skip(name, "UV_SHARE_PAGE or UV_UNSHARE_PAGE failed");
		return false;
	}
	bench_report(name, sum, iters);
	return true;
}

void arch_bench_uv(void)
{
	uint8_t *pages;
	uint64_t t0, t1;
	char name[48];
	unsigned i, n;

	if (!ppc64_uv_secure()) {
		bench_skip("null_ucall", "not a Secure VM (svm=on under an ultravisor)");
		return;
	}
	null_ucall();
	pages = page_alloc(GROWTH_MAX * UV_PAGE / PAGE_SIZE);
	if (!pages) {
		bench_skip("uv_share_1", "no memory");
		return;
	}
	/* the call alone: the page is shared already, nothing changes */
	if (ppc64_ucall(UV_SHARE_PAGE, gfn_of(pages), 1)) {
		bench_skip("uv_share_noop", "UV_SHARE_PAGE refused");
		goto out;
	}
	t0 = arch_counter();
	for (i = 0; i < BENCH_ITERS; i++)
		ppc64_ucall(UV_SHARE_PAGE, gfn_of(pages), 1);
	t1 = arch_counter();
	bench_report("uv_share_noop", t1 - t0, BENCH_ITERS);
	if (ppc64_ucall(UV_UNSHARE_PAGE, gfn_of(pages), 1)) {
		bench_skip("uv_share_1", "UV_UNSHARE_PAGE refused");
		goto out;
	}
	if (!share_rounds("uv_share_1", pages, 1, true, SHARE_ITERS))
		goto out;
	for (n = 1; n <= GROWTH_MAX; n *= 2) {
		fmt_snprintf(name, sizeof(name), "uv_share_pages_%u", n);
		if (!share_rounds(name, pages, n, true, GROWTH_ITERS))
			break;
		fmt_snprintf(name, sizeof(name), "uv_share_calls_%u", n);
		if (!share_rounds(name, pages, n, false, GROWTH_ITERS))
			break;
	}
out:
	/* the pages are private again (each unshare zeroed them) */
	page_free(pages, GROWTH_MAX * UV_PAGE / PAGE_SIZE);
}
