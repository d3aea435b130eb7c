/* The PCIe host bridge's configuration space (ECAM, PCIe Base Spec 7.2.2)
 * is reachable: on bare QEMU, and under the shim, whose stage 2 must pass the
 * ECAM window through for later virtio-pci work. Reads the vendor/device ID of
 * bus 0, device 0, function 0. The window comes from the device tree
 * (Linux binding pci/host-generic-pci.yaml) and is checked against what our
 * stage-1 map treats as Device memory (kernel/arch/arm64/mmu.c). */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "arm64.h"
#include "sysreg.h"


static bool device_mapped(uint64_t base, uint64_t size)
{
	if (base + size < base)
		return false;
	return base + size <= GiB(1) || (base >= GiB(256) && base + size <= GiB(512));
}

static void arm64_pcie_suite(void)
{
	const void *fdt = boot_info.fdt;
	int node = fdt ? fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic") : -1, len;
	const fdt32_t *reg;
	uint64_t base, size;
	uint32_t id;

	if (node < 0) {
		report_skip("no pci-host-ecam-generic node", "PCIe ECAM");
		return;
	}
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 16 || fdt_address_cells(fdt, fdt_parent_offset(fdt, node)) != 2 ||
	    fdt_size_cells(fdt, fdt_parent_offset(fdt, node)) != 2) {
		report(false, "PCIe host bridge reg is 2+2 cells");
		return;
	}
	base = (uint64_t)fdt32_ld(&reg[0]) << 32 | fdt32_ld(&reg[1]);
	size = (uint64_t)fdt32_ld(&reg[2]) << 32 | fdt32_ld(&reg[3]);
	if (!report(size >= 4096 && device_mapped(base, size),
		    "ECAM window [0x%llx+0x%llx) lies in Device-mapped space",
		    (unsigned long long)base, (unsigned long long)size))
		return;
	id = mmio_read32((uintptr_t)base); /* 00:00.0, offset 0: vendor | device << 16 */
	report((id & 0xffff) != 0xffff && (id & 0xffff) != 0,
	       "host bridge 00:00.0 answers: vendor 0x%04x device 0x%04x", id & 0xffff, id >> 16);
}
KTEST_SUITE(arm64_pcie_suite);
