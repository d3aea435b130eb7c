/* SDEI client (Arm DEN0054 v1.1), the guest side of shim/arch/arm64/sdei.c.
 * Discovery: the "arm,sdei-1.0" device-tree node and its method (Linux
 * bindings arm/firmware/sdei.txt); without one, a VERSION probe on each
 * conduit that is known to reach firmware from here (an HVC with no
 * hypervisor, or an SMC with no EL3, is an undefined instruction).
 * Everything the provider returns is checked; a provider we cannot use
 * leaves SDEI off, never the boot broken. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

#include "arm64.h"
#include "sdei.h"
#include "sdei_context.h"
#include "sysreg.h"

#define MAX_SLOTS 16
#define MAX_PES 8 /* nesting records; PEs beyond them run handlers unchecked for nesting */
#define MPIDR_AFF_MASK 0xff00ffffffull

uint32_t sdei_use_smc; /* read by sdei_entry.S */
static bool available, from_dt;
static uint64_t version;
static const char *absent = "not probed";
static struct sdei_slot slots[MAX_SLOTS];
static struct sdei_pe_state pes[MAX_PES];
extern char sdei_entry_end[];
volatile uint64_t sdei_resume_hits, sdei_resume_elr, sdei_resume_spsr, sdei_resume_daif;

struct sdei_ret {
	uint64_t fid, arg;
};
struct sdei_ret sdei_handler_c(uint64_t ev, uint64_t arg, uint64_t pc, uint64_t pstate,
			       const uint64_t *saved);
noreturn void sdei_complete_returned(int64_t err);

#define SMCCC_CLOBBERS                                                                     \
	"x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"

static int64_t raw_call(bool smc, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			uint64_t a5)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;

	if (smc)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
				 :
				 : SMCCC_CLOBBERS);
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
				 :
				 : SMCCC_CLOBBERS);
	return (int64_t)x0;
}

/* DEN0054 section 5.1: the function IDs run from SDEI_VERSION up */
static const char *call_name(uint32_t fid)
{
	static const char *const names[] = {
		"VERSION", "EVENT_REGISTER", "EVENT_ENABLE", "EVENT_DISABLE", "EVENT_CONTEXT",
		"EVENT_COMPLETE", "EVENT_COMPLETE_AND_RESUME", "EVENT_UNREGISTER", "EVENT_STATUS",
		"EVENT_GET_INFO", "EVENT_ROUTING_SET", "PE_MASK", "PE_UNMASK", "INTERRUPT_BIND",
		"INTERRUPT_RELEASE", "EVENT_SIGNAL", "FEATURES", "PRIVATE_RESET", "SHARED_RESET",
	};
	uint32_t i = fid - SDEI_VERSION;

	return i < sizeof(names) / sizeof(names[0]) ? names[i] : "unknown";
}

int64_t sdei_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	int64_t r;

	if (!available)
		return SDEI_NOT_SUPPORTED;
	trace_call("guest", "SDEI", "%s 0x%llx 0x%llx", call_name(fid), (unsigned long long)a1,
		   (unsigned long long)a2);
	r = raw_call(sdei_use_smc, fid, a1, a2, a3, a4, a5);
	trace_ret("SDEI", "guest", "%lld", (long long)r);
	return r;
}

bool sdei_available(void)
{
	return available;
}
const char *sdei_absent_reason(void)
{
	return absent;
}
const char *sdei_conduit_name(void)
{
	return sdei_use_smc ? "smc" : "hvc";
}
bool sdei_conduit_is_smc(void)
{
	return sdei_use_smc;
}
bool sdei_conduit_from_dt(void)
{
	return from_dt;
}
uint64_t sdei_version_raw(void)
{
	return version;
}

/* Can this conduit reach an SDEI implementation from here without being an
 * undefined instruction? HVC needs a hypervisor above us (EL2 implemented and
 * we entered at EL1); SMC needs EL3, or a hypervisor that traps it. QEMU's
 * built-in PSCI (no EL2/EL3) answers PSCI IDs only: anything else is UNDEF. */
static bool conduit_reachable(bool smc)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	bool hyp = arm64_entry_el == 1 && PFR0_EL2(pfr0);

	return smc ? PFR0_EL3(pfr0) || hyp : hyp;
}

/* SDEI_VERSION (DEN0054): bit 63 clear, major [62:48] must be 1 */
static bool version_ok(int64_t v)
{
	return v >= 0 && ((uint64_t)v >> 48) == 1;
}

static int probe(bool smc)
{
	int64_t v;

	if (!conduit_reachable(smc))
		return -1;
	v = raw_call(smc, SDEI_VERSION, 0, 0, 0, 0, 0);
	if (!version_ok(v))
		return -1;
	sdei_use_smc = smc;
	version = (uint64_t)v;
	return 0;
}

static int from_tree(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,sdei-1.0"), len;
	const char *m;
	bool smc;
	int64_t v;

	if (node < 0)
		return 1; /* no node: probe */
	m = fdt_getprop(fdt, node, "method", &len);
	if (!m || len <= 0 || strnlen(m, (size_t)len) == (size_t)len ||
	    (strcmp(m, "hvc") && strcmp(m, "smc"))) {
		absent = "the arm,sdei-1.0 node has no valid \"method\"";
		kprintf("arm64: sdei: %s\n", absent);
		return -1;
	}
	smc = !strcmp(m, "smc");
	if (!conduit_reachable(smc)) {
		absent = "the device tree's SDEI method cannot reach firmware from here";
		kprintf("arm64: sdei: method \"%s\": %s\n", m, absent);
		return -1;
	}
	v = raw_call(smc, SDEI_VERSION, 0, 0, 0, 0, 0);
	if (!version_ok(v)) {
		absent = "SDEI_VERSION is not 1.x";
		kprintf("arm64: sdei: VERSION via %s returned 0x%llx: not 1.x, SDEI off\n", m,
			(unsigned long long)v);
		return -1;
	}
	sdei_use_smc = smc;
	version = (uint64_t)v;
	from_dt = true;
	return 0;
}

int sdei_init(const void *fdt)
{
	int r = fdt ? from_tree(fdt) : 1;
	int64_t pr, sr, um;

	if (r < 0)
		return 0;
	if (r > 0 && probe(false) && probe(true)) {
		absent = "no arm,sdei-1.0 node and no SDEI_VERSION answer on a reachable conduit";
		return 0;
	}
	available = true;
	/* a clean slate whatever a previous boot left (DEN0054 PRIVATE_RESET, SHARED_RESET) */
	pr = sdei_call(SDEI_PRIVATE_RESET, 0, 0, 0, 0, 0);
	sr = sdei_call(SDEI_SHARED_RESET, 0, 0, 0, 0, 0);
	um = sdei_call(SDEI_PE_UNMASK, 0, 0, 0, 0, 0);
	if (pr || sr || um) {
		kprintf("arm64: sdei: reset/unmask refused (%lld/%lld/%lld): SDEI off\n",
			(long long)pr, (long long)sr, (long long)um);
		absent = "PRIVATE_RESET/SHARED_RESET/PE_UNMASK failed";
		available = false;
	}
	return 0;
}

/* A secondary PE coming up (smp.c): a clean slate for its private events.
 * Returns what PE_MASK said before we unmask (0: it started masked, as
 * DEN0054 requires of a PE coming up), or a negative error. */
int64_t sdei_secondary_init(void)
{
	int64_t r, m;

	if (!available)
		return SDEI_NOT_SUPPORTED;
	r = sdei_call(SDEI_PRIVATE_RESET, 0, 0, 0, 0, 0);
	m = sdei_call(SDEI_PE_MASK, 0, 0, 0, 0, 0);
	if (r || m < 0)
		return r ? r : m;
	r = sdei_call(SDEI_PE_UNMASK, 0, 0, 0, 0, 0);
	return r ? r : m;
}

void sdei_print_summary(void)
{
	if (!available) {
		kprintf("  sdei     : absent (%s)\n", absent);
		return;
	}
	kprintf("  sdei     : v%llu.%llu (vendor 0x%llx) via %s (%s)\n",
		(unsigned long long)(version >> 48 & 0x7fff),
		(unsigned long long)(version >> 32 & 0xffff),
		(unsigned long long)(version & 0xffffffff), sdei_conduit_name(),
		from_dt ? "device tree" : "probed");
}

static uint64_t this_pe(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

static struct sdei_slot *slot_for(uint64_t event, bool create)
{
	struct sdei_slot *free = NULL;
	uint64_t me = this_pe();

	for (int i = 0; i < MAX_SLOTS; i++) {
		if (slots[i].used && slots[i].event == event && slots[i].owner == me)
			return &slots[i];
		if (!slots[i].used && !free)
			free = &slots[i];
	}
	if (!create || !free)
		return NULL;
	free->event = event;
	free->owner = me;
	free->used = true;
	return free;
}

int64_t sdei_event_register(uint64_t event, sdei_handler_fn fn, void *cookie, uint64_t flags,
			    uint64_t affinity)
{
	struct sdei_slot *s = slot_for(event, true);

	int64_t prio;

	if (!s)
		return SDEI_OUT_OF_RESOURCE;
	/* the priority decides which entries may nest (sdei_context.c) */
	prio = sdei_call(SDEI_EVENT_GET_INFO, event, SDEI_INFO_PRIORITY, 0, 0, 0);
	/* a handler of this event may still be running: publish fn/cookie
	 * before the provider can enter with the new registration */
	s->prio = prio == 0 ? SDEI_PRIO_NORMAL : prio == 1 ? SDEI_PRIO_CRITICAL : SDEI_PRIO_UNKNOWN;
	s->fn = fn;
	s->cookie = cookie;
	__asm__ volatile("dmb ish" ::: "memory");
	return sdei_call(SDEI_EVENT_REGISTER, event, (uint64_t)(uintptr_t)sdei_entry,
			 (uint64_t)(uintptr_t)s, flags, affinity);
}

uint64_t sdei_event_arg(uint64_t event)
{
	return (uint64_t)(uintptr_t)slot_for(event, false);
}

/* From sdei_entry.S. Whatever the provider passed is checked
 * (sdei_context.c) before a handler runs; a context DEN0054 does not allow
 * is completed as failed. */
struct sdei_ret sdei_handler_c(uint64_t ev, uint64_t arg, uint64_t pc, uint64_t pstate,
			       const uint64_t *saved)
{
	struct sdei_pe_state *pe = sdei_pe_find(pes, MAX_PES, this_pe());
	struct sdei_entry e = { ev, arg, pc, pstate, 1, (uintptr_t)sdei_entry,
				(uintptr_t)sdei_entry_end, pe };
	struct sdei_handler_ctx ctx = { ev, pc, pstate, saved, SDEI_ACT_COMPLETE, 0 };
	struct sdei_ret r = { SDEI_EVENT_COMPLETE, 1 /* SDEI_EV_FAILED */ };
	struct sdei_completion c;
	struct sdei_slot *s;
	char why[128];
	bool bad;

	if (sdei_entry_check(slots, MAX_SLOTS, &e, &s, why, sizeof(why)) != SDEI_ENTRY_OK) {
		kprintf("arm64: sdei: event %llu entered %s: completing it as failed\n",
			(unsigned long long)ev, why);
		return r;
	}
	trace_call("SDEI", "guest", "handler for event %llu (interrupted pc 0x%llx)",
		   (unsigned long long)ev, (unsigned long long)pc);
	sdei_pe_enter(pe, s);
	s->fn(&ctx, s->cookie);
	sdei_pe_leave(pe);
	c = sdei_completion_for(&ctx, &bad);
	if (bad)
		kprintf("arm64: sdei: the handler of event %llu asked to resume at 0x%llx: "
			"completing it as failed\n",
			(unsigned long long)ev, (unsigned long long)ctx.resume_addr);
	trace_call("guest", "SDEI", "%s (from the entry stub)",
		   c.fid == SDEI_EVENT_COMPLETE_AND_RESUME ? "EVENT_COMPLETE_AND_RESUME"
							  : "EVENT_COMPLETE");
	r.fid = c.fid;
	r.arg = c.arg;
	return r;
}

noreturn void sdei_complete_returned(int64_t err)
{
	kprintf("arm64: sdei: COMPLETE returned %lld: the provider lost our event context\n",
		(long long)err);
	trap_unexpected("SDEI COMPLETE returned");
}
