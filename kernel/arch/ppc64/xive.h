/* XIVE exploitation back end internals the in-guest tests look at. */
#ifndef COCOON_PPC64_XIVE_H
#define COCOON_PPC64_XIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "ppc64.h"

/* ESB PQ bits (XIVE: P = an event was forwarded, Q = another one queued) */
#define XIVE_PQ_P 0x2
#define XIVE_PQ_Q 0x1

/* One CPU's view: its event queue and IPI. */
struct xive_cpu {
	bool online;
	uint32_t target;        /* interrupt server number */
	uint32_t ipi_lisn;
	uint32_t *eq;           /* event queue */
	uint64_t eq_notify;     /* H_INT_GET_QUEUE_INFO notification page */
	uint32_t eq_idx;        /* next entry we read */
	bool eq_toggle;         /* generation value that means "not yet written" */
	bool acked;             /* TIMA acknowledged in this dispatch */
};

struct xive_info {
	uint64_t tima;          /* OS ring TIMA page (each thread sees its own) */
	uint8_t prio;           /* our event-queue priority */
	uint8_t eq_shift;       /* queue size, log2 bytes */
	struct xive_cpu cpu[PPC64_MAX_CPUS];
	unsigned long eq_resets; /* queue re-armed after garbage */
	unsigned long eq_garbage;
	unsigned long esb_hcall_swapped; /* H_INT_ESB answers in device byte order */
};
extern struct xive_info xive_info;

int xive_esb_get(unsigned lisn);           /* PQ bits, or negative */
uint64_t xive_source_flags(unsigned lisn); /* H_INT_GET_SOURCE_INFO flags, ~0 if unknown */
bool xive_source_is_lsi(unsigned lisn);    /* a routed level-sensitive source */
/* Test hook: write a bogus entry with a valid generation bit one slot ahead
 * of where the hypervisor writes next (boot CPU's queue). */
void xive_test_poison_eq(uint32_t eisn);
int xive_get_source_config(unsigned lisn, uint64_t *target, uint64_t *prio, uint64_t *eisn);
int xive_get_queue_config(uint64_t *qpage, uint64_t *qshift);

#endif
