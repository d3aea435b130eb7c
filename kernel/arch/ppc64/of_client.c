/* Open Firmware client interface (IEEE 1275-1994 6.3, "client interface";
 * PowerPC processor binding, "client interface" calling conventions):
 * an argument array of 32-bit big-endian cells {service, nargs, nret,
 * args..., rets...}; every pointer in it must fit in 32 bits. Two back ends,
 * chosen at run time:
 *  - VOF (QEMU -M pseries,x-vof=on): the hcall KVMPPC_H_VOF_CLIENT with r4 =
 *    the array, issued straight from our little-endian 64-bit mode;
 *  - anything else (SLOF): the 32-bit big-endian trampoline of of_enter.S.
 * Every result is untrusted: callers bound each length they get back. */
#include <string.h>

#include <cocoon/kernel.h>

#include "ppc64.h"

#define OF_MAX_CELLS 12
#define OF_FAILED 0xffffffffu /* IEEE 1275: -1 = no such package/property */

struct of_args {
	uint32_t service, nargs, nret;
	uint32_t cells[OF_MAX_CELLS];
};

static struct of_args of_args __attribute__((aligned(8)));
static uint64_t of_entry_addr;
static enum of_backend backend = OF_NONE;

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

int of_call(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets)
{
	long rc;

	if (backend == OF_NONE || nargs < 0 || nret < 0 || nargs + nret > OF_MAX_CELLS)
		return -1;
	memset(&of_args, 0, sizeof(of_args));
	of_args.service = be32(of_ptr(service));
	of_args.nargs = be32((uint32_t)nargs);
	of_args.nret = be32((uint32_t)nret);
	for (int i = 0; i < nargs; i++)
		of_args.cells[i] = be32(args[i]);
	if (backend == OF_VOF_HCALL)
		rc = ppc64_hcall(KVMPPC_H_VOF_CLIENT, (uintptr_t)&of_args, 0, 0, 0);
	else
		rc = ppc64_of_enter_be(&of_args, of_entry_addr);
	if (rc != 0)
		return -1;
	for (int i = 0; i < nret; i++)
		rets[i] = be32(of_args.cells[nargs + i]);
	return 0;
}

uint32_t of_finddevice(const char *path)
{
	uint32_t a[1] = { of_ptr(path) }, r[1];

	if (of_call("finddevice", 1, 1, a, r) || r[0] == 0)
		return OF_FAILED;
	return r[0];
}

int of_getproplen(uint32_t ph, const char *name)
{
	uint32_t a[2] = { ph, of_ptr(name) }, r[1];

	if (of_call("getproplen", 2, 1, a, r))
		return -1;
	return (int32_t)r[0];
}

/* Returns the property's length as OF reports it (possibly larger than len,
 * then only len bytes were copied), or -1. */
int of_getprop(uint32_t ph, const char *name, void *buf, uint32_t len)
{
	uint32_t a[4] = { ph, of_ptr(name), of_ptr(buf), len }, r[1];

	if (of_call("getprop", 4, 1, a, r))
		return -1;
	return (int32_t)r[0];
}

/* Pick the back end: VOF answers the hcall; SLOF's QEMU has no such hcall
 * and returns H_FUNCTION, so fall back to the trampoline into the entry
 * firmware passed in r5. Each back end must find the root node to count. */
int of_init(uint64_t entry)
{
	of_entry_addr = entry;
	backend = OF_VOF_HCALL;
	if (of_finddevice("/") != OF_FAILED)
		return 0;
	backend = OF_TRAMPOLINE;
	if (entry && !(entry >> 32) && !(entry & 3) && of_finddevice("/") != OF_FAILED)
		return 0;
	backend = OF_NONE;
	return -1;
}

enum of_backend of_backend(void)
{
	return backend;
}

const char *of_backend_name(void)
{
	switch (backend) {
	case OF_VOF_HCALL:
		return "hcall KVMPPC_H_VOF_CLIENT";
	case OF_TRAMPOLINE:
		return "32-bit big-endian call";
	default:
		return "none";
	}
}
