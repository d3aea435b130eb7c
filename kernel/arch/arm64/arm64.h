/* Internal interfaces between the files of the arm64 port. */
#ifndef ARM64_ARM64_H
#define ARM64_ARM64_H

#include <stdbool.h>
#include <stdint.h>

/* Set by boot/arm64/entry.S after BSS is cleared. */
extern uint64_t arm64_boot_x0;	 /* x0 at entry: the DTB (Linux booting.rst) */
extern uint64_t arm64_entry_el; /* CurrentEL.EL at entry: 1 or 2 */

/* Exception vectors (vectors.S) and the frame they build (trap.c reads it). */
extern char arm64_vectors[];
struct trap_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far, sp;
};

/* mmu.c: identity map and MMU on. */
void mmu_init(void);
void mmu_enable_this_cpu(void); /* table built by mmu_init */
bool mmu_wx_enabled(void);	/* the image is mapped W^X */
uint64_t mmu_image_desc(uintptr_t va); /* leaf descriptor of an image VA, or 0 */

/* psci.c (DEN0022). */
enum psci_conduit { PSCI_NONE, PSCI_HVC, PSCI_SMC };
#define PSCI_VERSION 0x84000000u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_FEATURES 0x8400000au
#define PSCI_RET_NOT_SUPPORTED (-1)
int psci_init(const void *fdt);
/* /psci "method" of fdt, validated (prints why not): 0 or -1. No side effects. */
int psci_parse_method(const void *fdt, enum psci_conduit *out);
int64_t psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
enum psci_conduit psci_conduit_in_use(void);
const char *psci_conduit_name(enum psci_conduit c);
uint32_t psci_version(void); /* 0 if not probed */

/* gic.c: GICv3 distributor, this CPU's redistributor, system-register CPU interface. */
int gic_init(const void *fdt);
bool gic_present(void);
unsigned gic_arch_rev(void);
int gic_enable_ppi(unsigned intid);
void gic_disable_ppi(unsigned intid);
int gic_set_spi_pending(unsigned intid); /* tests: software-pend an SPI */
void gic_handle_irq(void);
/* SPI intid (>= 32) to fn(arg), level or edge; several handlers may share one */
int gic_enable_spi(unsigned intid, bool level, void (*fn)(void *), void *arg);
int gic_register_lpi(unsigned intid, void (*fn)(void *), void *arg);
int gic_lpi_enable(uint64_t prop, unsigned idbits, uint64_t pend);
unsigned gic_processor_number(void);
void gic_print_summary(void);
extern volatile uint64_t gic_irq_count[32]; /* per SGI/PPI INTID, for tests */

/* timer.c: generic virtual timer. */
int timer_init(const void *fdt);
/* virtual timer INTID from fdt (27 without a timer node): 0 or -1. No side effects. */
int timer_parse_intid(const void *fdt, unsigned *intid);
int timer_selftest(void); /* needs gic_init() */
unsigned timer_intid(void);
void timer_irq(void);

#endif
