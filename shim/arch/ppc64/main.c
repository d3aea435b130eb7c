/* The powernv HV shim: boot, the guest partition, and the hypervisor
 * interrupts it takes while the guest runs.
 * Memory (host real): the shim at 0 (below QEMU's FDT at 16 MiB), the guest
 * ELF where QEMU's -kernel (or -device loader,force-raw=on) put it, at
 * 512 MiB, the virtio-blk disk image (a RAM disk) at 768 MiB, and the
 * guest's 1 GiB of real memory at 1 GiB (-m 2G). */
#include <libfdt.h>
#include <stdnoreturn.h>
#include <string.h>

#include <shim/shim.h>
#include <shim/trace.h>

#include "pnv.h"
#include "pnv_hw.h"

#define GUEST_HOST_BASE 0x40000000ull
#define GUEST_MEM_SIZE 0x40000000ull
#define GUEST_LOAD 0x400000ull          /* as QEMU pseries' kernel-addr */
#define ELF_HOST 0x20000000ull          /* QEMU powernv KERNEL_LOAD_ADDR */
#define ELF_WINDOW (64ull << 20)
#define OF_STUB 0x3ff000ull             /* guest real: BE trampoline entry (r5) */
#define HOST_FDT_MAX (1u << 20)
#define DISK_HOST 0x30000000ull         /* -device loader,file=<image>,addr=,force-raw=on */
#define DISK_SIZE (8ull << 20)
#define GUEST_FDT_SIZE (64u * 1024)

static struct pnv_frame frame __attribute__((aligned(128)));
static uint8_t exc_stack[65536] __attribute__((aligned(16)));
static uint8_t guest_fdt[GUEST_FDT_SIZE] __attribute__((aligned(8)));

noreturn void pnv_main(const void *host_fdt);
int pnv_trap(struct pnv_frame *f);
noreturn void pnv_enter_guest(uint64_t hsrr0, uint64_t hsrr1, uint64_t r5);
void lpar_setup(uint64_t host_base, uint64_t size);
void lpar_enter_thread(bool ile);
unsigned smp_init(unsigned expected_threads, uint64_t tb_ms);
void smp_lpar_ready(void);
int smp_park_all(void);
extern volatile uint32_t smp_rebooting;
void smp_doorbell_clear(void);
void lpar_set_timebase(uint64_t hz);
void lpar_hdec_arm(bool on);
void lpar_sync_ile(void);
uint32_t dt_host_timebase(const void *host);
unsigned dt_host_threads(const void *host);
int dt_build(void *buf, size_t size, const void *host, uint64_t mem_size, uint32_t pvr,
	     uint32_t tb_hz, unsigned ncpus);

static noreturn void stop(const char *why)
{
	pnv_printf("shim: fatal: %s\n", why);
	plat_power_off();
	for (;;)
		;
}

/* shim.tdisp= in QEMU's /chosen bootargs (-append): the TEE-IO functions */
static void tdisp_init_from(const void *host_fdt)
{
	int chosen = fdt_path_offset(host_fdt, "/chosen"), len = 0;
	const char *s = chosen >= 0 ? fdt_getprop(host_fdt, chosen, "bootargs", &len) : NULL;
	uint64_t tb;

	if (!s || len <= 0 || strnlen(s, (size_t)len) >= (size_t)len)
		s = "", len = 0;
	__asm__ volatile("mftb %0" : "=r"(tb));
	if (tdisp_pnv_init(s, (size_t)len, tb ^ 0x7464697370ull))
		stop("shim.tdisp: bad device list");
}

static const char *vector_name(uint64_t v)
{
	switch (v) {
	case 0x100: return "system reset";
	case 0x200: return "machine check";
	case 0x300: return "data storage";
	case 0x400: return "instruction storage";
	case 0x500: return "external";
	case 0x700: return "program";
	case 0x900: return "decrementer";
	case 0x980: return "hypervisor decrementer";
	case 0xc00: return "system call";
	case 0xe00: return "hypervisor data storage";
	case 0xe20: return "hypervisor instruction storage";
	case 0xe40: return "hypervisor emulation assistance";
	case 0xe60: return "hypervisor maintenance";
	case 0xe80: return "directed hypervisor doorbell";
	case 0xea0: return "hypervisor virtualization";
	case 0xf80: return "hypervisor facility unavailable";
	default: return "other";
	}
}

static void dump(const struct pnv_frame *f)
{
	pnv_printf("shim: unexpected interrupt 0x%llx (%s), register dump:\n",
		    (unsigned long long)f->vec, vector_name(f->vec));
	pnv_printf("  SRR0  %016llx SRR1   %016llx HSRR0 %016llx HSRR1 %016llx\n",
		    (unsigned long long)f->srr0, (unsigned long long)f->srr1,
		    (unsigned long long)f->hsrr0, (unsigned long long)f->hsrr1);
	pnv_printf("  HDAR  %016llx HDSISR %016llx ASDR  %016llx\n",
		    (unsigned long long)f->hdar, (unsigned long long)f->hdsisr,
		    (unsigned long long)f->asdr);
	pnv_printf("  DAR   %016llx DSISR  %016llx LR    %016llx CR %08llx\n",
		    (unsigned long long)f->dar, (unsigned long long)f->dsisr,
		    (unsigned long long)f->lr, (unsigned long long)f->cr);
	for (int i = 0; i < 32; i += 4)
		pnv_printf("  r%-2d %016llx %016llx %016llx %016llx\n", i,
			    (unsigned long long)f->gpr[i], (unsigned long long)f->gpr[i + 1],
			    (unsigned long long)f->gpr[i + 2], (unsigned long long)f->gpr[i + 3]);
}

/* SRR1 bits an interrupt sets (33:36, 42:47); the rest come from the MSR
 * (Power ISA v3.0B Book III, "Interrupt Processing"). */
#define SRR1_CAUSE_MASK (0x78000000ull | 0x3f0000ull)
#define SRR1_PROGRAM_ILLEGAL (1ull << (63 - 44))
#define MSR_SF (1ull << 63)

/* Deliver an interrupt to the guest's own vector as the hardware would have
 * without a hypervisor: the guest sees the instruction it executed fail and
 * its handler decides. Guest vectors at guest-real vec (LPCR[AIL] = 0),
 * taken in 64-bit real mode with the endianness of LPCR[ILE]. */
static int reflect(struct pnv_frame *f, uint64_t vec, uint64_t cause)
{
	f->srr0 = f->hsrr0;
	f->srr1 = (f->hsrr1 & ~SRR1_CAUSE_MASK) | cause;
	f->hsrr0 = vec;
	f->hsrr1 = MSR_SF | (f->hsrr1 & MSR_ME) | ((mfspr(SPRN_LPCR) & LPCR_ILE) ? MSR_LE : 0);
	return 1;
}

/* An interrupt waits for this processor: XIVE's OS ring, or the XICS
 * presentation controller (processor 0's). */
bool intc_pending(unsigned vcpu)
{
	return xive_is_enabled() ? xive_pending(vcpu) : vcpu == 0 && xics_pending();
}

/* The guest's context to return to: SRR0/1 after an sc, HSRR0/1 after a
 * hypervisor interrupt. If an interrupt is presented and that context has
 * MSR[EE] on, go to the guest's external vector 0x500 instead, with the
 * context in SRR0/1 as the hardware would have put it (hrfid: HSRR0/1 =
 * the vector and its MSR). With MSR[EE] off, the hypervisor decrementer
 * brings the shim back to try again. */
static int leave(struct pnv_frame *f, int via_hsrr)
{
	uint64_t msr = via_hsrr ? f->hsrr1 : f->srr1;

	if (!intc_pending((unsigned)f->vcpu)) {
		lpar_hdec_arm(false);
		return via_hsrr;
	}
	if (!(msr & PNV_MSR_EE)) {
		lpar_hdec_arm(true);
		return via_hsrr;
	}
	lpar_hdec_arm(false);
	if (via_hsrr) {
		f->srr0 = f->hsrr0;
		f->srr1 = f->hsrr1;
	}
	f->srr1 &= ~SRR1_CAUSE_MASK; /* an external interrupt sets no cause bits */
	f->hsrr0 = 0x500;
	f->hsrr1 = MSR_SF | (msr & MSR_ME) | ((mfspr(SPRN_LPCR) & LPCR_ILE) ? MSR_LE : 0);
	return 1;
}

static int handle(struct pnv_frame *f, uint64_t from)
{
	if (f->vec == 0xc00 && !(from & MSR_HV)) {
		hcall_dispatch(f); /* SRR0 is already past the sc */
		return leave(f, 0);
	}
	if (f->vec == 0x980 && !(from & MSR_HV)) /* our HDEC: an interrupt waits */
		return leave(f, 1);
	if (f->vec == 0xe80 && !(from & MSR_HV)) { /* another processor's doorbell (smp.c) */
		smp_doorbell_clear();
		return leave(f, 1);
	}
	if (!(from & MSR_HV)) {
		switch (f->vec) {
		case 0xe40: /* illegal (or unemulated) instruction: program check */
			pnv_printf("shim: guest instruction at 0x%llx not emulated: program check to the guest\n",
				    (unsigned long long)f->hsrr0);
			return reflect(f, 0x700, SRR1_PROGRAM_ILLEGAL);
		case 0xe00: /* outside the partition's memory: an emulated register, or data storage */
			if (!mmio_emulate(f, f->hdar))
				return 1;
			pnv_printf("shim: guest access to 0x%llx outside its memory: data storage interrupt to the guest\n",
				    (unsigned long long)f->hdar);
			mtspr(19, f->hdar);   /* DAR */
			mtspr(18, f->hdsisr); /* DSISR */
			return reflect(f, 0x300, 0);
		case 0xe20: /* instruction fetch outside it: instruction storage */
			pnv_printf("shim: guest fetch at 0x%llx outside its memory: instruction storage interrupt to the guest\n",
				    (unsigned long long)f->hsrr0);
			return reflect(f, 0x400, f->hsrr1 & SRR1_CAUSE_MASK);
		default:
			break;
		}
	}
	dump(f);
	stop((from & MSR_HV) ? "interrupt in the shim itself" : "unexpected interrupt from the guest");
}

/* From start.S with the frame filled in. Returns 0 to leave with rfid
 * (SRR0/1), 1 with hrfid (HSRR0/1). */
int pnv_trap(struct pnv_frame *f)
{
	uint64_t from = f->vec == 0xc00 ? f->srr1 : f->hsrr1;
	int ret;

	if (f->busy) {
		pnv_printf("shim: interrupt 0x%llx inside the shim's own handler\n",
			    (unsigned long long)f->vec);
		dump(f);
		stop("nested interrupt");
	}
	f->busy = 1;
	shim_lock();
	if (f->vcpu && smp_rebooting)
		plat_stop_self(); /* the partition reboots: park (smp_park_all) */
	if (!(from & MSR_HV))
		lpar_sync_ile();
	ret = handle(f, from);
	shim_unlock();
	f->busy = 0;
	return ret;
}

static bool host_ram_covers(const void *fdt, uint64_t base, uint64_t size)
{
	int node, len;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		const char *dt = fdt_getprop(fdt, node, "device_type", &len);
		const fdt64_t *reg;

		if (!dt || len != 7 || memcmp(dt, "memory", 7))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		for (int i = 0; reg && i + 16 <= len; i += 16) {
			uint64_t b = fdt64_to_cpu(reg[i / 8]), s = fdt64_to_cpu(reg[i / 8 + 1]);

			if (b <= base && base + size <= b + s)
				return true;
		}
	}
	return false;
}

/* A tiny big-endian entry for the guest's OF trampoline (r5): it turns the
 * IEEE 1275 call (r3 = argument array) into the VOF hcall. */
static void install_of_stub(void)
{
	static const uint32_t stub[] = {
		0x7c641b78, /* mr r4,r3 */
		0x38600000, /* li r3,0 */
		0x6063f005, /* ori r3,r3,KVMPPC_H_VOF_CLIENT */
		0x44000022, /* sc 1 */
		0x4e800020, /* blr */
	};
	for (size_t i = 0; i < sizeof(stub) / sizeof(stub[0]); i++)
		if (gmem_write_be32(OF_STUB + 4 * i, stub[i]))
			stop("OF stub outside guest memory");
	of_claim_range(OF_STUB, 0x1000);
}

/* What partition_boot() needs again at a partition reboot. */
static struct {
	const void *host_fdt;
	uint32_t pvr, tb;
	unsigned ncpus;
	uint32_t count;       /* boots of the partition so far */
	uint64_t measurement; /* the first boot's image */
} boot;

/* /chosen "cocoon,boot-count": which boot of the partition this is (1 =
 * the first), so that a guest asked to reboot once (reboot=once) knows
 * whether it did already; the command line stays the same. */
static int set_boot_count(void *fdt, size_t size, uint32_t n)
{
	int chosen;

	if (fdt_open_into(fdt, fdt, (int)size))
		return -1;
	chosen = fdt_path_offset(fdt, "/chosen");
	return chosen < 0 || fdt_setprop_u32(fdt, chosen, "cocoon,boot-count", n) ? -1 : 0;
}

/* Load the guest from the ELF QEMU left outside the partition (the guest
 * cannot reach it, so it is the pristine image at every boot; its
 * measurement must match the first boot's), build its tree and platform
 * state from scratch, and enter it. */
static noreturn void partition_boot(void)
{
	uint64_t end = 0;
	const char *why = NULL;

	boot.count++;
	uv_reset(); /* a normal partition until its UV_ESM */
	uv_set_actor("loader");
	if (elf_load((const uint8_t *)(uintptr_t)ELF_HOST, ELF_WINDOW, GUEST_LOAD, &end, &why)) {
		pnv_printf("shim: guest ELF at host 0x%llx: %s\n", (unsigned long long)ELF_HOST, why);
		stop("no guest to run (pass it with -kernel build/ppc64/cocoon.elf)");
	}
	if (dt_build(guest_fdt, sizeof(guest_fdt), boot.host_fdt, GUEST_MEM_SIZE, boot.pvr, boot.tb,
		     boot.ncpus) ||
	    set_boot_count(guest_fdt, sizeof(guest_fdt), boot.count) ||
	    of_client_init(guest_fdt, sizeof(guest_fdt)))
		stop("building the guest device tree failed");
	shim_trace_on = shim_bootarg_flag(guest_fdt, "trace"); /* the guest's flag too */
	of_claim_range(GUEST_LOAD, end - GUEST_LOAD);
	uv_set_image(GUEST_LOAD, end - GUEST_LOAD); /* measured before it runs */
	if (boot.count == 1)
		boot.measurement = uv_image_measurement();
	else if (uv_image_measurement() != boot.measurement)
		stop("reboot: the reloaded guest image differs from the first boot's");
	install_of_stub();
	xive_set_enabled(false); /* until the new boot's CAS */
	xics_reset();
	xive_reset(boot.ncpus);
	pci_reset();
	virtio_reset(&virtio_blk);
	virtio_reset(&virtio_rng);
	tdisp_init_from(boot.host_fdt);
	virtio_blk_attach((uint8_t *)(uintptr_t)DISK_HOST, DISK_SIZE);
	mmio_reset();
	if (mmio_register(XIVE_TIMA_OS_PAGE, 1ull << XIVE_TIMA_PAGE_SHIFT, &xive_tima_ops, NULL) ||
	    mmio_register(PCI_MMIO_BASE, PCI_MMIO_SIZE, &pci_window_ops, NULL))
		stop("cannot emulate the XIVE TIMA or the PCI window");
	proc_tbl_reset(); /* a new boot registers its own process table */
	lpar_setup(GUEST_HOST_BASE, GUEST_MEM_SIZE);
	lpar_enter_thread(false);
	smp_lpar_ready();
	pnv_printf("shim: guest loaded at 0x%llx-0x%llx, partition LPID 1 (radix, 1 GiB, %u cpu%s), boot %u; entering it\n",
		   (unsigned long long)GUEST_LOAD, (unsigned long long)end, boot.ncpus,
		   boot.ncpus > 1 ? "s" : "", (unsigned)boot.count);
	/* as QEMU pseries: big-endian, 32-bit, real mode; r5 = OF entry */
	pnv_enter_guest(GUEST_LOAD, MSR_ME, OF_STUB);
}

/* RTAS system-reboot (LoPAPR 7 "system-reboot"): reboots the partition, not
 * the machine. From processor 0 with the shim's lock held (an hcall).
 * - What the guest left shared is logged (it should have unshared all with
 *   UV_UNSHARE_ALL_PAGES, ultravisor.rst: "needed ... during SVM reset").
 * - The other processors park (smp.c); one that will not keeps the reboot
 *   from happening (the call fails, the guest powers off).
 * - A secure partition's memory is scrubbed before the ultravisor state goes
 *   back to normal: the hypervisor half may read all of a normal partition,
 *   and must not find the old secure guest's pages there.
 * - Then the partition boots again from the pristine image: partition_boot().
 * Returns only when the reboot cannot be done. */
void plat_reboot(void)
{
	struct pnv_frame *f = (struct pnv_frame *)(uintptr_t)mfspr(SPRN_HSPRG0);
	bool was_secure = uv_is_secure();

	uv_report_shared("reboot");
	shim_trace(0, "event:firmware.SYSTEM_REBOOT after boot %u, %llu pages shared -> partition reboot",
		   (unsigned)boot.count, (unsigned long long)uv_shared_count());
	if (f != &frame) {
		pnv_printf("shim: reboot: only processor 0 may reboot the partition\n");
		return;
	}
	if (smp_park_all()) {
		pnv_printf("shim: reboot: a processor of the partition did not stop\n");
		return;
	}
	if (was_secure)
		memset(guest_mem.base, 0, guest_mem.size); /* the ultravisor's own access */
	pnv_printf("shim: reboot: partition reboot after boot %u: %s; restoring the guest image\n",
		   (unsigned)boot.count,
		   was_secure ? "secure memory scrubbed, ultravisor state back to normal"
			      : "a normal partition");
	frame.busy = 0;
	shim_unlock();
	partition_boot();
}

noreturn void pnv_main(const void *host_fdt)
{
	uint64_t msr;
	uint32_t pvr = (uint32_t)mfspr(SPRN_PVR), tb;

	/* machine checks as interrupts, not checkstops; HV interrupts little-endian */
	__asm__ volatile("mfmsr %0" : "=r"(msr));
	__asm__ volatile("mtmsrd %0; isync" ::"r"(msr | MSR_ME));
	mtspr(SPRN_HID0, mfspr(SPRN_HID0) | HID0_HILE);
	__asm__ volatile("isync");
	frame.sp = (uint64_t)(uintptr_t)(exc_stack + sizeof(exc_stack) - 128);
	__asm__ volatile("mr %0, 2" : "=r"(frame.toc));
	mtspr(SPRN_HSPRG0, (uint64_t)(uintptr_t)&frame);

	pnv_printf("\ncocoon pnv shim: PVR 0x%08x, QEMU FDT at %p\n", pvr, host_fdt);
	if (fdt_check_header(host_fdt) || fdt_totalsize(host_fdt) > HOST_FDT_MAX)
		stop("no valid device tree from QEMU in r3");
	shim_fault_init(host_fdt); /* hostile-host mode (issue 10, docs/hostile.md) */
	if (!host_ram_covers(host_fdt, 0, GUEST_HOST_BASE + GUEST_MEM_SIZE))
		stop("the machine needs 2 GiB of RAM (-m 2G): guest memory is host [1 GiB, 2 GiB)");
	tb = dt_host_timebase(host_fdt);
	if (!tb)
		stop("no timebase-frequency in QEMU's /cpus");
	lpar_set_timebase(tb);
	boot.ncpus = smp_init(dt_host_threads(host_fdt), tb / 1000);
	guest_mem.base = (uint8_t *)(uintptr_t)GUEST_HOST_BASE;
	guest_mem.size = GUEST_MEM_SIZE;
	boot.host_fdt = host_fdt;
	boot.pvr = pvr;
	boot.tb = tb;
	partition_boot();
}
