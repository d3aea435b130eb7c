/* The device tree the guest sees through the OF client interface: a small
 * PAPR-style tree (root, /chosen, /cpus, /memory, /rtas), built with libfdt
 * from what the shim decides plus what QEMU's powernv tree says about the
 * hardware (time-base frequency, bootargs). DTSpec v0.4 chapter 3 for the
 * nodes; LoPAPR for /rtas tokens and the CAS offer in /chosen. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/format.h>

#include <shim/shim.h>

#include "pnv.h"

#define CHECK(x)                      \
	do {                          \
		if ((x) < 0)          \
			return -1;    \
	} while (0)

static const char *cpu_name(uint32_t pvr)
{
	return (pvr >> 16) == 0x0080 ? "PowerPC,POWER10" : "PowerPC,POWER9";
}

/* Hardware threads of the machine: the interrupt server numbers of every
 * /cpus child with device_type "cpu" (one per thread, PAPR/OPAL binding). */
unsigned dt_host_threads(const void *host)
{
	int cpus = fdt_path_offset(host, "/cpus"), cpu, len;
	unsigned n = 0;

	if (cpus < 0)
		return 1;
	fdt_for_each_subnode(cpu, host, cpus) {
		const char *dt = fdt_getprop(host, cpu, "device_type", &len);

		if (!dt || len != 4 || memcmp(dt, "cpu", 4))
			continue;
		if (fdt_getprop(host, cpu, "ibm,ppc-interrupt-server#s", &len) && len >= 4)
			n += (unsigned)len / 4;
		else
			n++;
	}
	return n ? n : 1;
}

/* First /cpus child with device_type "cpu": its timebase-frequency. */
uint32_t dt_host_timebase(const void *host)
{
	int cpus = fdt_path_offset(host, "/cpus"), cpu, len;

	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(cpu, host, cpus) {
		const char *dt = fdt_getprop(host, cpu, "device_type", &len);
		const fdt32_t *tb;

		if (!dt || len != 4 || memcmp(dt, "cpu", 4))
			continue;
		tb = fdt_getprop(host, cpu, "timebase-frequency", &len);
		if (tb && len == 4)
			return fdt32_to_cpu(*tb);
	}
	return 0;
}

int dt_build(void *buf, size_t size, const void *host, uint64_t mem_size, uint32_t pvr, uint32_t tb_hz,
	     unsigned ncpus)
{
	const char *bootargs = "";
	int chosen, len;
	fdt64_t reg[2] = { cpu_to_fdt64(0), cpu_to_fdt64(mem_size) };

	chosen = host ? fdt_path_offset(host, "/chosen") : -1;
	if (chosen >= 0) {
		const char *s = fdt_getprop(host, chosen, "bootargs", &len);

		if (s && len > 0 && len < 1024 && strnlen(s, (size_t)len) < (size_t)len)
			bootargs = s;
	}
	CHECK(fdt_create(buf, (int)size));
	CHECK(fdt_finish_reservemap(buf));
	CHECK(fdt_begin_node(buf, ""));
	CHECK(fdt_property_u32(buf, "#address-cells", 2));
	CHECK(fdt_property_u32(buf, "#size-cells", 2));
	CHECK(fdt_property_string(buf, "model", "cocoon powernv shim partition"));
	CHECK(fdt_property_string(buf, "compatible", "cocoon,pnv-shim"));
	CHECK(fdt_property_string(buf, "device_type", "chrp"));

	CHECK(fdt_begin_node(buf, "chosen"));
	CHECK(fdt_property_string(buf, "bootargs", bootargs));
	CHECK(fdt_end_node(buf));

	CHECK(fdt_begin_node(buf, "cpus"));
	CHECK(fdt_property_u32(buf, "#address-cells", 1));
	CHECK(fdt_property_u32(buf, "#size-cells", 0));
	for (unsigned i = 0; i < ncpus; i++) {
		char name[32];

		fmt_snprintf(name, sizeof(name), "%s@%u", cpu_name(pvr), i);
		CHECK(fdt_begin_node(buf, name));
		CHECK(fdt_property_string(buf, "device_type", "cpu"));
		CHECK(fdt_property_u32(buf, "reg", i));
		CHECK(fdt_property_u32(buf, "ibm,ppc-interrupt-server#s", i));
		CHECK(fdt_property_u32(buf, "cpu-version", pvr));
		CHECK(fdt_property_u32(buf, "timebase-frequency", tb_hz));
		CHECK(fdt_property(buf, "64-bit", "", 0));
		CHECK(fdt_end_node(buf));
	}
	CHECK(fdt_end_node(buf));

	/* hostile host: a memory node above the guest's image, or starting
	 * inside it (the image is loaded at 4 MiB) */
	if (shim_fault("mem-above-kernel"))
		reg[0] = cpu_to_fdt64(mem_size / 2), reg[1] = cpu_to_fdt64(mem_size / 2);
	if (shim_fault("mem-overlap-kernel"))
		reg[0] = cpu_to_fdt64(0x410000), reg[1] = cpu_to_fdt64(mem_size - 0x410000);
	CHECK(fdt_begin_node(buf, "memory@0"));
	CHECK(fdt_property_string(buf, "device_type", "memory"));
	CHECK(fdt_property(buf, "reg", reg, sizeof(reg)));
	CHECK(fdt_end_node(buf));

	/* the ultravisor model (uv.c) is there: ultracalls UV_ESM, UV_SHARE_PAGE,
	 * UV_UNSHARE_PAGE, UV_UNSHARE_ALL_PAGES (forwarded `sc 2`, see uv.c) */
	CHECK(fdt_begin_node(buf, "ibm,ultravisor"));
	CHECK(fdt_property_string(buf, "compatible", "ibm,ultravisor"));
	CHECK(fdt_end_node(buf));

	CHECK(fdt_begin_node(buf, "rtas"));
	CHECK(fdt_property_u32(buf, "power-off", RTAS_TOKEN_POWER_OFF));
	CHECK(fdt_property_u32(buf, "system-reboot", RTAS_TOKEN_SYSTEM_REBOOT));
	CHECK(fdt_property_u32(buf, "start-cpu", RTAS_TOKEN_START_CPU));
	CHECK(fdt_property_u32(buf, "query-cpu-stopped-state", RTAS_TOKEN_QUERY_CPU_STOPPED_STATE));
	CHECK(fdt_property_u32(buf, "stop-self", RTAS_TOKEN_STOP_SELF));
	CHECK(fdt_property_u32(buf, "ibm,read-pci-config", RTAS_TOKEN_READ_PCI_CONFIG));
	CHECK(fdt_property_u32(buf, "ibm,write-pci-config", RTAS_TOKEN_WRITE_PCI_CONFIG));
	CHECK(fdt_property_u32(buf, "ibm,set-xive", RTAS_TOKEN_SET_XIVE));
	CHECK(fdt_property_u32(buf, "ibm,get-xive", RTAS_TOKEN_GET_XIVE));
	CHECK(fdt_property_u32(buf, "ibm,int-off", RTAS_TOKEN_INT_OFF));
	CHECK(fdt_property_u32(buf, "ibm,int-on", RTAS_TOKEN_INT_ON));
	CHECK(fdt_end_node(buf));

	/* the PHB (LoPAPR "PCI host bridge" binding): BUID in reg, one 64-bit
	 * memory window, bus 0 only; the device node at 00:01.0 */
	{
		fdt64_t phb_reg[2] = { cpu_to_fdt64(PCI_PHB_BUID), cpu_to_fdt64(0) };
		fdt32_t ranges[7] = { cpu_to_fdt32(0x03000000), cpu_to_fdt32(PCI_MMIO_BASE >> 32),
				      cpu_to_fdt32((uint32_t)PCI_MMIO_BASE),
				      cpu_to_fdt32(PCI_MMIO_BASE >> 32),
				      cpu_to_fdt32((uint32_t)PCI_MMIO_BASE),
				      cpu_to_fdt32(PCI_MMIO_SIZE >> 32),
				      cpu_to_fdt32((uint32_t)PCI_MMIO_SIZE) };
		fdt32_t bus_range[2] = { 0, 0 };
		fdt32_t dev_reg[5] = { cpu_to_fdt32(0x0800), 0, 0, 0, 0 };
		fdt32_t blk_reg[5] = { cpu_to_fdt32(0x1000), 0, 0, 0, 0 };
		char name[32];

		fmt_snprintf(name, sizeof(name), "pci@%llx", (unsigned long long)PCI_PHB_BUID);
		CHECK(fdt_begin_node(buf, name));
		CHECK(fdt_property_string(buf, "device_type", "pci"));
		CHECK(fdt_property_string(buf, "compatible", "IBM,Logical_PHB"));
		CHECK(fdt_property(buf, "reg", phb_reg, sizeof(phb_reg)));
		CHECK(fdt_property_u32(buf, "#address-cells", 3));
		CHECK(fdt_property_u32(buf, "#size-cells", 2));
		CHECK(fdt_property(buf, "ranges", ranges, sizeof(ranges)));
		CHECK(fdt_property(buf, "bus-range", bus_range, sizeof(bus_range)));
		CHECK(fdt_property_u32(buf, "ibm,pci-config-space-type", 1));
		CHECK(fdt_begin_node(buf, "rng@1"));
		CHECK(fdt_property(buf, "reg", dev_reg, sizeof(dev_reg)));
		CHECK(fdt_property_u32(buf, "vendor-id", 0x1af4));
		CHECK(fdt_property_u32(buf, "device-id", 0x1044));
		CHECK(fdt_end_node(buf));
		CHECK(fdt_begin_node(buf, "disk@2"));
		CHECK(fdt_property(buf, "reg", blk_reg, sizeof(blk_reg)));
		CHECK(fdt_property_u32(buf, "vendor-id", 0x1af4));
		CHECK(fdt_property_u32(buf, "device-id", 0x1042));
		CHECK(fdt_end_node(buf));
		CHECK(fdt_end_node(buf));
	}

	CHECK(fdt_end_node(buf)); /* root */
	CHECK(fdt_finish(buf));
	CHECK(fdt_open_into(buf, buf, (int)size));
	CHECK(dt_set_intc(buf, false));
	return cas_set_offer(buf, ncpus);
}

static int add_u32s(void *fdt, int node, const char *name, const uint32_t *v, int n)
{
	fdt32_t cells[4];

	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_setprop(fdt, node, name, cells, n * 4);
}

/* The interrupt controller node of the mode in force: the XICS presentation
 * layer (LoPAPR "PowerPC-External-Interrupt-Presentation", one server) or,
 * after CAS chose it, the XIVE exploitation node ("ibm,power-ivpe": the TIMA
 * user and OS pages, queue sizes, source ranges, reserved priority 7), as
 * QEMU pseries rebuilds its tree after CAS. The new node gets a phandle. */
int dt_set_intc(void *fdt, bool xive)
{
	static const uint32_t eq_sizes[] = { 12, 16, 21, 24 };
	static const uint32_t lisns[] = { 0, XIVE_NR_SOURCES };
	static const uint32_t reserved[] = { 7, 0xf8 };
	static const uint32_t servers[] = { 0, 1 };
	int node;
	uint32_t ph;

	while ((node = fdt_node_offset_by_compatible(fdt, -1, "IBM,ppc-xicp")) >= 0 ||
	       (node = fdt_node_offset_by_compatible(fdt, -1, "ibm,power-ivpe")) >= 0)
		if (fdt_del_node(fdt, node))
			return -1;
	if (xive) {
		fdt64_t reg[4] = { cpu_to_fdt64(XIVE_TIMA_USER_PAGE),
				   cpu_to_fdt64(1ull << XIVE_TIMA_PAGE_SHIFT),
				   cpu_to_fdt64(XIVE_TIMA_OS_PAGE),
				   cpu_to_fdt64(1ull << XIVE_TIMA_PAGE_SHIFT) };

		/* in the root node, where PAPR clients (and QEMU pseries) read it;
		 * set before the subnode is added (it moves the node offsets) */
		if (add_u32s(fdt, 0, "ibm,plat-res-int-priorities", reserved, 2))
			return -1;
		node = fdt_add_subnode(fdt, 0, "interrupt-controller@6030203180000");
		if (node < 0 || fdt_setprop_string(fdt, node, "device_type", "power-ivpe") ||
		    fdt_setprop_string(fdt, node, "compatible", "ibm,power-ivpe") ||
		    fdt_setprop(fdt, node, "reg", reg, sizeof(reg)) ||
		    add_u32s(fdt, node, "ibm,xive-eq-sizes", eq_sizes, 4) ||
		    add_u32s(fdt, node, "ibm,xive-lisn-ranges", lisns, 2))
			return -1;
	} else {
		fdt_delprop(fdt, 0, "ibm,plat-res-int-priorities"); /* absent already: fine */
		node = fdt_add_subnode(fdt, 0, "interrupt-controller");
		if (node < 0 ||
		    fdt_setprop_string(fdt, node, "device_type",
				       "PowerPC-External-Interrupt-Presentation") ||
		    fdt_setprop_string(fdt, node, "compatible", "IBM,ppc-xicp") ||
		    add_u32s(fdt, node, "ibm,interrupt-server-ranges", servers, 2))
			return -1;
	}
	if (fdt_setprop(fdt, node, "interrupt-controller", "", 0) ||
	    fdt_setprop_u32(fdt, node, "#interrupt-cells", 2) || fdt_generate_phandle(fdt, &ph) ||
	    fdt_setprop_u32(fdt, node, "phandle", ph))
		return -1;
	return 0;
}
