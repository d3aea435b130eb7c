/* Shared by the host tests of the powernv shim (tests/unit/test_pnv_*.c). */
#ifndef PNV_HOST_STUBS_H
#define PNV_HOST_STUBS_H

#include "../../shim/arch/ppc64/pnv.h"

#define GUEST_RAM (1u << 20)
#define CONSOLE_CAP 8192

extern char console_out[CONSOLE_CAP];
extern size_t console_len;
extern char shim_log[4096];
extern int power_offs, reboots, cedes, ile_state;
extern uint8_t *guest_ram;
extern uint64_t next_random;
extern uint64_t stub_proc_tbl_dw1, stub_guest_pid;

int dt_build(void *buf, size_t size, const void *host, uint64_t mem_size, uint32_t pvr,
	     uint32_t tb_hz, unsigned ncpus);
extern int cpu1_state, kicks;
extern uint64_t cpu1_entry, cpu1_r3;
void *pnv_test_setup(void);
void put_be32(uint64_t gpa, uint32_t v);
uint32_t get_be32(uint64_t gpa);

#endif
