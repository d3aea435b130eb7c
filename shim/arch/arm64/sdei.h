/* SDEI v1.1 provider (Arm DEN0054): a pure C state machine, driven by the
 * shim's trap code and, on the host, by tests/unit/test_sdei_dispatch.c.
 * The guest's client is kernel/arch/arm64/sdei.c.
 *
 * The dispatcher sees a vCPU only through struct sdei_frame (the guest's
 * x0-x30, PC and PSTATE at the trap) and reaches the machine only through the
 * sdei_arch_* hooks at the end of this file. */
#ifndef SHIM_ARM64_SDEI_H
#define SHIM_ARM64_SDEI_H

#include <stdbool.h>
#include <stdint.h>

#include <cocoon/sdei_abi.h>

/* This shim's static event table. */
#define SDEI_EV_SIGNAL 0u	    /* private, normal, software-signalled (SDEI_EVENT_SIGNAL) */
#define SDEI_EV_PRIV_CRITICAL 0x10u /* private, critical, platform (test hook) */
#define SDEI_EV_SHARED 0x20u	    /* shared, normal, platform (test hook) */
#define SDEI_EV_SHARED_CRITICAL 0x21u
#define SDEI_EV_BIND_PRIV0 0x100u /* dynamic, private: INTERRUPT_BIND of a PPI */
#define SDEI_EV_BIND_PRIV1 0x101u
#define SDEI_EV_BIND_SHARED0 0x200u /* dynamic, shared: INTERRUPT_BIND of an SPI */
#define SDEI_EV_BIND_SHARED1 0x201u

#define SDEI_NUM_PRIVATE 4
#define SDEI_NUM_SHARED 4
#define SDEI_BIND_SLOTS_PRIVATE 2
#define SDEI_BIND_SLOTS_SHARED 2
#define SDEI_MAX_CPUS 4
#define SDEI_MAX_DEPTH 2 /* a critical event may preempt a normal one */

/* Vendor hypercall of this shim (SMCCC vendor-specific hypervisor service,
 * OEN 6): make a platform event pending, so that a test can raise the
 * critical and shared events. x1 = event, x2 = target MPIDR for private ones. */
#define SHIM_VENDOR_SDEI_TRIGGER 0xC6000010u

/* The guest registers the dispatcher reads and writes at a trap. */
struct sdei_frame {
	uint64_t x[31];
	uint64_t pc, pstate;
};

/* Set up the event table: ncpus PEs with the given MPIDR affinities. */
/* can_bind: interrupts can be bound at all (FEATURES reports 0 slots otherwise). */
void sdei_init(unsigned ncpus, const uint64_t *mpidr, bool can_bind);
/* A PE (re)starts: masked, private events unregistered (TF-A does the same at CPU_ON). */
void sdei_cpu_reset(unsigned cpu);
/* An SDEI call (x0 in SDEI_FID_FIRST..LAST) from cpu. Writes the result to
 * f->x[0], or for a successful COMPLETE the restored interrupted context. */
void sdei_call(unsigned cpu, struct sdei_frame *f);
/* The COMPLETE fast path (trap.c): f holds x0 = SDEI_EVENT_COMPLETE. Does what
 * sdei_call() would, with the same DEN0054 checks, and returns true, when
 * nothing is pending on cpu (so no other handler is to be entered on the way
 * back); otherwise changes nothing and returns false: take the general path. */
bool sdei_complete_fast(unsigned cpu, struct sdei_frame *f);
/* The SIGNAL fast path (trap.c): f holds x0 = SDEI_EVENT_SIGNAL. When event 0
 * is signalled to cpu itself and would be entered at once (nothing running,
 * nothing else pending), does what sdei_call() then sdei_dispatch_pending()
 * would and returns true; otherwise changes nothing and returns false. */
bool sdei_signal_fast(unsigned cpu, struct sdei_frame *f);
/* Called on every return to the guest on cpu: enters a handler if an event
 * may be dispatched now. Returns true if it did. */
bool sdei_dispatch_pending(unsigned cpu, struct sdei_frame *f);
/* A bound interrupt fired on cpu (already acknowledged and masked by the arch). */
void sdei_interrupt(unsigned cpu, unsigned intid);
/* The vendor trigger: 0 or an SDEI error code. */
int64_t sdei_trigger(unsigned cpu, uint64_t event, uint64_t target_mpidr);
/* Counts for the diagnostics line at shutdown. */
uint64_t sdei_dispatch_count(void);

/* ---- hooks the dispatcher needs from the machine ------------------------- */
/* addr may be a handler entry point / resume address: guest RAM, 4-aligned. */
bool sdei_arch_entry_ok(uint64_t addr);
/* PSTATE for a handler or resume entry, given the interrupted PSTATE
 * (EL1h, DAIF masked, as an exception taken to EL1 would set it). */
uint64_t sdei_arch_handler_pstate(uint64_t interrupted);
/* ELR_EL1/SPSR_EL1 of the calling PE, for COMPLETE_AND_RESUME. */
void sdei_arch_set_resume_regs(uint64_t elr, uint64_t spsr);
/* intid may be bound (PPI for private, SPI for shared events): 0, else -1. */
int sdei_arch_irq_claim(unsigned intid);
void sdei_arch_irq_release(unsigned intid);
void sdei_arch_irq_enable(unsigned intid, bool on);
/* Make cpu come back to sdei_dispatch_pending soon (another PE got an event). */
void sdei_arch_kick(unsigned cpu);
void sdei_arch_lock(void);
void sdei_arch_unlock(void);

#endif
