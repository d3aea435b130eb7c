/* The orderly end of a boot (kmain, once the suites or the app are done):
 * devices are torn down before power-off, each stopped before the memory it
 * used is taken back, then the machine powers off -- or reboots once when
 * asked (reboot=once).
 * - teardown=off skips the teardown (a test knob: a Secure VM then leaves
 *   its shared pages shared, which the powernv shim reports at power-off).
 * - reboot=once: after a passing first boot, arch_reboot(). The platform says
 *   which boot this is in /chosen "cocoon,boot-count" (1 = the first; the
 *   powernv shim counts its partition reboots there). Without the property
 *   every boot is the first, so a platform that reboots by resetting the
 *   machine with the same command line (QEMU pseries, SLOF/VOF) would loop:
 *   run it with QEMU's -no-reboot, which ends QEMU at the reboot request. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>
#include <cocoon/virtio.h>

__attribute__((weak)) void arch_teardown(void)
{
}

__attribute__((weak)) void arch_reboot(void)
{
	kprintf("cocoon: this platform has no reboot: powering off\n");
}

/* /chosen "cocoon,boot-count": 1 when absent or unusable */
static uint32_t boot_count(void)
{
	const void *fdt = boot_info.fdt;
	int node = fdt ? fdt_path_offset(fdt, "/chosen") : -1, len = 0;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, "cocoon,boot-count", &len) : NULL;

	return p && len == 4 && fdt32_ld(p) ? fdt32_ld(p) : 1;
}

noreturn void kernel_shutdown(int status)
{
	char mode[8] = "";
	bool reboot = cmdline_get(&boot_cmdline, "reboot", mode, sizeof(mode)) &&
		      !strcmp(mode, "once");
	uint32_t boot = boot_count();

	if (cmdline_get(&boot_cmdline, "teardown", mode, sizeof(mode)) && !strcmp(mode, "off")) {
		kprintf("shutdown: teardown skipped (teardown=off)\n");
	} else {
		trace_call("guest", "guest", "shutdown: tear the devices down");
		drivers_teardown();
		arch_teardown();
	}
	if (reboot && boot == 1 && status == 0) {
		kprintf("cocoon: rebooting (reboot=once, boot %u)\n", (unsigned)boot);
		trace_call("guest", "firmware", "system reboot (boot %u)", (unsigned)boot);
		arch_reboot();
	} else if (reboot) {
		kprintf("cocoon: boot %u: reboot=once %s\n", (unsigned)boot,
			boot == 1 ? "skipped: the boot failed" : "already done");
	}
	kernel_exit(status);
}
