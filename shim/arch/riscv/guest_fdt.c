/* The guest's device tree, written with libfdt's sequential-write API from
 * what the shim decides and from selected host nodes (DTSpec v0.4; RISC-V
 * bindings: Documentation/devicetree/bindings/riscv/{cpus,extensions}.yaml).
 * Only what the guest may use appears: its RAM, its harts with the ISA it can
 * really use in VS-mode, /chosen, the UART and the PCIe host bridge. The host
 * tree is the firmware's: its values are checked before use too. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/format.h>

#include "guest_fdt.h"

#define ISA_MAX 2048

struct isa_list {
	char exts[ISA_MAX]; /* NUL-separated, the riscv,isa-extensions value */
	size_t exts_len;
	char isa[ISA_MAX];  /* "rv64imac_zicsr_..." */
};

bool guest_isa_keep(const char *e, const struct vm *vm)
{
	static const char *const never[] = {
		"h", "ssaia", "sscofpmf", "sscsrind", "ssccfg", "ssctr", "ssstateen", "sdtrig",
	};
	static const struct {
		const char *name;
		uint64_t envcfg;
	} needs[] = {
		{ "sstc", ENVCFG_STCE },      { "svpbmt", ENVCFG_PBMTE },  { "svadu", ENVCFG_ADUE },
		{ "zicboz", ENVCFG_CBZE },    { "zicbom", ENVCFG_CBCFE },  { "zicfilp", ENVCFG_LPE },
		{ "zicfiss", ENVCFG_SSE },    { "ssdbltrp", ENVCFG_DTE },
	};

	/* the hypervisor extension and its sh* profile names stay with the
	 * shim; M-mode (sm*) ones are the firmware's, except Smnpm, which names
	 * the guest's supervisor pointer masking set through FWFT (KVM's
	 * convention) */
	if (!strcmp(e, "smnpm") || !strcmp(e, "sspm")) /* Sspm: the profile name for it */
		return sbi_fwft_pm_offered(vm);
	if (!strncmp(e, "sh", 2) || !strncmp(e, "sm", 2))
		return false;
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (!strcmp(e, never[i]))
			return false;
	for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
		if (!strcmp(e, needs[i].name))
			return (vm->henvcfg_writable & needs[i].envcfg) != 0;
	return true;
}

static void isa_add(struct isa_list *l, const char *e, size_t len, const struct vm *vm)
{
	char name[64];

	if (!len || len >= sizeof(name))
		return;
	memcpy(name, e, len);
	name[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
			return; /* not an extension name: drop it */
	if (!guest_isa_keep(name, vm) || l->exts_len + len + 1 > ISA_MAX ||
	    strlen(l->isa) + len + 2 > ISA_MAX)
		return;
	memcpy(l->exts + l->exts_len, name, len + 1);
	l->exts_len += len + 1;
	size_t n = strlen(l->isa);
	if (len == 1 && !strchr(l->isa, '_')) {
		l->isa[n] = name[0];
		l->isa[n + 1] = 0;
	} else {
		l->isa[n] = '_';
		memcpy(l->isa + n + 1, name, len + 1);
	}
}

/* From riscv,isa-extensions when the host has it, else from riscv,isa. */
static int isa_from_host(const void *host, int cpu, const struct vm *vm, struct isa_list *l)
{
	int len;
	const char *p = fdt_getprop(host, cpu, "riscv,isa-extensions", &len);

	l->exts_len = 0;
	memcpy(l->isa, "rv64", 5);
	if (p && len > 0 && p[len - 1] == 0) {
		for (const char *e = p; e < p + len; e += strlen(e) + 1)
			isa_add(l, e, strlen(e), vm);
		return 0;
	}
	p = fdt_getprop(host, cpu, "riscv,isa", &len);
	if (!p || len < 5 || p[len - 1] != 0 || strncmp(p, "rv64", 4))
		return -1;
	p += 4;
	while (*p && *p != '_') /* single letters */
		isa_add(l, p++, 1, vm);
	while (*p == '_') {
		const char *e = ++p;
		while (*p && *p != '_')
			p++;
		isa_add(l, e, (size_t)(p - e), vm);
	}
	return 0;
}

static int find_cpu(const void *host, unsigned long hartid)
{
	int cpus = fdt_path_offset(host, "/cpus"), cpu;

	fdt_for_each_subnode(cpu, host, cpus) {
		int len;
		const fdt32_t *reg = fdt_getprop(host, cpu, "reg", &len);
		if (reg && len == 4 && fdt32_to_cpu(*reg) == hartid)
			return cpu;
	}
	return -1;
}

static int copy_prop(void *fdt, const void *host, int node, const char *name)
{
	int len;
	const void *p = fdt_getprop(host, node, name, &len);

	return p ? fdt_property(fdt, name, p, len) : 0;
}

/* A passed-through device: same node name, only the listed properties (no
 * interrupt wiring: the guest gets no interrupt controller yet). */
static int copy_device(void *fdt, const void *host, const char *compat,
		       const char *const *props, size_t nprops)
{
	int node = fdt_node_offset_by_compatible(host, -1, compat), err;

	if (node < 0)
		return 0;
	err = fdt_begin_node(fdt, fdt_get_name(host, node, NULL));
	for (size_t i = 0; i < nprops && !err; i++)
		err = copy_prop(fdt, host, node, props[i]);
	return err ? err : fdt_end_node(fdt);
}

static int build(const void *host, void *fdt, const struct vm *vm, char *err, size_t errlen)
{
	static const char *const uart_props[] = { "compatible", "reg", "clock-frequency" };
	static const char *const pcie_props[] = {
		"compatible", "device_type", "reg", "ranges", "bus-range", "#address-cells",
		"#size-cells", "linux,pci-domain", "dma-coherent",
	};
	static struct isa_list isa; /* large: not on the stack */
	int chosen = fdt_path_offset(host, "/chosen"), cpus = fdt_path_offset(host, "/cpus");
	const fdt32_t *tb;
	int len, e = 0;
	char name[40];

	tb = cpus >= 0 ? fdt_getprop(host, cpus, "timebase-frequency", &len) : NULL;
	if (!tb || len != 4 || !fdt32_to_cpu(*tb)) {
		fmt_snprintf(err, errlen, "host tree: no valid /cpus timebase-frequency");
		return -1;
	}
	e |= fdt_finish_reservemap(fdt);
	e |= fdt_begin_node(fdt, "");
	e |= fdt_property_u32(fdt, "#address-cells", 2);
	e |= fdt_property_u32(fdt, "#size-cells", 2);
	e |= fdt_property_string(fdt, "compatible", "riscv-virtio");
	e |= fdt_property_string(fdt, "model", "riscv-virtio,qemu (cocoon shim guest)");

	e |= fdt_begin_node(fdt, "chosen");
	if (chosen >= 0) {
		const char *args = fdt_getprop(host, chosen, "bootargs", &len);
		if (args && len > 0 && args[len - 1] == 0)
			e |= fdt_property_string(fdt, "bootargs", args);
		e |= copy_prop(fdt, host, chosen, "stdout-path");
	}
	e |= fdt_end_node(fdt);

	fmt_snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)vm->ram_gpa);
	e |= fdt_begin_node(fdt, name);
	e |= fdt_property_string(fdt, "device_type", "memory");
	{
		fdt64_t reg[2] = { cpu_to_fdt64(vm->ram_gpa), cpu_to_fdt64(vm->ram_size) };
		e |= fdt_property(fdt, "reg", reg, sizeof(reg));
	}
	e |= fdt_end_node(fdt);

	e |= fdt_begin_node(fdt, "cpus");
	e |= fdt_property_u32(fdt, "#address-cells", 1);
	e |= fdt_property_u32(fdt, "#size-cells", 0);
	e |= fdt_property_u32(fdt, "timebase-frequency", fdt32_to_cpu(*tb));
	for (unsigned i = 0; i < vm->nr_vcpus && !e; i++) {
		unsigned long hartid = vm->vcpus[i].hartid;
		int cpu = find_cpu(host, hartid);
		if (cpu < 0 || isa_from_host(host, cpu, vm, &isa)) {
			fmt_snprintf(err, errlen, "host tree: hart %lu has no usable ISA", hartid);
			return -1;
		}
		fmt_snprintf(name, sizeof(name), "cpu@%lx", hartid);
		e |= fdt_begin_node(fdt, name);
		e |= fdt_property_string(fdt, "device_type", "cpu");
		e |= fdt_property_u32(fdt, "reg", (uint32_t)hartid);
		e |= fdt_property_string(fdt, "status", "okay");
		e |= fdt_property_string(fdt, "compatible", "riscv");
		e |= fdt_property_string(fdt, "riscv,isa", isa.isa);
		e |= fdt_property_string(fdt, "riscv,isa-base", "rv64i");
		e |= fdt_property(fdt, "riscv,isa-extensions", isa.exts, (int)isa.exts_len);
		e |= copy_prop(fdt, host, cpu, "mmu-type");
		e |= copy_prop(fdt, host, cpu, "riscv,cbom-block-size");
		e |= copy_prop(fdt, host, cpu, "riscv,cboz-block-size");
		e |= copy_prop(fdt, host, cpu, "riscv,cbop-block-size");
		e |= fdt_begin_node(fdt, "interrupt-controller");
		e |= fdt_property_u32(fdt, "#interrupt-cells", 1);
		e |= fdt_property(fdt, "interrupt-controller", "", 0);
		e |= fdt_property_string(fdt, "compatible", "riscv,cpu-intc");
		e |= fdt_property_u32(fdt, "phandle", i + 1);
		e |= fdt_end_node(fdt);
		e |= fdt_end_node(fdt);
	}
	e |= fdt_end_node(fdt);

	e |= fdt_begin_node(fdt, "soc");
	e |= fdt_property_u32(fdt, "#address-cells", 2);
	e |= fdt_property_u32(fdt, "#size-cells", 2);
	e |= fdt_property_string(fdt, "compatible", "simple-bus");
	e |= fdt_property(fdt, "ranges", "", 0);
	e |= copy_device(fdt, host, GUEST_UART_COMPAT, uart_props, 3);
	e |= copy_device(fdt, host, GUEST_PCIE_COMPAT, pcie_props, 9);
	e |= fdt_end_node(fdt);

	e |= fdt_end_node(fdt);
	e |= fdt_finish(fdt);
	if (e) {
		fmt_snprintf(err, errlen, "guest tree does not fit or libfdt failed");
		return -1;
	}
	return 0;
}

int guest_fdt_build(const void *host, void *buf, size_t size, const struct vm *vm, char *err,
		    size_t errlen)
{
	int e = fdt_create(buf, (int)size);

	if (e) {
		fmt_snprintf(err, errlen, "fdt_create: %s", fdt_strerror(e));
		return -1;
	}
	return build(host, buf, vm, err, errlen);
}
