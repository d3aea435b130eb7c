/* Validation of the DEVICE_INTERFACE_REPORT (PCIe 6.x 11.3.11) before the
 * guest accepts a TDI: the host side (TSM, device) is untrusted, so every
 * count is bounded, every range must lie in a BAR the guest programmed, in
 * ascending order without overlap, with known and consistent attributes
 * (MSI-X table/PBA ranges non-TEE and over the real table/PBA), and the
 * report must carry the nonce of this guest's own lock (docs/tdisp.md). */
#include <string.h>

#include <cocoon/format.h>

#include "tdisp_report.h"

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(TDISP_PAGE - 1);
}

#define FAIL(...)                                         \
	do {                                              \
		fmt_snprintf(why, whylen, __VA_ARGS__); \
		return -1;                                \
	} while (0)

/* does range r cover [base + off, base + off + len) of its BAR? */
static bool covers(const struct tdisp_range *r, uint64_t base, uint32_t off, uint32_t len)
{
	uint64_t s = base + off, end = r->first + (uint64_t)r->pages * TDISP_PAGE;

	return len && s >= r->first && s + len <= end;
}

int tdisp_report_check(const uint8_t *rep, size_t len, const struct tdisp_expect *e,
		       struct tdisp_range *out, unsigned *nout, char *why, size_t whylen)
{
	uint32_t count, dsi;
	size_t need;
	bool table_seen = false;

	*nout = 0;
	if (len < TDISP_REPORT_HDR)
		FAIL("report truncated: %zu bytes, the header alone needs %u", len,
		     TDISP_REPORT_HDR);
	count = get32(rep + 12);
	if (count == 0 || count > TDISP_MAX_RANGES)
		FAIL("MMIO range count %u outside 1..%u", count, TDISP_MAX_RANGES);
	need = TDISP_REPORT_HDR + (size_t)count * TDISP_RANGE_SIZE + 4;
	if (len < need)
		FAIL("report truncated: %zu bytes, %u ranges need %zu", len, count, need);
	dsi = get32(rep + need - 4);
	if (dsi != TDISP_NONCE_SIZE || len != need + dsi)
		FAIL("device-specific info of %u bytes in a %zu-byte report: expected the "
		     "%u-byte lock nonce",
		     dsi, len, TDISP_NONCE_SIZE);
	if (memcmp(rep + need, e->nonce, TDISP_NONCE_SIZE))
		FAIL("report nonce does not match this lock's nonce (stale or replayed report)");

	/* pass 1: each range well-formed, ascending, disjoint */
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *p = rep + TDISP_REPORT_HDR + i * TDISP_RANGE_SIZE;
		struct tdisp_range *r = &out[i];
		uint64_t raw = get64(p);

		r->pages = get32(p + 8);
		r->attr = (uint16_t)get16(p + 12);
		r->id = (uint16_t)get16(p + 14);
		if (raw < e->mmio_offset || raw % TDISP_PAGE)
			FAIL("range %u: first page 0x%llx not a page at or above the reporting "
			     "offset 0x%llx",
			     i, (unsigned long long)raw, (unsigned long long)e->mmio_offset);
		r->first = raw - e->mmio_offset;
		if (!r->pages || r->pages > (UINT64_MAX - r->first) / TDISP_PAGE)
			FAIL("range %u: %u pages at 0x%llx: empty or wrapping", i, r->pages,
			     (unsigned long long)r->first);
		if (r->attr & ~TDISP_ATTR_KNOWN)
			FAIL("range %u: unknown attribute bits 0x%x", i, r->attr);
		if (i && r->first < out[i - 1].first)
			FAIL("ranges out of order: range %u at 0x%llx below range %u at 0x%llx", i,
			     (unsigned long long)r->first, i - 1,
			     (unsigned long long)out[i - 1].first);
		if (i && r->first < out[i - 1].first + (uint64_t)out[i - 1].pages * TDISP_PAGE)
			FAIL("ranges overlap: range %u at 0x%llx starts inside range %u", i,
			     (unsigned long long)r->first, i - 1);
	}
	/* pass 2: inside the BAR it names, attributes consistent with MSI-X */
	for (uint32_t i = 0; i < count; i++) {
		struct tdisp_range *r = &out[i];
		uint64_t lo, hi, end = r->first + (uint64_t)r->pages * TDISP_PAGE;

		if (r->id > 5 || !e->bar_size[r->id])
			FAIL("range %u names BAR %u, which the function does not have", i, r->id);
		lo = page_down(e->bar_base[r->id]);
		hi = page_down(e->bar_base[r->id] + e->bar_size[r->id] + TDISP_PAGE - 1);
		if (r->first < lo || end > hi)
			FAIL("range %u [0x%llx, 0x%llx) outside BAR%u [0x%llx, 0x%llx)", i,
			     (unsigned long long)r->first, (unsigned long long)end, r->id,
			     (unsigned long long)lo, (unsigned long long)hi);
		if (r->attr & (TDISP_ATTR_MSIX_TABLE | TDISP_ATTR_MSIX_PBA)) {
			if (!e->msix)
				FAIL("range %u: MSI-X attribute on a function without MSI-X", i);
			if (!(r->attr & TDISP_ATTR_NON_TEE))
				FAIL("range %u: MSI-X table/PBA range not marked non-TEE", i);
		}
		if ((r->attr & TDISP_ATTR_MSIX_TABLE) &&
		    (r->id != e->table_bir ||
		     !covers(r, e->bar_base[r->id], e->table_off, e->table_len)))
			FAIL("range %u: MSI-X table attribute where the table is not", i);
		if ((r->attr & TDISP_ATTR_MSIX_PBA) &&
		    (r->id != e->pba_bir || !covers(r, e->bar_base[r->id], e->pba_off, e->pba_len)))
			FAIL("range %u: MSI-X PBA attribute where the PBA is not", i);
		if (e->msix && r->id == e->table_bir &&
		    covers(r, e->bar_base[r->id], e->table_off, e->table_len)) {
			if (!(r->attr & TDISP_ATTR_MSIX_TABLE))
				FAIL("range %u holds the MSI-X table but lacks its attribute", i);
			table_seen = true;
		}
	}
	if (e->msix && !table_seen)
		FAIL("no range describes the MSI-X table");
	*nout = count;
	return 0;
}
