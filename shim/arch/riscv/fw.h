/* The shim as an SBI client of the real firmware (OpenSBI), and its console. */
#ifndef SHIM_RISCV_FW_H
#define SHIM_RISCV_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vcpu.h"

struct sbi_ret fw_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2);
/* BASE probe_extension: true when present (non-zero value, no error) */
int fw_probe(unsigned long ext);
void fw_console_init(void);
void fw_console_write(const char *s, size_t n);
long fw_console_read(char *s, size_t n);
long fw_system_reset(unsigned long type, unsigned long reason);

/* shim/core hooks: the console, and stop (power off, failed or not) */
void shim_arch_console_write(const char *s, size_t n);
_Noreturn void shim_arch_stop(bool failed);

int shim_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exit status reported when the shim cannot run the guest at all. */
#define SHIM_FATAL_STATUS "5"
/* Stop the machine with a failure (SRST reason "system failure"). */
_Noreturn void shim_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
