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
#define H_P4 (-57)
#define H_UNSUPPORTED_FLAG (-256)
#define H_GET_TERM_CHAR 0x54
#define RTAS_PARAM_ERROR (-3)

#define H_PAGE_INIT 0x2c
#define H_RANDOM 0x300
#define H_ZERO_PAGE (1ull << (63 - 48))
#define H_COPY_PAGE (1ull << (63 - 49))

static uint32_t rtas_buf[16] __attribute__((aligned(8)));
static unsigned char pages[2][4096] __attribute__((aligned(4096)));

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

#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_IPOLL 0x70
#define H_XIRR 0x74

/* The shim's XICS: an IPI to ourselves is presented, delivered at 0x500
 * once MSR[EE] allows (even with no hcall to bring the shim back: its
 * hypervisor decrementer does), accepted with H_XIRR, ended with H_EOI. */
static void xics_checks(void)
{
	uint64_t out[2] = { 0, 0 }, t0, tb = arch_counter_freq();
	int ic = fdt_path_offset(boot_info.fdt, "/interrupt-controller");
	bool spun;

	report(ic >= 0 && !fdt_node_check_compatible(boot_info.fdt, ic, "IBM,ppc-xicp"),
	       "xics: /interrupt-controller is an IBM,ppc-xicp presentation controller");
	arch_irq_disable();
	report(ppc64_hcall(H_CPPR, 0xff, 0, 0, 0) == H_SUCCESS &&
		       ppc64_hcall(H_IPI, 0, 5, 0, 0) == H_SUCCESS &&
		       hcall2(H_IPOLL, 0, 0, out) == H_SUCCESS && out[0] == 0xff000002 && out[1] == 5,
	       "xics: H_IPI to ourselves presents source 2 (H_IPOLL 0x%llx, MFRR %llu)",
	       (unsigned long long)out[0], (unsigned long long)out[1]);

	ppc64_trap_expect = 0x500;
	arch_irq_enable();
	t0 = arch_counter();
	while (ppc64_trap_expect && arch_counter() - t0 < tb)
		__asm__ volatile("" ::: "memory"); /* no hcall: only the shim's HDEC can deliver */
	arch_irq_disable();
	spun = !ppc64_trap_expect;
	ppc64_trap_expect = 0;
	report(spun, "xics: the pending IPI is delivered at 0x500 once MSR[EE] is on");

	report(hcall2(H_XIRR, 0, 0, out) == H_SUCCESS && out[0] == 0xff000002,
	       "xics: H_XIRR accepts it (XIRR 0x%llx)", (unsigned long long)out[0]);
	report(ppc64_hcall(H_IPI, 0, 0xff, 0, 0) == H_SUCCESS &&
		       ppc64_hcall(H_EOI, 0xff000002, 0, 0, 0) == H_SUCCESS &&
		       hcall2(H_IPOLL, 0, 0, out) == H_SUCCESS && out[0] == 0xff000000,
	       "xics: after clearing MFRR and H_EOI nothing is pending");

	/* raised with MSR[EE] on: delivered on the way back from the hcall */
	ppc64_trap_expect = 0x500;
	arch_irq_enable();
	ppc64_hcall(H_IPI, 0, 5, 0, 0);
	arch_irq_disable();
	spun = !ppc64_trap_expect;
	ppc64_trap_expect = 0;
	hcall2(H_XIRR, 0, 0, out);
	ppc64_hcall(H_IPI, 0, 0xff, 0, 0);
	ppc64_hcall(H_EOI, 0xff000002, 0, 0, 0);
	report(spun && out[0] == 0xff000002,
	       "xics: an IPI raised with MSR[EE] on is taken right after H_IPI");
	report(ppc64_hcall(H_IPI, 1, 5, 0, 0) == H_PARAMETER &&
		       ppc64_hcall(H_EOI, 0xff001234, 0, 0, 0) == H_PARAMETER,
	       "xics: H_IPI to a server that does not exist, H_EOI of an unknown source: H_PARAMETER");
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

static bool under_shim(void)
{
	return fdt_node_check_compatible(boot_info.fdt, 0, "cocoon,pnv-shim") == 0;
}

static void isolation_checks(void)
{
	volatile uint64_t *beyond = (volatile uint64_t *)(uintptr_t)boot_info.mem_total;
	uint64_t v = 0x5a5a;

	/* one load past the end of guest memory: the shim's partition-scoped
	 * tree has no entry, the shim reflects the HDSI as a DSI */
	ppc64_trap_expect = 0x300;
	__asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "b"(beyond) : "memory");
	report(!ppc64_trap_expect && v == 0x5a5a,
	       "partition: load at guest-real 0x%llx (past its memory) is a data storage interrupt",
	       (unsigned long long)boot_info.mem_total);
	ppc64_trap_expect = 0;
}

static void hostile_hcalls(void)
{
	report(ppc64_hcall(0xf110, 0, 0, 0, 0) == H_FUNCTION &&
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
}

/* CAS through the shim's OF client (it keeps serving after quiesce, as VOF
 * does): a vector for ISA 3.0/3.1 with OV5 byte 23 = intc, byte 24 = radix. */
static uint8_t cas_vec[64] __attribute__((aligned(8)));

static uint32_t cas_call(uint8_t intc, uint8_t mmu)
{
	static const uint32_t pvrs[] = { 0xffffffff, 0x0f000006, 0xffffffff, 0x0f000005,
					 0xfffffffe, 0x0f000001 };
	uint32_t a[3], r[2] = { 1, 1 }, ih;
	size_t n = 0;

	memset(cas_vec, 0, sizeof(cas_vec));
	for (size_t i = 0; i < ARRAY_SIZE(pvrs); i++, n += 4) {
		uint32_t be = __builtin_bswap32(pvrs[i]);
		memcpy(cas_vec + n, &be, 4);
	}
	cas_vec[n++] = 5 - 1;
	for (int v = 1; v <= 4; v++) {
		cas_vec[n++] = 0; /* one byte long */
		cas_vec[n++] = 0;
	}
	cas_vec[n++] = 26 - 1;
	cas_vec[n + 22] = intc;  /* OV5 byte 23 */
	cas_vec[n + 23] = mmu;   /* OV5 byte 24: 0x40 radix */
	a[0] = of_ptr("/");
	if (of_call("open", 1, 1, a, r) || !r[0])
		return 0xdead;
	ih = r[0];
	a[0] = of_ptr("ibm,client-architecture-support");
	a[1] = ih;
	a[2] = of_ptr(cas_vec);
	if (of_call("call-method", 3, 2, a, r) || r[0] != 0)
		return 0xdead;
	return r[1];
}

static void cas_checks(void)
{
	uint8_t vec5[32], support[8];
	uint32_t chosen = of_finddevice("/chosen");
	int len, slen;

	slen = of_getprop(chosen, "ibm,arch-vec-5-platform-support", support, sizeof(support));
	report(slen == 6 && support[0] == 23 && support[1] == 0x80 && support[2] == 24 &&
		       support[3] == 0x40,
	       "cas: the shim offers either interrupt mode, radix only, in /chosen (%d bytes)", slen);
	report(cas_call(0x00, 0x00) == 0xffffffffu,
	       "cas: a request for the hash MMU (not offered) is refused");
	report(cas_call(0x00, 0x40) == 0, "cas: legacy interrupts + radix (offered) accepted");
	memset(vec5, 0, sizeof(vec5));
	len = of_getprop(chosen, "ibm,architecture-vec-5", vec5, sizeof(vec5));
	report(len == 25 && vec5[24] == 0x40 && vec5[23] == 0x00,
	       "cas: /chosen ibm,architecture-vec-5 records radix, legacy interrupts (%d bytes)", len);
}

/* A secondary started with RTAS start-cpu runs this with r3 = &smp_blk:
 * count one, then stop-self through the RTAS buffer that follows. */
struct smp_blk {
	volatile uint32_t count, pad;
	uint32_t rtas[4]; /* stop-self: token, nargs 0, nret 1, status */
};
static struct smp_blk smp_blk __attribute__((aligned(16)));
extern char pnvshim_secondary_entry[];
__asm__(".text\n"
	".globl pnvshim_secondary_entry\n"
	"pnvshim_secondary_entry:\n"
	"	lwz 5, 0(3)\n"
	"	addi 5, 5, 1\n"
	"	stw 5, 0(3)\n"
	"	sync\n"
	"	addi 4, 3, 8\n"
	"	li 3, 0\n"
	"	ori 3, 3, 0xf000\n" /* KVMPPC_H_RTAS */
	"	sc 1\n"
	"1:	b 1b\n");

static uint32_t rtas_token(const char *name)
{
	int node = fdt_path_offset(boot_info.fdt, "/rtas"), len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(boot_info.fdt, node, name, &len) : NULL;

	return p && len == 4 ? fdt32_to_cpu(*p) : 0;
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

static bool wait_stopped(uint32_t query, uint32_t cpu)
{
	uint64_t t0 = arch_counter(), tb = arch_counter_freq();
	uint32_t state = 2;

	while (arch_counter() - t0 < tb) {
		if (rtas3(query, 1, 2, &cpu, &state) == 0 && state == 0)
			return true;
	}
	return false;
}

static void smp_checks(void)
{
	uint32_t start = rtas_token("start-cpu"), query = rtas_token("query-cpu-stopped-state");
	uint32_t stop = rtas_token("stop-self"), state = 99, in[3];
	uint64_t t0, tb = arch_counter_freq();

	if (boot_info.ncpus < 2) {
		report_skip("one processor (-smp 1)", "smp: start-cpu / stop-self of processor 1");
		return;
	}
	in[0] = 1;
	report(start && query && stop && rtas3(query, 1, 2, in, &state) == 0 && state == 0,
	       "smp: processor 1 is stopped at boot (state %u)", state);
	memset(&smp_blk, 0, sizeof(smp_blk));
	smp_blk.rtas[0] = __builtin_bswap32(stop);
	smp_blk.rtas[2] = __builtin_bswap32(1);
	for (int round = 1; round <= 2; round++) {
		in[0] = 1;
		in[1] = (uint32_t)(uintptr_t)pnvshim_secondary_entry;
		in[2] = (uint32_t)(uintptr_t)&smp_blk;
		report(rtas3(start, 3, 1, in, NULL) == 0, "smp: start-cpu 1 (round %d)", round);
		t0 = arch_counter();
		while (smp_blk.count < (uint32_t)round && arch_counter() - t0 < tb)
			;
		report(smp_blk.count == (uint32_t)round && wait_stopped(query, 1),
		       "smp: processor 1 ran our code in the partition and stopped itself (round %d)",
		       round);
	}
	in[0] = 7;
	report(rtas3(start, 3, 1, in, NULL) == -3, "smp: start-cpu of a processor that does not exist: -3");
	in[0] = 0;
	report(rtas3(start, 3, 1, in, NULL) == -3, "smp: start-cpu of the running processor 0: -3");
	in[0] = 1;
	in[1] = (uint32_t)boot_info.mem_total;
	report(rtas3(start, 3, 1, in, NULL) == -3, "smp: start-cpu at an address outside the partition: -3");
	report(rtas3(stop, 0, 1, NULL, NULL) == -1, "smp: stop-self of the last running processor refused");
}

#define H_INT_GET_SOURCE_INFO 0x3a8
#define H_INT_SET_SOURCE_CONFIG 0x3ac
#define H_INT_SET_QUEUE_CONFIG 0x3b8
#define H_INT_ESB 0x3c8
#define XIVE_SRC_H_INT_ESB (1ull << (63 - 60))
#define XIVE_SET_EISN (1ull << (63 - 62))
#define XIVE_ESB_STORE (1ull << (63 - 63))

static uint32_t eq_page[1024] __attribute__((aligned(4096)));

/* The TIMA OS page from the ibm,power-ivpe node CAS put in the tree */
static uint64_t xive_tima_os(void)
{
	uint32_t ph = of_finddevice("/interrupt-controller@6030203180000");
	uint64_t reg[4];

	if (ph == 0xffffffffu || of_getprop(ph, "reg", reg, sizeof(reg)) != (int)sizeof(reg))
		return 0;
	return __builtin_bswap64(reg[2]);
}

/* Processor 1 takes an XIVE interrupt that processor 0 raised: it runs
 * this with r3 = &ipi_blk, takes our trap frame (SPRG0), opens its CPPR
 * through the TIMA, turns MSR[EE] on and spins until the guest's 0x500
 * handler has consumed ppc64_trap_expect; then acknowledges through the
 * TIMA and stops itself. The shim must kick it (doorbell) to deliver. */
struct ipi_blk {
	volatile uint32_t count, ready;
	uint64_t sprg0, tima, expect_addr;
	volatile uint32_t ack, pad;
	uint32_t rtas[4];
};
static struct ipi_blk ipi_blk __attribute__((aligned(16)));
static uint32_t eq_page1[1024] __attribute__((aligned(4096)));
extern char pnvshim_ipi_entry[];
__asm__(".text\n"
	".globl pnvshim_ipi_entry\n"
	"pnvshim_ipi_entry:\n"
	"	ld 5, 8(3)\n"
	"	mtspr 272, 5\n"          /* SPRG0 */
	"	ld 6, 16(3)\n"
	"	li 7, 0xff\n"
	"	stb 7, 0x11(6)\n"        /* TIMA OS CPPR = 0xff */
	"	li 7, 1\n"
	"	stw 7, 4(3)\n"
	"	sync\n"
	"	ld 8, 24(3)\n"
	"	li 9, 0\n"
	"	ori 9, 9, 0x8002\n"
	"	mtmsrd 9, 1\n"           /* EE | RI */
	"1:	ld 10, 0(8)\n"
	"	cmpdi 10, 0\n"
	"	bne 1b\n"
	"	li 9, 2\n"
	"	mtmsrd 9, 1\n"           /* RI: EE off */
	"	lhz 10, 0x810(6)\n"      /* TIMA acknowledge */
	"	stw 10, 32(3)\n"
	"	sync\n"
	"	addi 4, 3, 40\n"
	"	li 3, 0\n"
	"	ori 3, 3, 0xf000\n"
	"	sc 1\n"
	"2:	b 2b\n");

static void xive_ipi_checks(uint64_t tima)
{
	uint32_t start = rtas_token("start-cpu"), query = rtas_token("query-cpu-stopped-state");
	uint64_t out[2], t0, tb = arch_counter_freq();
	uint32_t in[3];
	bool stopped;

	if (boot_info.ncpus < 2) {
		report_skip("one processor (-smp 2 needed)", "xive: an interrupt for processor 1");
		return;
	}
	memset(eq_page1, 0, sizeof(eq_page1));
	{
		const uint64_t q[5] = { 0, 1, 5, (uintptr_t)eq_page1, 12 };
		const uint64_t src[5] = { XIVE_SET_EISN, 1, 1, 5, 0x99 };
		const uint64_t set00[5] = { 0, 1, 0xc00, 0, 0 };

		report(hcall5(H_INT_SET_QUEUE_CONFIG, q, out) == H_SUCCESS &&
			       hcall5(H_INT_SET_SOURCE_CONFIG, src, out) == H_SUCCESS &&
			       hcall5(H_INT_ESB, set00, out) == H_SUCCESS,
		       "xive: source 1 routed to processor 1, priority 5");
	}
	memset(&ipi_blk, 0, sizeof(ipi_blk));
	ipi_blk.sprg0 = mfspr(SPRN_SPRG0);
	ipi_blk.tima = tima;
	ipi_blk.expect_addr = (uintptr_t)&ppc64_trap_expect;
	ipi_blk.rtas[0] = __builtin_bswap32(rtas_token("stop-self"));
	ipi_blk.rtas[2] = __builtin_bswap32(1);
	ppc64_trap_expect = 0x500;
	in[0] = 1;
	in[1] = (uint32_t)(uintptr_t)pnvshim_ipi_entry;
	in[2] = (uint32_t)(uintptr_t)&ipi_blk;
	if (rtas3(start, 3, 1, in, NULL) != 0) {
		ppc64_trap_expect = 0;
		report(false, "xive: start-cpu 1 for the interrupt test");
		return;
	}
	t0 = arch_counter();
	while (!ipi_blk.ready && arch_counter() - t0 < tb)
		;
	{
		const uint64_t trig[5] = { XIVE_ESB_STORE, 1, 0, 0, 0 };
		hcall5(H_INT_ESB, trig, out);
	}
	stopped = wait_stopped(query, 1);
	report(stopped && !ppc64_trap_expect && ipi_blk.ack == 0x0580 &&
		       __builtin_bswap32(eq_page1[0]) == (0x80000000u | 0x99),
	       "xive: processor 1 (spinning, MSR[EE] on) took the interrupt processor 0 raised, "
	       "acknowledged priority 5 (ack 0x%04x, entry 0x%08x)",
	       ipi_blk.ack, __builtin_bswap32(eq_page1[0]));
	ppc64_trap_expect = 0;
}

/* XIVE exploitation, chosen by CAS: an event queue in our memory, an IPI
 * source routed to it, triggered and ended through H_INT_ESB, the TIMA OS
 * page (emulated by the shim behind HDSI) for the CPPR and the acknowledge. */
static void xive_checks(void)
{
	uint64_t out[2] = { 0, 0 }, tima, t0, tb = arch_counter_freq();
	uint16_t ack = 0;
	bool taken;

	report(cas_call(0x40, 0x40) == 0, "xive: CAS with XIVE exploitation accepted");
	tima = xive_tima_os();
	report(tima != 0, "xive: the tree now has ibm,power-ivpe with its TIMA OS page 0x%llx",
	       (unsigned long long)tima);
	report(hcall2(H_IPOLL, 0, 0, out) == H_FUNCTION, "xive: the XICS hcalls are gone (H_FUNCTION)");
	report(hcall2(H_INT_GET_SOURCE_INFO, 0, 0, out) == H_SUCCESS && (out[0] & XIVE_SRC_H_INT_ESB),
	       "xive: source 0 is managed with H_INT_ESB (flags 0x%llx)", (unsigned long long)out[0]);
	if (!tima)
		return;
	memset(eq_page, 0, sizeof(eq_page));
	{
		const uint64_t q[5] = { 0, 0, 5, (uintptr_t)eq_page, 12 };
		const uint64_t src[5] = { XIVE_SET_EISN, 0, 0, 5, 0x1234 };

		report(hcall5(H_INT_SET_QUEUE_CONFIG, q, out) == H_SUCCESS &&
			       hcall5(H_INT_SET_SOURCE_CONFIG, src, out) == H_SUCCESS,
		       "xive: event queue (4 KiB, priority 5) and source 0 -> processor 0 configured");
	}
	{
		const uint64_t set00[5] = { 0, 0, 0xc00, 0, 0 };
		report(hcall5(H_INT_ESB, set00, out) == H_SUCCESS && out[0] == 1,
		       "xive: source 0 was off (PQ 01), now enabled (PQ 00)");
	}
	arch_irq_disable();
	*(volatile uint8_t *)(uintptr_t)(tima + 0x11) = 0xff; /* CPPR: everything through */
	{
		const uint64_t trig[5] = { XIVE_ESB_STORE, 0, 0, 0, 0 };
		const uint64_t get[5] = { 0, 0, 0x800, 0, 0 };

		report(hcall5(H_INT_ESB, trig, out) == H_SUCCESS &&
			       __builtin_bswap32(eq_page[0]) == (0x80000000u | 0x1234) &&
			       hcall5(H_INT_ESB, get, out) == H_SUCCESS && out[0] == 2,
		       "xive: a trigger writes {generation 1, EISN 0x1234} to the queue, PQ 10 (entry 0x%08x)",
		       __builtin_bswap32(eq_page[0]));
	}
	ppc64_trap_expect = 0x500;
	arch_irq_enable();
	t0 = arch_counter();
	while (ppc64_trap_expect && arch_counter() - t0 < tb)
		__asm__ volatile("" ::: "memory");
	arch_irq_disable();
	taken = !ppc64_trap_expect;
	ppc64_trap_expect = 0;
	report(taken, "xive: the event is delivered at 0x500 once MSR[EE] is on");
	ack = __builtin_bswap16(*(volatile uint16_t *)(uintptr_t)(tima + 0x810));
	report(ack == 0x8005, "xive: TIMA acknowledge returns NSR[EO] and CPPR 5 (0x%04x)", ack);
	{
		const uint64_t eoi[5] = { 0, 0, 0, 0, 0 };
		const uint64_t get[5] = { 0, 0, 0x800, 0, 0 };

		report(hcall5(H_INT_ESB, eoi, out) == H_SUCCESS && out[0] == 0 &&
			       hcall5(H_INT_ESB, get, out) == H_SUCCESS && out[0] == 0,
		       "xive: EOI through the ESB returns PQ to 00");
	}
	*(volatile uint8_t *)(uintptr_t)(tima + 0x11) = 0xff; /* back to least favoured */
	xive_ipi_checks(tima);
	{
		const uint64_t badq[5] = { 0, 0, 5, boot_info.mem_total, 12 };
		const uint64_t misq[5] = { 0, 0, 5, (uintptr_t)eq_page + 64, 12 };
		const uint64_t sizeq[5] = { 0, 0, 5, (uintptr_t)eq_page, 13 };
		const uint64_t prioq[5] = { 0, 0, 7, (uintptr_t)eq_page, 12 };
		const uint64_t tgtq[5] = { 0, 9, 5, (uintptr_t)eq_page, 12 };
		const uint64_t esb[5] = { 0, 999, 0x800, 0, 0 };
		const uint64_t flags[5] = { 1ull << 40, 0, 0x800, 0, 0 };

		report(hcall5(H_INT_SET_QUEUE_CONFIG, badq, out) == H_P4 &&
			       hcall5(H_INT_SET_QUEUE_CONFIG, misq, out) == H_P4 &&
			       hcall5(H_INT_SET_QUEUE_CONFIG, sizeq, out) == -58 &&
			       hcall5(H_INT_SET_QUEUE_CONFIG, prioq, out) == -56 &&
			       hcall5(H_INT_SET_QUEUE_CONFIG, tgtq, out) == H_P2 &&
			       hcall5(H_INT_ESB, esb, out) == H_P2 &&
			       hcall5(H_INT_ESB, flags, out) == H_PARAMETER,
		       "xive: queues outside memory, misaligned, of a bad size, priority or target, "
		       "unknown sources and reserved flags are refused");
	}
	report(cas_call(0x00, 0x40) == 0 && hcall2(H_INT_GET_SOURCE_INFO, 0, 0, out) == H_FUNCTION &&
		       hcall2(H_IPOLL, 0, 0, out) == H_SUCCESS,
	       "xive: CAS back to legacy interrupts: H_INT_* gone, XICS back");
}

/* PCI through RTAS config access and the shim's virtio devices behind their
 * emulated BARs: a minimal modern virtio-pci driver (virtio 1.2, 4.1). */
struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
struct vq {
	struct vq_desc desc[8] __attribute__((aligned(16)));
	struct {
		uint16_t flags, idx, ring[8], used_event;
	} avail __attribute__((aligned(4)));
	struct {
		uint16_t flags, idx;
		struct {
			uint32_t id, len;
		} ring[8];
		uint16_t avail_event;
	} used __attribute__((aligned(8)));
};
struct vdev {
	uint32_t devfn;
	uint64_t bar, common, isr, notify, devcfg;
	volatile uint8_t *c;
	struct vq *q;
};
static struct vq rng_q, blk_q;
static uint8_t rng_buf[2][32];
static uint32_t pci_rd_tok, pci_wr_tok;
static uint64_t pci_buid;

static uint32_t pci_rd(uint32_t addr, uint32_t size, int32_t *st)
{
	uint32_t in[4] = { addr, (uint32_t)(pci_buid >> 32), (uint32_t)pci_buid, size }, v = 0;

	*st = rtas3(pci_rd_tok, 4, 2, in, &v);
	return v;
}

static int32_t pci_wr(uint32_t addr, uint32_t size, uint32_t v)
{
	uint32_t in[5] = { addr, (uint32_t)(pci_buid >> 32), (uint32_t)pci_buid, size, v };

	return rtas3(pci_wr_tok, 5, 1, in, NULL);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Find the capabilities and BAR, turn memory space on, negotiate
 * VERSION_1 (+ feats_lo), set up queue 0 with 8 entries, DRIVER_OK. */
static bool vdev_open(struct vdev *v, uint32_t feats_lo)
{
	uint32_t cfgbase = v->devfn << 8, id;
	int32_t st;
	volatile uint8_t *c;

	for (uint32_t p = pci_rd(cfgbase | 0x34, 1, &st), n = 0; p && n < 16; n++) {
		uint32_t cap = pci_rd(cfgbase | p, 4, &st), off = pci_rd(cfgbase | (p + 8), 4, &st);

		if ((cap & 0xff) == 9) {
			switch ((cap >> 24) & 0xff) {
			case 1: v->common = off; break;
			case 2: v->notify = off; break;
			case 3: v->isr = off; break;
			case 4: v->devcfg = off; break;
			default: break;
			}
		}
		p = (cap >> 8) & 0xfc;
	}
	v->bar = ((uint64_t)pci_rd(cfgbase | 0x14, 4, &st) << 32 | pci_rd(cfgbase | 0x10, 4, &st)) &
		 ~0xfull;
	pci_wr(cfgbase | 0x04, 2, 0x6); /* memory space, bus master */
	v->c = c = (volatile uint8_t *)(uintptr_t)(v->bar + v->common);
	c[0x14] = 0;
	c[0x14] = 1 | 2;
	*(volatile uint32_t *)(c + 0x00) = 1;
	id = *(volatile uint32_t *)(c + 0x04);
	*(volatile uint32_t *)(c + 0x08) = 0;
	*(volatile uint32_t *)(c + 0x0c) = feats_lo;
	*(volatile uint32_t *)(c + 0x08) = 1;
	*(volatile uint32_t *)(c + 0x0c) = 1; /* VIRTIO_F_VERSION_1 */
	c[0x14] = 1 | 2 | 8;
	if (id != 1 || !(c[0x14] & 8))
		return false;
	memset(v->q, 0, sizeof(*v->q));
	*(volatile uint16_t *)(c + 0x16) = 0;
	*(volatile uint16_t *)(c + 0x18) = 8;
	*(volatile uint64_t *)(c + 0x20) = (uintptr_t)v->q->desc;
	*(volatile uint64_t *)(c + 0x28) = (uintptr_t)&v->q->avail;
	*(volatile uint64_t *)(c + 0x30) = (uintptr_t)&v->q->used;
	*(volatile uint16_t *)(c + 0x1c) = 1;
	c[0x14] = 1 | 2 | 8 | 4;
	return *(volatile uint16_t *)(c + 0x1c) == 1;
}

/* Post the chain desc[first..first+n) and notify; true when it was used */
static bool vdev_submit(struct vdev *v, unsigned first)
{
	struct vq *q = v->q;
	uint16_t before = q->used.idx;

	q->avail.ring[q->avail.idx % 8] = (uint16_t)first;
	__asm__ volatile("sync" ::: "memory");
	q->avail.idx++;
	__asm__ volatile("sync" ::: "memory");
	*(volatile uint16_t *)(uintptr_t)(v->bar + v->notify) = 0;
	return q->used.idx == (uint16_t)(before + 1);
}

static void virtio_rng_checks(struct vdev *v)
{
	uint32_t sizing;
	int32_t st;
	bool ok = vdev_open(v, 0);

	report(ok, "virtio-rng: VERSION_1 negotiated, queue 0 (8 entries) live, DRIVER_OK");
	if (!ok)
		return;
	pci_wr(0x0810, 4, 0xffffffff);
	sizing = pci_rd(0x0810, 4, &st);
	pci_wr(0x0810, 4, (uint32_t)v->bar);
	report(sizing == 0xffffc004 && v->bar >= boot_info.mem_total,
	       "pci: BAR0 is 64-bit memory, 16 KiB (probe 0x%08x) at 0x%llx outside guest memory",
	       sizing, (unsigned long long)v->bar);
	memset(rng_buf, 0, sizeof(rng_buf));
	for (int i = 0; i < 2; i++) {
		v->q->desc[i] = (struct vq_desc){ (uintptr_t)rng_buf[i], 32, 2 /* WRITE */, 0 };
		vdev_submit(v, (unsigned)i);
	}
	report(v->q->used.idx == 2 && v->q->used.ring[0].len == 32 && v->q->used.ring[1].id == 1 &&
		       !all_zero(rng_buf[0], 32) && memcmp(rng_buf[0], rng_buf[1], 32),
	       "virtio-rng: two 32-byte requests filled with different random bytes");
	report(*(volatile uint8_t *)(uintptr_t)(v->bar + v->isr) == 1 &&
		       *(volatile uint8_t *)(uintptr_t)(v->bar + v->isr) == 0,
	       "virtio-rng: ISR says the queue was used, and reading clears it");
	v->q->desc[2] = (struct vq_desc){ boot_info.mem_total, 32, 2, 0 };
	report(!vdev_submit(v, 2) && (v->c[0x14] & 0x40),
	       "virtio-rng: a buffer outside guest memory sets DEVICE_NEEDS_RESET, nothing used");
	v->c[0x14] = 0;
	report(v->c[0x14] == 0, "virtio-rng: reset clears it");
}

/* virtio-blk (5.2): request = header, data, status */
static struct {
	uint32_t type, reserved;
	uint64_t sector;
} blk_hdr __attribute__((aligned(16)));
static uint8_t blk_data[1024] __attribute__((aligned(512))), blk_status;

static uint8_t blk_req(struct vdev *v, uint32_t type, uint64_t sector, uint32_t len)
{
	blk_hdr.type = type;
	blk_hdr.sector = sector;
	blk_status = 0xee;
	v->q->desc[0] = (struct vq_desc){ (uintptr_t)&blk_hdr, 16, 1 /* NEXT */, len ? 1 : 2 };
	v->q->desc[1] = (struct vq_desc){ (uintptr_t)blk_data, len,
					  (uint16_t)(1 | (type == 1 ? 0 : 2)), 2 };
	v->q->desc[2] = (struct vq_desc){ (uintptr_t)&blk_status, 1, 2 /* WRITE */, 0 };
	return vdev_submit(v, 0) ? blk_status : 0xff;
}

static void virtio_blk_checks(struct vdev *v)
{
	uint64_t cap;
	bool ok = vdev_open(v, 1u << 9 /* FLUSH */);
	uint8_t pattern[1024];

	report(ok, "virtio-blk: VERSION_1 + FLUSH negotiated, queue 0 live");
	if (!ok)
		return;
	cap = *(volatile uint64_t *)(uintptr_t)(v->bar + v->devcfg);
	report(cap == 16384, "virtio-blk: capacity %llu sectors (8 MiB)", (unsigned long long)cap);
	/* the harness loads the guest ELF itself as the disk: known content */
	report(blk_req(v, 0, 0, 512) == 0 && !memcmp(blk_data, "\177ELF", 4),
	       "virtio-blk: sector 0 of the disk image reads back the ELF header");
	for (unsigned i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	memcpy(blk_data, pattern, sizeof(pattern));
	report(blk_req(v, 1, 1000, 1024) == 0, "virtio-blk: 2 sectors written at 1000");
	memset(blk_data, 0, sizeof(blk_data));
	report(blk_req(v, 0, 1000, 1024) == 0 && !memcmp(blk_data, pattern, sizeof(pattern)),
	       "virtio-blk: and read back identical (data integrity)");
	report(blk_req(v, 4, 0, 0) == 0, "virtio-blk: FLUSH succeeds");
	memset(blk_data, 0, 32);
	report(blk_req(v, 8, 0, 20) == 0 && !memcmp(blk_data, "cocoon-pnvshim-disk", 19),
	       "virtio-blk: GET_ID names the disk");
	report(blk_req(v, 0, cap, 512) == 1 && blk_req(v, 0, cap - 1, 1024) == 1,
	       "virtio-blk: reads past the capacity get IOERR");
	report(blk_req(v, 0x55, 0, 512) == 2, "virtio-blk: an unknown request type gets UNSUPP");
	v->c[0x14] = 0;
}

static void pci_checks(void)
{
	int phb = fdt_path_offset(boot_info.fdt, "/pci@800000020000000"), len = 0;
	const fdt64_t *reg = phb >= 0 ? fdt_getprop(boot_info.fdt, phb, "reg", &len) : NULL;
	struct vdev rng = { .devfn = 0x08, .q = &rng_q }, blk = { .devfn = 0x10, .q = &blk_q };
	int32_t st = -9, st2 = -9;
	uint32_t id, id2;

	pci_rd_tok = rtas_token("ibm,read-pci-config");
	pci_wr_tok = rtas_token("ibm,write-pci-config");
	report(pci_rd_tok && pci_wr_tok && reg && len >= 8,
	       "pci: PHB node and RTAS config-access tokens present");
	if (!pci_rd_tok || !pci_wr_tok || !reg || len < 8)
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
	virtio_rng_checks(&rng);
	virtio_blk_checks(&blk);
	pci_wr(0x0804, 2, 0);
	pci_wr(0x1004, 2, 0);
}

static void pnvshim_suite(void)
{
	if (!under_shim()) {
		report_skip("not under the powernv shim", "partition: isolation and hostile hcalls");
		return;
	}
	isolation_checks();
	hostile_hcalls();
	service_hcalls();
	xics_checks();
	smp_checks();
	xive_checks();
	cas_checks();
	pci_checks();
}
KTEST_SUITE(pnvshim_suite);
