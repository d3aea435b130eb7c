/* Page-granular first-fit allocator over the shared bounce pool. Pure C (host
 * unit tests): every free is checked against the allocation it claims. */
#include <string.h>

#include <cocoon/dma.h>
#include <cocoon/mm.h>

int dma_pool_init(struct dma_pool *p, void *mem, size_t pages)
{
	memset(p, 0, sizeof(*p));
	if (!mem || !pages || pages > DMA_POOL_MAX_PAGES || (uintptr_t)mem % PAGE_SIZE)
		return -1;
	p->base = mem;
	p->pages = p->free = pages;
	/* Free pool memory holds zeros or bytes the host has already seen
	 * (it wrote them, or a request handed them to it): never anything the
	 * guest kept private. Callers that need zeros clear what they take
	 * (dma_alloc_coherent); dma_pool_release scrubs what the host has not
	 * seen. */
	memset(mem, 0, pages * PAGE_SIZE);
	return 0;
}

static size_t pages_for(size_t bytes)
{
	return bytes / PAGE_SIZE + (bytes % PAGE_SIZE != 0);
}

void *dma_pool_alloc(struct dma_pool *p, size_t bytes)
{
	size_t n = pages_for(bytes), run = 0;

	if (!p->base || !bytes || n > p->free || n >= DMA_POOL_CONT)
		return NULL;
	for (size_t i = 0; i < p->pages; i++) {
		run = p->run[i] ? 0 : run + 1;
		if (run == n) {
			size_t first = i + 1 - n;

			p->run[first] = (uint16_t)n;
			for (size_t k = first + 1; k <= i; k++)
				p->run[k] = DMA_POOL_CONT;
			p->free -= n;
			return p->base + first * PAGE_SIZE;
		}
	}
	return NULL;
}

bool dma_pool_free(struct dma_pool *p, void *ptr, size_t bytes)
{
	return dma_pool_release(p, ptr, bytes, pages_for(bytes) * PAGE_SIZE);
}

bool dma_pool_release(struct dma_pool *p, void *ptr, size_t bytes, size_t scrub)
{
	uintptr_t off = (uintptr_t)ptr - (uintptr_t)p->base;
	size_t first, n = pages_for(bytes);

	if (!p->base || !ptr || (uintptr_t)ptr < (uintptr_t)p->base || off % PAGE_SIZE)
		return false;
	first = off / PAGE_SIZE;
	if (first >= p->pages || !n || p->run[first] != n)
		return false;
	/* scrub what the host has not seen: it must not find it later */
	memset(p->base + first * PAGE_SIZE, 0, scrub < n * PAGE_SIZE ? scrub : n * PAGE_SIZE);
	for (size_t k = first; k < first + n; k++)
		p->run[k] = 0;
	p->free += n;
	return true;
}
