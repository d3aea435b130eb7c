/* Split virtqueue, driver side: virtio 1.2 section 2.7 (layout 2.7.5-2.7.8,
 * driver requirements 2.7.13, used ring 2.7.8). The used ring is device
 * memory to us: each field is read once, then checked:
 *  - idx advances by at most the number of buffers in flight (<= num);
 *    a 16-bit step of more than half the index space is the index going
 *    backwards (a device never has more than num buffers to return),
 *  - id names the head of a chain that is in flight: a freed chain goes to
 *    the tail of the free list, so an id is reused as late as possible and
 *    a device repeating an old completion is caught, not taken for the
 *    completion of the request that now reuses the id,
 *  - len is within the device-writable part of that chain.
 * Any violation marks the queue broken; nothing the device wrote is ever used
 * as an index into driver memory before it passed these checks. */
#include <string.h>

#include <cocoon/format.h>
#include <cocoon/io.h>
#include <cocoon/virtq.h>

size_t virtq_avail_offset(uint16_t num)
{
	return 16u * num;
}

size_t virtq_used_offset(uint16_t num)
{
	/* avail: flags, idx, ring[num], used_event; used ring is 4-aligned */
	size_t end = virtq_avail_offset(num) + 6u + 2u * num;

	return (end + 3) & ~(size_t)3;
}

size_t virtq_ring_bytes(uint16_t num)
{
	return virtq_used_offset(num) + 6u + 8u * num;
}

int virtq_init(struct virtq *q, uint16_t index, uint16_t num, void *ring)
{
	memset(q, 0, sizeof(*q));
	if (!ring || !num || num > VIRTQ_MAX_SIZE || (num & (num - 1)) || (uintptr_t)ring % 16)
		return -1;
	q->num = num;
	q->index = index;
	q->desc = ring;
	q->avail = (void *)((uint8_t *)ring + virtq_avail_offset(num));
	q->used = (void *)((uint8_t *)ring + virtq_used_offset(num));
	for (uint16_t i = 0; i < num; i++)
		q->next[i] = (uint16_t)(i + 1);
	q->free_head = 0;
	q->free_tail = (uint16_t)(num - 1);
	q->num_free = num;
	return 0;
}

static int mark_broken(struct virtq *q, const char *fmt, unsigned a, unsigned b)
{
	if (!q->broken)
		fmt_snprintf(q->why, sizeof(q->why), fmt, a, b);
	q->broken = true;
	return -1;
}

unsigned virtq_in_flight(const struct virtq *q)
{
	return (unsigned)q->num - q->num_free;
}

int virtq_add(struct virtq *q, const struct virtq_seg *segs, unsigned nseg, void *cookie)
{
	uint32_t writable = 0;
	uint16_t head, id;
	bool seen_write = false;

	if (q->broken || !segs || !nseg || nseg > q->num_free)
		return -1;
	for (unsigned i = 0; i < nseg; i++) {
		/* 2.7.4.2: device-writable descriptors after the readable ones */
		if (!segs[i].len || (seen_write && !segs[i].device_writes))
			return -1;
		if (segs[i].device_writes) {
			if (writable + segs[i].len < writable)
				return -1;
			writable += segs[i].len;
			seen_write = true;
		}
	}
	head = id = q->free_head;
	for (unsigned i = 0; i < nseg; i++) {
		volatile struct virtq_desc *d = &q->desc[id];

		d->addr = segs[i].addr;
		d->len = segs[i].len;
		d->flags = (uint16_t)((i + 1 < nseg ? VIRTQ_DESC_F_NEXT : 0) |
				      (segs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0));
		d->next = i + 1 < nseg ? q->next[id] : 0;
		q->head[id].completed = false;
		id = q->next[id];
	}
	q->free_head = id;
	q->num_free = (uint16_t)(q->num_free - nseg);
	q->head[head].cookie = cookie;
	q->head[head].writable = writable;
	q->head[head].ndesc = (uint16_t)nseg;
	q->head[head].in_flight = true;
	q->avail->ring[q->avail_idx & (q->num - 1)] = head;
	/* 2.7.13.3.1: the ring entry before the index that publishes it */
	io_wmb();
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
	io_mb(); /* the index before the caller's notification */
	return head;
}

int virtq_get_used(struct virtq *q, void **cookie, uint32_t *len)
{
	uint16_t used_idx, pending, id16, last;
	uint32_t id, ulen;
	unsigned inflight = virtq_in_flight(q);

	if (q->broken)
		return -1;
	used_idx = q->used->idx;
	pending = (uint16_t)(used_idx - q->last_used);
	if (!pending)
		return 0;
	if (pending > 0x8000)
		return mark_broken(q, "used idx went backwards (to %u after %u)", used_idx,
				   q->last_used);
	if (pending > inflight)
		return mark_broken(q, "used idx advanced by %u with %u buffers in flight", pending,
				   inflight);
	io_rmb(); /* the element after the index that published it */
	id = q->used->ring[q->last_used & (q->num - 1)].id;
	ulen = q->used->ring[q->last_used & (q->num - 1)].len;
	if (id >= q->num)
		return mark_broken(q, "used id %u out of range (queue size %u)", id, q->num);
	if (!q->head[id].in_flight && q->head[id].completed)
		return mark_broken(q, "used id %u was already completed (double completion)", id,
				   0);
	if (!q->head[id].in_flight)
		return mark_broken(q, "used id %u is not the head of a buffer in flight", id, 0);
	if (ulen > q->head[id].writable)
		return mark_broken(q, "used len %u exceeds the %u writable bytes", ulen,
				   q->head[id].writable);
	/* free the chain from the private shadow, onto the tail of the list */
	id16 = (uint16_t)id;
	last = id16;
	for (uint16_t i = 1; i < q->head[id].ndesc; i++)
		last = q->next[last];
	if (q->num_free)
		q->next[q->free_tail] = id16;
	else
		q->free_head = id16;
	q->free_tail = last;
	q->num_free = (uint16_t)(q->num_free + q->head[id].ndesc);
	q->head[id].in_flight = false;
	q->head[id].completed = true;
	*cookie = q->head[id].cookie;
	*len = ulen;
	q->head[id].cookie = NULL;
	q->last_used++;
	return 1;
}
