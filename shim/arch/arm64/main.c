/* The arm64 shim's boot: check what QEMU handed us, lay out guest memory,
 * build the guest's device tree from the platform's, set up stage 2 and EL2,
 * and enter the unchanged guest Image at EL1 as a boot loader would
 * (Linux Documentation/arch/arm64/booting.rst). */
#include <string.h>

#include <libfdt.h>
#include <shim/shim.h>
#include <shim/trace.h>

#include "hyp.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define FDT_MAX_IN (2 * MiB)  /* what we accept from QEMU */
#define FDT_SLACK (16 * 1024) /* room for the nodes we add */
#define MPIDR_AFF_MASK 0xff00ffffffull

noreturn void shim_main(uint64_t dtb);
noreturn void shim_secondary_main(uint64_t cpu);

struct vcpu vcpus[MAX_CPUS];
unsigned nr_vcpus;
extern bool shim_gic_ok;

static void check(int err, const char *what)
{
	if (err < 0)
		shim_panic("device tree: %s: %s\n", what, shim_fdt_strerror(err));
}

/* PE affinities from /cpus (DT spec 3.7, Linux arm/cpus.yaml: reg = MPIDR
 * affinity bits, 1 or 2 cells). The booting PE becomes vCPU 0. */
static void parse_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int ac;

	vcpus[0].mpidr = self;
	nr_vcpus = 1;
	if (cpus < 0)
		return;
	ac = fdt_address_cells(fdt, cpus);
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t m;

		if (!type || strcmp(type, "cpu") || !reg || (ac != 1 && ac != 2) || len < 4 * ac)
			continue;
		m = ac == 2 ? (uint64_t)fdt32_ld(&reg[0]) << 32 | fdt32_ld(&reg[1]) : fdt32_ld(&reg[0]);
		m &= MPIDR_AFF_MASK;
		if (m == self)
			continue;
		if (nr_vcpus == MAX_CPUS) {
			shim_printf("more than %u CPUs: the rest stay off\n", MAX_CPUS);
			break;
		}
		vcpus[nr_vcpus++].mpidr = m;
	}
}

/* The guest's tree: the platform's, with our memory range, PSCI and SDEI
 * behind HVC (the shim answers both). */
static uint64_t build_guest_fdt(const void *src, uint64_t ipa, uint64_t size, uint64_t pa_src,
				uint64_t image_end, uint64_t *out_ipa)
{
	uint64_t room = fdt_totalsize(src) + FDT_SLACK, at, pa, pa_guest = guest_ipa_to_pa(ipa);
	void *dst;
	int n;

	/* QEMU's own spot (RAM + 128 MiB) if the guest is that large, else the top */
	at = size >= 256 * MiB ? ipa + 128 * MiB : ((ipa + size - room) & ~(2 * MiB - 1));
	if (!guest_ipa_range_ok(at, room) || at < image_end)
		shim_panic("guest RAM too small for its device tree\n");
	pa = guest_ipa_to_pa(at);
	if (pa < pa_src + fdt_totalsize(src) && pa_src < pa + room)
		shim_panic("guest device tree would overlap the platform's\n");
	dst = (void *)(uintptr_t)pa;
	check(shim_fdt_copy(dst, room, src), "copy");
	{
		uint64_t skip = fdt_fault_memory_skip(); /* hostile-host mode only */

		check(shim_fdt_set_memory(dst, ipa + skip, size - skip), "memory node");
	}
	check(shim_fdt_set_string(dst, "/psci", "method", "hvc"), "/psci");
	/* Linux Documentation/devicetree/bindings/arm/firmware/sdei.txt */
	check(shim_fdt_set_string(dst, "/firmware/sdei", "compatible", "arm,sdei-1.0"), "sdei");
	check(shim_fdt_set_string(dst, "/firmware/sdei", "method", "hvc"), "sdei");
	/* no SMMU: devices must be told where guest RAM really is (the
	 * guest's DMA adds the offset; drivers/pci/pci_dma_ranges.c) */
	{
		int pci = fdt_node_offset_by_compatible(dst, -1, "pci-host-ecam-generic");
		fdt32_t dr[7] = { cpu_to_fdt32(0x02000000), cpu_to_fdt32((uint32_t)(pa_guest >> 32)),
				  cpu_to_fdt32((uint32_t)pa_guest), cpu_to_fdt32((uint32_t)(ipa >> 32)),
				  cpu_to_fdt32((uint32_t)ipa), cpu_to_fdt32((uint32_t)(size >> 32)),
				  cpu_to_fdt32((uint32_t)size) };

		if (pci >= 0)
			check(fdt_setprop(dst, pci, "dma-ranges", dr, sizeof(dr)), "dma-ranges");
	}
	n = shim_fdt_finish(dst);
	check(n, "pack");
	*out_ipa = at;
	return (uint64_t)n;
}

noreturn void shim_main(uint64_t dtb)
{
	const void *fdt = (const void *)(uintptr_t)dtb;
	uint64_t ram_base, ram_size, g_ipa, g_size, g_pa, fdt_ipa, fdt_size;
	const uint8_t *hdr;
	uint64_t image_size;
	int err;

	shim_printf("cocoon arm64 EL2 shim: PSCI and SDEI v1.1 over HVC\n");
	err = shim_fdt_check(fdt, FDT_MAX_IN);
	if (err)
		shim_panic("no valid device tree in x0 (0x%llx): %s\n", (unsigned long long)dtb,
			   shim_fdt_strerror(err));
	shim_fault_init(fdt);
	smccc_fault_init();
	check(shim_fdt_first_memory(fdt, &ram_base, &ram_size), "memory");
	if ((uint64_t)(uintptr_t)__shim_start != ram_base + 2 * MiB || ram_size < 64 * MiB)
		shim_panic("RAM [0x%llx+0x%llx) does not hold the shim at its link address\n",
			   (unsigned long long)ram_base, (unsigned long long)ram_size);

	/* The guest sees RAM at the platform's base, backed by what follows the
	 * shim's 4 MiB; 2 MiB granules so stage 2 can use blocks. */
	g_ipa = ram_base;
	g_pa = ram_base + SHIM_RESERVED;
	g_size = (ram_size - SHIM_RESERVED) & ~(2 * MiB - 1);
	if (g_size > 4 * GiB)
		g_size = 4 * GiB;
	guest_ram_set(g_ipa, g_size, g_pa);

	/* The guest Image, put at its IPA (base + 2 MiB) by -device loader */
	hdr = (const uint8_t *)(uintptr_t)guest_ipa_to_pa(g_ipa + GUEST_TEXT_OFFSET);
	if (memcmp(hdr + 0x38, "ARM\x64", 4))
		shim_panic("no arm64 Image at guest IPA 0x%llx (host 0x%llx): load it with "
			   "-device loader,file=Image,addr=0x%llx,force-raw=on\n",
			   (unsigned long long)(g_ipa + GUEST_TEXT_OFFSET),
			   (unsigned long long)guest_ipa_to_pa(g_ipa + GUEST_TEXT_OFFSET),
			   (unsigned long long)guest_ipa_to_pa(g_ipa + GUEST_TEXT_OFFSET));

	/* booting.rst header: image_size at +0x10 (little-endian), the whole
	 * footprint including BSS; it must fit in guest RAM */
	image_size = 0;
	for (int i = 7; i >= 0; i--)
		image_size = image_size << 8 | hdr[0x10 + i];
	if (!image_size || !guest_ipa_range_ok(g_ipa + GUEST_TEXT_OFFSET, image_size))
		shim_panic("guest Image size 0x%llx does not fit in guest RAM\n",
			   (unsigned long long)image_size);

	parse_cpus(fdt);
	shim_trace_on = shim_bootarg_flag(fdt, "trace"); /* the guest's flag too */
	shim_gic_ok = gic_probe(fdt) == 0;
	fdt_size = build_guest_fdt(fdt, g_ipa, g_size, dtb, g_ipa + GUEST_TEXT_OFFSET + image_size,
				   &fdt_ipa);
	if (stage2_init(g_ipa, g_size, g_pa))
		shim_panic("cannot build the stage-2 tables\n");
	tdisp_arm64_init(fdt);
	{
		uint64_t m[MAX_CPUS];

		for (unsigned i = 0; i < nr_vcpus; i++)
			m[i] = vcpus[i].mpidr;
		sdei_init(nr_vcpus, m, shim_gic_ok);
	}
	vcpus[0].on = true;
	shim_printf("guest RAM [0x%llx-0x%llx) at host 0x%llx, %u vCPU%s, device tree %llu bytes at "
		    "0x%llx, bound events %s\n",
		    (unsigned long long)g_ipa, (unsigned long long)(g_ipa + g_size),
		    (unsigned long long)g_pa, nr_vcpus, nr_vcpus == 1 ? "" : "s",
		    (unsigned long long)fdt_size, (unsigned long long)fdt_ipa,
		    shim_gic_ok ? "via GIC Group 0" : "unavailable (no GICv3)");
	el2_cpu_setup();
	enter_guest_el1(g_ipa + GUEST_TEXT_OFFSET, fdt_ipa);
}

noreturn void shim_secondary_main(uint64_t cpu)
{
	if (cpu >= nr_vcpus)
		shim_halt();
	el2_cpu_setup();
	sdei_cpu_reset((unsigned)cpu);
	enter_guest_el1(vcpus[cpu].entry, vcpus[cpu].context);
}
