/* SBI client (RISC-V Supervisor Binary Interface v3.0): calling convention
 * chapter 3, base extension chapter 4, error codes table 1. */
#ifndef COCOON_RISCV_SBI_H
#define COCOON_RISCV_SBI_H

#include <stdbool.h>
#include <stdint.h>

#include <cocoon/sbi_abi.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3,
			unsigned long a4, unsigned long a5);
/* Legacy (v0.1) calls return only a0. */
long sbi_legacy_call(unsigned long ext, unsigned long a0);

/* BASE: spec version (0 when the call fails), probe (false on error). */
struct sbi_base_info {
	unsigned long spec_version, impl_id, impl_version, mvendorid, marchid, mimpid;
	bool ok;
	/* why ok is false although BASE answered: first failing FID and its
	 * error (bad_fid -1: none), so the summary can say BASE lied */
	long bad_fid, bad_err;
};
void sbi_base_query(struct sbi_base_info *info);
bool sbi_probe(unsigned long ext);

/* SBI v3.0 table 1: 0 and -1..-14 are defined; anything else (positive, or
 * below -14) is a firmware bug the caller must not interpret. */
bool sbi_error_known(long err);

/* A known SBI error code gives its name; anything else is "unknown error". */
const char *sbi_strerror(long err);
const char *sbi_impl_name(unsigned long impl_id);

/* TIME (chapter 6): program the next timer event; false when the firmware
 * refused (the caller then falls back to the legacy call). */
bool sbi_set_timer(uint64_t when);

/* IPI (chapter 7): set SSIP on the harts hart_mask_base + bit i. */
struct sbiret sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

/* DBCN (chapter 12): write n bytes at physical address pa; write one byte. */
struct sbiret sbi_dbcn_write(const void *pa, unsigned long n);
struct sbiret sbi_dbcn_write_byte(uint8_t byte);

/* SRST (chapter 10). Returns only on error. */
struct sbiret sbi_system_reset(unsigned long type, unsigned long reason);

#endif
