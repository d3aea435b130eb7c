/* riscv64 secondary harts (see smp.h). The boot hart owns the console: a
 * secondary only records what it found; the boot hart prints and checks. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>

#include "mmu.h"
#include "sbi.h"
#include "sbi_hsm.h"
#include "smp.h"
#include "trap.h"

#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIP_SSIP (1ul << 1)
#define SSTATUS_SIE (1ul << 1)

_Static_assert(sizeof(struct riscv_hart_stack) == 3 << 12, "smp_entry.S assumes 12 KiB strides");

unsigned riscv_nr_secondaries;
struct riscv_hart riscv_secondaries[RISCV_MAX_HARTS];
struct riscv_hart_stack riscv_hart_stacks[RISCV_MAX_HARTS] __attribute__((aligned(4096)));
bool riscv_fwft_lock;
void (*volatile riscv_secondary_test)(void);

/* SBI IPI present: a secondary wakes the boot hart when it has reported. */
static bool ipi_wake;
extern uint64_t riscv_boot_hartid;

extern void riscv_secondary_entry(void);
extern void riscv_trap_entry(void);
void riscv_secondary_main(unsigned long hartid, unsigned long index);

/* A word the secondary reads back through a tagged pointer. */
static volatile uint64_t tag_probe_word = 0x5ec0ddaa11ull;

void riscv_secondary_main(unsigned long hartid, unsigned long index)
{
	struct riscv_hart *h = &riscv_secondaries[index]; /* index < MAX: smp_entry.S */

	/* HSM starts us with satp Bare (SBI v3.0 9.2): same tables as the boot hart */
	h->mmu_on = riscv_mmu_enable_this_hart();
	__asm__ volatile("csrw stvec, %0" ::"r"((uintptr_t)riscv_trap_entry));
	h->entry_a0 = hartid;
	if (hartid != h->hartid) {
		__atomic_store_n(&h->run, HART_FAILED, __ATOMIC_RELEASE);
	} else {
		fwft_hart_init(&h->fwft, hartid, riscv_fwft_lock);
		if (riscv_secondary_test)
			riscv_secondary_test(); /* a deliberate fault (smp.h) */
		if (h->fwft.pmlen >= 7) {
			/* tag 0x2a in bits 63:57: only safe because PMLEN >= 7 here */
			volatile uint64_t *p = (volatile uint64_t *)((uintptr_t)&tag_probe_word |
								      (0x2aull << 57));
			h->tagged_ok = *p == 0x5ec0ddaa11ull;
		}
		__atomic_store_n(&h->run, HART_DONE, __ATOMIC_RELEASE);
	}
	/* after the report: the boot hart sleeps in wait_for() until then */
	if (ipi_wake)
		sbi_send_ipi(1, riscv_boot_hartid);
	h->stop_status = sbi_hart_stop().error; /* returns only on failure */
	for (;;)
		__asm__ volatile("wfi");
}

/* Wait until cond(h) holds, for at most 5 s of timebase (a hang guard, not a
 * timing check: QEMU starts a hart in microseconds). The boot hart sleeps in
 * WFI rather than spinning: under -icount QEMU runs the harts in turn on one
 * thread, and a spinning hart burns whole time slices of virtual time before
 * the other gets to run. It wakes on the secondary's IPI (SSIP), or on a timer
 * every poll ticks (HSM STOPPED has no IPI; nor has a hart whose IPI is lost)
 * and at the deadline. SSTATUS.SIE stays off: WFI still wakes on a pending
 * interrupt enabled in sie (privileged spec, "Wait for Interrupt"), so no
 * trap is taken. No working timer: it spins as before, so it stays bounded. */
static bool wait_for(struct riscv_hart *h, bool (*cond)(struct riscv_hart *), uint64_t poll)
{
	uint64_t now = arch_counter(), deadline = now + 5 * arch_counter_freq();
	unsigned long sstatus, sie;
	bool ok, sleep = true;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(sstatus) : "r"(SSTATUS_SIE) : "memory");
	__asm__ volatile("csrrs %0, sie, %1" : "=r"(sie) : "r"(SIE_SSIE | SIE_STIE) : "memory");
	while (!(ok = cond(h))) {
		now = arch_counter();
		if ((int64_t)(now - deadline) > 0)
			break;
		if (sleep)
			sleep = riscv_timer_wake_at(deadline - now > poll ? now + poll : deadline);
		if (sleep)
			__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP) : "memory");
	}
	/* an IPI that came late (after a timeout) must not stay pending */
	__asm__ volatile("csrc sip, %0" ::"r"(SIP_SSIP) : "memory");
	__asm__ volatile("csrw sie, %0" ::"r"(sie) : "memory");
	__asm__ volatile("csrs sstatus, %0" ::"r"(sstatus & SSTATUS_SIE) : "memory");
	return ok || cond(h);
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
	/* The report comes with an IPI: poll only in case it is lost, every 1 ms
	 * (measured: a timer wake-up while the hart is still starting costs
	 * 60 ms of virtual time on OpenSBI 1.5.1, which then spins in M-mode).
	 * STOPPED comes without one: poll every 20 us (measured: ~1 us). */
	uint64_t hz = arch_counter_freq();
	uint64_t slow = hz / 1000 ? hz / 1000 : 1, fast = hz / 50000 ? hz / 50000 : 1;
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
	if (!wait_for(h, reported, ipi_wake ? slow : fast) || h->run != HART_DONE)
		r.error = 1;
	else if (!wait_for(h, stopped, fast))
		r.error = 2; /* HART_GET_STATUS never said STOPPED (or said nonsense) */
	riscv_timer_wake_end();
	return r.error;
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
	ipi_wake = sbi_probe(SBI_EXT_IPI);
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
