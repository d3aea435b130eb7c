/* The hypervisor calls the guest's "sc 1" brings to the shim's 0xc00 (LoPAPR
 * hcall interface: r3 = opcode, r4.. = arguments, r3 = return code, r4.. =
 * results). Unknown opcodes get H_FUNCTION, bad arguments H_PARAMETER (or
 * the H_Pn of the offending argument), never a crash. */
#include <string.h>

#include <shim/shim.h>
#include <shim/trace.h>
#include <cocoon/tdisp_abi.h>

#include "pnv.h"

#define TERM_MAX 16 /* H_PUT_TERM_CHAR / H_GET_TERM_CHAR: two registers */
#define VTY_TERMNO 0 /* the one virtual terminal; QEMU pseries also accepts 0 */
#define H_SET_MODE_RESOURCE_LE 4
#define H_SET_MODE_RESOURCE_AIL 3 /* address translation mode */

#define H_BUSY 1
#define TERM_BUSY_CALLS 5	      /* the guest retries 1000 times: absorbed */
#define TERM_BUSY_FOREVER_CALLS 2500 /* two chunks given up, the third goes out */

/* true while the first `calls` calls of the boot are still to be refused */
static bool term_busy_left(unsigned calls)
{
	static unsigned seen;

	return seen < calls && ++seen;
}

static long put_term_char(uint64_t *r)
{
	char buf[TERM_MAX];

	if (r[4] != VTY_TERMNO || r[5] > TERM_MAX)
		return H_PARAMETER;
	for (uint64_t i = 0; i < r[5]; i++)
		buf[i] = (char)(r[6 + i / 8] >> (56 - 8 * (i % 8)));
	/* hostile host (issue 10): a busy terminal for the first few calls
	 * (fewer than the guest's retry bound) or for longer (more than it), or
	 * output printed but a return code PAPR does not define */
	if (term_busy_left(shim_fault("term-char-busy") ? TERM_BUSY_CALLS :
			   shim_fault("term-char-busy-forever") ? TERM_BUSY_FOREVER_CALLS : 0))
		return H_BUSY;
	plat_console_write(buf, (size_t)r[5]);
	return shim_fault("term-char-undef-error") ? -1000 : H_SUCCESS;
}

static long get_term_char(uint64_t *r)
{
	uint64_t w[2] = { 0, 0 }, n = 0;
	int c;

	if (r[4] != VTY_TERMNO)
		return H_PARAMETER;
	while (n < TERM_MAX && (c = plat_console_read()) >= 0) {
		w[n / 8] |= (uint64_t)(uint8_t)c << (56 - 8 * (n % 8));
		n++;
	}
	r[4] = n;
	r[5] = w[0];
	r[6] = w[1];
	return H_SUCCESS;
}

/* H_SET_MODE (LoPAPR): r4 = mflags, r5 = resource, r6/r7 = values.
 * Resource 4, the endianness of the guest's interrupts (LPCR[ILE]); and
 * resource 3, the address translation mode of interrupts (LPCR[AIL]): the
 * partition runs with AIL 0 (lpar.c), so only mflags 0 is accepted. */
static long set_mode(uint64_t *r)
{
	if (r[5] != H_SET_MODE_RESOURCE_LE && r[5] != H_SET_MODE_RESOURCE_AIL)
		return H_P2;
	if (r[6])
		return H_P3;
	if (r[7])
		return H_P4;
	if (r[5] == H_SET_MODE_RESOURCE_AIL && shim_fault("set-mode-ail-refused"))
		return H_HARDWARE; /* hostile host: the guest must not trust translation */
	if (r[5] == H_SET_MODE_RESOURCE_AIL)
		return r[4] ? H_UNSUPPORTED_FLAG : H_SUCCESS;
	if (r[4] > 1)
		return H_UNSUPPORTED_FLAG;
	plat_set_ile(r[4] == 1);
	return H_SUCCESS;
}

/* H_PAGE_INIT (LoPAPR): r4 = flags, r5 = destination, r6 = source; 4 KiB
 * pages of this partition only. */
#define H_ICACHE_INVALIDATE (1ull << (63 - 40))
#define H_ICACHE_SYNCHRONIZE (1ull << (63 - 41))
#define H_ZERO_PAGE (1ull << (63 - 48))
#define H_COPY_PAGE (1ull << (63 - 49))
#define PAGE_4K 4096ull

static long page_init(uint64_t *r)
{
	static uint8_t bounce[PAGE_4K];
	uint64_t flags = r[4], dst = r[5], src = r[6];

	if (flags & ~(H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | H_ZERO_PAGE | H_COPY_PAGE))
		return H_PARAMETER;
	if ((dst & (PAGE_4K - 1)) || !gmem_ok(dst, PAGE_4K))
		return H_PARAMETER;
	if (flags & H_COPY_PAGE) {
		if ((src & (PAGE_4K - 1)) || gmem_read(src, bounce, PAGE_4K))
			return H_PARAMETER;
		gmem_write(dst, bounce, PAGE_4K);
	} else if (flags & H_ZERO_PAGE) {
		gmem_zero(dst, PAGE_4K);
	}
	if (flags & (H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE))
		gmem_sync_icache(dst, PAGE_4K);
	return H_SUCCESS;
}

/* the XIVE hcall names, for shimtrace lines (PAPR ACR "XIVE Exploitation") */
static const char *xive_hcall_name(uint64_t token)
{
#define XIVE_NAME(t) \
	case t:      \
		return #t
	switch (token) {
		XIVE_NAME(H_INT_GET_SOURCE_INFO);
		XIVE_NAME(H_INT_SET_SOURCE_CONFIG);
		XIVE_NAME(H_INT_GET_SOURCE_CONFIG);
		XIVE_NAME(H_INT_GET_QUEUE_INFO);
		XIVE_NAME(H_INT_SET_QUEUE_CONFIG);
		XIVE_NAME(H_INT_GET_QUEUE_CONFIG);
		XIVE_NAME(H_INT_SET_OS_REPORTING_LINE);
		XIVE_NAME(H_INT_GET_OS_REPORTING_LINE);
		XIVE_NAME(H_INT_ESB);
		XIVE_NAME(H_INT_SYNC);
		XIVE_NAME(H_INT_RESET);
	default:
		return "H_INT_unknown";
	}
#undef XIVE_NAME
}

void hcall_dispatch(struct pnv_frame *f)
{
	uint64_t *r = f->gpr, a[6];
	long rc;

	/* hcalls are for the partition's supervisor, not its applications */
	if (f->srr1 & PNV_MSR_PR) {
		r[3] = (uint64_t)H_PRIVILEGE;
		return;
	}
	/* calls that only a secure, or only a normal, VM may make (or neither:
	 * the hypervisor's ultracalls, the ultravisor's H_SVM_* hcalls): one
	 * check for all of them, uv.c after ultravisor.rst */
	rc = uv_mode_check(r[3]);
	if (rc) {
		r[3] = (uint64_t)rc;
		return;
	}
	if (uv_is_ultracall(r[3])) {
		/* `sc 2` forwarded by the guest's 0xc00 vector (QEMU TCG: see uv.c) */
		uint64_t token = r[3], a1 = r[4], a2 = r[5];

		r[3] = (uint64_t)uv_call(r);
		shim_trace((unsigned)f->vcpu, "ultravisor.%s 0x%llx 0x%llx -> %ld", uv_call_name(token),
			   (unsigned long long)a1, (unsigned long long)a2, (long)r[3]);
		return;
	}
	uv_set_actor("hcall");
	switch (r[3]) {
	case H_PUT_TERM_CHAR:
		rc = put_term_char(r);
		break;
	case H_GET_TERM_CHAR:
		rc = get_term_char(r);
		break;
	case H_SET_MODE:
		rc = set_mode(r);
		break;
	case H_CEDE:
		/* the partition idles until an interrupt, with MSR[EE] on (LoPAPR H_CEDE) */
		f->srr1 |= PNV_MSR_EE;
		plat_cede();
		rc = H_SUCCESS;
		break;
	case H_PROD:
		/* one virtual processor, number 0: prodding it is a no-op */
		rc = r[4] == 0 ? H_SUCCESS : H_PARAMETER;
		break;
	case H_PAGE_INIT:
		rc = page_init(r);
		break;
	case H_REGISTER_PROC_TBL:
		rc = proc_tbl_hcall(r);
		break;
	case H_RANDOM:
		rc = plat_random(&r[4]) ? H_HARDWARE : H_SUCCESS;
		break;
	case H_CPPR:
	case H_EOI:
	case H_IPI:
	case H_IPOLL:
	case H_XIRR:
	case H_XIRR_X:
		/* one presentation controller, virtual processor 0's (xics.c);
		 * none once CAS chose XIVE */
		rc = f->vcpu == 0 && !xive_is_enabled() ? xics_hcall(r) : H_FUNCTION;
		break;
	case H_INT_GET_SOURCE_INFO:
	case H_INT_SET_SOURCE_CONFIG:
	case H_INT_GET_SOURCE_CONFIG:
	case H_INT_GET_QUEUE_INFO:
	case H_INT_SET_QUEUE_CONFIG:
	case H_INT_GET_QUEUE_CONFIG:
	case H_INT_SET_OS_REPORTING_LINE:
	case H_INT_GET_OS_REPORTING_LINE:
	case H_INT_ESB:
	case H_INT_SYNC:
	case H_INT_RESET:
		uv_set_actor("xive");
		memcpy(a, &r[3], sizeof(a)); /* token and arguments, before the outputs */
		rc = xive_hcall((unsigned)f->vcpu, r);
		shim_trace((unsigned)f->vcpu, "hypervisor.%s 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx -> %ld",
			   xive_hcall_name(a[0]), (unsigned long long)a[1], (unsigned long long)a[2],
			   (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5],
			   rc);
		break;
	case KVMPPC_H_RTAS:
		uv_set_actor("rtas");
		rc = rtas_call(r[4]);
		break;
	case KVMPPC_H_VOF_CLIENT:
		rc = of_client_call(r[4]);
		break;
	case TDISP_PPC64_HCALL: /* tdisp_call.c */
		uv_set_actor("tdisp");
		rc = tdisp_hcall(r);
		break;
	default:
		rc = H_FUNCTION;
		break;
	}
	r[3] = (uint64_t)rc;
}
