/* TDISP-aware enable (PCIe 6.x ch. 11; flow modelled on Arm CCA device
 * assignment, docs/tdisp.md): a function advertising TEE-IO in its Device
 * Capabilities is locked through the TSM calls, its DEVICE_INTERFACE_REPORT
 * fetched in pieces and checked against the BARs and MSI-X layout this guest
 * programmed, started with the lock's nonce, and only then given MSE|BME in
 * one command write. A refused report, a failed start or an interface found
 * in ERROR leaves the device unused, with the reason printed. */
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/format.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>
#include <cocoon/pci.h>
#include <cocoon/tdisp_abi.h>

#include "tdisp_report.h"

/* The reporting offset handed to LOCK: the report's addresses are shifted
 * by it, so a report made for another lock or without it does not fit. */
#define GUEST_MMIO_OFFSET (1ull << 40)
#define REPORT_PIECE 64 /* bytes per REPORT call: the report comes in pieces */

__attribute__((weak)) long pci_arch_tdisp_call(unsigned fn, uint64_t a1, uint64_t a2, uint64_t a3,
					       uint64_t a4, uint64_t *r1, uint64_t *r2)
{
	(void)fn, (void)a1, (void)a2, (void)a3, (void)a4;
	*r1 = *r2 = 0;
	return TDISP_E_NOT_SUPPORTED;
}

static uint8_t nonce_buf[TDISP_NONCE_SIZE] __attribute__((aligned(64)));
static uint8_t piece[REPORT_PIECE] __attribute__((aligned(64)));
static uint8_t report[TDISP_REPORT_MAX];

static uint64_t rid_of(const struct pci_dev *d)
{
	return (uint64_t)d->bus << 8 | (uint64_t)d->dev << 3 | d->fn;
}

static uint64_t gaddr(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity-mapped guest (drivers/dma) */
}

static long call(unsigned fn, const struct pci_dev *d, uint64_t a2, uint64_t a3, uint64_t a4,
		 uint64_t *r1, uint64_t *r2)
{
	static const char *const names[TDISP_FN_COUNT] = { "VERSION", "LOCK_INTERFACE",
		"GET_DEVICE_INTERFACE_REPORT", "GET_DEVICE_INTERFACE_STATE", "START_INTERFACE",
		"STOP_INTERFACE" };
	const char *name = fn < TDISP_FN_COUNT ? names[fn] : "?";
	uint64_t s1, s2;
	long rc;

	trace_call("guest", "TDISP", "%s %02x:%02x.%x", name, d->bus, d->dev, d->fn);
	rc = pci_arch_tdisp_call(fn, rid_of(d), a2, a3, a4, r1 ? r1 : &s1, r2 ? r2 : &s2);
	trace_ret("TDISP", "guest", "%s: %ld", name, rc);
	return rc;
}

static bool tee_io(struct pci_dev *d)
{
	unsigned cap = pci_find_cap(d, PCI_CAP_ID_EXP, 0);

	return cap && (pci_cfg_read(d, cap + PCI_EXP_DEVCAP, 4) & PCI_EXP_DEVCAP_TEE_IO);
}

static const char *state_name(uint64_t s)
{
	static const char *const n[] = { "CONFIG_UNLOCKED", "CONFIG_LOCKED", "RUN", "ERROR" };

	return s < 4 ? n[s] : "unknown";
}

/* What the guest itself programmed: BAR addresses (PCI side, read back),
 * sizes from enumeration, the MSI-X table and PBA location. */
static void expect_of(struct pci_dev *d, struct tdisp_expect *e)
{
	unsigned msix = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);

	memset(e, 0, sizeof(*e));
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		uint32_t lo;

		if (!d->bar[i].cpu || d->bar[i].io)
			continue;
		lo = pci_cfg_read(d, PCI_BAR0 + 4 * i, 4);
		e->bar_base[i] = lo & ~0xfull;
		if (d->bar[i].is64 && i < PCI_MAX_BARS - 1)
			e->bar_base[i] |= (uint64_t)pci_cfg_read(d, PCI_BAR0 + 4 * i + 4, 4) << 32;
		e->bar_size[i] = d->bar[i].size;
	}
	e->mmio_offset = GUEST_MMIO_OFFSET;
	memcpy(e->nonce, nonce_buf, TDISP_NONCE_SIZE);
	if (msix) {
		uint32_t n = (pci_cfg_read(d, msix + 2, 2) & 0x7ff) + 1;
		uint32_t t = pci_cfg_read(d, msix + 4, 4), p = pci_cfg_read(d, msix + 8, 4);

		e->msix = true;
		e->table_bir = t & 7;
		e->table_off = t & ~7u;
		e->table_len = n * 16;
		e->pba_bir = p & 7;
		e->pba_off = p & ~7u;
		e->pba_len = ((n + 63) / 64) * 8;
	}
}

/* GET_DEVICE_INTERFACE_REPORT in REPORT_PIECE-byte pieces; the length is
 * whatever the pieces add up to, bounded by what a report can hold. */
static long fetch_report(struct pci_dev *d, size_t *len, char *why, size_t whylen)
{
	size_t got = 0;

	for (unsigned budget = TDISP_REPORT_MAX / REPORT_PIECE + 2; budget; budget--) {
		uint64_t portion, remainder;
		long rc = call(TDISP_FN_REPORT, d, got, gaddr(piece), sizeof(piece), &portion,
			       &remainder);

		if (rc) {
			fmt_snprintf(why, whylen, "REPORT call failed (%ld)", rc);
			return -1;
		}
		if (portion > sizeof(piece) || portion > sizeof(report) - got ||
		    remainder > sizeof(report) - got - portion) {
			fmt_snprintf(why, whylen,
				     "report piece of %llu bytes with %llu remaining at offset %zu "
				     "exceeds the %u-byte bound",
				     (unsigned long long)portion, (unsigned long long)remainder, got,
				     (unsigned)TDISP_REPORT_MAX);
			return -1;
		}
		memcpy(report + got, piece, portion);
		got += portion;
		if (!remainder) {
			*len = got;
			return 0;
		}
		if (!portion) {
			fmt_snprintf(why, whylen, "empty report piece with %llu bytes remaining",
				     (unsigned long long)remainder);
			return -1;
		}
	}
	fmt_snprintf(why, whylen, "report never ends");
	return -1;
}

static int refuse(struct pci_dev *d, const char *what, const char *why)
{
	uint64_t st = TDISP_STATE_CONFIG_UNLOCKED;

	call(TDISP_FN_STOP, d, 0, 0, 0, NULL, NULL);
	call(TDISP_FN_STATE, d, 0, 0, 0, &st, NULL);
	d->tdi_active = false;
	/* unlocked again: decoding and DMA off is a plain write now */
	pci_enable(d, 0);
	kprintf("pci: %02x:%02x.%x: TDISP %s: %s; interface stopped (%s), device not used\n",
		d->bus, d->dev, d->fn, what, why, state_name(st));
	return -1;
}

int pci_tdisp_enable(struct pci_dev *d)
{
	struct tdisp_range ranges[TDISP_MAX_RANGES];
	struct tdisp_expect e;
	unsigned n, shared = 0;
	uint64_t ver, st;
	size_t len = 0;
	char why[160], naive[8] = "";
	long rc;

	if (!tee_io(d)) {
		pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
		return 0;
	}
	rc = call(TDISP_FN_VERSION, d, 0, 0, 0, &ver, NULL);
	if (rc || ver >> 16 != 1) {
		kprintf("pci: %02x:%02x.%x advertises TEE-IO but no TSM answers (%ld, version "
			"0x%llx): device not used\n",
			d->bus, d->dev, d->fn, rc, (unsigned long long)ver);
		return -1;
	}
	/* decoding and DMA must be off while the configuration is locked in */
	pci_enable(d, 0);
	rc = call(TDISP_FN_LOCK, d, gaddr(nonce_buf), GUEST_MMIO_OFFSET, 0, NULL, NULL);
	if (rc) {
		kprintf("pci: %02x:%02x.%x: TDISP LOCK_INTERFACE refused (%ld): device not used\n",
			d->bus, d->dev, d->fn, rc);
		return -1;
	}
	d->tdi_active = true;
	if (fetch_report(d, &len, why, sizeof(why)))
		return refuse(d, "report refused", why);
	expect_of(d, &e);
	if (tdisp_report_check(report, len, &e, ranges, &n, why, sizeof(why)))
		return refuse(d, "report refused", why);
	trace_call("guest", "guest", "report validated: %u ranges inside the BARs, nonce matches", n);
	for (unsigned i = 0; i < n; i++)
		if (ranges[i].attr & TDISP_ATTR_NON_TEE)
			shared++;
	/* accepted: TEE ranges would be mapped private, non-TEE (MSI-X) shared */
	rc = call(TDISP_FN_START, d, gaddr(nonce_buf), 0, 0, NULL, NULL);
	if (rc) {
		fmt_snprintf(why, sizeof(why), "TSM returned %ld", rc);
		return refuse(d, "START_INTERFACE failed", why);
	}
	if (cmdline_get(&boot_cmdline, "tdisp.naive", naive, sizeof(naive)) ||
	    cmdline_flag(&boot_cmdline, "tdisp.naive")) {
		/* what a driver unaware of TDISP does (the test of the model's
		 * ERROR transition): Memory Space first and Bus Master later, or
		 * with "=toggle" Bus Master cleared and set again once running */
		uint16_t cmd = (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);
		const uint16_t on = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;

		trace_call("guest", "device", "naive driver: command writes %s",
			   !strcmp(naive, "toggle") ? "MSE|BME, then BME cleared, then set again"
						    : "MSE first, BME later");
		if (!strcmp(naive, "toggle")) {
			pci_cfg_write(d, PCI_COMMAND, 2, cmd | on);
			pci_cfg_write(d, PCI_COMMAND, 2, (cmd | on) & ~PCI_COMMAND_MASTER);
		} else {
			pci_cfg_write(d, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY);
		}
		pci_cfg_write(d, PCI_COMMAND, 2, cmd | on);
	} else {
		trace_call("guest", "device", "one command write: Memory Space | Bus Master");
		pci_enable(d, PCI_ENABLE_TARGET | PCI_ENABLE_INITIATOR);
	}
	rc = call(TDISP_FN_STATE, d, 0, 0, 0, &st, NULL);
	if (rc || st != TDISP_STATE_RUN) {
		fmt_snprintf(why, sizeof(why), "interface in %s after enabling MSE|BME (call %ld)",
			     state_name(st), rc);
		return refuse(d, "interface not running", why);
	}
	kprintf("pci: %02x:%02x.%x: TDISP interface RUN: report of %zu bytes accepted, %u MMIO "
		"ranges (%u TEE, %u shared non-TEE)\n",
		d->bus, d->dev, d->fn, len, n, n - shared, shared);
	return 0;
}

void pci_tdisp_stop(struct pci_dev *d)
{
	long rc;

	if (!d->tdi_active)
		return;
	d->tdi_active = false;
	rc = call(TDISP_FN_STOP, d, 0, 0, 0, NULL, NULL);
	kprintf("pci: %02x:%02x.%x: TDISP interface stopped before disabling (%ld)\n", d->bus,
		d->dev, d->fn, rc);
}
