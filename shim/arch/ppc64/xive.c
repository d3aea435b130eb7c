/* XIVE exploitation mode for the partition (LoPAPR "XIVE Exploitation"
 * hcalls H_INT_*; the XIVE thread interrupt management area, OS ring):
 *  - sources: LISNs 0..XIVE_NR_SOURCES-1 (ibm,xive-lisn-ranges), each with
 *    its Event State Buffer PQ bits, managed through H_INT_ESB only (the
 *    source-info flag says so, no ESB pages are mapped);
 *  - event queues: one per (target, priority 0..6) in guest memory, entries
 *    are 32-bit big-endian {generation bit, 31-bit EISN}; the generation
 *    starts at 1 and flips at each wrap;
 *  - the OS ring of each virtual processor's thread context (NSR, CPPR,
 *    IPB, PIPR), read and written through the TIMA OS page, emulated by
 *    mmio.c: loads of the ring, the CPPR byte store, and the 16-bit
 *    "acknowledge OS interrupt" load at 0x810.
 * A pending OS exception (NSR[EO]) is delivered at the guest's 0x500 by
 * main.c. Every argument is checked: H_PARAMETER for reserved flags, H_Pn
 * for the n-th bad argument, as the specification orders them. */
#include <string.h>

#include <shim/shim.h>

#include "pnv.h"

#define PPC_BITL(b) (1ull << (63 - (b)))
#define SRC_H_INT_ESB PPC_BITL(60)
#define SRC_SET_EISN PPC_BITL(62)
#define SRC_MASK PPC_BITL(63)
#define EQ_ALWAYS_NOTIFY PPC_BITL(63)
#define EQ_DEBUG PPC_BITL(63)
#define ESB_STORE PPC_BITL(63)
#define PRIO_RESERVED 7
#define PRIO_MASKED 0xff
#define NSR_EO 0x80
/* ESB PQ bits (P = 2, Q = 1) */
#define PQ_RESET 0
#define PQ_OFF 1
#define PQ_PENDING 2
#define PQ_QUEUED 3
#define ESB_SHIFT 16

/* TIMA offsets in a page (ring QW1 = OS, special operations) */
#define TM_QW1_OS 0x10
#define TM_NSR 0
#define TM_CPPR 1
#define TM_IPB 2
#define TM_PIPR 7
#define TM_WORD2 8
#define TM_SPC_ACK_OS_REG 0x810

struct source {
	bool masked;
	uint32_t target, eisn;
	uint8_t prio, pq;
};

struct queue {
	bool enabled, gen, ucond;
	uint64_t page;
	uint8_t shift;
	uint32_t idx;
};

struct os_ring {
	uint8_t nsr, cppr, ipb, pipr;
};

static struct source sources[XIVE_NR_SOURCES];
static struct queue queues[XIVE_MAX_VCPUS][PRIO_RESERVED];
static struct os_ring rings[XIVE_MAX_VCPUS];
static unsigned nvcpus = 1;
static bool enabled;

static uint8_t ipb_to_pipr(uint8_t ipb)
{
	for (unsigned p = 0; p < 8; p++)
		if (ipb & (0x80 >> p))
			return (uint8_t)p;
	return PRIO_MASKED;
}

/* Present the most favoured pending priority if the CPPR lets it through */
static void notify(struct os_ring *r)
{
	r->pipr = ipb_to_pipr(r->ipb);
	if (r->pipr < r->cppr)
		r->nsr |= NSR_EO;
	else
		r->nsr &= (uint8_t)~NSR_EO;
}

void xive_reset(unsigned ncpus)
{
	nvcpus = ncpus && ncpus <= XIVE_MAX_VCPUS ? ncpus : 1;
	memset(queues, 0, sizeof(queues));
	memset(rings, 0, sizeof(rings));
	for (unsigned i = 0; i < XIVE_NR_SOURCES; i++)
		sources[i] = (struct source){ .masked = true, .eisn = i, .prio = PRIO_MASKED,
					      .pq = PQ_OFF };
	for (unsigned i = 0; i < XIVE_MAX_VCPUS; i++)
		rings[i].pipr = PRIO_MASKED;
}

void xive_set_enabled(bool on)
{
	enabled = on;
}

bool xive_is_enabled(void)
{
	return enabled;
}

bool xive_pending(unsigned vcpu)
{
	return enabled && vcpu < nvcpus && (rings[vcpu].nsr & NSR_EO);
}

/* An event from source lisn reaches its queue and its target's OS ring. */
static void route(struct source *s)
{
	struct queue *q;
	uint8_t entry[4];
	uint32_t v;

	if (s->masked || s->prio >= PRIO_RESERVED || s->target >= nvcpus)
		return; /* dropped, as a masked EAS drops it */
	q = &queues[s->target][s->prio];
	if (q->enabled) {
		v = (uint32_t)q->gen << 31 | (s->eisn & 0x7fffffffu);
		if (shim_fault("xive-eq-wrong-gen"))
			v ^= 1u << 31; /* hostile host: the stale generation, an invisible event */
		entry[0] = (uint8_t)(v >> 24), entry[1] = (uint8_t)(v >> 16);
		entry[2] = (uint8_t)(v >> 8), entry[3] = (uint8_t)v;
		/* a queue page the hypervisor may not write (a secure guest that
		 * did not share it): no event, nothing presented */
		if (gmem_write(q->page + 4ull * q->idx, entry, 4))
			return;
		if (++q->idx == (1u << q->shift) / 4) {
			q->idx = 0;
			q->gen = !q->gen;
		}
	}
	rings[s->target].ipb |= (uint8_t)(0x80 >> s->prio);
	notify(&rings[s->target]);
	if (rings[s->target].nsr & NSR_EO)
		plat_kick(s->target);
}

/* ESB state machine (XIVE: a trigger in 00 goes to 10 and notifies, in 10
 * or 11 goes to 11, in 01 (off) is dropped) */
static void trigger(struct source *s)
{
	switch (s->pq) {
	case PQ_RESET:
		s->pq = PQ_PENDING;
		route(s);
		break;
	case PQ_PENDING:
	case PQ_QUEUED:
		s->pq = PQ_QUEUED;
		break;
	default:
		break;
	}
}

/* EOI: 10 -> 00; 11 -> 10 and notify again (returns 1); 01 stays off */
static uint64_t eoi(struct source *s)
{
	switch (s->pq) {
	case PQ_RESET:
	case PQ_PENDING:
		s->pq = PQ_RESET;
		return 0;
	case PQ_QUEUED:
		s->pq = PQ_PENDING;
		route(s);
		return 1;
	default:
		return 0;
	}
}

static bool target_ok(uint64_t t)
{
	return t < nvcpus;
}

static long esb(uint64_t *r)
{
	uint64_t flags = r[4], lisn = r[5], off = r[6];
	struct source *s;
	uint8_t old;

	if (flags & ~ESB_STORE)
		return H_PARAMETER;
	if (lisn >= XIVE_NR_SOURCES)
		return H_P2;
	if (off > 0xfff)
		return H_P3;
	s = &sources[lisn];
	old = s->pq;
	if (off >= 0xc00) { /* set PQ: 0xc00 00, 0xd00 01, 0xe00 10, 0xf00 11 */
		s->pq = (uint8_t)((off >> 8) & 3);
		r[4] = (flags & ESB_STORE) ? ~0ull : old;
		return H_SUCCESS;
	}
	if (flags & ESB_STORE) {
		if (off >= 0x400)
			return H_P3; /* store EOI is not offered */
		trigger(s);
		r[4] = ~0ull;
		return H_SUCCESS;
	}
	r[4] = off < 0x800 ? eoi(s) : old; /* load EOI, or get PQ */
	return H_SUCCESS;
}

static long set_source(uint64_t *r)
{
	uint64_t flags = r[4], lisn = r[5], target = r[6], prio = r[7], eisn = r[8];
	struct source *s;

	if (flags & ~(SRC_SET_EISN | SRC_MASK))
		return H_PARAMETER;
	if (lisn >= XIVE_NR_SOURCES)
		return H_P2;
	s = &sources[lisn];
	if (prio == PRIO_MASKED) { /* reset the routing */
		s->masked = true;
		s->prio = PRIO_MASKED;
		return H_SUCCESS;
	}
	if (!target_ok(target))
		return H_P3;
	if (prio >= PRIO_RESERVED)
		return H_P4;
	if ((flags & SRC_SET_EISN) && eisn > 0x7fffffffu)
		return H_P5;
	s->masked = flags & SRC_MASK;
	s->target = (uint32_t)target;
	s->prio = (uint8_t)prio;
	if (flags & SRC_SET_EISN)
		s->eisn = (uint32_t)eisn;
	return H_SUCCESS;
}

static long set_queue(uint64_t *r)
{
	uint64_t flags = r[4], target = r[5], prio = r[6], page = r[7], size = r[8];
	struct queue *q;

	if (flags & ~EQ_ALWAYS_NOTIFY)
		return H_PARAMETER;
	if (!target_ok(target))
		return H_P2;
	if (prio >= PRIO_RESERVED)
		return H_P3;
	q = &queues[target][prio];
	if (size == 0) {
		memset(q, 0, sizeof(*q));
		return H_SUCCESS;
	}
	if (size != 12 && size != 16 && size != 21 && size != 24)
		return H_P5;
	if ((page & ((1ull << size) - 1)) || !gmem_ok(page, 1ull << size))
		return H_P4;
	q->enabled = true;
	q->page = page;
	q->shift = (uint8_t)size;
	q->idx = 0;
	q->gen = true;
	q->ucond = flags & EQ_ALWAYS_NOTIFY;
	return H_SUCCESS;
}

long xive_hcall(unsigned vcpu, uint64_t *r)
{
	(void)vcpu;
	if (!enabled)
		return H_FUNCTION; /* only after CAS chose XIVE exploitation */
	switch (r[3]) {
	case H_INT_GET_SOURCE_INFO:
		if (r[4])
			return H_PARAMETER;
		if (r[5] >= XIVE_NR_SOURCES)
			return H_P2;
		r[4] = SRC_H_INT_ESB;
		r[5] = ~0ull; /* no ESB pages: H_INT_ESB */
		r[6] = ~0ull;
		r[7] = ESB_SHIFT;
		/* hostile host: MMIO ESB claimed without a page, an absurd page
		 * size, a misaligned trigger page */
		if (shim_fault("xive-source-no-esb"))
			r[4] = 0;
		if (shim_fault("xive-esb-shift"))
			r[7] = 40;
		if (shim_fault("xive-trig-misaligned"))
			r[6] = 0x1234;
		return H_SUCCESS;
	case H_INT_SET_SOURCE_CONFIG:
		return set_source(r);
	case H_INT_GET_SOURCE_CONFIG: {
		const struct source *s;

		if (r[4])
			return H_PARAMETER;
		if (r[5] >= XIVE_NR_SOURCES)
			return H_P2;
		s = &sources[r[5]];
		r[4] = s->target;
		r[5] = s->masked ? PRIO_MASKED : s->prio;
		r[6] = s->eisn;
		return H_SUCCESS;
	}
	case H_INT_GET_QUEUE_INFO:
		if (shim_fault("xive-queue-info-undef-error"))
			return -1000; /* hostile host: no such hcall return code */
		if (r[4])
			return H_PARAMETER;
		if (!target_ok(r[5]))
			return H_P2;
		if (r[6] >= PRIO_RESERVED)
			return H_P3;
		/* no notification pages are mapped: an address nothing answers */
		r[4] = XIVE_NOTIFY_BASE + ((r[5] * PRIO_RESERVED + r[6]) << (ESB_SHIFT + 1));
		r[5] = queues[r[5]][r[6]].enabled ? queues[r[5]][r[6]].shift : 0;
		return H_SUCCESS;
	case H_INT_SET_QUEUE_CONFIG:
		return set_queue(r);
	case H_INT_GET_QUEUE_CONFIG: {
		const struct queue *q;
		uint64_t flags = r[4];

		if (flags & ~EQ_DEBUG)
			return H_PARAMETER;
		if (!target_ok(r[5]))
			return H_P2;
		if (r[6] >= PRIO_RESERVED)
			return H_P3;
		q = &queues[r[5]][r[6]];
		r[4] = (q->ucond ? EQ_ALWAYS_NOTIFY : 0) |
		       ((flags & EQ_DEBUG) && q->gen ? PPC_BITL(62) : 0);
		r[5] = q->enabled ? q->page : 0;
		r[6] = q->enabled ? q->shift : 0;
		r[7] = (flags & EQ_DEBUG) ? q->idx : 0;
		return H_SUCCESS;
	}
	case H_INT_ESB:
		return esb(r);
	case H_INT_SYNC:
		if (r[4])
			return H_PARAMETER;
		return r[5] < XIVE_NR_SOURCES ? H_SUCCESS : H_P2; /* events are routed synchronously */
	case H_INT_RESET:
		if (r[4])
			return H_PARAMETER;
		xive_reset(nvcpus);
		return H_SUCCESS;
	default: /* the OS reporting line hcalls: not provided */
		return H_FUNCTION;
	}
}

/* The TIMA OS page of the calling processor. */
static int tima_read(void *ctx, unsigned vcpu, uint64_t off, uint8_t *b, unsigned n)
{
	struct os_ring *r;
	uint8_t regs[0x40];

	(void)ctx;
	if (!enabled || vcpu >= nvcpus)
		return -1;
	r = &rings[vcpu];
	if (off == TM_SPC_ACK_OS_REG && n == 2) {
		b[0] = r->nsr;
		if (r->nsr & NSR_EO) {
			r->cppr = r->pipr;
			r->ipb &= (uint8_t)~(0x80 >> r->pipr);
			r->pipr = ipb_to_pipr(r->ipb);
			r->nsr &= (uint8_t)~NSR_EO;
		}
		b[1] = r->cppr;
		return 0;
	}
	if (off + n > sizeof(regs))
		return -1; /* other special operations: not emulated */
	memset(regs, 0, sizeof(regs));
	regs[TM_QW1_OS + TM_NSR] = r->nsr;
	regs[TM_QW1_OS + TM_CPPR] = r->cppr;
	regs[TM_QW1_OS + TM_IPB] = r->ipb;
	regs[TM_QW1_OS + TM_PIPR] = r->pipr;
	regs[TM_QW1_OS + TM_WORD2] = 0x80; /* OS context valid */
	memcpy(b, regs + off, n);
	return 0;
}

static int tima_write(void *ctx, unsigned vcpu, uint64_t off, const uint8_t *b, unsigned n)
{
	(void)ctx;
	if (!enabled || vcpu >= nvcpus || off != TM_QW1_OS + TM_CPPR || n != 1)
		return -1; /* only the CPPR byte is writable from the OS */
	rings[vcpu].cppr = b[0] < PRIO_RESERVED ? b[0] : PRIO_MASKED;
	notify(&rings[vcpu]);
	return 0;
}

const struct mmio_ops xive_tima_ops = { tima_read, tima_write };
