/* Fuzz target: a hostile device drives the used ring of a split virtqueue
 * (drivers/virtio/virtq.c). The input is a script: each step either posts a
 * buffer (driver) or writes used idx/id/len (device). Invariants checked after
 * every step: a completion names a buffer that was in flight and its len is
 * within that buffer's writable bytes; the free count never exceeds the queue
 * size; a broken queue stays broken. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/virtq.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QN 8

static _Alignas(4096) uint8_t ring[8192];

struct token {
	int posted; /* 1 while in flight */
	uint32_t writable;
};

static uint32_t take(const uint8_t **p, size_t *n, unsigned bytes)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < bytes && *n; i++, (*p)++, (*n)--)
		v |= (uint32_t)**p << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtq q;
	struct token tok[64];
	unsigned ntok = 0, inflight = 0;
	bool was_broken = false;

	memset(ring, 0, sizeof(ring));
	memset(tok, 0, sizeof(tok));
	if (virtq_init(&q, 0, QN, ring))
		abort();
	while (size) {
		uint8_t op = (uint8_t)take(&data, &size, 1);

		if (op < 0x60) { /* driver posts a buffer of 1..3 segments */
			struct virtq_seg s[3];
			unsigned nseg = 1 + op % 3, t = ntok % 64;
			uint32_t w = 0;
			for (unsigned i = 0; i < nseg; i++) {
				bool wr = i + 1 == nseg ? (op & 8) != 0 : false;
				s[i] = (struct virtq_seg){ 0x1000u * i, 1 + (op >> 4) + i * 100, wr };
				if (wr)
					w += s[i].len;
			}
			if (tok[t].posted)
				continue; /* cookie still in use */
			if (virtq_add(&q, s, nseg, &tok[t]) >= 0) {
				tok[t].posted = 1;
				tok[t].writable = w;
				ntok++;
				inflight += nseg;
			}
		} else if (op < 0xc0) { /* device writes one used element */
			uint16_t u = q.used->idx;
			q.used->ring[u % QN].id = take(&data, &size, op & 1 ? 4 : 1);
			q.used->ring[u % QN].len = take(&data, &size, op & 2 ? 4 : 1);
			q.used->idx = (uint16_t)(u + 1);
		} else if (op < 0xe0) { /* device sets idx to anything */
			q.used->idx = (uint16_t)take(&data, &size, 2);
		} else { /* driver drains */
			void *c;
			uint32_t len;
			int r;
			while ((r = virtq_get_used(&q, &c, &len)) == 1) {
				struct token *t = c;
				if (t < tok || t >= tok + 64 || !t->posted || len > t->writable)
					abort();
				t->posted = 0;
			}
			if (was_broken && r != -1)
				abort();
			was_broken |= r == -1;
		}
		if (q.num_free > QN || virtq_in_flight(&q) > QN)
			abort();
	}
	(void)inflight;
	return 0;
}
