/* riscv64 secondary harts (see smp.h). The boot hart owns the console: a
 * secondary only records what it found; the boot hart prints and checks. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "sbi_hsm.h"
#include "smp.h"

_Static_assert(RISCV_HART_STACK == 1 << 13, "smp_entry.S assumes 8 KiB stacks");

unsigned riscv_nr_secondaries;
struct riscv_hart riscv_secondaries[RISCV_MAX_HARTS];
uint8_t riscv_hart_stacks[RISCV_MAX_HARTS][RISCV_HART_STACK] __attribute__((aligned(16)));
bool riscv_fwft_lock;

extern void riscv_secondary_entry(void);
extern void riscv_trap_entry(void);
void riscv_secondary_main(unsigned long hartid, unsigned long index);

/* A word the secondary reads back through a tagged pointer. */
static volatile uint64_t tag_probe_word = 0x5ec0ddaa11ull;

void riscv_secondary_main(unsigned long hartid, unsigned long index)
{
	struct riscv_hart *h = &riscv_secondaries[index]; /* index < MAX: smp_entry.S */

	__asm__ volatile("csrw stvec, %0" ::"r"((uintptr_t)riscv_trap_entry));
	h->entry_a0 = hartid;
	if (hartid != h->hartid) {
		__atomic_store_n(&h->run, HART_FAILED, __ATOMIC_RELEASE);
	} else {
		fwft_hart_init(&h->fwft, hartid, riscv_fwft_lock);
		if (h->fwft.pmlen >= 7) {
			/* tag 0x2a in bits 63:57: only safe because PMLEN >= 7 here */
			volatile uint64_t *p = (volatile uint64_t *)((uintptr_t)&tag_probe_word |
								      (0x2aull << 57));
			h->tagged_ok = *p == 0x5ec0ddaa11ull;
		}
		__atomic_store_n(&h->run, HART_DONE, __ATOMIC_RELEASE);
	}
	h->stop_status = sbi_hart_stop().error; /* returns only on failure */
	for (;;)
		__asm__ volatile("wfi");
}

/* Poll until cond(h) holds, for at most 5 s of timebase (a hang guard, not a
 * timing check: QEMU starts a hart in microseconds). */
static bool wait_for(struct riscv_hart *h, bool (*cond)(struct riscv_hart *))
{
	uint64_t deadline = arch_counter() + 5 * arch_counter_freq();

	while (!cond(h))
		if ((int64_t)(arch_counter() - deadline) > 0)
			return cond(h);
	return true;
}

static bool reported(struct riscv_hart *h)
{
	return __atomic_load_n(&h->run, __ATOMIC_ACQUIRE) != HART_STARTING;
}

static bool stopped(struct riscv_hart *h)
{
	struct sbiret r = sbi_hart_get_status(h->hartid);

	return !r.error && r.value == SBI_HSM_STOPPED;
}

long riscv_smp_run(unsigned i)
{
	struct riscv_hart *h;
	struct sbiret r;

	if (i >= riscv_nr_secondaries)
		return SBI_ERR_INVALID_PARAM;
	h = &riscv_secondaries[i];
	__atomic_store_n(&h->run, HART_STARTING, __ATOMIC_RELEASE);
	r = sbi_hart_start(h->hartid, (uintptr_t)riscv_secondary_entry, i);
	h->start_err = r.error;
	if (r.error) {
		h->run = HART_IDLE;
		return r.error;
	}
	if (!wait_for(h, reported) || h->run != HART_DONE)
		return 1;
	if (!wait_for(h, stopped))
		return 2; /* HART_GET_STATUS never said STOPPED (or said nonsense) */
	return 0;
}

bool riscv_smp_init(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu, len;
	const fdt32_t *ac = fdt_getprop(fdt, cpus, "#address-cells", &len);
	unsigned cells = ac && len == 4 ? fdt32_to_cpu(*ac) : 0;

	riscv_nr_secondaries = 0;
	if (cells != 1 && cells != 2) {
		kprintf("riscv: /cpus #address-cells must be 1 or 2\n");
		return false;
	}
	fdt_for_each_subnode(cpu, fdt, cpus) {
		const char *type, *status;
		const fdt32_t *reg;
		uint64_t id;

		type = fdt_getprop(fdt, cpu, "device_type", &len);
		if (!type || len != 4 || memcmp(type, "cpu", 4))
			continue; /* cpu-map and friends */
		status = fdt_getprop(fdt, cpu, "status", &len);
		if (status && len > 0 && strncmp(status, "okay", (size_t)len) &&
		    strncmp(status, "ok", (size_t)len))
			continue;
		reg = fdt_getprop(fdt, cpu, "reg", &len);
		if (!reg || len != (int)(4 * cells)) {
			kprintf("riscv: cpu node without a valid reg\n");
			return false;
		}
		id = cells == 2 ? (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1])
				: fdt32_to_cpu(reg[0]);
		if (id == riscv_current_hartid())
			continue;
		for (unsigned i = 0; i < riscv_nr_secondaries; i++)
			if (riscv_secondaries[i].hartid == id) {
				kprintf("riscv: hart %llu listed twice in /cpus\n",
					(unsigned long long)id);
				return false;
			}
		if (riscv_nr_secondaries == RISCV_MAX_HARTS) {
			kprintf("riscv: more than %u secondary harts; the rest stay off\n",
				RISCV_MAX_HARTS);
			break;
		}
		riscv_secondaries[riscv_nr_secondaries++] = (struct riscv_hart){ .hartid = id };
	}
	if (!riscv_nr_secondaries)
		return true;
	if (!sbi_probe(SBI_EXT_HSM)) {
		kprintf("riscv: %u secondary hart(s) but no SBI HSM: they stay off\n",
			riscv_nr_secondaries);
		return true;
	}
	for (unsigned i = 0; i < riscv_nr_secondaries; i++) {
		long err = riscv_smp_run(i);

		if (err)
			kprintf("riscv: hart %lu did not start and stop cleanly (%ld: %s)\n",
				riscv_secondaries[i].hartid, err,
				err == 1 ? "no report" : err == 2 ? "HSM status never STOPPED"
								     : sbi_strerror(err));
	}
	return true;
}
