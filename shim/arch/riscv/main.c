/* HS-mode shim for riscv64 (QEMU virt under OpenSBI fw_dynamic): one guest,
 * the unchanged cocoon Image, in VS-mode. The guest's RAM is GPA 0x80000000
 * -> HPA 0x88000000 (QEMU loads the Image there with -device loader), mapped
 * by an Sv39x4 G-stage; the shim's own memory and the firmware's never appear
 * in it. The UART and the PCIe host bridge are passed through. */
#include <libfdt.h>
#include <string.h>

#include <shim/trace.h>

#include "csr.h"
#include "fw.h"
#include "gstage.h"
#include "guest_fdt.h"
#include "shim.h"
#include <shim/shim.h>

#include <shim/tdisp.h>

#define GUEST_RAM_GPA 0x80000000ull
#define GUEST_RAM_HPA 0x88000000ull
#define GUEST_IMAGE_OFFSET 0x200000ull /* RV64 Image text_offset */
#define GUEST_RAM_MIN (16ull << 20)
#define GUEST_FDT_SIZE 0x10000ull
#define HOST_FDT_MAX (1u << 20)
#define SZ_2M (2ull << 20)

struct vm shim_vm;
static const void *host_fdt;
static uint64_t host_ram_base, host_ram_end; /* the host RAM range holding guest RAM */
static bool have_sstc;
extern char __shim_start[], __shim_end[], shim_trap_entry[], shim_secondary_entry[];

/* ---- host operations the SBI provider uses -------------------------------- */

static void op_set_timer(struct vm *vm, struct vcpu *v, uint64_t when)
{
	(void)vm;
	(void)v;
	if (have_sstc) {
		csr_write(0x24D, when); /* vstimecmp: also clears a pending VSTIP */
		return;
	}
	csr_clear(hvip, 1ul << IRQ_VS_TIMER);
	csr_set(sie, 1ul << IRQ_S_TIMER);
	fw_ecall(SBI_EXT_TIME, 0, when, 0, 0);
}

static void op_kick(struct vm *vm, struct vcpu *t)
{
	(void)vm;
	fw_ecall(SBI_EXT_IPI, 0, 1, t->hartid, 0);
}

static void op_local_fence(struct vm *vm, struct vcpu *v, unsigned what)
{
	(void)vm;
	(void)v;
	if (what & PEND_FENCE_I)
		__asm__ volatile("fence.i" ::: "memory");
	if (what & PEND_VMA)
		hfence_vvma_all();
}

static void op_raise_guest_ipi(struct vm *vm, struct vcpu *v)
{
	(void)vm;
	(void)v;
	csr_set(hvip, 1ul << IRQ_VS_SOFT);
}

static long op_system_reset(unsigned long type, unsigned long reason)
{
	shim_printf("guest asks for system reset type %lu reason %lu\n", type, reason);
	return fw_system_reset(type, reason);
}

static long op_fw_fwft_set(unsigned long feature, unsigned long value)
{
	return fw_ecall(SBI_EXT_FWFT, SBI_FWFT_SET, feature, value, 0).error;
}

static void op_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static void op_relax(void)
{
	__asm__ volatile("nop");
}

const struct shim_host_ops shim_host_ops = {
	.console_write = fw_console_write,
	.console_read = fw_console_read,
	.set_timer = op_set_timer,
	.kick = op_kick,
	.local_fence = op_local_fence,
	.raise_guest_ipi = op_raise_guest_ipi,
	.system_reset = op_system_reset,
	.fw_fwft_set = op_fw_fwft_set,
	.wait_for_interrupt = op_wfi,
	.cpu_relax = op_relax,
};

/* ---- per-hart state --------------------------------------------------------- */

static void hart_setup(struct vcpu *v)
{
	csr_write(stvec, (unsigned long)shim_trap_entry);
	csr_write(sscratch, (unsigned long)v);
	csr_write(hgatp, gstage_hgatp());
	hfence_gvma_all();
	/* the guest's own interrupts go straight to VS (SSI, timer, external) */
	csr_write(hideleg, (1ul << IRQ_VS_SOFT) | (1ul << IRQ_VS_TIMER) | (1ul << IRQ_VS_EXT));
	csr_write(hcounteren, ~0ul);
	csr_write(htimedelta, 0);
	csr_write(hvip, 0);
	/* IPIs from other harts wake and interrupt us (in VS they always can) */
	csr_write(sie, 1ul << IRQ_S_SOFT);
	if (have_sstc)
		csr_write(0x24D, ~0ul);
}

void shim_load_vcpu_csrs(const struct vcpu *v)
{
	csr_write(henvcfg, v->henvcfg);
	csr_write(hedeleg, v->hedeleg);
}

noreturn void shim_vcpu_enter(struct vcpu *v, unsigned long addr, unsigned long a0,
			      unsigned long a1)
{
	sbi_vcpu_reset(&shim_vm, v);
	memset(v->x, 0, sizeof(v->x));
	v->x[10] = a0;
	v->x[11] = a1;
	v->sepc = addr;
	v->sstatus = (csr_read(sstatus) | SSTATUS_SPP) & ~(SSTATUS_SPIE | SSTATUS_SIE);
	/* with V = 1 the HS-level sstatus.FS/VS gate FP and vector as well as
	 * the guest's own vsstatus: keep them on (the shim itself uses neither) */
	if (!(v->sstatus & SSTATUS_FS))
		v->sstatus |= SSTATUS_FS_INITIAL;
	if (!(v->sstatus & SSTATUS_VS))
		v->sstatus |= SSTATUS_VS_INITIAL;
	v->hstatus = csr_read(hstatus) | HSTATUS_SPV | HSTATUS_SPVP;
	/* SBI 9.2: the hart starts with satp Bare and interrupts off */
	csr_write(vsstatus, csr_read(vsstatus) & (3ul << 32)); /* keep UXL */
	csr_write(vsie, 0);
	csr_write(vstvec, 0);
	csr_write(vsscratch, 0);
	csr_write(vsepc, 0);
	csr_write(vscause, 0);
	csr_write(vstval, 0);
	csr_write(vsatp, 0);
	csr_write(hvip, 0);
	if (have_sstc)
		csr_write(0x24D, ~0ul);
	shim_load_vcpu_csrs(v);
	hfence_vvma_all();
	__asm__ volatile("fence.i" ::: "memory");
	__atomic_store_n(&v->hsm_state, SBI_HSM_STARTED, __ATOMIC_RELEASE);
	shim_vcpu_resume(v);
}

noreturn void shim_vcpu_stopped(struct vcpu *v)
{
	v->stop_requested = false;
	if (have_sstc)
		csr_write(0x24D, ~0ul);
	csr_write(hvip, 0);
	__atomic_store_n(&v->hsm_state, SBI_HSM_STOPPED, __ATOMIC_RELEASE);
	for (;;) {
		csr_clear(sip, 1ul << IRQ_S_SOFT); /* before looking: no lost wake-up */
		sbi_handle_pending(&shim_vm, v);
		if (__atomic_load_n(&v->start_go, __ATOMIC_ACQUIRE))
			break;
		__asm__ volatile("wfi" ::: "memory");
	}
	v->start_go = 0;
	shim_vcpu_enter(v, v->start_addr, v->hartid, v->start_arg);
}

noreturn void shim_secondary_main(unsigned long hartid, unsigned long index)
{
	struct vcpu *v = &shim_vm.vcpus[index];

	(void)hartid;
	hart_setup(v);
	shim_vcpu_stopped(v);
}

/* ---- boot --------------------------------------------------------------------- */

static bool bootarg_flag(const char *name)
{
	int chosen = fdt_path_offset(host_fdt, "/chosen"), len;
	const char *p = chosen >= 0 ? fdt_getprop(host_fdt, chosen, "bootargs", &len) : NULL;
	size_t n = strlen(name);

	if (!p || len <= 0 || p[len - 1])
		return false;
	for (const char *t = p; *t;) {
		while (*t == ' ')
			t++;
		const char *end = strchr(t, ' ');
		size_t tl = end ? (size_t)(end - t) : strlen(t);
		if (tl == n && !strncmp(t, name, n))
			return true;
		t += tl;
	}
	return false;
}

static uint64_t fdt_read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/* Guest RAM: from GUEST_RAM_HPA up to the end of the host RAM range holding
 * it, stopping below the host DTB and any reserved range above it. */
static void find_guest_ram(uint64_t host_fdt_addr)
{
	uint64_t end = 0;
	int node, len;

	int ac = fdt_address_cells(host_fdt, 0), sc = fdt_size_cells(host_fdt, 0);

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		shim_fatal("host tree: root #address-cells %d / #size-cells %d\n", ac, sc);
	fdt_for_each_subnode(node, host_fdt, 0) {
		const char *dt = fdt_getprop(host_fdt, node, "device_type", &len);
		const fdt32_t *reg = fdt_getprop(host_fdt, node, "reg", &len);
		int step = 4 * (ac + sc);
		if (!dt || strcmp(dt, "memory") || !reg)
			continue;
		for (int i = 0; i + step <= len; i += step) {
			uint64_t b = fdt_read_cells(reg + i / 4, ac);
			uint64_t s = fdt_read_cells(reg + i / 4 + ac, sc);
			if (b <= GUEST_RAM_HPA && b + s > GUEST_RAM_HPA && b + s > b) {
				host_ram_base = b;
				host_ram_end = end = b + s;
			}
		}
	}
	if (!end)
		shim_fatal("no host RAM at 0x%llx (run with -m 256M or more)\n", GUEST_RAM_HPA);
	if (host_fdt_addr >= GUEST_RAM_HPA && host_fdt_addr < end)
		end = host_fdt_addr;
	for (int i = 0; i < fdt_num_mem_rsv(host_fdt); i++) {
		uint64_t b, s;
		if (!fdt_get_mem_rsv(host_fdt, i, &b, &s) && b + s > GUEST_RAM_HPA && b < end)
			end = b > GUEST_RAM_HPA ? b : GUEST_RAM_HPA;
	}
	int rsv = fdt_path_offset(host_fdt, "/reserved-memory");
	if (rsv >= 0)
		fdt_for_each_subnode(node, host_fdt, rsv) {
			const fdt32_t *reg = fdt_getprop(host_fdt, node, "reg", &len);
			if (!reg || len < 16)
				continue;
			uint64_t b = fdt_read_cells(reg, 2), s = fdt_read_cells(reg + 2, 2);
			if (b + s > GUEST_RAM_HPA && b < end)
				end = b > GUEST_RAM_HPA ? b : GUEST_RAM_HPA;
		}
	end &= ~(SZ_2M - 1);
	if (end < GUEST_RAM_HPA + GUEST_RAM_MIN)
		shim_fatal("guest RAM below 16 MiB (run with -m 256M or more)\n");
	shim_vm.ram_gpa = GUEST_RAM_GPA;
	shim_vm.ram_size = end - GUEST_RAM_HPA;
	shim_vm.ram_hva = (uintptr_t)GUEST_RAM_HPA;
}

static void find_harts(unsigned long boot_hartid)
{
	int cpus = fdt_path_offset(host_fdt, "/cpus"), cpu, len;
	unsigned n = 1;

	shim_vm.vcpus[0].hartid = boot_hartid;
	fdt_for_each_subnode(cpu, host_fdt, cpus) {
		const char *dt = fdt_getprop(host_fdt, cpu, "device_type", &len);
		const char *st = fdt_getprop(host_fdt, cpu, "status", &len);
		const fdt32_t *reg = fdt_getprop(host_fdt, cpu, "reg", &len);
		if (!dt || strcmp(dt, "cpu") || !reg || len != 4 || (st && strcmp(st, "okay")))
			continue;
		if (fdt32_to_cpu(*reg) == boot_hartid)
			continue;
		if (n == SHIM_MAX_VCPUS) {
			shim_printf("more than %u harts: hart %u left out\n", SHIM_MAX_VCPUS,
				    fdt32_to_cpu(*reg));
			continue;
		}
		shim_vm.vcpus[n++].hartid = fdt32_to_cpu(*reg);
	}
	shim_vm.nr_vcpus = n;
	for (unsigned i = 0; i < n; i++) {
		struct vcpu *v = &shim_vm.vcpus[i];
		v->index = i;
		v->hsm_state = SBI_HSM_STOPPED;
		v->hs_stack_top = (unsigned long)shim_stacks + (i + 1) * SHIM_STACK_SIZE;
	}
}

static void probe_host(void)
{
	struct vm *vm = &shim_vm;
	uint64_t saved = csr_read(henvcfg);

	csr_write(henvcfg, ~0ul);
	vm->henvcfg_writable = csr_read(henvcfg);
	csr_write(henvcfg, ENVCFG_PMM_PMLEN7);
	vm->pmlen7 = (csr_read(henvcfg) & ENVCFG_PMM) == ENVCFG_PMM_PMLEN7;
	csr_write(henvcfg, ENVCFG_PMM_PMLEN16);
	vm->pmlen16 = (csr_read(henvcfg) & ENVCFG_PMM) == ENVCFG_PMM_PMLEN16;
	csr_write(henvcfg, saved);
	have_sstc = (vm->henvcfg_writable & ENVCFG_STCE) != 0;

	vm->mvendorid = fw_ecall(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0).value;
	vm->marchid = fw_ecall(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0).value;
	vm->mimpid = fw_ecall(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0).value;
	if (fw_probe(SBI_EXT_FWFT)) {
		vm->fw_misaligned_deleg =
			!fw_ecall(SBI_EXT_FWFT, SBI_FWFT_GET, SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0).error;
		vm->fw_pmlen =
			!fw_ecall(SBI_EXT_FWFT, SBI_FWFT_GET, SBI_FWFT_POINTER_MASKING_PMLEN, 0, 0).error;
	}
	shim_printf("host: henvcfg writable %llx, Sstc %s, VS PMLEN 7 %s / 16 %s; firmware FWFT "
		    "MISALIGNED %s, PMLEN %s\n",
		    (unsigned long long)vm->henvcfg_writable, have_sstc ? "yes" : "no",
		    vm->pmlen7 ? "yes" : "no", vm->pmlen16 ? "yes" : "no",
		    vm->fw_misaligned_deleg ? "yes" : "no", vm->fw_pmlen ? "yes" : "no");
}

/* Identity-map a host device region for the guest; it must stay clear of RAM. */
static void passthrough(const char *what, uint64_t base, uint64_t size)
{
	uint64_t b = base & ~0xfffull, e = (base + size + 0xfff) & ~0xfffull;

	/* identity-mapped, so it must not reach host RAM (the firmware's, the
	 * shim's, the guest's own pages) nor shadow the guest RAM window */
	bool hits_ram = b < host_ram_end && e > host_ram_base;
	bool hits_gpa = b < shim_vm.ram_gpa + shim_vm.ram_size && e > shim_vm.ram_gpa;

	if (!size || base + size < base || e > (1ull << GSTAGE_GPA_BITS) || hits_ram || hits_gpa) {
		shim_printf("%s [%llx+%llx) not passed through: overlaps RAM or too high\n", what,
			    (unsigned long long)base, (unsigned long long)size);
		return;
	}
	if (gstage_map(b, b, e - b, GSTAGE_R | GSTAGE_W))
		shim_fatal("cannot map %s at %llx\n", what, (unsigned long long)base);
}

static void map_devices(void)
{
	int node = fdt_node_offset_by_compatible(host_fdt, -1, GUEST_UART_COMPAT), len;
	const fdt32_t *p;

	if (node >= 0 && (p = fdt_getprop(host_fdt, node, "reg", &len)) && len >= 16)
		passthrough("UART", fdt_read_cells(p, 2), fdt_read_cells(p + 2, 2));
	node = fdt_node_offset_by_compatible(host_fdt, -1, GUEST_PCIE_COMPAT);
	if (node < 0)
		return;
	if ((p = fdt_getprop(host_fdt, node, "reg", &len)) && len >= 16) {
		uint64_t base = fdt_read_cells(p, 2), size = fdt_read_cells(p + 2, 2), at = base;
		uint64_t holes[TDISP_MAX_TDIS];
		const fdt32_t *br = fdt_getprop(host_fdt, node, "bus-range", &len);
		unsigned n = tdisp_riscv_init(host_fdt, base, br && len == 8 ? fdt32_to_cpu(br[0]) : 0,
					      holes, TDISP_MAX_TDIS);

		/* the TDIs' config pages stay unmapped: their accesses trap */
		for (unsigned i = 1; i < n; i++)
			for (unsigned j = i; j > 0 && holes[j] < holes[j - 1]; j--) {
				uint64_t t = holes[j];
				holes[j] = holes[j - 1];
				holes[j - 1] = t;
			}
		for (unsigned i = 0; i < n; i++) {
			if (holes[i] < at || holes[i] >= base + size)
				shim_fatal("shim.tdisp: config page %llx outside the ECAM\n",
					   (unsigned long long)holes[i]);
			if (holes[i] > at)
				passthrough("PCIe ECAM", at, holes[i] - at);
			at = holes[i] + 4096;
		}
		if (base + size > at)
			passthrough("PCIe ECAM", at, base + size - at);
	}
	/* ranges: PCI address (3 cells), CPU address (2), size (2) */
	if ((p = fdt_getprop(host_fdt, node, "ranges", &len)))
		for (int i = 0; i + 28 <= len; i += 28)
			passthrough("PCIe window", fdt_read_cells(p + i / 4 + 3, 2),
				    fdt_read_cells(p + i / 4 + 5, 2));
}

static void check_guest_image(void)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)(GUEST_RAM_HPA + GUEST_IMAGE_OFFSET);
	uint64_t size;

	/* RISC-V Image header (Linux boot-image-header.rst): magic2 at 0x38,
	 * effective image size at 0x10 */
	if (memcmp(img + 0x38, "RSC\x05", 4))
		shim_fatal("no RISC-V Image at 0x%llx: load the guest with -device "
			   "loader,file=Image,addr=0x%llx\n",
			   GUEST_RAM_HPA + GUEST_IMAGE_OFFSET, GUEST_RAM_HPA + GUEST_IMAGE_OFFSET);
	memcpy(&size, img + 0x10, 8);
	if (size > shim_vm.ram_size - GUEST_IMAGE_OFFSET - GUEST_FDT_SIZE)
		shim_fatal("guest Image claims %llu bytes: does not fit its RAM\n",
			   (unsigned long long)size);
}

/* No IOMMU: the devices must be told where guest RAM really is (GPA ->
 * HPA offset), as the host bridge's dma-ranges; the guest's DMA adds it
 * (drivers/pci/pci_dma_ranges.c). */
static void add_dma_ranges(void *fdt)
{
	int node, err = fdt_open_into(fdt, fdt, GUEST_FDT_SIZE);
	fdt32_t dr[7] = { cpu_to_fdt32(0x02000000), cpu_to_fdt32((uint32_t)(GUEST_RAM_HPA >> 32)),
			  cpu_to_fdt32((uint32_t)GUEST_RAM_HPA),
			  cpu_to_fdt32((uint32_t)(shim_vm.ram_gpa >> 32)),
			  cpu_to_fdt32((uint32_t)shim_vm.ram_gpa),
			  cpu_to_fdt32((uint32_t)(shim_vm.ram_size >> 32)),
			  cpu_to_fdt32((uint32_t)shim_vm.ram_size) };

	node = err ? err : fdt_node_offset_by_compatible(fdt, -1, GUEST_PCIE_COMPAT);
	if (node == -FDT_ERR_NOTFOUND)
		return;
	if (node < 0 || (err = fdt_setprop(fdt, node, "dma-ranges", dr, sizeof(dr))) ||
	    (err = fdt_pack(fdt)))
		shim_fatal("guest device tree: dma-ranges: %s\n",
			   fdt_strerror(node < 0 ? node : err));
}

noreturn void shim_boot_finish(void)
{
	struct vm *vm = &shim_vm;
	uint64_t fdt_gpa = vm->ram_gpa + vm->ram_size - GUEST_FDT_SIZE;
	void *fdt = (void *)guest_ram_hva(vm, fdt_gpa, GUEST_FDT_SIZE);
	char err[96];

	if (guest_fdt_build(host_fdt, fdt, GUEST_FDT_SIZE, vm, err, sizeof(err)))
		shim_fatal("guest device tree: %s\n", err);
	add_dma_ranges(fdt);
	sbi_fault_patch_fdt(fdt, GUEST_FDT_SIZE, vm->ram_gpa, vm->ram_size);
	for (unsigned i = 1; i < vm->nr_vcpus; i++) {
		struct sbi_ret r = fw_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, vm->vcpus[i].hartid,
					    (unsigned long)shim_secondary_entry, i);
		if (r.error)
			shim_fatal("firmware cannot start hart %lu: %ld\n", vm->vcpus[i].hartid,
				   r.error);
	}
	shim_printf("guest: %u hart%s, RAM GPA [%llx-%llx) at HPA %llx, DTB at %llx (%u bytes), "
		    "pointer masking %s%s\n",
		    vm->nr_vcpus, vm->nr_vcpus == 1 ? "" : "s", (unsigned long long)vm->ram_gpa,
		    (unsigned long long)(vm->ram_gpa + vm->ram_size),
		    (unsigned long long)GUEST_RAM_HPA, (unsigned long long)fdt_gpa,
		    fdt_totalsize(fdt), sbi_fwft_pm_offered(vm) ? "offered" : "not offered",
		    vm->hide_smnpm ? " (hidden by shim.nosmnpm)" : "");
	shim_vcpu_enter(&vm->vcpus[0], vm->ram_gpa + GUEST_IMAGE_OFFSET, vm->vcpus[0].hartid,
			fdt_gpa);
}

noreturn void shim_main(unsigned long hartid, unsigned long fdt_addr)
{
	struct vm *vm = &shim_vm;

	fw_console_init();
	shim_printf("cocoon riscv64 HS-mode shim at [%p-%p), boot hart %lu\n", (void *)__shim_start,
		    (void *)__shim_end, hartid);
	if (!fdt_addr || fdt_addr % 8 || fdt_check_header((const void *)fdt_addr) ||
	    fdt_totalsize((const void *)fdt_addr) > HOST_FDT_MAX)
		shim_fatal("no valid host device tree at %lx\n", fdt_addr);
	host_fdt = (const void *)fdt_addr;
	if ((uintptr_t)__shim_end > GUEST_RAM_HPA)
		shim_fatal("shim image overlaps guest RAM\n");
	vm->ops = &shim_host_ops;
	vm->hide_smnpm = bootarg_flag("shim.nosmnpm");
	shim_trace_on = bootarg_flag("trace"); /* the guest's flag too: one run, both sides */
	shim_fault_init(host_fdt);
	sbi_fault_init();

	find_guest_ram(fdt_addr);
	find_harts(hartid);
	probe_host();
	if (gstage_map(vm->ram_gpa, GUEST_RAM_HPA, vm->ram_size, GSTAGE_R | GSTAGE_W | GSTAGE_X))
		shim_fatal("cannot map guest RAM\n");
	map_devices();
	hart_setup(&vm->vcpus[0]);
	check_guest_image();
	if (vm->pmlen7 || vm->pmlen16)
		pm_probe_start(&vm->vcpus[0]);
	shim_boot_finish();
}
