/* In-guest abuse of the cocoon riscv shim's SBI provider (shim/arch/riscv):
 * hostile arguments must get the SBI v3.0 error, never crash the shim, and
 * the per-hart rules (HSM, FWFT lock reset on hart start) must hold. Runs only
 * under the shim (BASE impl id "COCO"); elsewhere one skipped check. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/cmdline.h>
#include <cocoon/ktest.h>

#include "sbi.h"

#define SIP_SSIP (1ul << 1)

extern uint64_t riscv_boot_hartid;
void sbi_abuse_hart_entry(void);

/* A secondary hart's whole life (a0 = hart id, a1 = mailbox): lock
 * PTE_AD_HW_UPDATING at 0, try to change it, read it, flag done, HSM stop.
 * mailbox: [0] done, [1] hart id, [2] SET+LOCK, [3] SET after lock,
 * [4] GET error, [5] GET value */
__asm__(".pushsection .text\n"
	".globl sbi_abuse_hart_entry\n"
	".balign 4\n"
	"sbi_abuse_hart_entry:\n"
	"	mv s0, a1\n"
	"	sd a0, 8(s0)\n"
	"	li a7, 0x46574654\n li a6, 0\n li a0, 4\n li a1, 0\n li a2, 1\n ecall\n"
	"	sd a0, 16(s0)\n"
	"	li a7, 0x46574654\n li a6, 0\n li a0, 4\n li a1, 1\n li a2, 0\n ecall\n"
	"	sd a0, 24(s0)\n"
	"	li a7, 0x46574654\n li a6, 1\n li a0, 4\n ecall\n"
	"	sd a0, 32(s0)\n sd a1, 40(s0)\n"
	"	fence rw, rw\n li t0, 1\n sd t0, 0(s0)\n"
	"	li a7, 0x48534D\n li a6, 1\n ecall\n"
	"1:	wfi\n j 1b\n"
	".popsection\n");

static volatile uint64_t mailbox[8] __attribute__((aligned(64)));

static struct sbiret call(unsigned long ext, unsigned long fid, unsigned long a0,
			  unsigned long a1, unsigned long a2)
{
	return sbi_ecall(ext, fid, a0, a1, a2, 0, 0, 0);
}

/* a hart id the guest has besides the boot hart, or -1 */
static long other_hart(void)
{
	const void *fdt = boot_info.fdt;
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu, len;

	fdt_for_each_subnode(cpu, fdt, cpus) {
		const fdt32_t *reg = fdt_getprop(fdt, cpu, "reg", &len);
		if (reg && len == 4 && fdt32_to_cpu(*reg) != riscv_boot_hartid)
			return fdt32_to_cpu(*reg);
	}
	return -1;
}

static bool isa_has(const char *ext)
{
	const void *fdt = boot_info.fdt;
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu = fdt_first_subnode(fdt, cpus), len;
	const char *p = cpu >= 0 ? fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len) : NULL;

	for (const char *e = p; p && e < p + len; e += strnlen(e, (size_t)(p + len - e)) + 1)
		if (!strcmp(e, ext))
			return true;
	return false;
}

/* Run the secondary once; true when it reported back and stopped again. */
static bool run_secondary(long hart)
{
	uint64_t f = arch_counter_freq(), c0;
	struct sbiret r;

	memset((void *)mailbox, 0, sizeof(mailbox));
	r = call(SBI_EXT_HSM, 0, (unsigned long)hart, (uintptr_t)sbi_abuse_hart_entry,
		 (uintptr_t)mailbox);
	if (!report(r.error == 0, "hsm: start hart %ld (error %ld)", hart, r.error))
		return false;
	/* bounded by 2 s of counter time: a hart that never runs fails, not hangs */
	c0 = arch_counter();
	while (!mailbox[0] && arch_counter() - c0 < 2 * f)
		;
	do
		r = call(SBI_EXT_HSM, 2, (unsigned long)hart, 0, 0);
	while (r.value != SBI_HSM_STOPPED && arch_counter() - c0 < 2 * f);
	return report(mailbox[0] == 1 && mailbox[1] == (uint64_t)hart && r.error == 0 &&
			      r.value == SBI_HSM_STOPPED,
		      "hsm: hart %ld ran with a0 = its hart id, a1 = opaque, and stopped", hart);
}

static void sbi_abuse(void)
{
	struct sbiret r = call(SBI_EXT_BASE, 1, 0, 0, 0);
	unsigned long ram_end = 0;
	long hart;

	if (r.error || r.value != SHIM_SBI_IMPL_ID) {
		report_skip("not under the cocoon shim", "sbi abuse suite");
		return;
	}
	for (unsigned i = 0; i < boot_info.nmem; i++)
		if (boot_info.mem[i].base + boot_info.mem[i].size > ram_end)
			ram_end = boot_info.mem[i].base + boot_info.mem[i].size;

	/* BASE and unknown extensions */
	r = call(SBI_EXT_BASE, 0, 0, 0, 0);
	report(!r.error && r.value == 0x3000000, "base: spec version 3.0 (0x%lx)", r.value);
	r = call(SBI_EXT_BASE, 3, 0x12345678, 0, 0);
	report(!r.error && r.value == 0, "base: unknown extension probes as 0");
	r = call(0x12345678, 0, 0, 0, 0);
	report(r.error == SBI_ERR_NOT_SUPPORTED, "unknown EID: NOT_SUPPORTED (%ld)", r.error);
	r = call(SBI_EXT_BASE, 0x7fffffff, 0, 0, 0);
	report(r.error == SBI_ERR_NOT_SUPPORTED, "base: unknown FID: NOT_SUPPORTED (%ld)", r.error);

	/* DBCN with buffers that are not the guest's RAM */
	r = call(SBI_EXT_DBCN, 0, 16, ram_end, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "dbcn: write past guest RAM: INVALID_PARAM (%ld)",
	       r.error);
	r = call(SBI_EXT_DBCN, 0, ~0ul, (uintptr_t)&mailbox, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "dbcn: huge length: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_DBCN, 0, 32, ~0ul - 8, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "dbcn: wrapping address: INVALID_PARAM (%ld)",
	       r.error);
	r = call(SBI_EXT_DBCN, 0, 1, (uintptr_t)&mailbox, 1);
	report(r.error == SBI_ERR_INVALID_PARAM, "dbcn: base_addr_hi set: INVALID_PARAM (%ld)",
	       r.error);
	r = call(SBI_EXT_DBCN, 1, 16, 0x1000, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "dbcn: read into non-RAM: INVALID_PARAM (%ld)",
	       r.error);

	/* SRST, IPI, RFENCE, TIME with bad arguments; IPI to ourselves */
	r = call(SBI_EXT_SRST, 0, 0x1234, 0, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "srst: reserved type: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_SRST, 0, 0, 7, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "srst: reserved reason: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_IPI, 0, 1, 4096, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "ipi: absent hart: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_RFENCE, 0, 1, 4096, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "rfence: absent hart: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_RFENCE, 0, 0, ~0ul, 0);
	report(r.error == 0, "rfence: fence.i on every hart (%ld)", r.error);
	r = call(SBI_EXT_RFENCE, 1, 0, ~0ul, 0);
	report(r.error == 0, "rfence: sfence.vma on every hart (%ld)", r.error);
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP));
	r = call(SBI_EXT_IPI, 0, 1, riscv_boot_hartid, 0);
	unsigned long sip;
	__asm__ volatile("csrr %0, sip" : "=r"(sip));
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP));
	report(r.error == 0 && (sip & SIP_SSIP), "ipi: to ourselves sets sip.SSIP");

	/* FWFT: reserved and platform IDs, bad flags, GET value on error */
	static const unsigned long denied[] = { 6, 0x40000000, 0x80000000, 0xc0000000 };
	for (unsigned i = 0; i < 4; i++) {
		r = call(SBI_EXT_FWFT, 1, denied[i], 0, 0);
		report(r.error == SBI_ERR_DENIED && r.value == 0,
		       "fwft: GET 0x%lx: DENIED, value 0 (%ld, %ld)", denied[i], r.error, r.value);
	}
	r = call(SBI_EXT_FWFT, 0, 6, 0, 0);
	report(r.error == SBI_ERR_DENIED, "fwft: SET reserved feature: DENIED (%ld)", r.error);
	r = call(SBI_EXT_FWFT, 0, SBI_FWFT_PTE_AD_HW_UPDATING, 0, 2);
	report(r.error == SBI_ERR_INVALID_PARAM || r.error == SBI_ERR_NOT_SUPPORTED,
	       "fwft: SET with a reserved flag: INVALID_PARAM (%ld)", r.error);
	r = call(SBI_EXT_FWFT, 1, SBI_FWFT_POINTER_MASKING_PMLEN, 0, 0);
	bool pm = r.error == 0;
	report(pm == isa_has("smnpm"),
	       "fwft: POINTER_MASKING_PMLEN offered (%ld) exactly when smnpm is in the ISA", r.error);
	if (cmdline_flag(&boot_cmdline, "shim.nosmnpm"))
		report(!pm && r.error == SBI_ERR_NOT_SUPPORTED && r.value == 0,
		       "fwft: shim.nosmnpm hides PMLEN: NOT_SUPPORTED, value 0");
	if (pm) {
		static const unsigned long bad[] = { 1, 8, 15, 17, ~0ul };
		bool all = true;
		for (unsigned i = 0; i < 5; i++)
			all &= call(SBI_EXT_FWFT, 0, SBI_FWFT_POINTER_MASKING_PMLEN, bad[i], 0).error == SBI_ERR_INVALID_PARAM;
		report(all, "fwft: PMLEN other than 0, 7, 16: INVALID_PARAM");
		/* the shim's PMLEN really reaches the hardware (through the
		 * firmware too when QEMU needs it): a tagged load works; then
		 * restore what this hart had */
		unsigned long before = r.value;
		r = call(SBI_EXT_FWFT, 0, SBI_FWFT_POINTER_MASKING_PMLEN, 7, 0);
		if (report(r.error == 0, "fwft: SET PMLEN 7 (%ld)", r.error)) {
			mailbox[0] = 0x5a5a;
			uint64_t got = *(volatile uint64_t *)((uintptr_t)&mailbox[0] | (0x55ul << 57));
			report(got == 0x5a5a, "fwft: PMLEN 7: a tagged load reads the untagged address");
			r = call(SBI_EXT_FWFT, 0, SBI_FWFT_POINTER_MASKING_PMLEN, before, 0);
			report(r.error == 0, "fwft: PMLEN restored to %lu (%ld)", before, r.error);
		}
	}

	/* devices the shim passes through: the PCIe ECAM answers with QEMU's
	 * host bridge (vendor 0x1b36 Red Hat, device 0x0008), the UART's line
	 * status register reads with the transmitter empty bit set */
	int pci = fdt_node_offset_by_compatible(boot_info.fdt, -1, "pci-host-ecam-generic"), len;
	const fdt32_t *reg = pci >= 0 ? fdt_getprop(boot_info.fdt, pci, "reg", &len) : NULL;
	if (reg && len >= 16) {
		uint64_t ecam = fdt_read_cells(reg, 2);
		uint32_t id = *(volatile uint32_t *)(uintptr_t)ecam;
		report(id == 0x00081b36, "passthrough: PCIe ECAM at 0x%llx, bus 0 device 0 id %08x",
		       (unsigned long long)ecam, id);
	} else {
		report(false, "passthrough: the guest tree has a PCIe host bridge");
	}
	int uart = fdt_node_offset_by_compatible(boot_info.fdt, -1, "ns16550a");
	reg = uart >= 0 ? fdt_getprop(boot_info.fdt, uart, "reg", &len) : NULL;
	if (reg && len >= 16) {
		uint8_t lsr = *(volatile uint8_t *)(uintptr_t)(fdt_read_cells(reg, 2) + 5);
		report(lsr & 0x20, "passthrough: UART line status 0x%02x (THR empty)", lsr);
	} else {
		report(false, "passthrough: the guest tree has the UART");
	}

	/* the shim leaves FP usable in VS-mode (with V = 1 the HS-level
	 * sstatus.FS gates FP too): turn it on here, read fflags, turn it off */
	unsigned long fflags = ~0ul;
	__asm__ volatile("csrs sstatus, %1\n csrr %0, 0x001\n csrc sstatus, %1"
			 : "=&r"(fflags) : "r"(1ul << 13));
	report(fflags < 32, "fp: fflags readable in the guest (0x%lx)", fflags);

	/* HSM */
	r = call(SBI_EXT_HSM, 2, 4096, 0, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "hsm: status of an absent hart: INVALID_PARAM (%ld)",
	       r.error);
	r = call(SBI_EXT_HSM, 0, 4096, (uintptr_t)sbi_abuse_hart_entry, 0);
	report(r.error == SBI_ERR_INVALID_PARAM, "hsm: start an absent hart: INVALID_PARAM (%ld)",
	       r.error);
	r = call(SBI_EXT_HSM, 0, riscv_boot_hartid, (uintptr_t)sbi_abuse_hart_entry, 0);
	report(r.error == SBI_ERR_ALREADY_AVAILABLE, "hsm: start ourselves: ALREADY_AVAILABLE (%ld)",
	       r.error);
	hart = other_hart();
	if (hart < 0) {
		report_skip("one hart", "hsm: secondary hart start/stop");
		return;
	}
	r = call(SBI_EXT_HSM, 0, (unsigned long)hart, 0x1000, 0);
	report(r.error == SBI_ERR_INVALID_ADDRESS,
	       "hsm: start at an address outside RAM: INVALID_ADDRESS (%ld)", r.error);
	r = call(SBI_EXT_HSM, 0, (unsigned long)hart, ram_end, 0);
	report(r.error == SBI_ERR_INVALID_ADDRESS, "hsm: start just past RAM: INVALID_ADDRESS (%ld)",
	       r.error);
	if (!run_secondary(hart))
		return;
	bool ad = mailbox[2] != (uint64_t)SBI_ERR_NOT_SUPPORTED;
	if (!ad) {
		report_skip("no PTE_AD_HW_UPDATING", "fwft: lock on a secondary hart");
		return;
	}
	report(mailbox[2] == 0, "fwft: SET with LOCK on hart %ld (%ld)", hart, (long)mailbox[2]);
	report((long)mailbox[3] == SBI_ERR_DENIED_LOCKED, "fwft: SET after LOCK: DENIED_LOCKED (%ld)",
	       (long)mailbox[3]);
	report(mailbox[4] == 0 && mailbox[5] == 0, "fwft: locked value still reads 0");
	/* the lock belongs to that hart's previous life */
	if (run_secondary(hart))
		report(mailbox[2] == 0 && (long)mailbox[3] == SBI_ERR_DENIED_LOCKED,
		       "fwft: hart start reset the lock (SET with LOCK works again: %ld)",
		       (long)mailbox[2]);
}
KTEST_SUITE(sbi_abuse);
