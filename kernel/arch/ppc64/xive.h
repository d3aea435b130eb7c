/* XIVE exploitation back end internals the in-guest tests look at. */
#ifndef COCOON_PPC64_XIVE_H
#define COCOON_PPC64_XIVE_H

#include <stdbool.h>
#include <stdint.h>

/* ESB PQ bits (XIVE: P = an event was forwarded, Q = another one queued) */
#define XIVE_PQ_P 0x2
#define XIVE_PQ_Q 0x1

struct xive_info {
	uint64_t tima;          /* OS ring TIMA page */
	uint32_t target;        /* this CPU's server number */
	uint8_t prio;           /* our event-queue priority */
	uint32_t *eq;           /* event queue */
	uint8_t eq_shift;       /* its size, log2 bytes */
	uint64_t eq_notify;     /* H_INT_GET_QUEUE_INFO notification page */
	uint32_t eq_idx;        /* next entry we read */
	bool eq_toggle;         /* generation value that means "not yet written" */
	uint32_t ipi_lisn;
	unsigned long eq_resets; /* queue re-armed after garbage */
	unsigned long eq_garbage;
};
extern struct xive_info xive_info;

int xive_esb_get(unsigned lisn);           /* PQ bits, or negative */
uint64_t xive_source_flags(unsigned lisn); /* H_INT_GET_SOURCE_INFO flags, ~0 if unknown */
/* Test hook: write a bogus entry with a valid generation bit one slot ahead
 * of where the hypervisor writes next. */
void xive_test_poison_eq(uint32_t eisn);
int xive_get_source_config(unsigned lisn, uint64_t *target, uint64_t *prio, uint64_t *eisn);
int xive_get_queue_config(uint64_t *qpage, uint64_t *qshift);

#endif
