/* Host tests of the shim's SDEI dispatcher (shim/arch/arm64/sdei.c, DEN0054
 * v1.1): every call, every error code, every state transition of the table in
 * ../shared/reference/arm64.md, driven through sdei_call() and
 * sdei_dispatch_pending() as the trap code does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../shim/arch/arm64/sdei.h"

#define RAM_BASE 0x40000000ull
#define RAM_END 0x60000000ull
#define EP 0x40201000ull
#define EP2 0x40202000ull
#define ARG 0x1234ull
#define RESUME 0x40203000ull
#define PC0 0x40205000ull
#define PSTATE0 0x5ull /* EL1h, DAIF clear */
#define CPU0 0x80000000ull /* MPIDR as QEMU reports it (U bit clear, MT clear) */
#define AFF0 0x0ull
#define AFF1 0x1ull

/* ---- arch hooks ------------------------------------------------------------ */
static struct {
	uint64_t elr, spsr;
	int resume_calls;
	bool claimed[1024], enabled[1024];
	int kicks[SDEI_MAX_CPUS];
	int locks;
} hw;

bool sdei_arch_entry_ok(uint64_t addr)
{
	return !(addr & 3) && addr >= RAM_BASE && addr < RAM_END;
}
uint64_t sdei_arch_handler_pstate(uint64_t interrupted)
{
	(void)interrupted;
	return 0x3c5;
}
void sdei_arch_set_resume_regs(uint64_t elr, uint64_t spsr)
{
	hw.elr = elr;
	hw.spsr = spsr;
	hw.resume_calls++;
}
int sdei_arch_irq_claim(unsigned intid)
{
	if (intid == 100) /* "not an interrupt this machine can bind" */
		return -1;
	hw.claimed[intid] = true;
	return 0;
}
void sdei_arch_irq_release(unsigned intid)
{
	hw.claimed[intid] = false;
	hw.enabled[intid] = false;
}
void sdei_arch_irq_enable(unsigned intid, bool on)
{
	hw.enabled[intid] = on;
}
void sdei_arch_kick(unsigned cpu)
{
	hw.kicks[cpu]++;
}
void sdei_arch_lock(void)
{
	assert_int_equal(hw.locks, 0); /* not recursive */
	hw.locks++;
}
void sdei_arch_unlock(void)
{
	hw.locks--;
}

/* ---- helpers ------------------------------------------------------------------ */
static struct sdei_frame fr[SDEI_MAX_CPUS]; /* each vCPU's "guest registers" */

static void fresh_frame(unsigned cpu)
{
	for (int i = 0; i < 31; i++)
		fr[cpu].x[i] = 0x5e000000ull + (uint64_t)i; /* sentinels */
	fr[cpu].pc = PC0;
	fr[cpu].pstate = PSTATE0;
}

static int64_t call_on(unsigned cpu, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5)
{
	fr[cpu].x[0] = fid;
	fr[cpu].x[1] = a1;
	fr[cpu].x[2] = a2;
	fr[cpu].x[3] = a3;
	fr[cpu].x[4] = a4;
	fr[cpu].x[5] = a5;
	sdei_call(cpu, &fr[cpu]);
	assert_int_equal(hw.locks, 0);
	return (int64_t)fr[cpu].x[0];
}
#define call(fid, ...) call_on(0, fid, __VA_ARGS__)
#define call0(fid) call_on(0, fid, 0, 0, 0, 0, 0)

static int setup(void **state)
{
	uint64_t m[2] = { CPU0 | AFF0, CPU0 | AFF1 };

	(void)state;
	memset(&hw, 0, sizeof(hw));
	sdei_init(2, m, true);
	fresh_frame(0);
	fresh_frame(1);
	return 0;
}

static int64_t reg(uint64_t ev, uint64_t ep)
{
	return call(SDEI_EVENT_REGISTER, ev, ep, ARG, 0, 0);
}
static int64_t status(uint64_t ev)
{
	return call(SDEI_EVENT_STATUS, ev, 0, 0, 0, 0);
}
/* register + enable + unmask event 0, signal it to ourselves, enter it */
static void run_signal_handler(void)
{
	assert_int_equal(reg(0, EP), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	for (int i = 1; i < 6; i++) /* the caller's values after the call's arguments */
		fr[0].x[i] = 0x5e000000ull + (uint64_t)i;
	fr[0].x[7] = 0x77; /* interrupted context seen by EVENT_CONTEXT */
	assert_true(sdei_dispatch_pending(0, &fr[0]));
}

/* ---- tests ------------------------------------------------------------------ */
static void version_features_unknown(void **state)
{
	(void)state;
	assert_int_equal(call0(SDEI_VERSION), (int64_t)(1ull << 48 | 1ull << 32));
	assert_int_equal(call(SDEI_FEATURES, 0, 0, 0, 0, 0), 2 << 16 | 2);
	assert_int_equal(call(SDEI_FEATURES, 1, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_FEATURES, 2, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call0(0xC4000033u), SDEI_NOT_SUPPORTED);
	assert_int_equal(call0(SDEI_FID_LAST), SDEI_NOT_SUPPORTED);
	/* only w0 is the function ID (SMCCC 2.5) */
	assert_int_equal(call0(SDEI_VERSION) >> 48, 1);
	fr[0].x[0] = 0xffffffff00000000ull | SDEI_VERSION;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].x[0], 1ull << 48 | 1ull << 32);
	/* a vCPU index the dispatcher does not know */
	fr[3].x[0] = SDEI_VERSION;
	sdei_call(3, &fr[3]);
	assert_int_equal((int64_t)fr[3].x[0], SDEI_NOT_SUPPORTED);
	assert_false(sdei_dispatch_pending(3, &fr[3]));
}

static void register_errors(void **state)
{
	(void)state;
	assert_int_equal(reg(5, EP), SDEI_INVALID_PARAMETERS);
	assert_int_equal(reg(0xffffffffffffffffull, EP), SDEI_INVALID_PARAMETERS);
	assert_int_equal(reg(0x100000000ull, EP), SDEI_INVALID_PARAMETERS);
	assert_int_equal(reg(SDEI_EV_BIND_PRIV0, EP), SDEI_INVALID_PARAMETERS); /* unbound */
	assert_int_equal(reg(0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(reg(0, 0x1000), SDEI_INVALID_PARAMETERS);   /* outside RAM */
	assert_int_equal(reg(0, RAM_END), SDEI_INVALID_PARAMETERS);  /* just past it */
	assert_int_equal(reg(0, EP + 2), SDEI_INVALID_PARAMETERS);   /* misaligned */
	assert_int_equal(call(SDEI_EVENT_REGISTER, 0, EP, 0, SDEI_REGF_RELATIVE, 0),
			 SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_REGISTER, 0, EP, 0, 4, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, 0, SDEI_REGF_RM_PE, 7),
			 SDEI_INVALID_PARAMETERS);
	/* private events ignore routing */
	assert_int_equal(call(SDEI_EVENT_REGISTER, 0, EP, 0, SDEI_REGF_RM_PE, 7), 0);
	assert_int_equal(status(0), SDEI_STATUS_REGISTERED);
	assert_int_equal(reg(0, EP), SDEI_DENIED);
	assert_int_equal(status(5), SDEI_INVALID_PARAMETERS);
	assert_int_equal(status(SDEI_EV_SHARED), 0);
}

static void enable_disable_unregister(void **state)
{
	(void)state;
	assert_int_equal(call(SDEI_EVENT_ENABLE, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(reg(0, EP), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(status(0), 3);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0); /* nop */
	assert_int_equal(reg(0, EP), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(status(0), 1);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0); /* nop */
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), 0); /* from -EG */
	assert_int_equal(status(0), 0);
	assert_int_equal(reg(0, EP), 0);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), 0); /* from --G */
	assert_int_equal(status(0), 0);
}

static void signal_dispatch_complete(void **state)
{
	struct sdei_frame before;

	(void)state;
	run_signal_handler();
	assert_int_equal(fr[0].x[0], 0);
	assert_int_equal(fr[0].x[1], ARG);
	assert_int_equal(fr[0].x[2], PC0);
	assert_int_equal(fr[0].x[3], PSTATE0);
	assert_int_equal(fr[0].pc, EP);
	assert_int_equal(fr[0].pstate, 0x3c5);
	assert_int_equal(fr[0].x[4], 0x5e000004ull); /* left as interrupted (TF-A) */
	assert_int_equal(sdei_dispatch_count(), 1);
	assert_false(sdei_dispatch_pending(0, &fr[0])); /* nothing else pending */
	assert_int_equal(status(0), 7);
	/* EVENT_CONTEXT: x0 is SIGNAL's own return value (0), x7 as interrupted */
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 7, 0, 0, 0, 0), 0x77);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 17, 0, 0, 0, 0), 0x5e000011ll);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 18, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	/* the handler clobbers x0-x17; COMPLETE brings the interrupted ones back */
	before = fr[0];
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	fr[0].x[1] = 0;
	for (int i = 2; i < 18; i++)
		fr[0].x[i] = 0xdead;
	fr[0].x[20] = 0x5e000014ull;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, PC0);
	assert_int_equal(fr[0].pstate, PSTATE0);
	assert_int_equal(fr[0].x[0], 0);
	assert_int_equal(fr[0].x[7], 0x77);
	for (int i = 8; i < 18; i++)
		assert_int_equal(fr[0].x[i], 0x5e000000ull + (uint64_t)i);
	assert_int_equal(fr[0].x[20], 0x5e000014ull);
	(void)before;
	assert_int_equal(status(0), 3);
	assert_int_equal(call(SDEI_EVENT_COMPLETE, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_COMPLETE_AND_RESUME, RESUME, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 18, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
}

static void complete_and_resume(void **state)
{
	(void)state;
	run_signal_handler();
	assert_int_equal(call(SDEI_EVENT_COMPLETE_AND_RESUME, 0x1000, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_COMPLETE_AND_RESUME, RESUME + 1, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(status(0), 7); /* still running after the refusals */
	fr[0].x[0] = SDEI_EVENT_COMPLETE_AND_RESUME;
	fr[0].x[1] = RESUME;
	sdei_call(0, &fr[0]);
	assert_int_equal(hw.resume_calls, 1);
	assert_int_equal(hw.elr, PC0);
	assert_int_equal(hw.spsr, PSTATE0);
	assert_int_equal(fr[0].pc, RESUME);
	assert_int_equal(fr[0].pstate, 0x3c5);
	assert_int_equal(fr[0].x[7], 0x77);
	assert_int_equal(fr[0].x[1], 0x5e000001ull);
	assert_int_equal(status(0), 3);
}

static void signal_errors_and_mask(void **state)
{
	(void)state;
	assert_int_equal(reg(0, EP), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	/* a PE starts masked: SIGNAL to it is refused (TF-A) */
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call0(SDEI_PE_MASK), 0); /* already masked */
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 1, AFF0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, 0x42, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, 1ull << 40, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	/* target PE 1 is masked and has event 0 unregistered */
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF1, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	/* signalled, then masked before the return to the guest: held */
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_int_equal(call0(SDEI_PE_MASK), 1);
	assert_false(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(call0(SDEI_PE_MASK), 0);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
}

static void unregister_in_handler(void **state)
{
	(void)state;
	run_signal_handler();
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), SDEI_PENDING);
	assert_int_equal(status(0), SDEI_STATUS_RUNNING); /* R-- */
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), SDEI_PENDING);
	assert_int_equal(reg(0, EP), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 7, 0, 0, 0, 0), 0x77);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, PC0);
	assert_int_equal(status(0), 0);
	assert_int_equal(reg(0, EP), 0);
}

static void disable_in_handler(void **state)
{
	(void)state;
	run_signal_handler();
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(status(0), SDEI_STATUS_RUNNING | SDEI_STATUS_REGISTERED); /* R-G */
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(status(0), 7);
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, 0, 0, 0, 0, 0), SDEI_PENDING); /* R-G -> R-- */
	assert_int_equal(status(0), SDEI_STATUS_RUNNING);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(status(0), 0);
	/* and R-G completed stays registered, disabled */
	run_signal_handler();
	assert_int_equal(call(SDEI_EVENT_DISABLE, 0, 0, 0, 0, 0), 0);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(status(0), SDEI_STATUS_REGISTERED);
}

static void signal_inside_handler_runs_after_complete(void **state)
{
	(void)state;
	run_signal_handler();
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_false(sdei_dispatch_pending(0, &fr[0])); /* normal never preempts */
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, PC0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(fr[0].x[2], PC0); /* still the original interrupted PC */
	/* a storm of signals collapses into one pending dispatch */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_false(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(sdei_dispatch_count(), 3);
}

/* The COMPLETE fast path (trap.c): the same result as sdei_call() when nothing
 * is pending; nothing done (general path) with no context, another event
 * pending, or another function ID. */
static void complete_fast_path(void **state)
{
	(void)state;
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_false(sdei_complete_fast(0, &fr[0])); /* no context: DENIED comes from sdei_call */
	assert_int_equal(fr[0].x[0], SDEI_EVENT_COMPLETE);
	run_signal_handler();
	fr[0].x[0] = SDEI_EVENT_COMPLETE_AND_RESUME;
	fr[0].x[1] = RESUME;
	assert_false(sdei_complete_fast(0, &fr[0]));
	assert_int_equal(fr[0].pc, EP);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_false(sdei_complete_fast(7, &fr[0])); /* no such PE */
	for (int i = 1; i < 18; i++)
		fr[0].x[i] = 0xdead;
	fr[0].x[20] = 0x5e000014ull;
	assert_true(sdei_complete_fast(0, &fr[0]));
	assert_int_equal(hw.locks, 0);
	assert_int_equal(fr[0].pc, PC0);
	assert_int_equal(fr[0].pstate, PSTATE0);
	assert_int_equal(fr[0].x[0], 0);
	assert_int_equal(fr[0].x[7], 0x77);
	for (int i = 8; i < 18; i++)
		assert_int_equal(fr[0].x[i], 0x5e000000ull + (uint64_t)i);
	assert_int_equal(fr[0].x[20], 0x5e000014ull);
	assert_int_equal(status(0), 3); /* registered, enabled, not running */
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_false(sdei_complete_fast(0, &fr[0])); /* completed already */

	/* a signal arrived while the handler ran: the general path enters it next */
	fresh_frame(0);
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_false(sdei_complete_fast(0, &fr[0]));
	assert_int_equal(fr[0].pc, EP); /* nothing changed */
	assert_int_equal(status(0), 7);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, PC0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(hw.locks, 0);
}

/* The SIGNAL fast path (trap.c): the same handler entry and, after COMPLETE,
 * the same interrupted context as sdei_call() + sdei_dispatch_pending();
 * nothing done (general path) whenever the general path would not enter
 * event 0 at once. */
static void signal_fast_path(void **state)
{
	struct sdei_frame general, fast, general_back;
	uint64_t n;

	(void)state;
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	assert_false(sdei_signal_fast(0, &fr[0])); /* not registered */
	assert_int_equal(fr[0].x[0], SDEI_EVENT_SIGNAL);
	assert_int_equal(reg(0, EP), 0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	assert_false(sdei_signal_fast(0, &fr[0])); /* not enabled */
	assert_int_equal(call(SDEI_EVENT_ENABLE, 0, 0, 0, 0, 0), 0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	assert_false(sdei_signal_fast(0, &fr[0])); /* PE still masked */
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);

	/* the general path, as a reference */
	fresh_frame(0);
	n = sdei_dispatch_count();
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	general = fr[0];
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	general_back = fr[0];

	/* the fast path from the same caller state */
	fresh_frame(0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	fr[0].x[3] = 0;
	fr[0].x[4] = 0;
	fr[0].x[5] = 0;
	assert_true(sdei_signal_fast(0, &fr[0]));
	assert_int_equal(hw.locks, 0);
	fast = fr[0];
	assert_memory_equal(&fast, &general, sizeof(fast));
	assert_int_equal(sdei_dispatch_count(), n + 2);
	assert_int_equal(status(0), 7);
	fr[0] = fast;
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_true(sdei_complete_fast(0, &fr[0]));
	assert_memory_equal(&fr[0], &general_back, sizeof(fr[0]));
	assert_int_equal(fr[0].x[0], 0); /* SIGNAL's SUCCESS */

	/* other targets, events, PEs and function IDs: untouched */
	fresh_frame(0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF1;
	assert_false(sdei_signal_fast(0, &fr[0]));
	fr[0].x[2] = AFF0 | 1ull << 40; /* bits outside the affinity fields */
	assert_false(sdei_signal_fast(0, &fr[0]));
	fr[0].x[2] = AFF0;
	fr[0].x[1] = SDEI_EV_PRIV_CRITICAL;
	assert_false(sdei_signal_fast(0, &fr[0]));
	fr[0].x[1] = 0;
	assert_false(sdei_signal_fast(7, &fr[0]));
	fr[0].x[0] = SDEI_EVENT_STATUS;
	assert_false(sdei_signal_fast(0, &fr[0]));
	assert_int_equal(fr[0].pc, PC0);
	assert_int_equal(status(0), 3);

	/* inside a handler: the general path (it stays pending) */
	fresh_frame(0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	assert_true(sdei_signal_fast(0, &fr[0]));
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	assert_false(sdei_signal_fast(0, &fr[0]));
	assert_int_equal(fr[0].x[0], SDEI_EVENT_SIGNAL);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	assert_true(sdei_complete_fast(0, &fr[0]));

	/* another event pending (a critical one triggered while masked) goes first */
	assert_int_equal(reg(SDEI_EV_PRIV_CRITICAL, EP2), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_PRIV_CRITICAL, 0, 0, 0, 0), 0);
	assert_int_equal(call0(SDEI_PE_MASK), 1);
	assert_int_equal(sdei_trigger(0, SDEI_EV_PRIV_CRITICAL, AFF0), 0);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	fresh_frame(0);
	fr[0].x[0] = SDEI_EVENT_SIGNAL;
	fr[0].x[1] = 0;
	fr[0].x[2] = AFF0;
	assert_false(sdei_signal_fast(0, &fr[0]));
	assert_int_equal(fr[0].pc, PC0);
	assert_int_equal(hw.locks, 0);
}

static void critical_preempts_normal(void **state)
{
	(void)state;
	assert_int_equal(reg(SDEI_EV_PRIV_CRITICAL, EP2), 0);
	assert_int_equal(sdei_trigger(0, SDEI_EV_PRIV_CRITICAL, AFF0), SDEI_DENIED); /* disabled */
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_PRIV_CRITICAL, 0, 0, 0, 0), 0);
	assert_int_equal(sdei_trigger(0, 0, AFF0), SDEI_INVALID_PARAMETERS); /* not a platform event */
	assert_int_equal(sdei_trigger(0, SDEI_EV_PRIV_CRITICAL, 0x55), SDEI_INVALID_PARAMETERS);
	run_signal_handler();
	fr[0].x[9] = 0x99; /* the normal handler's state */
	fr[0].pc = EP + 0x40;
	assert_int_equal(sdei_trigger(0, SDEI_EV_PRIV_CRITICAL, AFF0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(fr[0].x[0], SDEI_EV_PRIV_CRITICAL);
	assert_int_equal(fr[0].x[2], EP + 0x40);
	assert_int_equal(fr[0].pc, EP2);
	assert_int_equal(status(SDEI_EV_PRIV_CRITICAL), 7);
	assert_int_equal(status(0), 7);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 9, 0, 0, 0, 0), 0x99);
	/* nothing preempts a critical handler, and depth is 2 at most */
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_false(sdei_dispatch_pending(0, &fr[0]));
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, EP + 0x40); /* back in the normal handler */
	assert_int_equal(fr[0].x[9], 0x99);
	assert_int_equal(call(SDEI_EVENT_CONTEXT, 7, 0, 0, 0, 0), 0x77); /* normal's context again */
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(fr[0].pc, PC0);
	assert_true(sdei_dispatch_pending(0, &fr[0])); /* the held signal */
	assert_int_equal(fr[0].x[0], 0);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	/* critical and normal pending together: critical goes first */
	assert_int_equal(call(SDEI_EVENT_SIGNAL, 0, AFF0, 0, 0, 0), 0);
	assert_int_equal(sdei_trigger(0, SDEI_EV_PRIV_CRITICAL, AFF0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(fr[0].x[0], SDEI_EV_PRIV_CRITICAL);
	assert_false(sdei_dispatch_pending(0, &fr[0]));
}

static void get_info_and_routing(void **state)
{
	(void)state;
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 0, 0, 0, 0), 0);	/* private */
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 1, 0, 0, 0), 1);	/* signalable */
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 2, 0, 0, 0), 0);	/* normal */
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 3, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 4, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, 0, 5, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_PRIV_CRITICAL, 2, 0, 0, 0), 1);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 0, 0, 0, 0), 1);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 1, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 3, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 4, 0, 0, 0), SDEI_DENIED);
	/* ROUTING_SET: parameters first, then state */
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, 0, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, SDEI_EV_SHARED, 2, 0, 0, 0),
			 SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, SDEI_EV_SHARED, 1, 9, 0, 0),
			 SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, SDEI_EV_SHARED, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, ARG, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 3, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 4, 0, 0, 0),
			 SDEI_INVALID_PARAMETERS); /* RM_ANY has no affinity */
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, SDEI_EV_SHARED, 1, AFF1, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 3, 0, 0, 0), 1);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_SHARED, 4, 0, 0, 0), (int64_t)AFF1);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_SHARED, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_ROUTING_SET, SDEI_EV_SHARED, 0, 0, 0, 0), SDEI_DENIED);
	/* shared status is the same from every PE */
	assert_int_equal(call_on(1, SDEI_EVENT_STATUS, SDEI_EV_SHARED, 0, 0, 0, 0), 3);
}

static void shared_event_goes_to_its_pe(void **state)
{
	(void)state;
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, ARG, SDEI_REGF_RM_PE, AFF1), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_SHARED, 0, 0, 0, 0), 0);
	assert_int_equal(call_on(0, SDEI_PE_UNMASK, 0, 0, 0, 0, 0), 0);
	assert_int_equal(sdei_trigger(0, SDEI_EV_SHARED, 0), 0);
	assert_int_equal(hw.kicks[1], 1);
	assert_false(sdei_dispatch_pending(0, &fr[0]));
	assert_false(sdei_dispatch_pending(1, &fr[1])); /* PE 1 still masked */
	assert_int_equal(call_on(1, SDEI_PE_UNMASK, 0, 0, 0, 0, 0), 0);
	assert_true(sdei_dispatch_pending(1, &fr[1]));
	assert_int_equal(fr[1].x[0], SDEI_EV_SHARED);
	assert_int_equal(call_on(0, SDEI_EVENT_STATUS, SDEI_EV_SHARED, 0, 0, 0, 0), 7);
	/* UNREGISTER from another PE while it runs: pending */
	assert_int_equal(call_on(0, SDEI_EVENT_UNREGISTER, SDEI_EV_SHARED, 0, 0, 0, 0), SDEI_PENDING);
	assert_int_equal(call_on(0, SDEI_EVENT_COMPLETE, 0, 0, 0, 0, 0), SDEI_DENIED);
	fr[1].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(1, &fr[1]);
	assert_int_equal(call_on(0, SDEI_EVENT_STATUS, SDEI_EV_SHARED, 0, 0, 0, 0), 0);
	/* RM_ANY: whichever PE returns to the guest first */
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, ARG, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_SHARED, 0, 0, 0, 0), 0);
	assert_int_equal(sdei_trigger(1, SDEI_EV_SHARED, 0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_false(sdei_dispatch_pending(1, &fr[1]));
}

static void bind_and_release(void **state)
{
	(void)state;
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 1020, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 100, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 27, 0, 0, 0, 0), SDEI_EV_BIND_PRIV0);
	assert_true(hw.claimed[27]);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 27, 0, 0, 0, 0), SDEI_EV_BIND_PRIV0);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 28, 0, 0, 0, 0), SDEI_EV_BIND_PRIV1);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 29, 0, 0, 0, 0), SDEI_OUT_OF_RESOURCE);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 40, 0, 0, 0, 0), SDEI_EV_BIND_SHARED0);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 41, 0, 0, 0, 0), SDEI_EV_BIND_SHARED1);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 42, 0, 0, 0, 0), SDEI_OUT_OF_RESOURCE);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_GET_INFO, SDEI_EV_BIND_SHARED0, 0, 0, 0, 0), 1);
	assert_int_equal(call(SDEI_INTERRUPT_RELEASE, 0, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_int_equal(call(SDEI_INTERRUPT_RELEASE, 0x300, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	/* the bound interrupt follows the event's enable state */
	assert_int_equal(reg(SDEI_EV_BIND_PRIV0, EP), 0);
	assert_false(hw.enabled[27]);
	assert_int_equal(call(SDEI_INTERRUPT_RELEASE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), SDEI_DENIED);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_true(hw.enabled[27]);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	/* the interrupt fires (the arch masked it); the handler runs */
	hw.enabled[27] = false;
	sdei_interrupt(0, 27);
	sdei_interrupt(0, 99); /* not bound: ignored */
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(fr[0].x[0], SDEI_EV_BIND_PRIV0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_false(hw.enabled[27]); /* not while it runs */
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_true(hw.enabled[27]); /* COMPLETE unmasks it again */
	assert_int_equal(call(SDEI_EVENT_DISABLE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_false(hw.enabled[27]);
	assert_int_equal(call(SDEI_EVENT_UNREGISTER, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_INTERRUPT_RELEASE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0), 0);
	assert_false(hw.claimed[27]);
	assert_int_equal(status(SDEI_EV_BIND_PRIV0), SDEI_INVALID_PARAMETERS); /* gone */
	assert_int_equal(call(SDEI_INTERRUPT_RELEASE, SDEI_EV_BIND_PRIV0, 0, 0, 0, 0),
			 SDEI_INVALID_PARAMETERS);
	/* the slot is free again */
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 29, 0, 0, 0, 0), SDEI_EV_BIND_PRIV0);
	/* SHARED_RESET releases idle bindings */
	assert_int_equal(call0(SDEI_SHARED_RESET), 0);
	assert_false(hw.claimed[29]);
	assert_false(hw.claimed[40]);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 27, 0, 0, 0, 0), SDEI_EV_BIND_PRIV0);
}

static void no_interrupt_controller(void **state)
{
	uint64_t m = CPU0;

	(void)state;
	sdei_init(1, &m, false);
	assert_int_equal(call(SDEI_FEATURES, 0, 0, 0, 0, 0), 0);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 27, 0, 0, 0, 0), SDEI_OUT_OF_RESOURCE);
	assert_int_equal(call(SDEI_INTERRUPT_BIND, 5, 0, 0, 0, 0), SDEI_INVALID_PARAMETERS);
	assert_false(hw.claimed[27]);
	/* more PEs than the dispatcher holds: the rest are ignored */
	{
		uint64_t many[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

		sdei_init(8, many, true);
		assert_int_equal(call_on(3, SDEI_PE_MASK, 0, 0, 0, 0, 0), 0);
	}
}

static void resets(void **state)
{
	(void)state;
	assert_int_equal(reg(SDEI_EV_PRIV_CRITICAL, EP), 0);
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, ARG, 0, 0), 0);
	assert_int_equal(call0(SDEI_PRIVATE_RESET), 0);
	assert_int_equal(status(SDEI_EV_PRIV_CRITICAL), 0);
	assert_int_equal(status(SDEI_EV_SHARED), 1); /* private reset leaves shared ones */
	assert_int_equal(call0(SDEI_SHARED_RESET), 0);
	assert_int_equal(status(SDEI_EV_SHARED), 0);
	/* resets while a handler runs: DENIED, the event is left unregister-pending */
	run_signal_handler();
	assert_int_equal(call0(SDEI_PRIVATE_RESET), SDEI_DENIED);
	assert_int_equal(status(0), SDEI_STATUS_RUNNING);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(status(0), 0);
	assert_int_equal(call(SDEI_EVENT_REGISTER, SDEI_EV_SHARED, EP, ARG, 0, 0), 0);
	assert_int_equal(call(SDEI_EVENT_ENABLE, SDEI_EV_SHARED, 0, 0, 0, 0), 0);
	assert_int_equal(sdei_trigger(0, SDEI_EV_SHARED, 0), 0);
	assert_true(sdei_dispatch_pending(0, &fr[0]));
	assert_int_equal(call0(SDEI_SHARED_RESET), SDEI_DENIED);
	assert_int_equal(status(SDEI_EV_SHARED), SDEI_STATUS_RUNNING);
	fr[0].x[0] = SDEI_EVENT_COMPLETE;
	sdei_call(0, &fr[0]);
	assert_int_equal(status(SDEI_EV_SHARED), 0);
	/* a PE reset (CPU_ON/CPU_OFF) masks it and forgets its private events */
	assert_int_equal(reg(0, EP), 0);
	assert_int_equal(call0(SDEI_PE_UNMASK), 0);
	sdei_cpu_reset(0);
	sdei_cpu_reset(7); /* out of range: ignored */
	assert_int_equal(status(0), 0);
	assert_int_equal(call0(SDEI_PE_MASK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(version_features_unknown, setup),
		cmocka_unit_test_setup(register_errors, setup),
		cmocka_unit_test_setup(enable_disable_unregister, setup),
		cmocka_unit_test_setup(signal_dispatch_complete, setup),
		cmocka_unit_test_setup(complete_and_resume, setup),
		cmocka_unit_test_setup(signal_errors_and_mask, setup),
		cmocka_unit_test_setup(unregister_in_handler, setup),
		cmocka_unit_test_setup(disable_in_handler, setup),
		cmocka_unit_test_setup(signal_inside_handler_runs_after_complete, setup),
		cmocka_unit_test_setup(complete_fast_path, setup),
		cmocka_unit_test_setup(signal_fast_path, setup),
		cmocka_unit_test_setup(critical_preempts_normal, setup),
		cmocka_unit_test_setup(get_info_and_routing, setup),
		cmocka_unit_test_setup(shared_event_goes_to_its_pe, setup),
		cmocka_unit_test_setup(bind_and_release, setup),
		cmocka_unit_test_setup(resets, setup),
		cmocka_unit_test_setup(no_interrupt_controller, setup),
	};
	return cmocka_run_group_tests_name("sdei_dispatch", tests, NULL, NULL);
}
