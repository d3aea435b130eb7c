/* RTAS for the guest (LoPAPR chapter 7), reached as on QEMU pseries by the
 * hcall KVMPPC_H_RTAS with r4 = the argument buffer {token, nargs, nret,
 * args..., rets...} in big-endian cells. Provider side of
 * kernel/arch/ppc64/rtas.c; the tokens are in the guest's /rtas node. */
#include <shim/shim.h>

#include "pnv.h"

#define RTAS_MAX_CELLS 16
#define RTAS_SUCCESS 0
#define RTAS_HW_ERROR (-1)
#define RTAS_PARAM_ERROR (-3)

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* A secure partition's RTAS call whose argument buffer is private. Only the
 * two calls that end the partition are taken, and the ultravisor half, not
 * the hypervisor half, reads them (a real ultravisor mediates every RTAS
 * call of a secure VM through its own bounce buffer): a guest that tore
 * down cleanly has unshared everything, its RTAS buffer last
 * (docs/uv-sharing.md), before it powers off or reboots. Anything else goes
 * the usual way and is refused as a protection violation. Returns false
 * when the call is not one of the two. */
static bool rtas_private_terminal(uint64_t gpa, long *rc)
{
	uint8_t h[12];
	uint32_t token, nargs, nret;

	if (gmem_uv_read(gpa, h, sizeof(h)))
		return false;
	token = be32(h), nargs = be32(h + 4), nret = be32(h + 8);
	if (token == RTAS_TOKEN_POWER_OFF && nargs == 2 && nret == 1) {
		uv_report_shared("power-off");
		virtio_blk_report(1u << 20); /* the harness's 1 MiB image */
		plat_power_off();
	} else if (token == RTAS_TOKEN_SYSTEM_REBOOT && nargs == 0 && nret == 1) {
		plat_reboot();
	} else {
		return false;
	}
	*rc = H_HARDWARE; /* still running: it failed; no status cell we may write */
	return true;
}

long rtas_call(uint64_t gpa)
{
	uint32_t token, nargs, nret, status = (uint32_t)RTAS_PARAM_ERROR;
	long rc;

	if (uv_is_secure() && !uv_is_shared(gpa, 12) && rtas_private_terminal(gpa, &rc))
		return rc;

	if (gmem_read_be32(gpa, &token) || gmem_read_be32(gpa + 4, &nargs) ||
	    gmem_read_be32(gpa + 8, &nret))
		return H_PARAMETER;
	if (nargs > RTAS_MAX_CELLS || nret > RTAS_MAX_CELLS ||
	    !gmem_ok(gpa, 12 + 4ull * (nargs + nret)))
		return H_PARAMETER;
	if (nret == 0)
		return H_PARAMETER; /* nowhere to put the status */
	switch (token) {
	case RTAS_TOKEN_POWER_OFF: /* in: power-on mask hi, lo; out: status */
		if (nargs == 2 && nret == 1) {
			uv_report_shared("power-off"); /* a clean teardown leaves none */
			virtio_blk_report(1u << 20); /* the harness's 1 MiB image */
			plat_power_off();
			status = (uint32_t)RTAS_HW_ERROR; /* still running: it failed */
		}
		break;
	case RTAS_TOKEN_SYSTEM_REBOOT:
		if (nargs == 0 && nret == 1) {
			plat_reboot();
			status = (uint32_t)RTAS_HW_ERROR;
		}
		break;
	case RTAS_TOKEN_QUERY_CPU_STOPPED_STATE: /* in: cpu; out: status, state */
		if (nargs == 1 && nret == 2) {
			uint32_t cpu;
			int st;

			gmem_read_be32(gpa + 12, &cpu);
			st = plat_cpu_state(cpu);
			if (st >= 0) {
				status = RTAS_SUCCESS;
				gmem_write_be32(gpa + 12 + 4ull * (nargs + 1), (uint32_t)st);
			}
		}
		break;
	case RTAS_TOKEN_START_CPU: /* in: cpu, start address, r3; out: status */
		if (nargs == 3 && nret == 1) {
			uint32_t cpu, entry, r3;

			gmem_read_be32(gpa + 12, &cpu);
			gmem_read_be32(gpa + 16, &entry);
			gmem_read_be32(gpa + 20, &r3);
			if (shim_fault("rtas-start-cpu-garbage"))
				status = 12345; /* hostile host: no such status, CPU not started */
			else if (!plat_start_cpu(cpu, entry, r3))
				status = RTAS_SUCCESS;
		}
		break;
	case RTAS_TOKEN_STOP_SELF: /* no return on success */
		if (nargs == 0 && nret == 1) {
			plat_stop_self();
			status = (uint32_t)RTAS_HW_ERROR;
		}
		break;
	case RTAS_TOKEN_READ_PCI_CONFIG:
	case RTAS_TOKEN_WRITE_PCI_CONFIG:
		status = (uint32_t)pci_rtas(gpa, token, nargs, nret);
		break;
	case RTAS_TOKEN_SET_XIVE: /* in: irq, server, priority */
	case RTAS_TOKEN_GET_XIVE: /* in: irq; out: status, server, priority */
	case RTAS_TOKEN_INT_OFF:  /* in: irq */
	case RTAS_TOKEN_INT_ON:   /* in: irq */
		/* XICS source control (LoPAPR 7.3.10). The only XICS source is the
		 * IPI, which these calls do not manage: every interrupt number is
		 * an argument error (status -3), as for a number that does not exist. */
		break;
	default:
		break; /* unknown token: parameter error, as QEMU does */
	}
	gmem_write_be32(gpa + 12 + 4ull * nargs, status);
	return H_SUCCESS;
}
