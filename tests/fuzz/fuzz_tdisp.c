/* Fuzz target: the guest's DEVICE_INTERFACE_REPORT validator
 * (drivers/pci/tdisp_report.c) on arbitrary reports against a fixed
 * virtio-like function. Whatever the bytes, no out-of-bounds read, and an
 * accepted report must really be ascending, disjoint and inside its BARs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/pci/tdisp_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdisp_expect e = { 0 };
	struct tdisp_range r[TDISP_MAX_RANGES];
	char why[160];
	unsigned n;
	uint8_t *copy = malloc(size ? size : 1); /* exact size: ASan sees overreads */

	memcpy(copy, data, size);
	e.bar_base[1] = 0x10000000;
	e.bar_size[1] = 0x1000;
	e.bar_base[4] = 0x10004000;
	e.bar_size[4] = 0x4000;
	e.msix = true;
	e.table_bir = e.pba_bir = 1;
	e.table_len = 48;
	e.pba_off = 0x800;
	e.pba_len = 8;
	if (tdisp_report_check(copy, size, &e, r, &n, why, sizeof(why)) == 0) {
		if (!n || n > TDISP_MAX_RANGES)
			abort();
		for (unsigned i = 0; i < n; i++) {
			uint64_t end = r[i].first + (uint64_t)r[i].pages * TDISP_PAGE;

			if (r[i].id > 5 || !e.bar_size[r[i].id] || r[i].first < e.bar_base[r[i].id] ||
			    end > e.bar_base[r[i].id] + e.bar_size[r[i].id])
				abort();
			if (i && r[i].first < r[i - 1].first + (uint64_t)r[i - 1].pages * TDISP_PAGE)
				abort();
		}
	} else if (!why[0]) {
		abort(); /* a refusal always says why */
	}
	free(copy);
	return 0;
}
