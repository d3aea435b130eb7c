/* DMA: how a buffer becomes visible to a device, and back.
 *  direct: the device address is the physical address (virt and pseries
 *          without an IOMMU in the way; identity-mapped kernel).
 *  bounce: every buffer is copied through a fixed pool allocated at boot and
 *          explicitly shared with the host (the hook where a confidential
 *          guest calls UV_SHARE_PAGE or its RMM/TDX/SBI equivalent). Rings
 *          (dma_alloc_coherent) live in the pool too.
 * Selected at boot: "dma=bounce" forces bounce buffering everywhere. */
#ifndef COCOON_DMA_H
#define COCOON_DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t dma_addr_t;

enum dma_dir { DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2, DMA_BIDIRECTIONAL = 3 };
enum dma_mode { DMA_MODE_DIRECT, DMA_MODE_BOUNCE };

/* One live mapping; owned by the caller between map and unmap. */
struct dma_mapping {
	void *cpu;     /* the caller's buffer */
	void *bounce;  /* pool copy, NULL in direct mode */
	size_t len;    /* 0 when not mapped */
	dma_addr_t addr;
	enum dma_dir dir;
	bool handed;   /* dma_handed(): the device was given it */
};

/* Share/unshare hooks around the pool (default: none). A confidential
 * platform installs its own before dma_init(). 0 = success. */
struct dma_share_ops {
	const char *name;
	int (*share)(uint64_t phys, size_t pages);
	int (*unshare)(uint64_t phys, size_t pages);
};
void dma_set_share_ops(const struct dma_share_ops *ops);
/* share ops are installed: memory is private, devices need the pool */
bool dma_sharing_required(void);

/* Platform DMA translation in front of the devices (pseries: the TCE table
 * of the PHB's DMA window). Default: none, the device address is physical. */
struct dma_iommu_ops {
	const char *name;
	/* make [phys, phys + len) reachable for dir; the device address in *addr */
	int (*map)(uint64_t phys, size_t len, enum dma_dir dir, dma_addr_t *addr);
	/* false if [addr, addr + len) is not exactly one live mapping */
	bool (*unmap)(dma_addr_t addr, size_t len);
};
void dma_set_iommu_ops(const struct dma_iommu_ops *ops);
const char *dma_iommu_name(void);

/* Boot: mode from the command line ("dma=bounce" / "dma=direct"). */
int dma_init(enum dma_mode mode);
/* Same with caller-provided pool memory (host tests, early boot). */
int dma_init_pool(enum dma_mode mode, void *pool, size_t pages);
enum dma_mode dma_mode(void);
const char *dma_mode_name(void);

/* Map len bytes at cpu for the device. 0, or -1 (bad arguments, pool full). */
int dma_map(struct dma_mapping *m, void *cpu, size_t len, enum dma_dir dir);
/* End a mapping; in bounce mode copies FROM_DEVICE data back (at most
 * `written` bytes, as validated by the caller; the rest of the caller's
 * buffer is left untouched). false for a mapping that is not live. */
bool dma_unmap(struct dma_mapping *m, size_t written);
/* The driver has given the device this mapping (its request is published in
 * the ring and the device notified): from then on every byte of the bounce
 * slot is the host's to see, so unmap need not scrub it (bounce mode). A
 * mapping never handed over is scrubbed on unmap: what the guest copied in
 * for a request that never went out does not stay in the shared pool. */
void dma_handed(struct dma_mapping *m);
/* [p, p + len) lies inside the shared bounce pool (false in direct mode):
 * lets a driver prove that only shared memory ever held data in flight. */
bool dma_pool_contains(const void *p, size_t len);
/* Zeroed, page-aligned memory both sides see (rings). */
void *dma_alloc_coherent(size_t len, dma_addr_t *addr);
bool dma_free_coherent(void *p, size_t len, dma_addr_t addr);

struct dma_stats {
	uint64_t maps, unmaps, bounced_bytes, scrubbed_bytes, failures, shared_pages;
	size_t pool_pages, pool_free;
};
void dma_get_stats(struct dma_stats *s);
/* Shutdown: unshare the bounce pool (share_ops->unshare); no map succeeds
 * afterwards. Only once no device can reach the pool: every device reset. */
int dma_teardown(void);

/* ---- the bounce pool (drivers/dma/dma_pool.c), page-granular first fit ---- */
#define DMA_POOL_MAX_PAGES 256u
struct dma_pool {
	uint8_t *base;
	size_t pages, free;
	/* per page: 0 free, else the run length at the first page of an
	 * allocation and DMA_POOL_CONT on the pages that follow it */
	uint16_t run[DMA_POOL_MAX_PAGES];
};
#define DMA_POOL_CONT 0xffffu
int dma_pool_init(struct dma_pool *p, void *mem, size_t pages);
void *dma_pool_alloc(struct dma_pool *p, size_t bytes);
/* false (and nothing changes) unless ptr/bytes is exactly one live allocation;
 * scrubs the whole allocation */
bool dma_pool_free(struct dma_pool *p, void *ptr, size_t bytes);
/* The same, scrubbing only its first `scrub` bytes: the caller vouches that
 * the rest holds nothing but zeros or bytes the host has already seen. */
bool dma_pool_release(struct dma_pool *p, void *ptr, size_t bytes, size_t scrub);

#endif
