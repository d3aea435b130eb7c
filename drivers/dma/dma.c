/* dma_map/unmap/alloc_coherent over the two backends (direct, bounce).
 * The kernel runs identity-mapped on every port (riscv satp Bare, arm64
 * identity map, ppc64 real mode), so a physical address is the pointer value;
 * with no IOMMU in front of the device, the device address is the same. */
#include <string.h>

#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/mm.h>
#include <cocoon/trace.h>

#define DMA_POOL_PAGES 128u /* 512 KiB: rings + the largest request in flight */

static enum dma_mode mode = DMA_MODE_DIRECT;
static struct dma_pool pool;
static const struct dma_share_ops *share_ops;
static const struct dma_iommu_ops *iommu_ops;
static struct dma_stats stats;

static uint64_t phys_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

void dma_set_share_ops(const struct dma_share_ops *ops)
{
	share_ops = ops;
}

bool dma_sharing_required(void)
{
	return share_ops != NULL;
}

void dma_set_iommu_ops(const struct dma_iommu_ops *ops)
{
	iommu_ops = ops;
}

const char *dma_iommu_name(void)
{
	return iommu_ops ? iommu_ops->name : "none";
}

/* the device address of [p, p + len): through the platform IOMMU if any */
static int translate(void *p, size_t len, enum dma_dir dir, dma_addr_t *addr)
{
	if (!iommu_ops) {
		*addr = phys_of(p);
		return 0;
	}
	return iommu_ops->map(phys_of(p), len, dir, addr);
}

static bool untranslate(dma_addr_t addr, size_t len)
{
	return !iommu_ops || iommu_ops->unmap(addr, len);
}

enum dma_mode dma_mode(void)
{
	return mode;
}

const char *dma_mode_name(void)
{
	return mode == DMA_MODE_BOUNCE ? "bounce" : "direct";
}

int dma_init_pool(enum dma_mode m, void *mem, size_t pages)
{
	memset(&stats, 0, sizeof(stats));
	mode = m;
	if (m == DMA_MODE_DIRECT)
		return 0;
	if (dma_pool_init(&pool, mem, pages))
		return -1;
	/* the pool is shared once, as a whole, before any device sees it */
	trace_call("guest", "hypervisor", "share the bounce pool: %zu pages (%s)", pages,
		   share_ops && share_ops->share ? share_ops->name : "no share hook on this platform");
	if (share_ops && share_ops->share && share_ops->share(phys_of(mem), pages)) {
		kprintf("dma: %s refused to share the bounce pool\n", share_ops->name);
		pool.base = NULL;
		return -1;
	}
	stats.shared_pages = pages;
	return 0;
}

int dma_init(enum dma_mode m)
{
	void *mem = NULL;

	if (m == DMA_MODE_BOUNCE && !(mem = page_alloc(DMA_POOL_PAGES))) {
		kprintf("dma: cannot allocate the %u-page bounce pool\n", DMA_POOL_PAGES);
		return -1;
	}
	if (dma_init_pool(m, mem, DMA_POOL_PAGES)) {
		/* stay in bounce mode with no pool: every map fails, so no
		 * device is ever pointed at memory that should stay private */
		if (mem)
			page_free(mem, DMA_POOL_PAGES);
		return -1;
	}
	return 0;
}

bool dma_pool_contains(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)pool.base;

	return pool.base && len && a >= base && a + len >= a &&
	       a + len <= base + pool.pages * PAGE_SIZE;
}

int dma_map(struct dma_mapping *m, void *cpu, size_t len, enum dma_dir dir)
{
	memset(m, 0, sizeof(*m));
	if (!cpu || !len || (uintptr_t)cpu + len < (uintptr_t)cpu ||
	    (dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE && dir != DMA_BIDIRECTIONAL)) {
		stats.failures++;
		return -1;
	}
	m->cpu = cpu;
	m->dir = dir;
	if (mode == DMA_MODE_BOUNCE) {
		m->bounce = dma_pool_alloc(&pool, len);
		if (!m->bounce) {
			stats.failures++;
			m->cpu = NULL;
			return -1;
		}
		if (dir & DMA_TO_DEVICE) {
			memcpy(m->bounce, cpu, len);
			stats.bounced_bytes += len;
		}
		trace_call("guest", "guest", "dma_map %s: private buffer -> shared bounce slot%s",
			   dir == DMA_TO_DEVICE ? "TO_DEVICE" : dir == DMA_FROM_DEVICE ?
			   "FROM_DEVICE" : "BIDIRECTIONAL", dir & DMA_TO_DEVICE ? " (copied)" : "");
	}
	if (translate(m->bounce ? m->bounce : cpu, len, dir, &m->addr)) {
		if (m->bounce)
			dma_pool_free(&pool, m->bounce, len);
		memset(m, 0, sizeof(*m));
		stats.failures++;
		return -1;
	}
	m->len = len;
	stats.maps++;
	return 0;
}

bool dma_unmap(struct dma_mapping *m, size_t written)
{
	if (!m->len || !m->cpu) {
		stats.failures++;
		return false;
	}
	/* the device loses access before the data is looked at */
	if (!untranslate(m->addr, m->len)) {
		stats.failures++;
		return false;
	}
	if (m->bounce) {
		if ((m->dir & DMA_FROM_DEVICE) && written) {
			size_t n = MIN(written, m->len);

			memcpy(m->cpu, m->bounce, n);
			stats.bounced_bytes += n;
			trace_call("guest", "guest", "dma_unmap: validated length copied back to the "
				   "private buffer");
		}
		/* FROM_DEVICE: the guest never wrote into the slot (zeros or
		 * what the host wrote). TO_DEVICE: the guest's copy is the
		 * host's once the device was given it; otherwise scrub it. */
		size_t scrub = (m->dir & DMA_TO_DEVICE) && !m->handed ? m->len : 0;

		if (!dma_pool_release(&pool, m->bounce, m->len, scrub)) {
			stats.failures++;
			return false;
		}
		stats.scrubbed_bytes += scrub;
	}
	m->len = 0;
	m->cpu = m->bounce = NULL;
	m->handed = false;
	stats.unmaps++;
	return true;
}

void dma_handed(struct dma_mapping *m)
{
	if (m->len)
		m->handed = true;
}

void *dma_alloc_coherent(size_t len, dma_addr_t *addr)
{
	void *p;

	if (!len)
		return NULL;
	if (mode == DMA_MODE_BOUNCE)
		p = dma_pool_alloc(&pool, len);
	else
		p = page_alloc(len / PAGE_SIZE + (len % PAGE_SIZE != 0));
	if (!p) {
		stats.failures++;
		return NULL;
	}
	if (mode == DMA_MODE_BOUNCE)
		memset(p, 0, len); /* free pool memory need not be zero */
	if (translate(p, len, DMA_BIDIRECTIONAL, addr)) {
		if (mode == DMA_MODE_BOUNCE)
			dma_pool_free(&pool, p, len);
		else
			page_free(p, len / PAGE_SIZE + (len % PAGE_SIZE != 0));
		stats.failures++;
		return NULL;
	}
	return p;
}

bool dma_free_coherent(void *p, size_t len, dma_addr_t addr)
{
	if (!untranslate(addr, len))
		return false;
	if (mode == DMA_MODE_BOUNCE)
		return dma_pool_free(&pool, p, len);
	return page_free(p, len / PAGE_SIZE + (len % PAGE_SIZE != 0));
}

int dma_teardown(void)
{
	uint64_t base = phys_of(pool.base);
	size_t pages = pool.pages;

	if (mode != DMA_MODE_BOUNCE || !pool.base)
		return 0;
	/* no more maps: the pool is about to stop being reachable */
	pool.base = NULL;
	if (!share_ops || !share_ops->unshare || !stats.shared_pages)
		return 0;
	trace_call("guest", "hypervisor", "unshare the bounce pool: %zu pages (%s)", pages,
		   share_ops->name);
	if (share_ops->unshare(base, pages)) {
		kprintf("dma: %s refused to unshare the bounce pool\n", share_ops->name);
		return -1;
	}
	stats.shared_pages = 0;
	return 0;
}

void dma_get_stats(struct dma_stats *s)
{
	*s = stats;
	s->pool_pages = mode == DMA_MODE_BOUNCE ? pool.pages : 0;
	s->pool_free = mode == DMA_MODE_BOUNCE ? pool.free : 0;
}
