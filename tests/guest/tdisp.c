/* TDISP suite: every PCI function that advertises TEE-IO must have been
 * taken through lock / report / start by drivers/pci/tdisp.c and be running,
 * with Memory Space and Bus Master on; the TSM's state call must agree.
 * "tdisp.expect=N" names how many such functions the configuration has. */
#include <stdlib.h>

#include <cocoon/cmdline.h>
#include <cocoon/ktest.h>
#include <cocoon/pci.h>
#include <cocoon/tdisp_abi.h>

static void tdisp_suite(void)
{
	char want[8] = "";
	unsigned active = 0;

	if (!cmdline_get(&boot_cmdline, "tdisp.expect", want, sizeof(want))) {
		report_skip("no tdisp.expect= on the command line", "tdisp: TEE-IO functions");
		return;
	}
	for (unsigned i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		uint64_t st = 0, r2;
		uint16_t cmd;
		long rc;

		if (!d->tdi_active)
			continue;
		active++;
		rc = pci_arch_tdisp_call(TDISP_FN_STATE, (uint64_t)d->bus << 8 | d->dev << 3 | d->fn,
					 0, 0, 0, &st, &r2);
		report(rc == 0 && st == TDISP_STATE_RUN, "tdisp: %02x:%02x.%x: TSM reports RUN",
		       d->bus, d->dev, d->fn);
		cmd = (uint16_t)pci_cfg_read(d, PCI_COMMAND, 2);
		report((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
			       (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
		       "tdisp: %02x:%02x.%x: MSE and BME on (command 0x%x)", d->bus, d->dev, d->fn,
		       cmd);
		rc = pci_arch_tdisp_call(TDISP_FN_START, (uint64_t)d->bus << 8 | d->dev << 3 | d->fn,
					 0, 0, 0, &st, &r2);
		report(rc == TDISP_E_STATE, "tdisp: a second START is refused (%ld)", rc);
		rc = pci_arch_tdisp_call(TDISP_FN_STATE, 0xfffff, 0, 0, 0, &st, &r2);
		report(rc == TDISP_E_INVALID, "tdisp: an unknown interface id is refused (%ld)", rc);
	}
	report(active == strtoul(want, NULL, 0), "tdisp: %u interface(s) running, %s expected",
	       active, want);
}
KTEST_SUITE(tdisp_suite);
