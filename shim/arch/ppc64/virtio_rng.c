/* virtio entropy device (virtio 1.2, 5.4): every device-writable buffer of
 * a request is filled from the processor's random number generator. */
#include <string.h>

#include "pnv.h"

static int64_t rng_serve(struct virtio_dev *d, const struct virtio_desc *v, unsigned n)
{
	uint8_t buf[256];
	uint64_t total = 0;

	(void)d;
	for (unsigned i = 0; i < n; i++) {
		uint64_t addr = v[i].addr;
		uint32_t len = v[i].len;

		if (!v[i].write)
			continue;
		total += len;
		while (len) {
			uint32_t k = len < sizeof(buf) ? len : (uint32_t)sizeof(buf);

			for (uint32_t j = 0; j < k; j += 8) {
				uint64_t r = 0;

				if (plat_random(&r))
					return -1;
				memcpy(buf + j, &r, k - j < 8 ? k - j : 8);
			}
			gmem_write(addr, buf, k); /* inside guest memory: gather() checked */
			addr += k;
			len -= k;
		}
	}
	return total > 0xffffffffu ? -1 : (int64_t)total;
}

struct virtio_dev virtio_rng = {
	.name = "rng",
	.device_id = 4,
	.features = { 0, 1 | 2 }, /* VIRTIO_F_VERSION_1, VIRTIO_F_ACCESS_PLATFORM */
	.serve = rng_serve,
};
