/* XICS back end internals the in-guest tests look at. */
#ifndef COCOON_PPC64_XICS_H
#define COCOON_PPC64_XICS_H

#include <stdint.h>

struct xics_info {
	uint32_t server;
	uint8_t prio_ipi, prio_device;
};
extern struct xics_info xics_info;

int xics_set_cppr(uint8_t cppr);
int xics_get_xive(unsigned hwirq, uint32_t *server, uint32_t *prio);

#endif
