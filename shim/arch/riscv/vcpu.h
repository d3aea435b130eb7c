/* The shim's model of its guest: one VM, one vCPU pinned to each physical
 * hart (vCPU i runs on the hart whose host hart id the guest also sees).
 * Everything the SBI provider decides is in plain C over these structures;
 * the hardware side effects go through struct shim_host_ops, so host unit
 * tests (tests/unit/test_sbi_dispatch.c) drive the provider with fakes. */
#ifndef SHIM_RISCV_VCPU_H
#define SHIM_RISCV_VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cocoon/sbi_abi.h>

#define SHIM_MAX_VCPUS 8

/* henvcfg fields (privileged spec v1.13 section 21.2.5 and the Ssnpm, Zicfilp,
 * Zicfiss, Ssdbltrp, Svadu, Svpbmt, Sstc, Zicbo* chapters) */
#define ENVCFG_FIOM (1ull << 0)
#define ENVCFG_LPE (1ull << 2)
#define ENVCFG_SSE (1ull << 3)
#define ENVCFG_CBIE_FLUSH (1ull << 4) /* CBIE = 01: cbo.inval performs a flush */
#define ENVCFG_CBIE (3ull << 4)
#define ENVCFG_CBCFE (1ull << 6)
#define ENVCFG_CBZE (1ull << 7)
#define ENVCFG_PMM_SHIFT 32
#define ENVCFG_PMM (3ull << ENVCFG_PMM_SHIFT)
#define ENVCFG_PMM_PMLEN7 (2ull << ENVCFG_PMM_SHIFT)
#define ENVCFG_PMM_PMLEN16 (3ull << ENVCFG_PMM_SHIFT)
#define ENVCFG_DTE (1ull << 59)
#define ENVCFG_ADUE (1ull << 61)
#define ENVCFG_PBMTE (1ull << 62)
#define ENVCFG_STCE (1ull << 63)

/* exception causes (privileged spec table 4.2 / 18.6) */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_VS 10
#define EXC_INST_PAGE 12
#define EXC_LOAD_PAGE 13
#define EXC_STORE_PAGE 15
#define EXC_SOFTWARE_CHECK 18
#define EXC_INST_GUEST_PAGE 20
#define EXC_LOAD_GUEST_PAGE 21
#define EXC_VIRTUAL_INST 22
#define EXC_STORE_GUEST_PAGE 23

/* what the guest's own kernel handles: straight to VS without a shim exit */
#define HEDELEG_BASE                                                                   \
	((1ull << EXC_INST_MISALIGNED) | (1ull << EXC_INST_ACCESS) |                   \
	 (1ull << EXC_ILLEGAL_INST) | (1ull << EXC_BREAKPOINT) |                       \
	 (1ull << EXC_LOAD_ACCESS) | (1ull << EXC_STORE_ACCESS) | (1ull << EXC_ECALL_U) | \
	 (1ull << EXC_INST_PAGE) | (1ull << EXC_LOAD_PAGE) | (1ull << EXC_STORE_PAGE) |  \
	 (1ull << EXC_SOFTWARE_CHECK))
/* FWFT MISALIGNED_EXC_DELEG = 1 adds these */
#define HEDELEG_MISALIGNED ((1ull << EXC_LOAD_MISALIGNED) | (1ull << EXC_STORE_MISALIGNED))

/* cross-hart requests, in vcpu.pending */
#define PEND_IPI 1u
#define PEND_FENCE_I 2u
#define PEND_VMA 4u

struct vcpu {
	/* saved by entry.S at these offsets: keep first and in this order */
	unsigned long x[32];
	unsigned long sepc, sstatus, hstatus, scause, stval, htval, htinst;
	unsigned long hs_stack_top;

	unsigned index;
	unsigned long hartid;  /* the guest sees the host hart id */
	int hsm_state;         /* SBI_HSM_*, written with atomics */
	int start_go;          /* set (release) once start_addr/start_arg are valid */
	unsigned long start_addr, start_arg;
	bool stop_requested;   /* a successful HART_STOP: do not return to the guest */
	unsigned pending;      /* PEND_*, atomics */

	/* per-hart FWFT state (SBI v3.0 section 18: values are per hart and reset
	 * on hart start) */
	unsigned long fwft_value[SBI_FWFT_NR_FEATURES];
	unsigned fwft_locked;  /* bit per feature */
	/* CSR values the arch loads before entering this vCPU */
	uint64_t henvcfg, hedeleg;
};

struct vm;

struct shim_host_ops {
	/* the shim's console (the firmware's), from shim memory */
	void (*console_write)(const char *s, size_t n);
	/* bytes read (0 = none waiting) or a negative SBI error */
	long (*console_read)(char *s, size_t n);
	/* program this vCPU's timer (vstimecmp with Sstc) */
	void (*set_timer)(struct vm *vm, struct vcpu *v, uint64_t when);
	/* make the target's hart look at target->pending soon */
	void (*kick)(struct vm *vm, struct vcpu *target);
	/* on this hart, now: FENCE.I and/or HFENCE.VVMA for the running guest */
	void (*local_fence)(struct vm *vm, struct vcpu *v, unsigned what);
	/* on this hart, now: raise the guest's supervisor software interrupt */
	void (*raise_guest_ipi)(struct vm *vm, struct vcpu *v);
	/* returns only on failure (the firmware's SBI error) */
	long (*system_reset)(unsigned long type, unsigned long reason);
	/* the firmware's FWFT SET on this hart (MISALIGNED and the PMM quirk) */
	long (*fw_fwft_set)(unsigned long feature, unsigned long value);
	void (*wait_for_interrupt)(void);
	void (*cpu_relax)(void);
};

struct vm {
	unsigned nr_vcpus;
	struct vcpu vcpus[SHIM_MAX_VCPUS];

	/* guest RAM: GPA [ram_gpa, +ram_size) is host memory at ram_hva */
	uint64_t ram_gpa, ram_size;
	uintptr_t ram_hva;

	/* what the host offers, found at start */
	uint64_t henvcfg_writable;   /* henvcfg bits the hardware lets us set */
	bool pmlen7, pmlen16;        /* henvcfg.PMM = PMLEN7 / PMLEN16 stick */
	bool fw_misaligned_deleg;    /* the firmware's FWFT MISALIGNED_EXC_DELEG works */
	bool pm_quirk;               /* VS pointer masking follows menvcfg (QEMU <= 10.x) */
	bool fw_pmlen;               /* the firmware's FWFT POINTER_MASKING_PMLEN works */
	bool hide_smnpm;             /* boot option: no pointer masking for the guest */
	unsigned long mvendorid, marchid, mimpid;

	const struct shim_host_ops *ops;
};

/* The SBI call in v->x[17] (EID), x[16] (FID), x[10..15]: sets x[10] (and
 * x[11] unless a legacy call). The caller moves sepc past the ecall. */
void sbi_dispatch(struct vm *vm, struct vcpu *v);

/* Per-hart SBI state to its reset values (hart start, boot). */
void sbi_vcpu_reset(struct vm *vm, struct vcpu *v);
/* henvcfg every vCPU starts with (Sstc, Svpbmt, Zicbo* as the host allows). */
uint64_t sbi_henvcfg_base(const struct vm *vm);
/* Serve requests other harts left in v->pending (IPI, remote fences). */
void sbi_handle_pending(struct vm *vm, struct vcpu *v);
/* Is pointer masking offered to this guest at all (Smnpm in its ISA string)? */
bool sbi_fwft_pm_offered(const struct vm *vm);

/* SBI 3.2 hart mask -> bit set of vCPU indexes; INVALID_PARAM for a bit
 * naming no hart (nothing is sent then) */
long sbi_hart_mask_to_vcpus(struct vm *vm, unsigned long mask, unsigned long base,
			    unsigned *out);
/* post PEND_* to the selected vCPUs; fences wait until done */
void sbi_post(struct vm *vm, struct vcpu *self, unsigned targets, unsigned what);

/* guest RAM: HVA of [gpa, gpa + len) or 0 when any byte lies outside. */
uintptr_t guest_ram_hva(const struct vm *vm, uint64_t gpa, uint64_t len);
struct vcpu *vm_vcpu_by_hartid(struct vm *vm, unsigned long hartid);

/* the handlers sbi_dispatch routes to */
struct sbi_ret {
	long error;
	unsigned long value;
};
struct sbi_ret sbi_time_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_ipi_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_rfence_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_srst_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_hsm_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_dbcn_call(struct vm *vm, struct vcpu *v, unsigned long fid);
struct sbi_ret sbi_fwft_call(struct vm *vm, struct vcpu *v, unsigned long fid);
/* the TDISP experimental extension (sbi_tdisp.c), set only when shim.tdisp=
 * names devices; NULL = the extension is absent */
extern struct sbi_ret (*sbi_tdisp_hook)(struct vm *vm, struct vcpu *v, unsigned long fid);
/* sbi_tdisp.c: the TDIs of the command line, their ECAM pages in pages[] */
unsigned tdisp_riscv_init(const void *fdt, uint64_t ecam, unsigned bus0, uint64_t *pages,
			  unsigned max);
/* a guest-page fault on a TDI's config space: emulated (true) or not ours */
bool tdisp_riscv_fault(struct vcpu *v);

#endif
