/* Internal interfaces between the files of the arm64 EL2 shim. */
#ifndef SHIM_ARM64_HYP_H
#define SHIM_ARM64_HYP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "sdei.h"

#include <cocoon/arm64_sysreg.h> /* read_sysreg, write_sysreg, isb, dsb, mmio_* */

/* The frame vectors.S builds: the guest registers SDEI sees, then the
 * syndrome registers of the trap. */
struct el2_frame {
	struct sdei_frame g; /* x0-x30, pc (ELR_EL2), pstate (SPSR_EL2) */
	uint64_t esr, far, hpfar;
};
_Static_assert(sizeof(struct el2_frame) == 288, "vectors.S FRAME_SIZE");

#define SPSR_EL1H 0x5ull
#define SPSR_DAIF 0x3c0ull

/* Platform layout (QEMU virt): the shim owns [RAM, RAM + 4 MiB). */
#define SHIM_RESERVED (4ull << 20)
#define GUEST_TEXT_OFFSET (2ull << 20) /* booting.rst: Image at a 2 MiB base + text_offset */

#define MAX_CPUS SDEI_MAX_CPUS
struct vcpu {
	uint64_t mpidr;
	bool on;
	uint64_t entry, context; /* CPU_ON arguments for the guest */
};
extern struct vcpu vcpus[MAX_CPUS];
extern unsigned nr_vcpus;
static inline unsigned this_cpu(void)
{
	return (unsigned)read_sysreg(tpidr_el2);
}

/* head.S / vectors.S */
extern char shim_vectors[], shim_secondary_entry[], __shim_start[], __shim_end[];
uint64_t firmware_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
noreturn void shim_enter_guest(const struct el2_frame *f, uint64_t stack_top);
extern char __shim_stacks[];
#define SHIM_STACK_SIZE (16u << 10)
noreturn void shim_halt(void);

/* stage2.c */
int stage2_init(uint64_t guest_ipa, uint64_t guest_size, uint64_t guest_pa);
void stage2_enable(void);
int stage2_hide_page(uint64_t pa);

/* tdisp_call.c: the TDISP model's arm64 side (ECAM trap, SMCCC calls) */
void tdisp_arm64_init(const void *fdt);
bool tdisp_arm64_dabt(struct el2_frame *f);
bool tdisp_arm64_call(struct el2_frame *f);

/* cpu.c: EL2 configuration of the calling PE, then the guest at entry. */
void el2_cpu_setup(void);
noreturn void enter_guest_el1(uint64_t entry, uint64_t x0);

/* trap.c */
void shim_trap(struct el2_frame *f, uint64_t kind);

/* psci.c: the guest's PSCI (DEN0022) */
#define PSCI_FID_IN_RANGE(fid) \
	(((fid) >= 0x84000000u && (fid) <= 0x8400001fu) || ((fid) >= 0xC4000000u && (fid) <= 0xC400001fu))
#define PSCI_SYSTEM_OFF 0x84000008u
void psci_call(unsigned cpu, struct el2_frame *f);

/* gic.c: the few GICv3 operations the shim does for bound SDEI events */
int gic_probe(const void *fdt);
void gic_cpu_setup(void);
void gic_handle_fiq(unsigned cpu);
void gic_kick(unsigned cpu);


/* fault.c: hostile-host mode (shim.fault=<name>) */
void smccc_fault_init(void);
bool smccc_fault_pre(struct el2_frame *f);
/* a shim.fault= scenario is armed (fast paths stand aside) */
bool smccc_fault_active(void);
void smccc_fault_post(uint32_t fid, struct el2_frame *f);
void sdei_fault_entry(struct el2_frame *f);
uint64_t fdt_fault_memory_skip(void);

#endif
