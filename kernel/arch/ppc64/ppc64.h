/* ppc64 (pseries) port internals shared between the files of this directory. */
#ifndef COCOON_PPC64_H
#define COCOON_PPC64_H

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#endif

#ifdef __ASSEMBLY__
#define PPC_BIT(n) (1 << (n))
#else
#define PPC_BIT(n) (1ull << (n))
#endif

/* MSR bits (Power ISA v3.0B Book III, "Machine State Register"; IBM bit k is 1 << (63 - k)) */
#define MSR_SF PPC_BIT(63)
#define MSR_EE PPC_BIT(15)
#define MSR_PR PPC_BIT(14)
#define MSR_FP PPC_BIT(13)
#define MSR_ME PPC_BIT(12)
#define MSR_IR PPC_BIT(5)
#define MSR_DR PPC_BIT(4)
#define MSR_RI PPC_BIT(1)
#define MSR_LE PPC_BIT(0)

/* SPR numbers (Power ISA v3.0B Book III, SPR list) */
#define SPRN_DSISR 18
#define SPRN_DAR 19
#define SPRN_DEC 22
#define SPRN_SRR0 26
#define SPRN_SRR1 27
#define SPRN_SPRG0 272
#define SPRN_SPRG1 273
#define SPRN_SPRG2 274 /* our CPU index, set when the CPU takes its vectors */
#define SPRN_PVR 287
#define SPRN_PIR 1023

/* hcall opcodes (LoPAPR hypervisor calls; the KVMPPC_* ones are QEMU/KVM private) */
#define H_SUCCESS 0
#define H_BUSY 1
#define H_CEDE 0xe0
#define H_PUT_TERM_CHAR 0x58
#define H_SET_MODE 0x31c
#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_XIRR 0x74
#define H_INT_GET_SOURCE_INFO 0x3a8
#define H_INT_SET_SOURCE_CONFIG 0x3ac
#define H_INT_GET_SOURCE_CONFIG 0x3b0
#define H_INT_GET_QUEUE_INFO 0x3b4
#define H_INT_SET_QUEUE_CONFIG 0x3b8
#define H_INT_GET_QUEUE_CONFIG 0x3bc
#define H_INT_ESB 0x3c8
#define H_INT_SYNC 0x3cc
#define H_INT_RESET 0x3d0
#define KVMPPC_H_RTAS 0xf000
#define KVMPPC_H_VOF_CLIENT 0xf005

/* Trap frame, filled by the common handler in vectors.S. The offsets are used
 * from assembly, hence the macros; trap.c checks them with static asserts. */
#define TF_GPR 0                 /* r0..r31 */
#define TF_CR (32 * 8)
#define TF_LR (33 * 8)
#define TF_CTR (34 * 8)
#define TF_XER (35 * 8)
#define TF_SRR0 (36 * 8)
#define TF_SRR1 (37 * 8)
#define TF_DAR (38 * 8)
#define TF_DSISR (39 * 8)
#define TF_VEC (40 * 8)
/* per-cpu words after the frame, reached through SPRG0 */
#define TF_SCRATCH (41 * 8)      /* r12 of the interrupted context */
#define TF_HANDLER (42 * 8)      /* absolute address of ppc64_trap_common */
#define TF_TOC (43 * 8)          /* kernel r2 */
#define TF_STACK (44 * 8)        /* top of the exception stack */
#define TF_CFUNC (45 * 8)        /* absolute address of ppc64_trap() */
#define TF_SIZE (46 * 8)

#ifdef __ASSEMBLY__
/* One instruction stored byte-reversed: it executes correctly only when the
 * CPU runs big-endian. */
#define BE_INSN(x) .long ((((x) >> 24) & 0xff) | (((x) >> 8) & 0xff00) | \
			  (((x) << 8) & 0xff0000) | (((x) << 24) & 0xff000000))

/* FIXUP_ENDIAN (the scheme of Linux arch/powerpc/include/asm/ppc_asm.h): in
 * little-endian mode "tdi 0,0,0x48" never traps (TO = 0) and we branch to
 * 191f. A big-endian CPU reads the same bytes as "b .+8" and runs the
 * byte-reversed sequence below, which flips MSR[LE] and rfid's to the word
 * after it. Callers place their own "191:" label (and, if they want to know,
 * code for the "was big-endian" case in between). */
.macro FIXUP_ENDIAN
	tdi	0, 0, 0x48
	b	191f
	BE_INSN(0x7d6000a6)	/* mfmsr   r11 */
	BE_INSN(0x696b0001)	/* xori    r11,r11,1 (MSR[LE]) */
	BE_INSN(0x39400000)	/* li      r10,0 */
	BE_INSN(0x7d410164)	/* mtmsrd  r10,1 (EE = RI = 0) */
	BE_INSN(0x429f0005)	/* bcl     20,31,$+4 */
	BE_INSN(0x7d4802a6)	/* mflr    r10 */
	BE_INSN(0x394a0014)	/* addi    r10,r10,20 */
	BE_INSN(0x7d5a03a6)	/* mtsrr0  r10 */
	BE_INSN(0x7d7b03a6)	/* mtsrr1  r11 */
	BE_INSN(0x4c000024)	/* rfid */
.endm
#else
#define PPC64_MAX_CPUS 4
#include "cas_vector.h"
#include "intc_node.h"

struct ppc64_trap_frame {
	uint64_t gpr[32];
	uint64_t cr, lr, ctr, xer, srr0, srr1, dar, dsisr, vec;
	uint64_t scratch, handler, toc, stack, cfunc;
};

/* hcall.S: sc 1 with r3 = opcode, r4.. = arguments; returns r3. */
long ppc64_hcall(uint64_t opcode, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/* entry.S / reloc.c: set before kmain */
extern uint64_t ppc64_load_base, ppc64_entry_msr, ppc64_of_entry;
extern bool ppc64_entered_be;
extern unsigned long ppc64_relocs_applied, ppc64_relocs_bad;

/* arch.c */
extern bool ppc64_traps_ready;

/* of_client.c: IEEE 1275 client interface. Cells are host-order here. */
enum of_backend { OF_NONE, OF_VOF_HCALL, OF_TRAMPOLINE };
int of_init(uint64_t entry);
enum of_backend of_backend(void);
const char *of_backend_name(void);
/* Returns 0 and fills rets[0..nret-1], or -1 if the call itself failed. */
/* A pointer as a cell: OF runs in 32-bit mode and cannot reach anything
 * above 4 GiB, so such a pointer becomes 0 and the call fails. */
static inline uint32_t of_ptr(const void *p)
{
	uintptr_t a = (uintptr_t)p;

	return a >> 32 ? 0 : (uint32_t)a;
}
int of_call(const char *service, int nargs, int nret, const uint32_t *args, uint32_t *rets);
uint32_t of_finddevice(const char *path);
int of_getproplen(uint32_t ph, const char *name);
int of_getprop(uint32_t ph, const char *name, void *buf, uint32_t len);
/* of_enter.S: the 32-bit big-endian trampoline for firmware like SLOF */
long ppc64_of_enter_be(void *args, uint64_t entry);

/* of_flatten.c */
const void *of_flatten(size_t *size);
void of_flatten_stats(unsigned *nodes, unsigned *props, unsigned *skipped);

/* rtas.c */
int rtas_init_from_of(void);
uint32_t rtas_poweroff_token(void);
noreturn void rtas_poweroff(void);
int rtas_call(uint32_t token, int nargs, int nret, const uint32_t *args, uint32_t *rets);
uint32_t rtas_token(const void *fdt, const char *name);
void *rtas_buffer_page(void);

/* uv.c: a Secure VM under an ultravisor (svm=on) */
int ppc64_uv_init(const void *fdt);
bool ppc64_uv_secure(void);
/* UV_SHARE_PAGE for [p, p + pages * 4 KiB) when secure (no-op otherwise);
 * what names the purpose in messages */
int ppc64_uv_share(const char *what, void *p, size_t pages);
int ppc64_uv_unshare(const char *what, void *p, size_t pages);
/* what ppc64_uv_share(what, ...) really shares (secure, not left private) */
bool ppc64_uv_shares(const char *what);
/* shutdown and reboot (teardown.c) */
int ppc64_uv_unshare_all(void);
void pci_arch_teardown(void);
long ppc64_ucall(uint64_t token, uint64_t a1, uint64_t a2);
/* ultracall tokens (asm/ultravisor-api.h, ../shared/reference/ppc64.md) */
#define UV_ESM 0xf110
#define UV_SHARE_PAGE 0xf130
#define UV_UNSHARE_PAGE 0xf134
#define UV_UNSHARE_ALL_PAGES 0xf140
bool ppc64_uv_forward(uint64_t *gpr, uint64_t srr0);

/* hcall.S: up to six arguments, outputs r4..r7 into ret[] */
long ppc64_hcall_ret(uint64_t ret[4], uint64_t opcode, uint64_t a1, uint64_t a2, uint64_t a3,
		     uint64_t a4, uint64_t a5, uint64_t a6);

/* cas.c: PAPR client-architecture-support, while OF is alive */
struct cas_state {
	bool called;          /* the CAS method was invoked */
	bool ok;              /* and answered, and vec-5 parsed */
	struct cas_policy pol;
	struct cas_platform plat;
	const char *plat_err; /* platform-support rejected (then legacy assumed) */
	struct cas_choice req;
	const char *note;     /* why the request differs from the offer */
	uint32_t catch_result, status;
	size_t vector_len;
	struct cas_choice got;
	const char *vec5_err;
	int vec5_len;
	uint8_t vec5[CAS_VEC5_MAX];
};
void ppc64_cas_negotiate(void);
const struct cas_state *ppc64_cas(void);
void ppc64_cas_print(void);
bool ppc64_cas_granted_xive(void);

/* smp.c: secondary CPUs through RTAS start-cpu */
#define PPC64_CPU_ONLINE 1
#define PPC64_CMD_IPI_BOOT 1 /* mailbox: send an IPI to the boot CPU */
struct ppc64_smp_info {
	unsigned ncpus, found; /* online (with the boot CPU); other cpu nodes */
	bool have_token;
	bool online[PPC64_MAX_CPUS];
	uint32_t server[PPC64_MAX_CPUS];
};
extern struct ppc64_smp_info ppc64_smp;
int ppc64_smp_start(const void *fdt);
int ppc64_smp_request(unsigned cpu, uint32_t cmd);
unsigned long ppc64_smp_served(unsigned cpu);
uint64_t ppc64_smp_msr(unsigned cpu);
int ppc64_smp_irq_rc(unsigned cpu);

/* irq_ppc64.c: pick and start the negotiated controller (after the FDT) */
int ppc64_irq_init(const void *fdt);
uint32_t ppc64_boot_server(const void *fdt);
void ppc64_irq_print(void);
/* the negotiated controller's node while a back end runs, else NULL */
const struct intc_node *ppc64_intc(void);
/* PHB LSI line i that drivers attached to (pci_arch.c): 0, or -1 past the end */
int ppc64_lsi_line(unsigned i, uint32_t *hwirq, unsigned *sharers);
int xive_init(const void *fdt, const struct intc_node *n);
int xive_teardown(void); /* shutdown: queues deconfigured, then unshared */
int xics_init(const void *fdt, const struct intc_node *n);

/* vectors.S / trap.c */
extern char ppc64_vectors_start[], ppc64_vectors_end[];
void ppc64_trap_common(void);
void ppc64_trap(struct ppc64_trap_frame *f);
void ppc64_traps_init(void);
void ppc64_traps_init_cpu(unsigned cpu, struct ppc64_trap_frame *f, void *stack_top);
extern volatile uint64_t ppc64_trap_expect, ppc64_trap_seen_srr1, ppc64_trap_seen_dsisr,
	ppc64_trap_seen_dar, ppc64_trap_seen_msr;
extern volatile bool ppc64_trap_probe;

/* mmu_radix.c: W^X identity radix tree (after memory is known) */
int ppc64_mmu_init(void);
void ppc64_mmu_enable_cpu(void);
bool ppc64_mmu_on(void);
const char *ppc64_mmu_off_reason(void);
int ppc64_mmu_map_io(uint64_t pa, uint64_t size);
uint64_t ppc64_mmu_lookup(uint64_t ea, unsigned *shift);
void ppc64_mmu_walk(void (*fn)(uint64_t ea, unsigned shift, uint64_t pte, void *ctx), void *ctx);
void ppc64_mmu_print(void);

/* timer.c */
void ppc64_decrementer(void);
extern volatile unsigned long ppc64_dec_interrupts;
int ppc64_timer_init(const void *fdt);

static inline uint64_t mfmsr(void)
{
	uint64_t v;
	__asm__ volatile("mfmsr %0" : "=r"(v));
	return v;
}

#define mfspr(n)                                                    \
	({                                                          \
		uint64_t v_;                                        \
		__asm__ volatile("mfspr %0, %1" : "=r"(v_) : "i"(n)); \
		v_;                                                 \
	})
#define mtspr(n, v) __asm__ volatile("mtspr %0, %1" ::"i"(n), "r"((uint64_t)(v)) : "memory")

/* Index of the running CPU (0 = boot CPU), kept in SPRG2. */
static inline unsigned ppc64_cpu_id(void)
{
	uint64_t v = mfspr(SPRN_SPRG2);

	return v < PPC64_MAX_CPUS ? (unsigned)v : 0;
}
#endif

#endif
