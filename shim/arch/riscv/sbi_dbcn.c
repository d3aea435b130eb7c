/* SBI DBCN provider (SBI v3.0 chapter 12). The guest names a buffer by guest
 * physical address; the whole range must be guest RAM (else INVALID_PARAM,
 * SBI 3.2), and bytes pass through a shim-owned bounce buffer so the guest
 * cannot change them while the firmware prints. Writes may be partial. */
#include <string.h>

#include "vcpu.h"

#define RET(e, v) ((struct sbi_ret){ (e), (v) })
#define DBCN_CHUNK 256

struct sbi_ret sbi_dbcn_call(struct vm *vm, struct vcpu *v, unsigned long fid)
{
	unsigned long n = v->x[10], lo = v->x[11], hi = v->x[12];
	char buf[DBCN_CHUNK];
	uintptr_t hva;
	long got;

	switch (fid) {
	case SBI_DBCN_WRITE:
	case SBI_DBCN_READ:
		/* on RV64 the address is base_addr_lo; base_addr_hi must be 0 */
		if (hi)
			return RET(SBI_ERR_INVALID_PARAM, 0);
		if (!n)
			return RET(SBI_SUCCESS, 0);
		hva = guest_ram_hva(vm, lo, n);
		if (!hva)
			return RET(SBI_ERR_INVALID_PARAM, 0);
		if (n > DBCN_CHUNK)
			n = DBCN_CHUNK;
		if (fid == SBI_DBCN_WRITE) {
			memcpy(buf, (const void *)hva, n);
			vm->ops->console_write(buf, n);
			return RET(SBI_SUCCESS, n);
		}
		got = vm->ops->console_read(buf, n);
		if (got < 0)
			return RET(SBI_ERR_FAILED, 0);
		if ((unsigned long)got > n)
			got = (long)n; /* the firmware is not trusted either */
		memcpy((void *)hva, buf, (size_t)got);
		return RET(SBI_SUCCESS, (unsigned long)got);
	case SBI_DBCN_WRITE_BYTE:
		buf[0] = (char)(n & 0xff);
		vm->ops->console_write(buf, 1);
		return RET(SBI_SUCCESS, 0);
	}
	return RET(SBI_ERR_NOT_SUPPORTED, 0);
}
