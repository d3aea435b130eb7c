/* PSCI (Arm DEN0022): conduit, version probe, SYSTEM_OFF.
 * The conduit comes from the device tree's /psci "method" (Linux binding
 * Documentation/devicetree/bindings/arm/psci.yaml), which is untrusted: only
 * "hvc" or "smc", and only one that can reach firmware from where we run.
 * Until then (e.g. a fatal device-tree error) we guess from the hardware. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "arm64.h"
#include "sysreg.h"

static enum psci_conduit conduit = PSCI_NONE; /* NONE until validated from the tree */
static uint32_t version;

const char *psci_conduit_name(enum psci_conduit c)
{
	return c == PSCI_HVC ? "hvc" : c == PSCI_SMC ? "smc" : "none";
}

/* Before the tree is read. Entered at EL2: we own EL2, so firmware can only be
 * behind SMC. Entered at EL1 with EL2 implemented: a hypervisor, behind HVC.
 * EL1 with no EL2 but EL3: SMC. Neither (QEMU's built-in PSCI): HVC. */
static enum psci_conduit fallback_conduit(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

	if (arm64_entry_el == 2)
		return PSCI_SMC;
	if (PFR0_EL2(pfr0))
		return PSCI_HVC;
	return PFR0_EL3(pfr0) ? PSCI_SMC : PSCI_HVC;
}

enum psci_conduit psci_conduit_in_use(void)
{
	return conduit != PSCI_NONE ? conduit : fallback_conduit();
}

uint32_t psci_version(void)
{
	return version;
}

/* SMC Calling Convention (DEN0028): function ID in w0, arguments x1-x3,
 * result in x0; x4-x17 may be clobbered by SMCCC v1.0/v1.1 implementations. */
#define SMCCC_CLOBBERS                                                                     \
	"x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", \
		"x17", "memory"

int64_t psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (psci_conduit_in_use() == PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	return (int64_t)x0;
}

int psci_parse_method(const void *fdt, enum psci_conduit *out)
{
	int node, len;
	const char *method;
	enum psci_conduit c;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_path_offset(fdt, "/psci");
	if (node < 0) {
		kprintf("arm64: no PSCI node in the device tree (need arm,psci-0.2 or later)\n");
		return -1;
	}
	method = fdt_getprop(fdt, node, "method", &len);
	if (!method || len <= 0 || strnlen(method, (size_t)len) == (size_t)len) {
		kprintf("arm64: /psci has no valid \"method\" string\n");
		return -1;
	}
	if (!strcmp(method, "hvc")) {
		c = PSCI_HVC;
	} else if (!strcmp(method, "smc")) {
		c = PSCI_SMC;
	} else {
		kprintf("arm64: /psci method \"%.16s\" is neither \"hvc\" nor \"smc\"\n", method);
		return -1;
	}
	if (c == PSCI_HVC && arm64_entry_el == 2) {
		/* we were EL2 ourselves and made HVC undefined (el2.S) */
		kprintf("arm64: /psci method \"hvc\" but no hypervisor exists (entered at EL2)\n");
		return -1;
	}
	*out = c;
	return 0;
}

int psci_init(const void *fdt)
{
	enum psci_conduit c;
	uint32_t v;

	if (psci_parse_method(fdt, &c))
		return -1;
	conduit = c;

	/* PSCI_VERSION (DEN0022 5.1.1): bits [30:16] major, [15:0] minor, bit 31 0.
	 * 0.2 introduced the fixed function IDs we use. */
	v = (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
	if ((v & 0x80000000u) || v < 0x00000002u) {
		kprintf("arm64: PSCI_VERSION via %s returned 0x%08x (need 0.2 or later)\n",
			psci_conduit_name(c), v);
		conduit = PSCI_NONE;
		return -1;
	}
	version = v;
	return 0;
}

noreturn void arch_poweroff(int status)
{
	static volatile int entered;
	int64_t r;

	(void)status; /* SYSTEM_OFF carries no status: the console line does */
	arch_irq_disable();
	if (!entered++) {
		r = psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		kprintf("cocoon: PSCI SYSTEM_OFF via %s returned %d; halting\n",
			psci_conduit_name(psci_conduit_in_use()), (int)(int32_t)r);
	}
	for (;;)
		__asm__ volatile("wfi");
}
