/* Split virtqueue, driver side (virtio 1.2 section 2.7). Pure C over a ring
 * memory block, so host tests run it against fake and hostile devices.
 * Everything the device writes (used idx, id, len) is validated; descriptor
 * chains are freed from a driver-private shadow, never from shared memory.
 * A device that breaks the rules marks the queue broken (sticky). */
#ifndef COCOON_VIRTQ_H
#define COCOON_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_MAX_SIZE 256 /* queues larger than this are used at this size */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
struct virtq_avail {
	uint16_t flags, idx;
	uint16_t ring[]; /* num entries, then used_event */
};
struct virtq_used_elem {
	uint32_t id, len;
};
struct virtq_used {
	uint16_t flags, idx;
	struct virtq_used_elem ring[]; /* num entries, then avail_event */
};

/* One buffer segment: device-readable ones first, then device-writable. */
struct virtq_seg {
	uint64_t addr;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	uint16_t num, index;
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t free_head, free_tail, num_free, avail_idx, last_used;
	bool broken;
	char why[96];
	/* driver-private: the device cannot touch these */
	uint16_t next[VIRTQ_MAX_SIZE];
	struct {
		void *cookie;
		uint32_t writable; /* bytes the device may write: the used len bound */
		uint16_t ndesc;
		bool in_flight;
		bool completed; /* returned by the device and not reused since */
	} head[VIRTQ_MAX_SIZE];
};

/* Bytes of ring memory (descriptor table, avail ring, used ring) for num. */
size_t virtq_ring_bytes(uint16_t num);
/* Offsets of the three parts inside that memory. */
size_t virtq_avail_offset(uint16_t num);
size_t virtq_used_offset(uint16_t num);

/* num: a power of two, 1..VIRTQ_MAX_SIZE; ring: zeroed, 16-byte aligned. */
int virtq_init(struct virtq *q, uint16_t index, uint16_t num, void *ring);

/* Post a chain. Returns the head id, or -1 (no room, bad segments, broken). */
int virtq_add(struct virtq *q, const struct virtq_seg *segs, unsigned nseg, void *cookie);

/* Take one completed buffer: 1 (cookie, len set), 0 nothing new, -1 broken. */
int virtq_get_used(struct virtq *q, void **cookie, uint32_t *len);

unsigned virtq_in_flight(const struct virtq *q);

#endif
