/* The contract between the portable kernel and each architecture port.
 * Every function here is implemented once per arch under kernel/arch/<arch>/. */
#ifndef COCOON_ARCH_H
#define COCOON_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

/* Short arch name used in the banner and test names: "riscv64", "arm64", "ppc64". */
extern const char arch_name[];

/* Console output, usable from the first C instruction (no setup needed). */
void arch_console_write(const char *s, size_t n);

/* Console input, non-blocking: up to n bytes into buf. Returns the number
 * read (0 = nothing waiting), or -1 when this platform has no console input
 * (the weak default in kernel/console.c). */
int arch_console_read(char *buf, size_t n);

/* Power the machine off. status 0 = every check passed, anything else = failure.
 * The kernel has already printed "cocoon: exit status N"; the arch passes the
 * status to the platform where the platform can carry it. Never returns. */
noreturn void arch_poweroff(int status);

/* Early arch setup after the C environment exists (BSS clear, stack):
 * exception vectors, MMU where needed. Must not need the heap. */
void arch_early_init(void);

/* The flattened device tree as handed over by firmware/loader (riscv a1,
 * arm64 x0) or built from Open Firmware (ppc64). NULL if none. The blob is
 * untrusted: the kernel validates it before use. max_size is an upper bound on
 * readable bytes at that address (0 = unknown; the kernel then caps it). */
const void *arch_boot_fdt(size_t *max_size);

/* Arch-specific lines of the boot summary (firmware identity, CPU mode, ...). */
void arch_print_summary(void);

/* Late arch setup once the FDT is validated and memory is known
 * (interrupt controller, timer frequency from the tree, ...). 0 or -errno-ish. */
int arch_late_init(const void *fdt);

/* Time: a free-running counter and its frequency in Hz. */
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);

/* Periodic timer interrupt: call timer_tick() (kernel/timer.c) every period_us
 * microseconds until arch_timer_stop(). Returns 0 or a negative error. */
int arch_timer_start(uint64_t period_us);
void arch_timer_stop(void);

/* Interrupt mask and idle. */
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);

/* Deliberately raise an unexpected synchronous exception (illegal instruction),
 * for the test that proves the register dump works. Never returns. */
noreturn void arch_raise_unexpected_trap(void);

/* Linker-script symbols (every linker/<arch>.ld defines them). */
extern char __image_start[], __image_end[];
extern char __bss_start[], __bss_end[];
extern char __stack_top[];

/* Called by the arch's trap code for an exception it does not handle:
 * prints the banner line, then the arch's dump, then powers off with failure. */
noreturn void trap_unexpected(const char *what);

/* kernel_shutdown() (kernel/shutdown.c), both optional (weak defaults):
 * give back what the arch shared with the host, after drivers_teardown()
 * stopped the devices; and reboot the machine (returns only on failure). */
void arch_teardown(void);
void arch_reboot(void);

#endif
