/* XIVE exploitation mode on PAPR (LoPAPR "XIVE Exploitation" hcalls
 * H_INT_*; the XIVE architecture's ESB, END/event queue and TIMA).
 * - Sources (LISNs) are routed with H_INT_SET_SOURCE_CONFIG to (target CPU,
 *   priority) with our own EISN, which is what lands in the event queue.
 * - Each source has an Event State Buffer with two bits PQ: a trigger with
 *   PQ=00 forwards the event and sets P; a trigger with P set only sets Q;
 *   PQ=01 means masked (triggers are dropped). Loads at special offsets of
 *   the ESB management page read or set PQ and return the old value.
 * - The event queue is a guest page of 32-bit big-endian entries: bit 31 is
 *   the generation, flipped by the hypervisor each time it wraps; an entry
 *   whose generation equals our toggle is not written yet.
 * - The TIMA's OS ring: a 16-bit load at 0x810 acknowledges (raises CPPR to
 *   the priority being taken); writing CPPR = 0xff opens it again.
 * MMIO pages are reached at their real address: identity-mapped as
 * cache-inhibited guarded I/O once checked (mmu_radix.c), or in real mode. */
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/trace.h>
#include <irq/irq.h>

#include "ppc64.h"
#include "xive.h"

/* H_INT_GET_SOURCE_INFO output flags (PPC bit numbers 60-63 of r4) */
#define SRC_H_INT_ESB (1ull << 3) /* ESB only through H_INT_ESB */
#define SRC_LSI (1ull << 2)
#define SRC_TRIGGER (1ull << 1)   /* trigger and management on one page */
#define SRC_STORE_EOI (1ull << 0)
/* H_INT_SET_SOURCE_CONFIG flags */
#define SRC_SET_EISN (1ull << 1)
/* H_INT_SET_QUEUE_CONFIG flags */
#define EQ_ALWAYS_NOTIFY (1ull << 0)
/* H_INT_ESB flags */
#define ESB_STORE (1ull << 0)

/* ESB management page offsets (XIVE: ESB special loads) */
#define ESB_LOAD_EOI 0x000
#define ESB_GET 0x800
#define ESB_SET_PQ_00 0xc00
#define ESB_SET_PQ_01 0xd00
/* TIMA (OS ring view) */
#define TM_QW1_OS 0x10
#define TM_CPPR 0x1
#define TM_SPC_ACK_OS_REG 0x810
#define TM_NSR_EO 0x80 /* NSR: an OS exception is pending */

#define EQ_MAX_SHIFT 16
#define EQ_ENTRIES ((1u << xive_info.eq_shift) / 4)
#define MAX_SOURCES 16
#define EISN_MASK 0x7fffffffu

struct xive_source {
	bool used;
	uint32_t lisn;
	uint64_t flags, eoi_page, trig_page;
	unsigned shift;
};

static struct xive_source sources[MAX_SOURCES];
struct xive_info xive_info;
static uint32_t ipi_base, ipi_count;
static bool eq_shared[PPC64_MAX_CPUS];
/* the event queues: naturally aligned, at most 64 KiB (ibm,xive-eq-sizes) */
static uint32_t eq_buf[PPC64_MAX_CPUS][(1u << EQ_MAX_SHIFT) / 4]
	__attribute__((aligned(1u << EQ_MAX_SHIFT)));

/* The H_INT_* calls of setup and configuration, traced for docs/xive.md
 * (H_INT_ESB is on the interrupt path and stays untraced). */
static long xive_hcall(uint64_t r[4], const char *name, uint64_t op, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6)
{
	long rc;

	trace_call("guest", "hypervisor", "%s 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx", name,
		   (unsigned long long)a1, (unsigned long long)a2, (unsigned long long)a3,
		   (unsigned long long)a4, (unsigned long long)a5);
	rc = ppc64_hcall_ret(r, op, a1, a2, a3, a4, a5, a6);
	trace_ret("hypervisor", "guest", "%ld%s", rc, rc == H_SUCCESS ? " (H_SUCCESS)" : "");
	return rc;
}

static long xive_hcall4(const char *name, uint64_t op, uint64_t a1, uint64_t a2)
{
	uint64_t r[4];

	return xive_hcall(r, name, op, a1, a2, 0, 0, 0, 0);
}

static struct xive_cpu *this_cpu(void)
{
	return &xive_info.cpu[ppc64_cpu_id()];
}

static uint64_t mmio_load64(uint64_t addr)
{
	uint64_t v;

	/* big-endian device: byte-reversed load from our little-endian mode */
	__asm__ volatile("sync; ldbrx %0, 0, %1; sync" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static void mmio_store64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("sync; stdbrx %0, 0, %1; sync" ::"r"(v), "r"(addr) : "memory");
}

static uint16_t mmio_load16(uint64_t addr)
{
	uint16_t v;

	__asm__ volatile("sync; lhbrx %0, 0, %1; sync" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static void mmio_store8(uint64_t addr, uint8_t v)
{
	__asm__ volatile("sync; stb %0, 0(%1); sync" ::"r"(v), "r"(addr) : "memory");
}

static struct xive_source *source(unsigned lisn)
{
	for (size_t i = 0; i < MAX_SOURCES; i++)
		if (sources[i].used && sources[i].lisn == lisn)
			return &sources[i];
	return NULL;
}

/* Learn a source's ESB pages; every answer is checked before we touch MMIO. */
static struct xive_source *source_get(unsigned lisn)
{
	struct xive_source *s = source(lisn);
	uint64_t r[4];
	long rc;

	if (s)
		return s;
	for (size_t i = 0; i < MAX_SOURCES && !s; i++)
		if (!sources[i].used)
			s = &sources[i];
	if (!s)
		return NULL;
	rc = xive_hcall(r, "H_INT_GET_SOURCE_INFO", H_INT_GET_SOURCE_INFO, 0, lisn, 0, 0, 0, 0);
	if (rc != H_SUCCESS) {
		kprintf("xive: H_INT_GET_SOURCE_INFO(%u) = %ld\n", lisn, rc);
		return NULL;
	}
	s->flags = r[0];
	s->eoi_page = r[1];
	s->trig_page = r[2];
	s->shift = (unsigned)r[3];
	if (s->shift < 12 || s->shift > 24) {
		kprintf("xive: LISN %u: absurd ESB page size 2^%u\n", lisn, s->shift);
		return NULL;
	}
	if (!(s->flags & SRC_H_INT_ESB) &&
	    (s->eoi_page == ~0ull || s->eoi_page & ((1ull << s->shift) - 1))) {
		kprintf("xive: LISN %u: ESB page 0x%llx unusable\n", lisn,
			(unsigned long long)s->eoi_page);
		return NULL;
	}
	if (s->trig_page != ~0ull && s->trig_page & ((1ull << s->shift) - 1)) {
		kprintf("xive: LISN %u: trigger page 0x%llx misaligned\n", lisn,
			(unsigned long long)s->trig_page);
		return NULL;
	}
	if ((!(s->flags & SRC_H_INT_ESB) &&
	     ppc64_mmu_map_io(s->eoi_page, 1ull << s->shift)) ||
	    (s->trig_page != ~0ull && s->trig_page != s->eoi_page &&
	     ppc64_mmu_map_io(s->trig_page, 1ull << s->shift))) {
		kprintf("xive: LISN %u: ESB pages cannot be mapped\n", lisn);
		return NULL;
	}
	s->lisn = lisn;
	s->used = true;
	return s;
}

/* An ESB special load: MMIO, or H_INT_ESB when the platform requires it. */
static int esb_load(struct xive_source *s, unsigned off)
{
	uint64_t r[4];

	if (s->flags & SRC_H_INT_ESB) {
		if (ppc64_hcall_ret(r, H_INT_ESB, 0, s->lisn, off, 0, 0, 0) != H_SUCCESS)
			return -1;
		/* An ESB load yields PQ in the two low-order bits, nothing else.
		 * QEMU 10.0.2 under TCG hands back the doubleword in device (big-
		 * endian) byte order; accept exactly that byte-swapped form and
		 * refuse any other value. */
		if (!(r[0] & ~3ull))
			return (int)r[0];
		if (!(__builtin_bswap64(r[0]) & ~3ull)) {
			xive_info.esb_hcall_swapped++;
			return (int)__builtin_bswap64(r[0]);
		}
		kprintf("xive: H_INT_ESB(LISN %u, 0x%x) returned garbage 0x%llx\n", s->lisn, off,
			(unsigned long long)r[0]);
		return -1;
	}
	return (int)(mmio_load64(s->eoi_page + off) & 3);
}

int xive_esb_get(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	return s ? esb_load(s, ESB_GET) : -1;
}

uint64_t xive_source_flags(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	return s ? s->flags : ~0ull;
}

static int xive_trigger(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	if (!s)
		return -1;
	/* H_INT_ESB sources: every ESB access, the trigger store (offset 0)
	 * included, goes through the hcall (LoPAPR H_INT_ESB, "Store" flag) */
	if (s->flags & SRC_H_INT_ESB) {
		uint64_t r[4];

		return ppc64_hcall_ret(r, H_INT_ESB, ESB_STORE, s->lisn, 0, 0, 0, 0) == H_SUCCESS
			       ? 0
			       : -1;
	}
	if (s->trig_page != ~0ull)
		mmio_store64(s->trig_page, 0);
	else if ((s->flags & (SRC_TRIGGER | SRC_H_INT_ESB)) == SRC_TRIGGER)
		mmio_store64(s->eoi_page, 0); /* one page does both */
	else
		return -1;
	return 0;
}

static int xive_eoi(unsigned lisn)
{
	struct xive_source *s = source(lisn);
	int pq;

	if (!s)
		return -1;
	/* a level source: the EOI load lets the source re-evaluate its line */
	if (s->flags & SRC_LSI)
		return esb_load(s, ESB_LOAD_EOI) < 0 ? -1 : 0;
	/* PQ := 00; if Q was set, an event came in while in service: re-fire it */
	pq = esb_load(s, ESB_SET_PQ_00);
	if (pq < 0)
		return -1;
	if (pq & XIVE_PQ_Q)
		return xive_trigger(lisn);
	return 0;
}

static int xive_mask(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	return s && esb_load(s, ESB_SET_PQ_01) >= 0 ? 0 : -1;
}

static int xive_unmask(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	if (!s || esb_load(s, ESB_SET_PQ_00) < 0)
		return -1;
	/* a level source asserted while masked sends nothing on PQ := 00:
	 * the EOI load re-samples the line and forwards it if still high */
	if (s->flags & SRC_LSI)
		return esb_load(s, ESB_LOAD_EOI) < 0 ? -1 : 0;
	return 0;
}

bool xive_source_is_lsi(unsigned lisn)
{
	struct xive_source *s = source(lisn);

	return s && (s->flags & SRC_LSI);
}

static int xive_route(unsigned lisn)
{
	struct xive_source *s = source_get(lisn);
	uint64_t r[4], target;
	long rc;

	if (!s || lisn > EISN_MASK)
		return -1;
	if (esb_load(s, ESB_SET_PQ_01) < 0)
		return -1;
	/* an IPI goes to the CPU it belongs to, anything else to this CPU;
	 * EISN = LISN: what the event queue will carry for this source */
	target = this_cpu()->target;
	for (unsigned c = 0; c < PPC64_MAX_CPUS; c++)
		if (xive_info.cpu[c].online && xive_info.cpu[c].ipi_lisn == lisn)
			target = xive_info.cpu[c].target;
	rc = xive_hcall(r, "H_INT_SET_SOURCE_CONFIG", H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, lisn, target,
			     xive_info.prio, lisn, 0);
	if (rc != H_SUCCESS) {
		kprintf("xive: H_INT_SET_SOURCE_CONFIG(%u) = %ld\n", lisn, rc);
		return -1;
	}
	return 0;
}

static int eq_config(struct xive_cpu *xc)
{
	uint64_t r[4];
	long rc;

	/* a Secure VM lets the hypervisor write exactly this page (uv.c); once:
	 * a re-arm runs in the interrupt handler, where an ultracall (`sc 2`
	 * through our own 0xc00 under TCG) must not nest */
	if (!eq_shared[xc - xive_info.cpu]) {
		if (ppc64_uv_share("xive event queue (eq)", xc->eq,
				   ((1u << xive_info.eq_shift) + 4095) / 4096))
			return -1;
		eq_shared[xc - xive_info.cpu] = ppc64_uv_shares("xive event queue (eq)");
	}
	memset(xc->eq, 0, 1u << xive_info.eq_shift);
	xc->eq_idx = 0;
	xc->eq_toggle = false;
	rc = xive_hcall(r, "H_INT_SET_QUEUE_CONFIG", H_INT_SET_QUEUE_CONFIG, EQ_ALWAYS_NOTIFY, xc->target,
			     xive_info.prio, (uintptr_t)xc->eq, xive_info.eq_shift, 0);
	if (rc != H_SUCCESS) {
		kprintf("xive: H_INT_SET_QUEUE_CONFIG = %ld\n", rc);
		return -1;
	}
	return 0;
}

/* The next EISN, or IRQ_NONE. Garbage (an EISN we never configured) means
 * the queue cannot be trusted: report it and re-arm the queue. */
static int eq_next(struct xive_cpu *xc)
{
	uint32_t e = __builtin_bswap32(((volatile uint32_t *)xc->eq)[xc->eq_idx]);
	uint32_t eisn;

	if ((e >> 31) == (uint32_t)xc->eq_toggle)
		return IRQ_NONE;
	xc->eq_idx = (xc->eq_idx + 1) % EQ_ENTRIES;
	if (xc->eq_idx == 0)
		xc->eq_toggle = !xc->eq_toggle;
	eisn = e & EISN_MASK;
	if (!source(eisn)) {
		xive_info.eq_garbage++;
		kprintf("xive: event queue entry 0x%08x names no configured source: "
			"re-arming the queue\n", e);
		if (eq_config(xc) == 0)
			xive_info.eq_resets++;
		return IRQ_NONE;
	}
	return (int)eisn;
}

static int xive_claim(void)
{
	struct xive_cpu *xc = this_cpu();

	if (!xc->acked) {
		/* acknowledge: CPPR := priority taken (we use one priority) */
		(void)mmio_load16(xive_info.tima + TM_SPC_ACK_OS_REG);
		xc->acked = true;
	}
	return eq_next(xc);
}

static void xive_claim_done(void)
{
	this_cpu()->acked = false;
	mmio_store8(xive_info.tima + TM_QW1_OS + TM_CPPR, 0xff);
}

static int xive_send_ipi(unsigned cpu)
{
	if (cpu >= PPC64_MAX_CPUS || !xive_info.cpu[cpu].online)
		return -1;
	return xive_trigger(xive_info.cpu[cpu].ipi_lisn);
}

static int xive_ipi_hwirq(unsigned cpu)
{
	if (cpu >= PPC64_MAX_CPUS || !xive_info.cpu[cpu].online)
		return -1;
	return (int)xive_info.cpu[cpu].ipi_lisn;
}

/* Bring up this CPU's presenter: its event queue, CPPR open. Its IPI is
 * routed when somebody registers a handler for it. */
static int cpu_setup(unsigned cpu, uint32_t server)
{
	struct xive_cpu *xc = &xive_info.cpu[cpu];
	uint64_t r[4];
	long rc;

	if (cpu >= PPC64_MAX_CPUS || server >= ipi_count)
		return -1;
	xc->target = server;
	xc->ipi_lisn = ipi_base + server; /* QEMU: one IPI LISN per server, from the base */
	xc->eq = eq_buf[cpu];
	rc = xive_hcall(r, "H_INT_GET_QUEUE_INFO", H_INT_GET_QUEUE_INFO, 0, xc->target, xive_info.prio, 0, 0, 0);
	if (rc != H_SUCCESS) {
		kprintf("xive: H_INT_GET_QUEUE_INFO(server %u) = %ld\n", server, rc);
		return -1;
	}
	xc->eq_notify = r[0];
	if (eq_config(xc))
		return -1;
	xc->online = true;
	return 0;
}

static int xive_cpu_init(unsigned cpu, uint32_t server)
{
	if (cpu != ppc64_cpu_id() || cpu_setup(cpu, server))
		return -1;
	mmio_store8(xive_info.tima + TM_QW1_OS + TM_CPPR, 0xff);
	return 0;
}

static const struct irq_chip xive_chip = {
	.name = "XIVE",
	.claim = xive_claim,
	.claim_done = xive_claim_done,
	.eoi = xive_eoi,
	.route = xive_route,
	.mask = xive_mask,
	.unmask = xive_unmask,
	.send_ipi = xive_send_ipi,
	.ipi_hwirq = xive_ipi_hwirq,
	.trigger = xive_trigger,
	.cpu_init = xive_cpu_init,
};

void xive_test_poison_eq(uint32_t eisn)
{
	struct xive_cpu *xc = &xive_info.cpu[0];
	uint32_t slot = (xc->eq_idx + 1) % EQ_ENTRIES;
	uint32_t gen = slot == 0 ? !xc->eq_toggle : xc->eq_toggle;

	/* valid = generation differs from the toggle in force at that slot */
	((volatile uint32_t *)xc->eq)[slot] =
		__builtin_bswap32(((uint32_t)!gen << 31) | (eisn & EISN_MASK));
}

int xive_get_source_config(unsigned lisn, uint64_t *target, uint64_t *prio, uint64_t *eisn)
{
	uint64_t r[4];

	if (xive_hcall(r, "H_INT_GET_SOURCE_CONFIG", H_INT_GET_SOURCE_CONFIG, 0, lisn, 0, 0, 0, 0) != H_SUCCESS)
		return -1;
	*target = r[0], *prio = r[1], *eisn = r[2];
	return 0;
}

int xive_get_queue_config(uint64_t *qpage, uint64_t *qshift)
{
	uint64_t r[4];

	if (xive_hcall(r, "H_INT_GET_QUEUE_CONFIG", H_INT_GET_QUEUE_CONFIG, 0, this_cpu()->target, xive_info.prio, 0,
			    0, 0) != H_SUCCESS)
		return -1;
	*qpage = r[1], *qshift = r[2];
	return 0;
}

/* Shutdown: deconfigure every event queue (H_INT_SET_QUEUE_CONFIG with
 * size 0, PAPR ACR "XIVE Exploitation"), then H_INT_RESET, and only then
 * unshare the queue pages. In that order because the hypervisor writes an
 * event into a queue page whenever a source fires: a page unshared while its
 * queue is still configured would be written after it turned private again
 * (refused by the ultravisor as a protection violation, or landing in memory
 * the guest has taken back). */
int xive_teardown(void)
{
	int rc = 0;

	for (unsigned c = 0; c < PPC64_MAX_CPUS; c++) {
		struct xive_cpu *xc = &xive_info.cpu[c];
		uint64_t r[4];

		if (!xc->online || !xc->eq)
			continue;
		if (xive_hcall(r, "H_INT_SET_QUEUE_CONFIG", H_INT_SET_QUEUE_CONFIG, 0, xc->target,
			       xive_info.prio, 0, 0, 0) != H_SUCCESS) {
			kprintf("xive: CPU %u's event queue would not deconfigure: stays shared\n", c);
			eq_shared[c] = false; /* never unshared below */
			rc = -1;
		}
	}
	if (xive_hcall4("H_INT_RESET", H_INT_RESET, 0, 0) != H_SUCCESS)
		return -1; /* sources may still fire into the queues: keep them shared */
	for (unsigned c = 0; c < PPC64_MAX_CPUS; c++) {
		if (!eq_shared[c])
			continue;
		if (ppc64_uv_unshare("xive event queue (eq)", xive_info.cpu[c].eq,
				     ((1u << xive_info.eq_shift) + 4095) / 4096))
			rc = -1;
		eq_shared[c] = false;
	}
	return rc;
}

int xive_init(const void *fdt, const struct intc_node *n)
{
	long rc;

	memset(&xive_info, 0, sizeof(xive_info));
	memset(sources, 0, sizeof(sources));
	xive_info.tima = n->tima_os;
	if (ppc64_mmu_map_io(n->tima_os, n->tima_os_size)) {
		kprintf("xive: OS TIMA 0x%llx cannot be mapped\n", (unsigned long long)n->tima_os);
		return -1;
	}
	xive_info.prio = n->prio;
	xive_info.eq_shift = n->eq_shift;
	if (xive_info.eq_shift > EQ_MAX_SHIFT) {
		kprintf("xive: event queue of 2^%u bytes unsupported\n", xive_info.eq_shift);
		return -1;
	}
	ipi_base = n->lisn_base;
	ipi_count = n->lisn_count;
	rc = xive_hcall4("H_INT_RESET", H_INT_RESET, 0, 0);
	if (rc != H_SUCCESS) {
		kprintf("xive: H_INT_RESET = %ld\n", rc);
		return -1;
	}
	if (cpu_setup(0, ppc64_boot_server(fdt))) {
		kprintf("xive: boot CPU's presenter setup failed\n");
		return -1;
	}
	if (irq_chip_register(&xive_chip))
		return -1;
	mmio_store8(xive_info.tima + TM_QW1_OS + TM_CPPR, 0xff);
	rc = xive_hcall4("H_INT_SYNC", H_INT_SYNC, 0, xive_info.cpu[0].ipi_lisn);
	if (rc != H_SUCCESS)
		kprintf("xive: H_INT_SYNC = %ld\n", rc);
	return 0;
}
