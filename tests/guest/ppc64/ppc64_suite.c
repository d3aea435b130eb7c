/* In-guest checks of the ppc64 (pseries) port: CPU mode, self-relocation,
 * the Open Firmware copy, RTAS, the vectors and the decrementer. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/bootinfo.h>
#include <cocoon/ktest.h>
#include <cocoon/timer.h>

#include "ppc64.h"

static int ret_one(void)
{
	return 1;
}

static int ret_two(void)
{
	return 2;
}

/* pointers stored in data: correct only if R_PPC64_RELATIVE was applied */
static int (*const volatile fn_table[])(void) = { ret_one, ret_two };
static const struct {
	const char *volatile s;
} str_table[] = { { "relocated" } };

static bool in_image(const void *p)
{
	return (const char *)p >= __image_start && (const char *)p < __image_end;
}

static void mode_checks(void)
{
	uint64_t msr = mfmsr();

	report((msr & MSR_SF) && (msr & MSR_LE), "msr: 64-bit (SF) little-endian (LE), 0x%llx",
	       (unsigned long long)msr);
	report(!(msr & MSR_PR) && !!(msr & MSR_IR) == ppc64_mmu_on() &&
		       !!(msr & MSR_DR) == ppc64_mmu_on(),
	       "msr: supervisor state, %s", ppc64_mmu_on() ? "translation on (radix W^X)" : "real mode");
	report(ppc64_entered_be, "entry: firmware entered big-endian (FIXUP_ENDIAN taken)");
}

static void reloc_checks(void)
{
	report(ppc64_load_base == (uintptr_t)__image_start && ppc64_load_base,
	       "reloc: image runs at its load base 0x%llx", (unsigned long long)ppc64_load_base);
	report(ppc64_relocs_applied > 0 && ppc64_relocs_bad == 0,
	       "reloc: %lu R_PPC64_RELATIVE applied, none unhandled", ppc64_relocs_applied);
	report(in_image((const void *)fn_table[0]) && in_image((const void *)fn_table[1]) &&
		       fn_table[0]() == 1 && fn_table[1]() == 2,
	       "reloc: function pointer table holds run-time addresses");
	report(in_image(str_table[0].s) && !strcmp(str_table[0].s, "relocated"),
	       "reloc: string pointer in data relocated");
}

static void firmware_checks(void)
{
	const void *fdt = boot_info.fdt;
	int node = fdt_path_offset(fdt, "/rtas"), len = 0;
	const fdt32_t *tok = node >= 0 ? fdt_getprop(fdt, node, "power-off", &len) : NULL;

	report(of_backend() != OF_NONE, "of: client interface via %s", of_backend_name());
	report(in_image(fdt), "of: flattened tree lives in the kernel image");
	report(rtas_poweroff_token() != 0, "rtas: power-off token 0x%x found",
	       rtas_poweroff_token());
	report(tok && len == 4 && fdt32_to_cpu(*tok) == rtas_poweroff_token(),
	       "rtas: flattened /rtas power-off matches the OF value");
	report(fdt_path_offset(fdt, "/chosen") >= 0 && fdt_path_offset(fdt, "/cpus") >= 0,
	       "of: /chosen and /cpus flattened");
}

static void trap_checks(void)
{
	size_t len = (size_t)(ppc64_vectors_end - ppc64_vectors_start);
	uint64_t r3 = 0x1234, r31;

	report(ppc64_traps_ready && !memcmp((void *)0x100, ppc64_vectors_start, len),
	       "vectors: stubs installed at 0x100 (%zu bytes)", len);

	/* sc 0: system call to our own 0xc00, SRR0 = next instruction */
	ppc64_trap_expect = 0xc00;
	__asm__ volatile("mr 3, %2\n\tli 31, 0x5a5\n\tsc\n\tmr %0, 3\n\tmr %1, 31"
			 : "=r"(r3), "=r"(r31)
			 : "r"(r3)
			 : "r3", "r31", "memory");
	report(!ppc64_trap_expect && r3 == 0x1234 && r31 == 0x5a5,
	       "vectors: system call 0xc00 taken and returned, registers preserved");

	/* trap instruction: program check 0x700 with SRR1 "trap" bit 46 */
	ppc64_trap_expect = 0x700;
	__asm__ volatile("trap" ::: "memory");
	report(!ppc64_trap_expect && (ppc64_trap_seen_srr1 & (1ull << (63 - 46))) &&
		       (ppc64_trap_seen_srr1 & MSR_LE),
	       "vectors: program check (trap) recovered, taken little-endian");
	ppc64_trap_expect = 0;
}

static void dec_checks(void)
{
	unsigned long before = ppc64_dec_interrupts;
	uint64_t f = arch_counter_freq(), c0, t0 = timer_ticks;
	int rc = arch_timer_start(1000);

	report(rc == 0, "decrementer: 1 ms period started");
	if (rc)
		return;
	arch_irq_enable();
	c0 = arch_counter();
	while (timer_ticks - t0 < 3 && arch_counter() - c0 < f)
		arch_wait_for_interrupt();
	arch_irq_disable();
	arch_timer_stop();
	report(ppc64_dec_interrupts - before >= 3 && timer_ticks - t0 >= 3,
	       "decrementer: %lu interrupts at 0x900 within 1 s",
	       ppc64_dec_interrupts - before);
	report(!(mfmsr() & MSR_EE), "decrementer: MSR[EE] off again");
}

static void ppc64_suite(void)
{
	mode_checks();
	reloc_checks();
	firmware_checks();
	trap_checks();
	dec_checks();
}
KTEST_SUITE(ppc64_suite);
