/* Shared between the riscv shim's boot, trap and probe code. */
#ifndef SHIM_RISCV_SHIM_H
#define SHIM_RISCV_SHIM_H

#include <stdbool.h>
#include <stdnoreturn.h>

#include "vcpu.h"

#define SHIM_STACK_SIZE 0x4000 /* entry.S STACK_SIZE */

extern struct vm shim_vm;
extern const struct shim_host_ops shim_host_ops;
extern char shim_stacks[];

noreturn void shim_vcpu_resume(struct vcpu *v);
/* (re)start a vCPU in VS-mode at addr with a0, a1: reset state, clean VS CSRs */
noreturn void shim_vcpu_enter(struct vcpu *v, unsigned long addr, unsigned long a0,
			      unsigned long a1);
/* a stopped vCPU's hart: wait for HSM HART_START */
noreturn void shim_vcpu_stopped(struct vcpu *v);
void shim_load_vcpu_csrs(const struct vcpu *v);
/* boot after the pointer-masking self-test */
noreturn void shim_boot_finish(void);

/* pm_probe.c */
bool pm_probe_active(void);
noreturn void pm_probe_start(struct vcpu *v);
noreturn void pm_probe_done(struct vcpu *v, bool load_ok);


/* Hostile-host mode (sbi_fault.c, shim.fault=<name>) */
void sbi_fault_init(void);
bool sbi_fault_pre(struct vcpu *v);
void sbi_fault_post(struct vcpu *v, unsigned long eid, unsigned long fid, unsigned long a0);
bool sbi_fault_fdt_named(void);
void sbi_fault_patch_fdt(void *fdt, size_t fdt_size, uint64_t ram_gpa, uint64_t ram_size);

#endif
