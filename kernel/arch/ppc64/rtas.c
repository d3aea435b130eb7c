/* RTAS (LoPAPR chapter 7). QEMU implements RTAS in the hypervisor: its RTAS
 * blob is a single hcall KVMPPC_H_RTAS with r4 = the argument buffer, so we
 * issue that hcall ourselves and need neither instantiate-rtas nor the blob.
 * The buffer is {token, nargs, nret, args..., rets...} in big-endian cells
 * (LoPAPR, RTAS argument call buffer). Tokens come from /rtas properties. */
#include <libfdt.h>

#include <cocoon/kernel.h>

#include "ppc64.h"

#define RTAS_UNKNOWN_SERVICE 0xffffffffu

struct rtas_args {
	uint32_t token, nargs, nret;
	uint32_t cells[8];
};

/* a page of its own: a Secure VM shares it with the hypervisor (uv.c) */
static union {
	struct rtas_args a;
	uint8_t page[4096];
} rtas_page __attribute__((aligned(4096)));
#define rtas_args rtas_page.a

void *rtas_buffer_page(void)
{
	return &rtas_page;
}
static uint32_t poweroff_token;

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/* Read the "power-off" token while Open Firmware is still usable, so that
 * power-off works even if flattening the tree fails later. */
int rtas_init_from_of(void)
{
	uint32_t ph = of_finddevice("/rtas"), tok = 0;

	if (ph == 0xffffffffu)
		return -1;
	if (of_getprop(ph, "power-off", &tok, sizeof(tok)) != (int)sizeof(tok))
		return -1;
	tok = be32(tok);
	if (tok == 0 || tok == RTAS_UNKNOWN_SERVICE)
		return -1;
	poweroff_token = tok;
	return 0;
}

uint32_t rtas_poweroff_token(void)
{
	return poweroff_token;
}

/* RTAS power-off (LoPAPR 7, power control): in = power_on_mask_hi, power_on_mask_lo;
 * out = status. It carries no exit code: kernel_exit() printed it already. */
noreturn void rtas_poweroff(void)
{
	if (poweroff_token) {
		rtas_args.token = be32(poweroff_token);
		rtas_args.nargs = be32(2);
		rtas_args.nret = be32(1);
		rtas_args.cells[0] = 0;
		rtas_args.cells[1] = 0;
		rtas_args.cells[2] = be32(RTAS_UNKNOWN_SERVICE);
		ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)&rtas_args, 0, 0, 0);
		kprintf("ppc64: RTAS power-off returned status %d\n",
			(int)be32(rtas_args.cells[2]));
	} else {
		kprintf("ppc64: no RTAS power-off token; halting\n");
	}
	/* not H_CEDE: it sets MSR[EE], and firmware's handlers may be live */
	for (;;)
		__asm__ volatile("or 1, 1, 1" ::: "memory"); /* low SMT priority */
}

/* Any RTAS service: token from /rtas, nargs in, nret out (big-endian cells
 * in the shared buffer). Returns 0 when the call was made (rets[0] is then
 * the RTAS status), -1 for a bad token or argument count. */
int rtas_call(uint32_t token, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
	if (!token || token == RTAS_UNKNOWN_SERVICE || nargs < 0 || nret < 1 ||
	    nargs + nret > (int)ARRAY_SIZE(rtas_args.cells))
		return -1;
	rtas_args.token = be32(token);
	rtas_args.nargs = be32((uint32_t)nargs);
	rtas_args.nret = be32((uint32_t)nret);
	for (int i = 0; i < nargs; i++)
		rtas_args.cells[i] = be32(args[i]);
	for (int i = 0; i < nret; i++)
		rtas_args.cells[nargs + i] = be32(RTAS_UNKNOWN_SERVICE);
	if (ppc64_hcall(KVMPPC_H_RTAS, (uintptr_t)&rtas_args, 0, 0, 0) != H_SUCCESS)
		return -1;
	for (int i = 0; i < nret; i++)
		rets[i] = be32(rtas_args.cells[nargs + i]);
	return 0;
}

/* The token of an RTAS service from the flattened /rtas node (a 4-byte
 * property named after the service), or 0 if the platform lacks it. */
uint32_t rtas_token(const void *fdt, const char *name)
{
	int node = fdt ? fdt_path_offset(fdt, "/rtas") : -1, len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, name, &len) : NULL;
	uint32_t tok;

	if (!p || len != 4)
		return 0;
	tok = fdt32_ld(p);
	return tok == RTAS_UNKNOWN_SERVICE ? 0 : tok;
}
