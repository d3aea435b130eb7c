/* Shutdown and reboot on pseries (kernel_shutdown(), kernel/shutdown.c).
 * After drivers_teardown() reset the virtio devices and gave back the DMA
 * pool, a Secure VM unshares the rest of what it shared, each owner after
 * stopping whatever lets the hypervisor write there (docs/uv-sharing.md):
 * the XIVE event queues once deconfigured, the PCI config-access buffer
 * once no config access follows, and last the RTAS argument buffer. The
 * power-off or reboot call that follows then carries its arguments in a
 * private page: the ultravisor, not the hypervisor, reads them (as a real
 * ultravisor mediates a secure VM's RTAS calls). */
#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

#include "ppc64.h"

void arch_teardown(void)
{
	if (!ppc64_uv_secure())
		return;
	if (ppc64_cas_granted_xive() && xive_teardown())
		kprintf("uv: XIVE event queues not all unshared\n");
	pci_arch_teardown();
	if (ppc64_uv_unshare("RTAS buffer", rtas_buffer_page(), 1))
		kprintf("uv: RTAS buffer not unshared\n");
	kprintf("uv: teardown done: event queues, PCI and RTAS buffers unshared\n");
}

/* RTAS system-reboot (LoPAPR 7, "system-reboot": no arguments, out =
 * status), after UV_UNSHARE_ALL_PAGES for a Secure VM. Returns on failure. */
void arch_reboot(void)
{
	uint32_t tok = rtas_token(boot_info.fdt, "system-reboot"), st = 0;

	if (!tok) {
		kprintf("ppc64: no RTAS system-reboot token: powering off instead\n");
		return;
	}
	ppc64_uv_unshare_all();
	arch_irq_disable();
	if (rtas_call(tok, 0, 1, NULL, &st))
		kprintf("ppc64: RTAS system-reboot call refused\n");
	else
		kprintf("ppc64: RTAS system-reboot returned status %d\n", (int)st);
}
