/* SDEI v1.1 provider (Arm DEN0054 v1.1), the shim side of
 * kernel/arch/arm64/sdei.c. A static event table, per-PE state for private
 * events, global state for shared ones, and a dispatch stack of depth 2 per
 * PE (a critical event may preempt a normal one, as DEN0054 allows).
 *
 * State machine (DEN0054 event states; transitions as in TF-A's sdei_state.c):
 * each event is some subset of {registered, enabled, running}; "running and
 * not registered" is the unregister-pending state that UNREGISTER while the
 * handler runs leads to (it returns PENDING) and that COMPLETE resolves.
 * Only x0-x17 are saved at dispatch (DEN0054 handler entry): the client keeps the rest.
 * Dispatch happens only on the way back into the guest (sdei_dispatch_pending),
 * so a SIGNAL returns first and the handler then interrupts the caller. */
#include <stddef.h>
#include <string.h>

#include <shim/trace.h>

#include "sdei.h"

#define MPIDR_AFF_MASK 0xff00ffffffull /* Aff3..Aff0 (Arm ARM, MPIDR_EL1) */
#define ST_REG SDEI_STATUS_REGISTERED
#define ST_ENA SDEI_STATUS_ENABLED
#define ST_RUN SDEI_STATUS_RUNNING

struct ev_desc {
	uint32_t num;
	bool shared, critical, signalable, dynamic, platform;
};

/* private events first (indices 0..SDEI_NUM_PRIVATE-1), then shared ones */
static const struct ev_desc descs[SDEI_NUM_PRIVATE + SDEI_NUM_SHARED] = {
	{ SDEI_EV_SIGNAL, false, false, true, false, false },
	{ SDEI_EV_PRIV_CRITICAL, false, true, false, false, true },
	{ SDEI_EV_BIND_PRIV0, false, false, false, true, false },
	{ SDEI_EV_BIND_PRIV1, false, false, false, true, false },
	{ SDEI_EV_SHARED, true, false, false, false, true },
	{ SDEI_EV_SHARED_CRITICAL, true, true, false, false, true },
	{ SDEI_EV_BIND_SHARED0, true, false, false, true, false },
	{ SDEI_EV_BIND_SHARED1, true, false, false, true, false },
};
#define NUM_EVENTS (SDEI_NUM_PRIVATE + SDEI_NUM_SHARED)

struct ev_state {
	uint8_t status; /* ST_* bits */
	bool pending;
	uint64_t ep, arg;
	uint64_t route_mode, route_aff; /* shared events */
	unsigned running_cpu;		/* shared events */
};

struct dispatch_ctx {
	int idx;
	uint64_t x[18], pc, pstate;
};

struct pe {
	uint64_t mpidr;
	bool masked;
	unsigned depth;
	struct dispatch_ctx stack[SDEI_MAX_DEPTH];
	struct ev_state priv[SDEI_NUM_PRIVATE];
};

static struct {
	unsigned ncpus;
	struct pe pe[SDEI_MAX_CPUS];
	struct ev_state shared[SDEI_NUM_SHARED];
	bool bound[NUM_EVENTS];
	unsigned intid[NUM_EVENTS];
	uint64_t dispatches;
	bool can_bind;
} S;

void sdei_init(unsigned ncpus, const uint64_t *mpidr, bool can_bind)
{
	memset(&S, 0, sizeof(S));
	S.can_bind = can_bind;
	if (ncpus > SDEI_MAX_CPUS)
		ncpus = SDEI_MAX_CPUS;
	S.ncpus = ncpus;
	for (unsigned i = 0; i < ncpus; i++) {
		S.pe[i].mpidr = mpidr[i] & MPIDR_AFF_MASK;
		S.pe[i].masked = true; /* PEs start masked (DEN0054, PE_MASK) */
	}
}

uint64_t sdei_dispatch_count(void)
{
	return S.dispatches;
}

static int mpidr_to_cpu(uint64_t mpidr)
{
	if (mpidr & ~MPIDR_AFF_MASK)
		return -1;
	for (unsigned i = 0; i < S.ncpus; i++)
		if (S.pe[i].mpidr == mpidr)
			return (int)i;
	return -1;
}

/* Index of a valid event number; dynamic events exist only while bound. */
static int ev_index(uint64_t num)
{
	for (int i = 0; i < NUM_EVENTS; i++)
		if (descs[i].num == num)
			return descs[i].dynamic && !S.bound[i] ? -1 : i;
	return -1;
}

static struct ev_state *ev_state(unsigned cpu, int idx)
{
	return descs[idx].shared ? &S.shared[idx - SDEI_NUM_PRIVATE] : &S.pe[cpu].priv[idx];
}

static void irq_enable(int idx, bool on)
{
	if (descs[idx].dynamic && S.bound[idx])
		sdei_arch_irq_enable(S.intid[idx], on);
}

static void forget(struct ev_state *st)
{
	st->status = 0;
	st->pending = false;
	st->ep = st->arg = 0;
	st->route_mode = st->route_aff = 0;
}

static int64_t ev_register(unsigned cpu, const struct sdei_frame *f)
{
	int idx = ev_index(f->x[1]);
	uint64_t ep = f->x[2], flags = f->x[4], aff = f->x[5];
	struct ev_state *st;

	if (idx < 0 || !sdei_arch_entry_ok(ep) || (flags & ~(uint64_t)SDEI_REGF_RM_PE))
		return SDEI_INVALID_PARAMETERS; /* incl. relative mode: not offered */
	if (descs[idx].shared && (flags & SDEI_REGF_RM_PE) && mpidr_to_cpu(aff) < 0)
		return SDEI_INVALID_PARAMETERS;
	st = ev_state(cpu, idx);
	if (st->status)
		return SDEI_DENIED; /* registered, or still running after UNREGISTER */
	st->status = ST_REG;
	st->pending = false;
	st->ep = ep;
	st->arg = f->x[3];
	if (descs[idx].shared) {
		st->route_mode = flags & SDEI_REGF_RM_PE;
		st->route_aff = st->route_mode ? aff : 0;
	}
	return SDEI_SUCCESS;
}

static int64_t ev_enable(unsigned cpu, uint64_t num, bool on)
{
	int idx = ev_index(num);
	struct ev_state *st;

	if (idx < 0)
		return SDEI_INVALID_PARAMETERS;
	st = ev_state(cpu, idx);
	if (!(st->status & ST_REG))
		return SDEI_DENIED;
	if (on) {
		st->status |= ST_ENA;
		if (!(st->status & ST_RUN)) /* else COMPLETE re-enables */
			irq_enable(idx, true);
	} else {
		st->status &= (uint8_t)~ST_ENA;
		irq_enable(idx, false);
	}
	return SDEI_SUCCESS;
}

static int64_t ev_context(unsigned cpu, uint64_t reg)
{
	struct pe *pe = &S.pe[cpu];

	if (reg > 17)
		return SDEI_INVALID_PARAMETERS;
	if (!pe->depth)
		return SDEI_DENIED;
	return (int64_t)pe->stack[pe->depth - 1].x[reg];
}

/* COMPLETE (resume = false) and COMPLETE_AND_RESUME (DEN0054).
 * On success the frame is the interrupted context: nothing is returned. */
static int64_t ev_complete(unsigned cpu, struct sdei_frame *f, bool resume)
{
	struct pe *pe = &S.pe[cpu];
	struct dispatch_ctx *ctx;
	struct ev_state *st;
	uint64_t addr = f->x[1];

	if (!pe->depth)
		return SDEI_DENIED;
	if (resume && !sdei_arch_entry_ok(addr))
		return SDEI_DENIED;
	ctx = &pe->stack[--pe->depth];
	memcpy(f->x, ctx->x, sizeof(ctx->x));
	if (resume) {
		/* as if an IRQ had been taken at the interrupted instruction */
		sdei_arch_set_resume_regs(ctx->pc, ctx->pstate);
		f->pc = addr;
		f->pstate = sdei_arch_handler_pstate(ctx->pstate);
	} else {
		f->pc = ctx->pc;
		f->pstate = ctx->pstate;
	}
	st = ev_state(cpu, ctx->idx);
	st->status &= (uint8_t)~ST_RUN;
	if (!(st->status & ST_REG))
		forget(st); /* the pending UNREGISTER takes effect */
	else if (st->status & ST_ENA)
		irq_enable(ctx->idx, true);
	return SDEI_SUCCESS;
}

static int64_t ev_unregister(unsigned cpu, uint64_t num)
{
	int idx = ev_index(num);
	struct ev_state *st;

	if (idx < 0)
		return SDEI_INVALID_PARAMETERS;
	st = ev_state(cpu, idx);
	if (st->status == ST_RUN)
		return SDEI_PENDING; /* already unregister-pending */
	if (!(st->status & ST_REG))
		return SDEI_DENIED;
	irq_enable(idx, false);
	st->pending = false;
	if (st->status & ST_RUN) {
		st->status = ST_RUN;
		return SDEI_PENDING;
	}
	forget(st);
	return SDEI_SUCCESS;
}

static int64_t ev_status(unsigned cpu, uint64_t num)
{
	int idx = ev_index(num);

	return idx < 0 ? SDEI_INVALID_PARAMETERS : ev_state(cpu, idx)->status;
}

static int64_t ev_get_info(unsigned cpu, uint64_t num, uint64_t info)
{
	int idx = ev_index(num);
	struct ev_state *st;

	if (idx < 0)
		return SDEI_INVALID_PARAMETERS;
	st = ev_state(cpu, idx);
	switch (info) {
	case SDEI_INFO_TYPE:
		return descs[idx].shared;
	case SDEI_INFO_SIGNALED:
		/* 1 = can be signalled (KVM's reading; TF-A answers the inverse) */
		return descs[idx].signalable;
	case SDEI_INFO_PRIORITY:
		return descs[idx].critical;
	case SDEI_INFO_ROUTING_MODE:
	case SDEI_INFO_ROUTING_AFF:
		if (!descs[idx].shared)
			return SDEI_INVALID_PARAMETERS;
		if (!(st->status & ST_REG))
			return SDEI_DENIED;
		if (info == SDEI_INFO_ROUTING_MODE)
			return (int64_t)st->route_mode;
		if (!st->route_mode)
			return SDEI_INVALID_PARAMETERS;
		return (int64_t)st->route_aff;
	default:
		return SDEI_INVALID_PARAMETERS;
	}
}

static int64_t ev_routing_set(unsigned cpu, uint64_t num, uint64_t mode, uint64_t aff)
{
	int idx = ev_index(num);
	struct ev_state *st;

	if (idx < 0 || !descs[idx].shared || (mode & ~(uint64_t)SDEI_REGF_RM_PE))
		return SDEI_INVALID_PARAMETERS;
	if (mode && mpidr_to_cpu(aff) < 0)
		return SDEI_INVALID_PARAMETERS;
	st = ev_state(cpu, idx);
	if (st->status != ST_REG) /* registered, disabled, not running */
		return SDEI_DENIED;
	st->route_mode = mode;
	st->route_aff = mode ? aff : 0;
	return SDEI_SUCCESS;
}

static int64_t interrupt_bind(uint64_t intid)
{
	int first, last, i;

	if (intid < 16 || intid > 1019) /* PPIs and SPIs only */
		return SDEI_INVALID_PARAMETERS;
	if (!S.can_bind)
		return SDEI_OUT_OF_RESOURCE; /* 0 slots, as FEATURES says */
	for (i = 0; i < NUM_EVENTS; i++)
		if (S.bound[i] && S.intid[i] == intid)
			return descs[i].num; /* already bound: the same event */
	first = intid < 32 ? 0 : SDEI_NUM_PRIVATE;
	last = first + (intid < 32 ? SDEI_NUM_PRIVATE : SDEI_NUM_SHARED);
	for (i = first; i < last; i++)
		if (descs[i].dynamic && !S.bound[i])
			break;
	if (i == last)
		return SDEI_OUT_OF_RESOURCE;
	if (sdei_arch_irq_claim((unsigned)intid))
		return SDEI_INVALID_PARAMETERS;
	S.bound[i] = true;
	S.intid[i] = (unsigned)intid;
	return descs[i].num;
}

static bool ev_idle_everywhere(int idx)
{
	if (descs[idx].shared)
		return !S.shared[idx - SDEI_NUM_PRIVATE].status;
	for (unsigned c = 0; c < S.ncpus; c++)
		if (S.pe[c].priv[idx].status)
			return false;
	return true;
}

static void unbind(int idx)
{
	sdei_arch_irq_release(S.intid[idx]);
	S.bound[idx] = false;
	S.intid[idx] = 0;
	if (descs[idx].shared)
		forget(&S.shared[idx - SDEI_NUM_PRIVATE]);
	else
		for (unsigned c = 0; c < S.ncpus; c++)
			forget(&S.pe[c].priv[idx]);
}

static int64_t interrupt_release(uint64_t num)
{
	int idx = ev_index(num);

	if (idx < 0 || !descs[idx].dynamic)
		return SDEI_INVALID_PARAMETERS;
	if (!ev_idle_everywhere(idx))
		return SDEI_DENIED;
	unbind(idx);
	return SDEI_SUCCESS;
}

static int64_t ev_signal(unsigned cpu, uint64_t num, uint64_t target)
{
	int t = mpidr_to_cpu(target);
	struct ev_state *st;

	/* DEN0054 SDEI_EVENT_SIGNAL: only event 0. Like TF-A, a masked target or an event 0
	 * that is not registered and enabled there is an invalid parameter. */
	if (num != SDEI_EV_SIGNAL || t < 0 || S.pe[t].masked)
		return SDEI_INVALID_PARAMETERS;
	st = &S.pe[t].priv[0];
	if ((st->status & (ST_REG | ST_ENA)) != (ST_REG | ST_ENA))
		return SDEI_INVALID_PARAMETERS;
	st->pending = true;
	if ((unsigned)t != cpu)
		sdei_arch_kick((unsigned)t);
	return SDEI_SUCCESS;
}

static int64_t reset_events(unsigned cpu, bool shared)
{
	int64_t ret = SDEI_SUCCESS;

	for (int i = 0; i < NUM_EVENTS; i++) {
		struct ev_state *st;

		if (descs[i].shared != shared || (descs[i].dynamic && !S.bound[i]))
			continue;
		st = ev_state(cpu, i);
		irq_enable(i, false);
		if (st->status & ST_RUN) {
			st->status = ST_RUN; /* unregister-pending */
			st->pending = false;
			ret = SDEI_DENIED;
		} else {
			forget(st);
		}
	}
	if (shared) /* DEN0054 SDEI_SHARED_RESET: bindings are released too (when idle) */
		for (int i = 0; i < NUM_EVENTS; i++)
			if (descs[i].dynamic && S.bound[i] && ev_idle_everywhere(i))
				unbind(i);
	return ret;
}

static void kick_others(unsigned cpu)
{
	for (unsigned c = 0; c < S.ncpus; c++)
		if (c != cpu)
			sdei_arch_kick(c);
}

int64_t sdei_trigger(unsigned cpu, uint64_t num, uint64_t target)
{
	int idx, t;
	struct ev_state *st;
	int64_t r = SDEI_SUCCESS;

	sdei_arch_lock();
	idx = ev_index(num);
	if (idx < 0 || !descs[idx].platform) {
		r = SDEI_INVALID_PARAMETERS;
		goto out;
	}
	t = descs[idx].shared ? (int)cpu : mpidr_to_cpu(target);
	if (t < 0) {
		r = SDEI_INVALID_PARAMETERS;
		goto out;
	}
	st = ev_state((unsigned)t, idx);
	if ((st->status & (ST_REG | ST_ENA)) != (ST_REG | ST_ENA)) {
		r = SDEI_DENIED; /* nobody to deliver to: dropped */
		goto out;
	}
	st->pending = true;
	if (descs[idx].shared)
		kick_others(cpu);
	else if ((unsigned)t != cpu)
		sdei_arch_kick((unsigned)t);
out:
	sdei_arch_unlock();
	return r;
}

void sdei_interrupt(unsigned cpu, unsigned intid)
{
	sdei_arch_lock();
	for (int i = 0; i < NUM_EVENTS; i++) {
		if (!S.bound[i] || S.intid[i] != intid)
			continue;
		ev_state(cpu, i)->pending = true;
		if (descs[i].shared)
			kick_others(cpu);
	}
	sdei_arch_unlock();
}

void sdei_cpu_reset(unsigned cpu)
{
	struct pe *pe;

	if (cpu >= S.ncpus)
		return;
	sdei_arch_lock();
	pe = &S.pe[cpu];
	pe->masked = true;
	pe->depth = 0;
	for (int i = 0; i < SDEI_NUM_PRIVATE; i++)
		forget(&pe->priv[i]);
	sdei_arch_unlock();
}

static const char *const call_names[] = {
	"VERSION", "EVENT_REGISTER", "EVENT_ENABLE", "EVENT_DISABLE", "EVENT_CONTEXT",
	"EVENT_COMPLETE", "EVENT_COMPLETE_AND_RESUME", "EVENT_UNREGISTER", "EVENT_STATUS",
	"EVENT_GET_INFO", "EVENT_ROUTING_SET", "PE_MASK", "PE_UNMASK", "INTERRUPT_BIND",
	"INTERRUPT_RELEASE", "EVENT_SIGNAL", "FEATURES", "PRIVATE_RESET", "SHARED_RESET",
};

/* SDEI_VERSION is the first function ID (DEN0054 section 5.1) */
static const char *call_name(uint32_t fid)
{
	uint32_t i = fid - SDEI_VERSION;

	return i < sizeof(call_names) / sizeof(call_names[0]) ? call_names[i] : "unknown";
}

static void trace_call(unsigned cpu, uint32_t fid, const uint64_t *a, int64_t r)
{
	shim_trace(cpu, "SDEI.%s 0x%llx 0x%llx 0x%llx -> %lld", call_name(fid),
		   (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
		   (long long)r);
}

void sdei_call(unsigned cpu, struct sdei_frame *f)
{
	const uint64_t args[3] = { f->x[1], f->x[2], f->x[3] };
	uint32_t fid = (uint32_t)f->x[0];
	struct pe *pe = &S.pe[cpu];
	int64_t r;

	if (cpu >= S.ncpus) {
		f->x[0] = (uint64_t)(int64_t)SDEI_NOT_SUPPORTED;
		return;
	}
	sdei_arch_lock();
	switch (fid) {
	case SDEI_VERSION:
		r = (int64_t)(1ull << 48 | 1ull << 32); /* 1.1, vendor 0 */
		break;
	case SDEI_EVENT_REGISTER:
		r = ev_register(cpu, f);
		break;
	case SDEI_EVENT_ENABLE:
	case SDEI_EVENT_DISABLE:
		r = ev_enable(cpu, f->x[1], fid == SDEI_EVENT_ENABLE);
		break;
	case SDEI_EVENT_CONTEXT:
		r = ev_context(cpu, f->x[1]);
		break;
	case SDEI_EVENT_COMPLETE:
	case SDEI_EVENT_COMPLETE_AND_RESUME:
		r = ev_complete(cpu, f, fid == SDEI_EVENT_COMPLETE_AND_RESUME);
		if (r == SDEI_SUCCESS) {
			sdei_arch_unlock();
			trace_call(cpu, fid, args, r);
			return; /* f is the interrupted context now */
		}
		break;
	case SDEI_EVENT_UNREGISTER:
		r = ev_unregister(cpu, f->x[1]);
		break;
	case SDEI_EVENT_STATUS:
		r = ev_status(cpu, f->x[1]);
		break;
	case SDEI_EVENT_GET_INFO:
		r = ev_get_info(cpu, f->x[1], f->x[2]);
		break;
	case SDEI_EVENT_ROUTING_SET:
		r = ev_routing_set(cpu, f->x[1], f->x[2], f->x[3]);
		break;
	case SDEI_PE_MASK:
		r = pe->masked ? 0 : 1; /* 1: this call masked the PE (TF-A) */
		pe->masked = true;
		break;
	case SDEI_PE_UNMASK:
		pe->masked = false;
		r = SDEI_SUCCESS;
		break;
	case SDEI_INTERRUPT_BIND:
		r = interrupt_bind(f->x[1]);
		break;
	case SDEI_INTERRUPT_RELEASE:
		r = interrupt_release(f->x[1]);
		break;
	case SDEI_EVENT_SIGNAL:
		r = ev_signal(cpu, f->x[1], f->x[2]);
		break;
	case SDEI_FEATURES:
		if (f->x[1] == SDEI_FEATURE_BIND_SLOTS)
			r = S.can_bind ? SDEI_BIND_SLOTS_SHARED << 16 | SDEI_BIND_SLOTS_PRIVATE : 0;
		else if (f->x[1] == SDEI_FEATURE_RELATIVE_MODE)
			r = 0; /* not supported */
		else
			r = SDEI_INVALID_PARAMETERS;
		break;
	case SDEI_PRIVATE_RESET:
		r = reset_events(cpu, false);
		break;
	case SDEI_SHARED_RESET:
		r = reset_events(cpu, true);
		break;
	default:
		r = SDEI_NOT_SUPPORTED;
		break;
	}
	f->x[0] = (uint64_t)r;
	sdei_arch_unlock();
	trace_call(cpu, fid, args, r);
}

/* Any event pending for cpu, whether pick() could enter it now or not. */
static bool any_pending(unsigned cpu)
{
	for (int i = 0; i < NUM_EVENTS; i++)
		if (ev_state(cpu, i)->pending)
			return true;
	return false;
}

bool sdei_complete_fast(unsigned cpu, struct sdei_frame *f)
{
	const uint64_t args[3] = { f->x[1], f->x[2], f->x[3] };
	bool done;

	if (cpu >= S.ncpus || (uint32_t)f->x[0] != SDEI_EVENT_COMPLETE)
		return false;
	sdei_arch_lock();
	/* no context (DENIED) or an event to enter next: the general path */
	done = S.pe[cpu].depth && !any_pending(cpu) && ev_complete(cpu, f, false) == SDEI_SUCCESS;
	sdei_arch_unlock();
	if (done)
		trace_call(cpu, SDEI_EVENT_COMPLETE, args, SDEI_SUCCESS);
	return done;
}

/* The event to run now on cpu, or -1. Critical before normal; a normal
 * event never preempts, a critical one preempts only a normal one. */
static int pick(unsigned cpu)
{
	struct pe *pe = &S.pe[cpu];
	bool need_critical = pe->depth == 1;

	if (pe->masked || pe->depth >= SDEI_MAX_DEPTH)
		return -1;
	if (need_critical && descs[pe->stack[0].idx].critical)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		bool critical = pass == 0;

		if (!critical && need_critical)
			break;
		for (int i = 0; i < NUM_EVENTS; i++) {
			struct ev_state *st;

			if (descs[i].critical != critical || (descs[i].dynamic && !S.bound[i]))
				continue;
			st = ev_state(cpu, i);
			if (!st->pending || st->status != (ST_REG | ST_ENA))
				continue;
			if (descs[i].shared && st->route_mode &&
			    st->route_aff != pe->mpidr)
				continue;
			return i;
		}
	}
	return -1;
}

/* Enters event idx on cpu (lock held): the interrupted context f is saved
 * on the PE's dispatch stack and f becomes the handler entry. */
static void enter(unsigned cpu, struct sdei_frame *f, int idx)
{
	struct pe *pe = &S.pe[cpu];
	struct ev_state *st = ev_state(cpu, idx);
	struct dispatch_ctx *ctx = &pe->stack[pe->depth++];

	ctx->idx = idx;
	memcpy(ctx->x, f->x, sizeof(ctx->x));
	ctx->pc = f->pc;
	ctx->pstate = f->pstate;
	st->pending = false;
	st->status |= ST_RUN;
	st->running_cpu = cpu;
	/* handler entry (DEN0054): x0 event, x1 argument, x2 PC, x3 PSTATE */
	f->x[0] = descs[idx].num;
	f->x[1] = st->arg;
	f->x[2] = ctx->pc;
	f->x[3] = ctx->pstate;
	f->pc = st->ep;
	f->pstate = sdei_arch_handler_pstate(ctx->pstate);
	S.dispatches++;
}

static void trace_dispatch(unsigned cpu, const struct sdei_frame *f)
{
	shim_trace(cpu, "event:SDEI.DISPATCH event=%llu arg=0x%llx -> handler at 0x%llx",
		   (unsigned long long)f->x[0], (unsigned long long)f->x[1],
		   (unsigned long long)f->pc);
}

bool sdei_dispatch_pending(unsigned cpu, struct sdei_frame *f)
{
	int idx;

	if (cpu >= S.ncpus)
		return false;
	sdei_arch_lock();
	idx = pick(cpu);
	if (idx < 0) {
		sdei_arch_unlock();
		return false;
	}
	enter(cpu, f, idx);
	sdei_arch_unlock();
	trace_dispatch(cpu, f);
	return true;
}

/* What sdei_call() then sdei_dispatch_pending() would do with SIGNAL(0, this
 * PE) when event 0 is the only one that becomes pending: ev_signal()'s checks
 * (this PE unmasked, event 0 registered and enabled here) and pick()'s (no
 * handler running, nothing else pending that could go first), then the
 * handler is entered with x0 = SUCCESS saved as the interrupted x0. */
bool sdei_signal_fast(unsigned cpu, struct sdei_frame *f)
{
	const uint64_t args[3] = { f->x[1], f->x[2], f->x[3] };
	struct pe *pe;
	bool done;

	if (cpu >= S.ncpus || (uint32_t)f->x[0] != SDEI_EVENT_SIGNAL || f->x[1] != SDEI_EV_SIGNAL)
		return false;
	pe = &S.pe[cpu];
	sdei_arch_lock();
	done = mpidr_to_cpu(f->x[2]) == (int)cpu && !pe->masked && !pe->depth &&
	       pe->priv[0].status == (ST_REG | ST_ENA) && !any_pending(cpu);
	if (done) {
		f->x[0] = SDEI_SUCCESS;
		enter(cpu, f, 0);
	}
	sdei_arch_unlock();
	if (done) {
		trace_call(cpu, SDEI_EVENT_SIGNAL, args, SDEI_SUCCESS);
		trace_dispatch(cpu, f);
	}
	return done;
}
