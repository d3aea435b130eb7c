/* The device tree the guest boots with, built from the host's. */
#ifndef SHIM_RISCV_GUEST_FDT_H
#define SHIM_RISCV_GUEST_FDT_H

#include <stddef.h>

#include "vcpu.h"

/* compatibles of the host devices passed through to the guest unchanged */
#define GUEST_UART_COMPAT "ns16550a"
#define GUEST_PCIE_COMPAT "pci-host-ecam-generic"

/* 0, or -1 with a reason in err */
int guest_fdt_build(const void *host, void *buf, size_t size, const struct vm *vm, char *err,
		    size_t errlen);
/* keep this ISA extension name in the guest's riscv,isa-extensions? */
bool guest_isa_keep(const char *ext, const struct vm *vm);

#endif
