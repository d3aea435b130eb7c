/* The guest's check of a DEVICE_INTERFACE_REPORT (drivers/pci/tdisp_report.c)
 * against what the guest itself sees of the function. Pure C: host-tested
 * and fuzzed. */
#ifndef DRIVERS_PCI_TDISP_REPORT_H
#define DRIVERS_PCI_TDISP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cocoon/tdisp_abi.h>

struct tdisp_expect {
	uint64_t bar_base[6], bar_size[6]; /* PCI addresses the guest programmed */
	uint64_t mmio_offset;              /* the reporting offset given to LOCK */
	uint8_t nonce[TDISP_NONCE_SIZE];   /* LOCK's nonce */
	bool msix;
	unsigned table_bir, pba_bir;
	uint32_t table_off, table_len, pba_off, pba_len;
};

struct tdisp_range {
	uint64_t first; /* PCI address, reporting offset removed */
	uint32_t pages;
	uint16_t attr, id;
};

/* 0 when the report is acceptable (ranges copied to out, *nout set), else -1
 * with the reason in why. */
int tdisp_report_check(const uint8_t *rep, size_t len, const struct tdisp_expect *e,
		       struct tdisp_range *out, unsigned *nout, char *why, size_t whylen);

#endif
