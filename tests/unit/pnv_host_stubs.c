/* The powernv shim's platform hooks on the host: a captured console, flags
 * for what the dispatchers asked the platform to do, and a 1 MiB "guest
 * memory" the tests fill and inspect. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pnv_host_stubs.h"

char console_out[CONSOLE_CAP];
size_t console_len;
char shim_log[4096];
int power_offs, reboots, cedes, ile_state = -1;
uint8_t *guest_ram;

void plat_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n && console_len + 1 < CONSOLE_CAP; i++)
		console_out[console_len++] = s[i];
	console_out[console_len] = 0;
}

int plat_console_read(void)
{
	return -1;
}

void plat_set_ile(bool le)
{
	ile_state = le;
}

void plat_cede(void)
{
	cedes++;
}

void plat_power_off(void)
{
	power_offs++;
}

void plat_reboot(void)
{
	reboots++;
}

uint64_t plat_milliseconds(void)
{
	return 1234;
}

int cpu1_state; /* 0 stopped, 2 running */
uint64_t cpu1_entry, cpu1_r3;

int plat_cpu_state(uint32_t cpu)
{
	return cpu == 0 ? 2 : cpu == 1 ? cpu1_state : -1;
}

int plat_start_cpu(uint32_t cpu, uint64_t entry, uint64_t r3)
{
	if (cpu != 1 || cpu1_state != 0 || !gmem_ok(entry, 4))
		return -1;
	cpu1_state = 2;
	cpu1_entry = entry;
	cpu1_r3 = r3;
	return 0;
}

int plat_stop_self(void)
{
	return -1; /* the caller is processor 0: refused */
}

int kicks;

void plat_kick(unsigned vcpu)
{
	(void)vcpu;
	kicks++;
}

uint64_t plat_timebase(void)
{
	return 0x123456789ull;
}

uint64_t stub_proc_tbl_dw1, stub_guest_pid;

void lpar_set_proc_tbl(uint64_t dw1)
{
	stub_proc_tbl_dw1 = dw1;
}

uint64_t plat_guest_pid(void)
{
	return stub_guest_pid;
}

uint32_t plat_pvr(void)
{
	return 0x004e1202; /* POWER9 DD2.2 as on QEMU powernv9 */
}

void plat_zero_page(void *page)
{
	memset(page, 0, 4096);
}

uint64_t next_random = 0x0123456789abcdefull;

int plat_random(uint64_t *v)
{
	if (next_random == ~0ull)
		return -1;
	*v = next_random;
	return 0;
}

void pnv_printf(const char *fmt, ...)
{
	size_t used = strlen(shim_log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shim_log + used, sizeof(shim_log) - used, fmt, ap);
	va_end(ap);
}

/* A fresh guest: zeroed memory, the shim's device tree, OF client ready. */
static uint8_t fdt_buf[64 * 1024];

void *pnv_test_setup(void)
{
	if (!guest_ram)
		guest_ram = malloc(GUEST_RAM);
	memset(guest_ram, 0, GUEST_RAM);
	guest_mem.base = guest_ram;
	guest_mem.size = GUEST_RAM;
	console_len = 0;
	console_out[0] = 0;
	shim_log[0] = 0;
	power_offs = reboots = cedes = 0;
	ile_state = -1;
	xics_reset();
	xive_reset(2);
	xive_set_enabled(false);
	pci_reset();
	uv_reset();
	cpu1_state = 0;
	if (dt_build(fdt_buf, sizeof(fdt_buf), NULL, GUEST_RAM, plat_pvr(), 512000000, 2) ||
	    of_client_init(fdt_buf, sizeof(fdt_buf)))
		abort();
	return fdt_buf;
}

void put_be32(uint64_t gpa, uint32_t v)
{
	guest_ram[gpa] = (uint8_t)(v >> 24);
	guest_ram[gpa + 1] = (uint8_t)(v >> 16);
	guest_ram[gpa + 2] = (uint8_t)(v >> 8);
	guest_ram[gpa + 3] = (uint8_t)v;
}

uint32_t get_be32(uint64_t gpa)
{
	return (uint32_t)guest_ram[gpa] << 24 | (uint32_t)guest_ram[gpa + 1] << 16 |
	       (uint32_t)guest_ram[gpa + 2] << 8 | guest_ram[gpa + 3];
}

/* shim/core/fault.c is not linked on the host: the shim never lies here */
bool shim_fault(const char *name)
{
	(void)name;
	return false;
}
