/* Negative test of a hypervisor's memory isolation (run by the
 * arm64-shim:stage2-fault configuration with "test.stage2"): read the first
 * address above the RAM the device tree gave us. Under our shim that IPA has no
 * stage-2 mapping (the shim's own memory sits behind it in host terms); the
 * shim must turn the fault into a synchronous external abort at our EL1
 * (ESR EC 0x25) and keep running, and we stop with a register dump. */
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

static void shim_isolation_suite(void)
{
	uint64_t end = 0;

	if (!cmdline_flag(&boot_cmdline, "test.stage2"))
		return; /* only in its negative-test configuration */
	for (unsigned i = 0; i < boot_info.nmem; i++)
		if (boot_info.mem[i].base + boot_info.mem[i].size > end)
			end = boot_info.mem[i].base + boot_info.mem[i].size;
	kprintf("shim_isolation: reading 0x%llx, just above guest RAM: expect a data abort\n",
		(unsigned long long)end);
	(void)*(volatile uint64_t *)(uintptr_t)end;
	report(false, "read above guest RAM did not fault");
}
KTEST_SUITE(shim_isolation_suite);
