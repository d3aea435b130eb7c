/* The arch-neutral shim core (shim/core/): console, panic, guest-memory
 * bookkeeping and device-tree helpers. Every shim (shim/arch/<dir>/) links it
 * and provides the few shim_arch_* hooks below. No arch types here. */
#ifndef SHIM_SHIM_H
#define SHIM_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

/* ---- provided by the arch ---------------------------------------------- */
/* Polled console output, usable before anything is set up. */
void shim_arch_console_write(const char *s, size_t n);
/* Stop the machine: power off through firmware if possible, else halt.
 * failed = true makes the stop visible as a failure where the platform can. */
noreturn void shim_arch_stop(bool failed);

/* ---- console (shim/core/console.c) -------------------------------------- */
/* printf-style output over kernel/lib/format.c, every line prefixed "shim: ". */
int shim_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the reason and stop the machine as failed. */
noreturn void shim_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- guest memory (shim/core/guest_mem.c) -------------------------------
 * The guest sees one RAM range [ipa_base, ipa_base + size) backed by host
 * physical memory at pa_base. Anything the guest hands us (entry points,
 * buffers) is checked against it before use. */
struct guest_ram {
	uint64_t ipa_base, size, pa_base;
};
void guest_ram_set(uint64_t ipa_base, uint64_t size, uint64_t pa_base);
const struct guest_ram *guest_ram_get(void);
/* [ipa, ipa + len) lies inside guest RAM (len 0 = just the address; no overflow). */
bool guest_ipa_range_ok(uint64_t ipa, uint64_t len);
/* Host physical address of a guest IPA already checked with guest_ipa_range_ok. */
uint64_t guest_ipa_to_pa(uint64_t ipa);

/* ---- device-tree helpers (shim/core/fdt_build.c), libfdt underneath ------
 * All return 0 or a negative libfdt error; shim_fdt_strerror() names it. */
/* Check that blob is a sane FDT of at most max_size bytes. */
int shim_fdt_check(const void *blob, size_t max_size);
/* Copy src into dst (dst_size bytes of room) so that nodes can be added. */
int shim_fdt_copy(void *dst, size_t dst_size, const void *src);
/* Replace every /memory node with one "memory@<base>" of [base, base + size). */
int shim_fdt_set_memory(void *fdt, uint64_t base, uint64_t size);
/* Offset of the node at path, created (with its parents) when absent. */
int shim_fdt_node(void *fdt, const char *path);
/* Set a string property on the node at path (created when absent). */
int shim_fdt_set_string(void *fdt, const char *path, const char *prop, const char *val);
/* Pack and return the final size. */
int shim_fdt_finish(void *fdt);
const char *shim_fdt_strerror(int err);
/* First memory range of the tree (root #address-cells/#size-cells 2). */
int shim_fdt_first_memory(const void *fdt, uint64_t *base, uint64_t *size);


/* ---- hostile-host mode (shim/core/fault.c) ------------------------------
 * shim.fault=<name> in the host's /chosen/bootargs selects one lie. */
void shim_fault_init(const void *host_fdt);
/* The named fault was selected. */
bool shim_fault(const char *name);
/* The selected fault's name, or NULL. */
const char *shim_fault_active(void);
/* shim.fault=smash: overflow a stack buffer (stack protector check). */
void shim_fault_smash(void);

#endif
