/* DMA through the PHB's TCE table (LoPAPR 14.5.4, "Translation Control
 * Entries"; the default window is the PHB's "ibm,dma-window": LIOBN, bus
 * address, size). Each dma_map() takes a run of window entries and fills
 * them with H_PUT_TCE; dma_unmap() clears them, so a device reaches exactly
 * the pages that are mapped for it, with the direction's permission. */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>

#include "ppc64.h"
#include "tce.h"

#define H_PUT_TCE 0x20
#define H_STUFF_TCE 0x138
#define STUFF_CHUNK 512 /* entries per H_STUFF_TCE, as Linux issues them */
#define TCE_SHIFT 12 /* the default window uses 4 KiB TCE pages */
#define TCE_PAGE (1ull << TCE_SHIFT)
#define TCE_READ 0x1  /* the device may read the page */
#define TCE_WRITE 0x2 /* the device may write the page */
#define TCE_MAX_ENTRIES 4096u /* the first 16 MiB of the window are used */
#define TCE_CONT 0xffffu

static uint32_t liobn;
static uint64_t win_base;
static unsigned win_entries;
static uint16_t run[TCE_MAX_ENTRIES]; /* as in dma_pool: run length at the first entry */

static long put_tce(unsigned idx, uint64_t tce)
{
	return ppc64_hcall(H_PUT_TCE, liobn, win_base + ((uint64_t)idx << TCE_SHIFT), tce, 0);
}

static int tce_map(uint64_t phys, size_t len, enum dma_dir dir, dma_addr_t *addr)
{
	uint64_t first = phys >> TCE_SHIFT, last = (phys + len - 1) >> TCE_SHIFT;
	uint64_t perm = (dir & DMA_TO_DEVICE ? TCE_READ : 0) | (dir & DMA_FROM_DEVICE ? TCE_WRITE : 0);
	unsigned n, found = 0, have = 0;

	if (!len || phys + len < phys || phys + len > BOOTINFO_PHYS_LIMIT ||
	    last - first + 1 >= TCE_CONT)
		return -1;
	n = (unsigned)(last - first + 1);
	/* entry 0 stays unmapped: bus address 0 reads as "not set" to devices
	 * (QEMU's virtio ignores a queue whose descriptor address is 0) */
	for (unsigned i = 1; i < win_entries && have < n; i++) {
		have = run[i] ? 0 : have + 1;
		found = i + 1 - have;
	}
	if (have < n)
		return -1;
	for (unsigned k = 0; k < n; k++) {
		long rc = put_tce(found + k, ((first + k) << TCE_SHIFT) | perm);

		if (rc != H_SUCCESS) {
			kprintf("tce: H_PUT_TCE(liobn 0x%x, entry %u) = %ld\n", liobn, found + k, rc);
			while (k--)
				put_tce(found + k, 0);
			return -1;
		}
	}
	run[found] = (uint16_t)n;
	for (unsigned k = 1; k < n; k++)
		run[found + k] = TCE_CONT;
	*addr = win_base + ((uint64_t)found << TCE_SHIFT) + (phys & (TCE_PAGE - 1));
	return 0;
}

static bool tce_unmap(dma_addr_t addr, size_t len)
{
	uint64_t off = addr - win_base, idx = off >> TCE_SHIFT;
	uint64_t n = ((off & (TCE_PAGE - 1)) + len + TCE_PAGE - 1) >> TCE_SHIFT;

	if (addr < win_base || !len || idx >= win_entries || run[idx] != n)
		return false;
	for (unsigned k = 0; k < n; k++) {
		put_tce((unsigned)idx + k, 0);
		run[idx + k] = 0;
	}
	return true;
}

static const struct dma_iommu_ops tce_ops = { "TCE (H_PUT_TCE)", tce_map, tce_unmap };

int tce_init_from_phb(const void *fdt, int node)
{
	int len, ac = 2, sc = 2;
	const fdt32_t *w = fdt_getprop(fdt, node, "ibm,dma-window", &len);
	const fdt32_t *c;
	uint64_t size;

	if ((c = fdt_getprop(fdt, node, "ibm,#dma-address-cells", &len)) && len == 4)
		ac = (int)fdt32_to_cpu(*c);
	if ((c = fdt_getprop(fdt, node, "ibm,#dma-size-cells", &len)) && len == 4)
		sc = (int)fdt32_to_cpu(*c);
	w = fdt_getprop(fdt, node, "ibm,dma-window", &len);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !w || len < 4 * (1 + ac + sc))
		return -1;
	liobn = fdt32_to_cpu(w[0]);
	win_base = fdt_read_cells(w + 1, ac);
	size = fdt_read_cells(w + 1 + ac, sc);
	if (win_base % TCE_PAGE || size < TCE_PAGE || win_base + size < win_base)
		return -1;
	win_entries = size >> TCE_SHIFT > TCE_MAX_ENTRIES ? TCE_MAX_ENTRIES
							   : (unsigned)(size >> TCE_SHIFT);
	/* firmware (SLOF) may have left entries live: clear the whole window, so
	 * a device reaches nothing that dma_map() did not hand it */
	for (uint64_t e = 0; e < size >> TCE_SHIFT; e += STUFF_CHUNK) {
		uint64_t n = (size >> TCE_SHIFT) - e < STUFF_CHUNK ? (size >> TCE_SHIFT) - e
								   : STUFF_CHUNK;
		long rc = ppc64_hcall(H_STUFF_TCE, liobn, win_base + (e << TCE_SHIFT), 0, n);

		if (rc != H_SUCCESS) {
			kprintf("tce: H_STUFF_TCE(liobn 0x%x, entry %llu) = %ld\n", liobn,
				(unsigned long long)e, rc);
			return -1;
		}
	}
	kprintf("tce: DMA window liobn 0x%x at 0x%llx, 0x%llx bytes cleared (%u entries used)\n",
		liobn, (unsigned long long)win_base, (unsigned long long)size, win_entries);
	dma_set_iommu_ops(&tce_ops);
	return 0;
}
