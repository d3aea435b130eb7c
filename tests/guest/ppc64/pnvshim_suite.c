/* In-guest checks that only mean something under the powernv HV shim
 * (root compatible "cocoon,pnv-shim"): the partition cannot reach memory
 * outside its own, and hostile hypervisor calls get the LoPAPR error codes
 * (H_FUNCTION for unknown opcodes, H_PARAMETER / H_Pn for bad arguments)
 * and leave the shim running. Skipped elsewhere. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>
#include <cocoon/ktest.h>

#include "ppc64.h"

#define H_FUNCTION (-2)
#define H_PARAMETER (-4)
#define H_P2 (-55)
#define H_P3 (-56)
#define H_P4 (-57)
#define H_UNSUPPORTED (-67)
#define H_UNSUPPORTED_FLAG (-256)
#define U_PERMISSION (-11) /* asm/ultravisor-api.h: H_PERMISSION */
#define U_INVALID U_PERMISSION /* "VM is not secure": the reference ultravisor's code */
#define H_GET_TERM_CHAR 0x54
#define RTAS_PARAM_ERROR (-3)

#define H_PAGE_INIT 0x2c
#define H_PROD 0xe8
#define H_RANDOM 0x300
#define H_ZERO_PAGE (1ull << (63 - 48))
#define H_COPY_PAGE (1ull << (63 - 49))

/* whole pages: a Secure VM shares the RTAS buffer and pages[1..2] */
static union {
	uint32_t cells[16];
	uint8_t page[4096];
} rtas_page __attribute__((aligned(4096)));
#define rtas_buf rtas_page.cells
static unsigned char pages[3][4096] __attribute__((aligned(4096)));

/* An hcall with up to 5 arguments whose results come back in r4 and r5
 * (LoPAPR hcall interface) */
static long hcall5(uint64_t op, const uint64_t a[5], uint64_t out[2])
{
	register uint64_t r3 __asm__("r3") = op;
	register uint64_t r4 __asm__("r4") = a[0];
	register uint64_t r5 __asm__("r5") = a[1];
	register uint64_t r6 __asm__("r6") = a[2];
	register uint64_t r7 __asm__("r7") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];

	__asm__ volatile("sc 1"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
			 :
			 : "r0", "r9", "r10", "r11", "r12", "ctr", "lr", "xer", "cr0", "cr1", "cr5",
			   "cr6", "cr7", "memory");
	out[0] = r4;
	out[1] = r5;
	return (long)r3;
}

static long hcall2(uint64_t op, uint64_t a1, uint64_t a2, uint64_t out[2])
{
	const uint64_t a[5] = { a1, a2, 0, 0, 0 };

	return hcall5(op, a, out);
}

static long h_random(uint64_t *v)
{
	uint64_t out[2];
	long rc = hcall2(H_RANDOM, 0, 0, out);

	*v = out[0];
	return rc;
}

static void service_hcalls(void)
{
	uint64_t a = 0, b = 0;
	bool same = true;

	report(h_random(&a) == H_SUCCESS && h_random(&b) == H_SUCCESS && a != b,
	       "hcall: H_RANDOM gives two different numbers");
	memset(pages[0], 0x5a, sizeof(pages[0]));
	memset(pages[1], 0, sizeof(pages[1]));
	report(ppc64_hcall(H_PAGE_INIT, H_COPY_PAGE, (uintptr_t)pages[1], (uintptr_t)pages[0], 0) ==
			       H_SUCCESS &&
		       !memcmp(pages[0], pages[1], sizeof(pages[0])),
	       "hcall: H_PAGE_INIT copies a page");
	report(ppc64_hcall(H_PAGE_INIT, H_ZERO_PAGE, (uintptr_t)pages[1], 0, 0) == H_SUCCESS &&
		       pages[1][0] == 0 && pages[1][4095] == 0,
	       "hcall: H_PAGE_INIT zeroes a page");
	for (size_t i = 0; i < sizeof(pages[0]); i++)
		same &= pages[0][i] == 0x5a;
	report(same && ppc64_hcall(H_PAGE_INIT, H_ZERO_PAGE, (uintptr_t)pages[1] + 8, 0, 0) ==
				       H_PARAMETER &&
		       ppc64_hcall(H_PAGE_INIT, H_ZERO_PAGE, boot_info.mem_total, 0, 0) == H_PARAMETER,
	       "hcall: H_PAGE_INIT refuses misaligned or foreign pages, source untouched");
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* A Secure VM (svm=on): the hypervisor half copies between pages only
 * where both are shared. pages[0] holds a secret and stays private. */
static void svm_checks(void)
{
	memset(pages[0], 0x5e, sizeof(pages[0])); /* the secret */
	memset(pages[1], 0x77, 2 * sizeof(pages[1]));
	report(ppc64_uv_share("test pages", pages[1], 2) == 0,
	       "svm: two test pages shared with UV_SHARE_PAGE");
	report(all_zero(pages[1], 2 * sizeof(pages[1])),
	       "svm: the ultravisor cleared both pages when they became shared");
	memset(pages[1], 0, sizeof(pages[1]));
	memset(pages[2], 0xa5, sizeof(pages[2]));
	report(ppc64_hcall(H_PAGE_INIT, H_COPY_PAGE, (uintptr_t)pages[1], (uintptr_t)pages[0], 0) ==
			       H_PARAMETER &&
		       pages[1][0] == 0 && pages[1][4095] == 0,
	       "svm: the hypervisor cannot read the secret in a private page (H_PAGE_INIT refused)");
	report(ppc64_hcall(H_PAGE_INIT, H_COPY_PAGE, (uintptr_t)pages[1], (uintptr_t)pages[2], 0) ==
			       H_SUCCESS &&
		       pages[1][0] == 0xa5 && pages[1][4095] == 0xa5,
	       "svm: it can read what the guest put in a shared page");
	report(ppc64_uv_unshare("test pages", pages[1], 2) == 0 && ppc64_ucall(0xf134, (uintptr_t)pages[1] / 4096, 1) ==
			       H_PARAMETER,
	       "svm: unshared again; unsharing a page that is not shared is refused");
	report(all_zero(pages[1], 2 * sizeof(pages[1])),
	       "svm: the ultravisor cleared them again when they became private");
	report(ppc64_ucall(0xf130, boot_info.mem_total / 4096, 1) == H_PARAMETER &&
		       ppc64_ucall(0xf130, (uintptr_t)pages[1] / 4096, ~0ull) == H_P2 &&
		       ppc64_ucall(0xf130, (uintptr_t)pages[1] / 4096, 0) == H_P2,
	       "svm: sharing outside guest memory or a bad count is refused (U_PARAMETER, U_P2)");
	report(ppc64_ucall(0xf110, ppc64_load_base, (uintptr_t)boot_info.fdt) == U_PERMISSION,
	       "svm: a second UV_ESM is refused (U_PERMISSION)");
}

/* The mode rules (shim/arch/ppc64/uv.c after ultravisor.rst), from
 * whichever kind of VM we are: the other kind's ultracalls, the
 * hypervisor's ultracalls and the ultravisor's H_SVM_* hcalls are refused
 * with their documented codes. */
static void mode_checks(void)
{
	static const uint64_t hv_calls[] = { 0xf104, 0xf120, 0xf124, 0xf128, 0xf12c, 0xf138,
					     0xf13c }; /* UV_WRITE_PATE .. UV_SVM_TERMINATE */
	static const uint64_t uv_hcalls[] = { 0xef00, 0xef04, 0xef08, 0xef0c, 0xef14 };
	uint64_t gfn = (uintptr_t)pages[1] / 4096;
	bool hv_ok = ppc64_ucall(0xf11c, 0, 0) == U_INVALID, uv_ok = true; /* UV_RETURN */

	for (size_t i = 0; i < ARRAY_SIZE(hv_calls); i++)
		hv_ok &= ppc64_ucall(hv_calls[i], 1, gfn) == U_PERMISSION;
	for (size_t i = 0; i < ARRAY_SIZE(uv_hcalls); i++)
		uv_ok &= ppc64_hcall(uv_hcalls[i], gfn << 12, 0, 0, 0) == H_UNSUPPORTED;
	report(hv_ok, "uv mode: the hypervisor's ultracalls refused to a %s VM (U_PERMISSION)",
	       ppc64_uv_secure() ? "secure" : "normal");
	report(uv_ok, "uv mode: the ultravisor's H_SVM_* hcalls refused to a %s VM (H_UNSUPPORTED)",
	       ppc64_uv_secure() ? "secure" : "normal");
	if (ppc64_uv_secure()) {
		report(ppc64_ucall(0xf110, ppc64_load_base, (uintptr_t)boot_info.fdt) == U_PERMISSION &&
			       ppc64_uv_secure(),
		       "uv mode: UV_ESM (a normal VM's call) refused to a secure VM (U_PERMISSION)");
		return;
	}
	report(ppc64_ucall(0xf130, gfn, 1) == U_INVALID && ppc64_ucall(0xf134, gfn, 1) == U_INVALID &&
		       ppc64_ucall(0xf140, 0, 0) == U_INVALID,
	       "uv mode: UV_SHARE_PAGE, UV_UNSHARE_PAGE, UV_UNSHARE_ALL_PAGES (a secure VM's "
	       "calls) refused to a normal VM (U_INVALID)");
}

static bool under_shim(void)
{
	return fdt_node_check_compatible(boot_info.fdt, 0, "cocoon,pnv-shim") == 0;
}

static void isolation_checks(void)
{
	volatile uint64_t *beyond = (volatile uint64_t *)(uintptr_t)boot_info.mem_total;
	uint64_t v = 0x5a5a;

	uint64_t msr = mfmsr();

	/* one load past the end of guest memory, in real mode (MSR[DR] = 0, so
	 * the guest's own radix tree is not consulted): the shim's
	 * partition-scoped tree has no entry, the shim reflects the HDSI as a DSI */
	ppc64_trap_expect = 0x300;
	__asm__ volatile("mtmsrd %1; isync; ld %0, 0(%2); mtmsrd %3; isync"
			 : "+r"(v) : "r"(msr & ~MSR_DR), "b"(beyond), "r"(msr) : "memory");
	report(!ppc64_trap_expect && v == 0x5a5a,
	       "partition: load at guest-real 0x%llx (past its memory) is a data storage interrupt",
	       (unsigned long long)boot_info.mem_total);
	ppc64_trap_expect = 0;
	if (!ppc64_mmu_on())
		return;
	/* with translation on, the guest's own tree has no entry there */
	ppc64_trap_seen_dsisr = 0;
	ppc64_trap_expect = 0x300;
	__asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "b"(beyond) : "memory");
	report(!ppc64_trap_expect && v == 0x5a5a && (ppc64_trap_seen_dsisr & 0x40000000),
	       "mmu: the same load with MSR[DR] = 1 is a DSI of the guest's own tree (DSISR 0x%llx)",
	       (unsigned long long)ppc64_trap_seen_dsisr);
	ppc64_trap_expect = 0;
}

static void hostile_hcalls(void)
{
	report(ppc64_hcall(0xf1fc, 0, 0, 0, 0) == H_FUNCTION &&
		       ppc64_hcall(0x7fff, 0, 0, 0, 0) == H_FUNCTION,
	       "hcall: unknown opcodes get H_FUNCTION");
	report(ppc64_hcall(H_PUT_TERM_CHAR, 0, 17, 0, 0) == H_PARAMETER &&
		       ppc64_hcall(H_PUT_TERM_CHAR, 5, 1, 0, 0) == H_PARAMETER,
	       "hcall: H_PUT_TERM_CHAR with 17 bytes or a bad terminal gets H_PARAMETER");
	report(ppc64_hcall(H_GET_TERM_CHAR, 0, 0, 0, 0) == H_SUCCESS,
	       "hcall: H_GET_TERM_CHAR answers");
	report(ppc64_hcall(H_SET_MODE, 1, 99, 0, 0) == H_P2 &&
		       ppc64_hcall(H_SET_MODE, 7, 4, 0, 0) == H_UNSUPPORTED_FLAG,
	       "hcall: H_SET_MODE with a bad resource or flags is refused");
	report(ppc64_hcall(KVMPPC_H_RTAS, boot_info.mem_total, 0, 0, 0) == H_PARAMETER &&
		       ppc64_hcall(KVMPPC_H_RTAS, ~0ull - 3, 0, 0, 0) == H_PARAMETER,
	       "rtas: argument buffer outside guest memory gets H_PARAMETER");
	report(ppc64_hcall(KVMPPC_H_VOF_CLIENT, boot_info.mem_total - 4, 0, 0, 0) == H_PARAMETER,
	       "of: client array straddling the end of guest memory gets H_PARAMETER");
	rtas_buf[0] = __builtin_bswap32(0xdead); /* token */
	rtas_buf[1] = 0;
	rtas_buf[2] = __builtin_bswap32(1);
	rtas_buf[3] = 0;
	report(ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)rtas_buf, 0, 0, 0) == H_SUCCESS &&
		       (int32_t)__builtin_bswap32(rtas_buf[3]) == RTAS_PARAM_ERROR,
	       "rtas: unknown token answered with status -3 (parameter error)");
	rtas_buf[0] = __builtin_bswap32(rtas_poweroff_token());
	rtas_buf[1] = __builtin_bswap32(1000); /* absurd argument count */
	report(ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)rtas_buf, 0, 0, 0) == H_PARAMETER,
	       "rtas: power-off with 1000 arguments gets H_PARAMETER, machine still up");
	rtas_buf[1] = __builtin_bswap32(2);
	rtas_buf[2] = 0; /* no room for the status */
	report(ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)rtas_buf, 0, 0, 0) == H_PARAMETER,
	       "rtas: power-off with no return cell gets H_PARAMETER, machine still up");
	report(ppc64_hcall(H_PAGE_INIT, 1, (uintptr_t)pages[1], 0, 0) == H_PARAMETER &&
		       ppc64_hcall(H_PAGE_INIT, H_ZERO_PAGE, boot_info.mem_total, 0, 0) == H_PARAMETER &&
		       ppc64_hcall(H_PAGE_INIT, H_ZERO_PAGE, ~0ull & ~4095ull, 0, 0) == H_PARAMETER,
	       "hcall: H_PAGE_INIT with a reserved flag, past RAM or at the top of the address "
	       "space gets H_PARAMETER");
	/* H_REGISTER_PROC_TBL (shim/arch/ppc64/proc_tbl.c): a bad registration is
	 * refused and the one in force stays (else the next fetch faults) */
	report(ppc64_hcall(0x37c, 0x1c, boot_info.mem_total, 0, 0) == H_P2 &&
		       ppc64_hcall(0x37c, 0x1c, (uintptr_t)pages[1] + 8, 0, 0) == H_P2 &&
		       ppc64_hcall(0x37c, 0x1c, boot_info.mem_total - 4096, 0, 1) == H_P2 &&
		       ppc64_hcall(0x37c, 0x1c, (uintptr_t)pages[1], 1, 0) == H_P3 &&
		       ppc64_hcall(0x37c, 0x1c, (uintptr_t)pages[1], 0, 25) == H_P4 &&
		       ppc64_hcall(0x37c, 0x1d, (uintptr_t)pages[1], 0, 0) == H_PARAMETER &&
		       ppc64_hcall(0x37c, 0x18, (uintptr_t)pages[1], 0, 0) == H_PARAMETER &&
		       ppc64_hcall(0x37c, 0x3c, (uintptr_t)pages[1], 0, 0) == H_PARAMETER &&
		       ppc64_hcall(0x37c, 0x04, 0, 0, 0) == H_SUCCESS,
	       "hcall: H_REGISTER_PROC_TBL outside memory, misaligned, with a page size, PRTS 25, "
	       "GTSE, hash or a reserved flag is refused; the table in force stays");
	report(ppc64_hcall(H_PROD, 999, 0, 0, 0) == H_PARAMETER,
	       "hcall: H_PROD of a virtual processor that does not exist gets H_PARAMETER");
	/* LoPAPR XIVE hcalls: only after CAS granted XIVE, arguments checked in order */
	if (ppc64_cas_granted_xive())
		report(ppc64_hcall(H_INT_GET_SOURCE_INFO, 1, 0, 0, 0) == H_PARAMETER &&
			       ppc64_hcall(H_INT_GET_SOURCE_INFO, 0, 1u << 30, 0, 0) == H_P2 &&
			       ppc64_hcall(H_INT_GET_QUEUE_INFO, 0, 999, 0, 0) == H_P2 &&
			       ppc64_hcall(H_INT_GET_QUEUE_INFO, 0, 0, 0xff, 0) == H_P3,
		       "xive: reserved flags, a LISN, a target and a priority that do not exist "
		       "are refused");
	else
		report(ppc64_hcall(H_INT_GET_SOURCE_INFO, 0, 0, 0, 0) == H_FUNCTION,
		       "xive: H_INT_GET_SOURCE_INFO without XIVE granted gets H_FUNCTION");
}

/* RTAS call with up to 3 arguments and 2 results; returns the status */
static int32_t rtas3(uint32_t token, uint32_t nargs, uint32_t nret, const uint32_t *in, uint32_t *out)
{
	rtas_buf[0] = __builtin_bswap32(token);
	rtas_buf[1] = __builtin_bswap32(nargs);
	rtas_buf[2] = __builtin_bswap32(nret);
	for (uint32_t i = 0; i < nargs; i++)
		rtas_buf[3 + i] = __builtin_bswap32(in[i]);
	rtas_buf[3 + nargs] = __builtin_bswap32(0x7777);
	if (ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)rtas_buf, 0, 0, 0) != H_SUCCESS)
		return -9999;
	for (uint32_t i = 1; i < nret; i++)
		out[i - 1] = __builtin_bswap32(rtas_buf[3 + nargs + i]);
	return (int32_t)__builtin_bswap32(rtas_buf[3 + nargs]);
}

static uint32_t pci_rd_tok;
static uint64_t pci_buid;

static uint32_t pci_rd(uint32_t addr, uint32_t size, int32_t *st)
{
	uint32_t in[4] = { addr, (uint32_t)(pci_buid >> 32), (uint32_t)pci_buid, size }, v = 0;

	*st = rtas3(pci_rd_tok, 4, 2, in, &v);
	return v;
}

/* RTAS config access to the shim's PHB: enumeration and refusals. The
 * virtio devices themselves are driven by the guest's own drivers
 * (drivers/virtio, suite "virtio"), unchanged. */
static void pci_checks(void)
{
	int phb = fdt_path_offset(boot_info.fdt, "/pci@800000020000000"), len = 0;
	const fdt64_t *reg = phb >= 0 ? fdt_getprop(boot_info.fdt, phb, "reg", &len) : NULL;
	int32_t st = -9, st2 = -9;
	uint32_t id, id2;

	pci_rd_tok = rtas_token(boot_info.fdt, "ibm,read-pci-config");
	report(pci_rd_tok && rtas_token(boot_info.fdt, "ibm,write-pci-config") && reg && len >= 8,
	       "pci: PHB node and RTAS config-access tokens present");
	if (!pci_rd_tok || !reg || len < 8)
		return;
	pci_buid = fdt64_to_cpu(reg[0]);
	id = pci_rd(0x0800, 4, &st);
	id2 = pci_rd(0x1000, 4, &st2);
	report(st == 0 && st2 == 0 && id == 0x10441af4 && id2 == 0x10421af4,
	       "pci: 00:01.0 virtio entropy (0x%08x), 00:02.0 virtio block (0x%08x)", id, id2);
	report(pci_rd(0x1800, 4, &st) == 0xffffffffu && st == 0, "pci: an empty slot reads all ones");
	pci_rd(0x0801, 2, &st);
	pci_buid++;
	pci_rd(0x0800, 4, &st2);
	pci_buid--;
	report(st == -1 && st2 == -3, "pci: misaligned access (%d) and unknown BUID (%d) refused",
	       st, st2);
}

/* CAS, the interrupt controllers, SMP and virtio are exercised by the
 * guest's own suites (cas_irq, smp, virtio) against the shim as they are
 * on stock pseries; what is left here is what only the shim has. */
static void pnvshim_suite(void)
{
	if (!under_shim()) {
		report_skip("not under the powernv shim", "partition: isolation and hostile hcalls");
		return;
	}
	if (ppc64_uv_secure() && ppc64_uv_share("test RTAS buffer", &rtas_page, 1))
		report(false, "svm: test RTAS buffer shared");
	isolation_checks();
	hostile_hcalls();
	mode_checks();
	if (ppc64_uv_secure())
		svm_checks();
	else
		service_hcalls();
	pci_checks();
	/* given back like every other shared page (shutdown counts on it) */
	if (ppc64_uv_secure() && ppc64_uv_unshare("test RTAS buffer", &rtas_page, 1))
		report(false, "svm: test RTAS buffer unshared");
}
KTEST_SUITE(pnvshim_suite);
