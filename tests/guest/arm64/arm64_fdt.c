/* The arm64 port's device-tree parsing against damaged copies of the tree we
 * booted with: every bad value must be refused with a message, never used. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>
#include <cocoon/mm.h>

#include "arm64.h"

#define SLACK 256 /* room for the properties we rewrite */

static void *fresh_copy(void *buf, size_t size)
{
	return fdt_open_into(boot_info.fdt, buf, (int)size) ? NULL : buf;
}

static int psci_node(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");

	return node >= 0 ? node : fdt_path_offset(fdt, "/psci");
}

static bool method_result(void *buf, size_t size, const void *val, int len,
			  enum psci_conduit *c)
{
	void *fdt = fresh_copy(buf, size);

	*c = PSCI_NONE;
	return fdt && !fdt_setprop(fdt, psci_node(fdt), "method", val, len) &&
	       !psci_parse_method(fdt, c);
}

static void psci_method_checks(void *buf, size_t size)
{
	enum psci_conduit c;
	void *fdt;

	report(!psci_parse_method(boot_info.fdt, &c) && c == psci_conduit_in_use(),
	       "psci: boot tree method is the conduit in use");
	report(method_result(buf, size, "smc", 4, &c) && c == PSCI_SMC, "psci: \"smc\" accepted");
	if (arm64_entry_el == 2)
		report(!method_result(buf, size, "hvc", 4, &c),
		       "psci: \"hvc\" refused: we owned EL2, nobody answers HVC");
	else
		report(method_result(buf, size, "hvc", 4, &c) && c == PSCI_HVC,
		       "psci: \"hvc\" accepted");
	report(!method_result(buf, size, "svc", 4, &c), "psci: \"svc\" refused");
	report(!method_result(buf, size, "hvc", 3, &c), "psci: unterminated string refused");
	report(!method_result(buf, size, "", 0, &c), "psci: empty method refused");
	report(!method_result(buf, size, "hvcX\0", 5, &c), "psci: \"hvcX\" refused");

	fdt = fresh_copy(buf, size);
	report(fdt && !fdt_delprop(fdt, psci_node(fdt), "method") && psci_parse_method(fdt, &c),
	       "psci: missing method refused");
	fdt = fresh_copy(buf, size);
	report(fdt && !fdt_del_node(fdt, psci_node(fdt)) && psci_parse_method(fdt, &c),
	       "psci: missing node refused");
}

static bool intid_result(void *buf, size_t size, const fdt32_t *val, int len, unsigned *id)
{
	void *fdt = fresh_copy(buf, size);
	int node = fdt ? fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer") : -1;

	return node >= 0 && !fdt_setprop(fdt, node, "interrupts", val, len) &&
	       !timer_parse_intid(fdt, id);
}

static void timer_intid_checks(void *buf, size_t size)
{
	const fdt32_t ok[] = { cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
			       cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
			       cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4) };
	fdt32_t bad[9];
	unsigned id;

	if (fdt_node_offset_by_compatible(boot_info.fdt, -1, "arm,gic-v3") < 0 ||
	    fdt_node_offset_by_compatible(boot_info.fdt, -1, "arm,armv8-timer") < 0) {
		report_skip("no GICv3 or timer node", "timer: interrupts parsing");
		return;
	}
	report(!timer_parse_intid(boot_info.fdt, &id) && id == timer_intid(),
	       "timer: boot tree gives INTID %u", id);
	report(intid_result(buf, size, ok, sizeof(ok), &id) && id == 27,
	       "timer: <1 11 4> as third entry is INTID 27");
	report(!intid_result(buf, size, ok, 2 * 12, &id), "timer: only two entries refused");
	report(!intid_result(buf, size, ok, sizeof(ok) - 4, &id),
	       "timer: length not a multiple of the cells refused");
	memcpy(bad, ok, sizeof(bad));
	bad[6] = cpu_to_fdt32(0);
	report(!intid_result(buf, size, bad, sizeof(bad), &id), "timer: SPI refused");
	memcpy(bad, ok, sizeof(bad));
	bad[7] = cpu_to_fdt32(16);
	report(!intid_result(buf, size, bad, sizeof(bad), &id), "timer: PPI 16 refused");
}

static void arm64_fdt_suite(void)
{
	/* QEMU pads its tree to 1 MiB, as large as the heap: use whole pages */
	size_t pages = (boot_info.fdt_size + SLACK + PAGE_SIZE - 1) / PAGE_SIZE;
	size_t size = pages * PAGE_SIZE;
	void *buf = page_alloc(pages);

	if (!report(buf != NULL, "scratch copy of the device tree (%zu pages)", pages))
		return;
	psci_method_checks(buf, size);
	timer_intid_checks(buf, size);
	page_free(buf, pages);
}
KTEST_SUITE(arm64_fdt_suite);
