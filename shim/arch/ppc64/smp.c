/* The partition's secondary virtual processors: one per secondary hardware
 * thread of the machine (powernv -smp N), stopped until the guest starts
 * them with RTAS start-cpu, stopped again by stop-self (LoPAPR 7.3.9 / 7.3.10:
 * start-cpu, stop-self, query-cpu-stopped-state; as on QEMU pseries the
 * started processor runs in real mode, 64-bit, with the partition's
 * interrupt endianness, r3 = the caller's argument). Virtual processor n is
 * hardware slot n (0 = the boot thread). */
#include <stdnoreturn.h>

#include "pnv.h"
#include "pnv_hw.h"

#define MAX_VCPUS (1 + SMP_MAX_SECONDARY)
#define STATE_STOPPED 0
#define STATE_RUNNING 2
#define MSR_SF (1ull << 63)

struct vcpu {
	volatile uint32_t present, state, start;
	volatile uint64_t entry, r3;
	uint32_t pir;
	struct pnv_frame frame __attribute__((aligned(128)));
};

static struct vcpu vcpus[MAX_VCPUS];
static unsigned nvcpus = 1;
static volatile uint32_t lpar_ready;
/* in .data: secondaries read them while the boot thread clears BSS */
volatile uint32_t smp_bss_ready __attribute__((section(".data")));
volatile uint32_t smp_next_slot __attribute__((section(".data")));
uint8_t smp_stacks[SMP_MAX_SECONDARY << SMP_STACK_SHIFT] __attribute__((aligned(16)));

noreturn void pnv_secondary(uint32_t slot, uint32_t pir);
noreturn void pnv_enter_guest_r3(uint64_t hsrr0, uint64_t hsrr1, uint64_t r3);
void lpar_enter_thread(bool ile);
bool lpar_ile(void);

static uint64_t tb_per_ms;

static void relax(void)
{
	__asm__ volatile("or 1, 1, 1" ::: "memory");
}

/* Boot thread: let the secondaries in and wait (bounded) for the expected
 * number to check in. Returns the number of virtual processors. */
unsigned smp_init(unsigned expected_threads, uint64_t tb_ms)
{
	uint64_t t0 = mftb();

	tb_per_ms = tb_ms;
	/* the boot thread is processor 0: running the partition, kickable by
	 * a doorbell to its PIR when another processor raises its interrupt */
	vcpus[0].pir = (uint32_t)mfspr(1023); /* PIR */
	vcpus[0].state = STATE_RUNNING;
	__asm__ volatile("sync" ::: "memory");
	smp_bss_ready = 1;
	while (nvcpus < expected_threads && nvcpus < MAX_VCPUS && mftb() - t0 < 200 * tb_ms) {
		if (vcpus[nvcpus].present)
			nvcpus++;
		else
			relax();
	}
	__asm__ volatile("or 2, 2, 2; sync" ::: "memory");
	return nvcpus;
}

void smp_lpar_ready(void)
{
	__asm__ volatile("sync" ::: "memory");
	lpar_ready = 1;
}

static noreturn void park(struct vcpu *v)
{
	for (;;) {
		v->state = STATE_STOPPED;
		while (!v->start)
			relax();
		__asm__ volatile("or 2, 2, 2; isync" ::: "memory");
		v->start = 0;
		v->state = STATE_RUNNING;
		lpar_enter_thread(lpar_ile());
		pnv_enter_guest_r3(v->entry, MSR_SF | MSR_ME | (lpar_ile() ? MSR_LE : 0), v->r3);
	}
}

noreturn void pnv_secondary(uint32_t slot, uint32_t pir)
{
	struct vcpu *v = &vcpus[slot + 1];
	uint64_t msr;

	__asm__ volatile("mfmsr %0" : "=r"(msr));
	__asm__ volatile("mtmsrd %0; isync" ::"r"(msr | MSR_ME));
	mtspr(SPRN_HID0, mfspr(SPRN_HID0) | HID0_HILE);
	__asm__ volatile("isync");
	v->pir = pir;
	v->frame.vcpu = slot + 1;
	v->frame.sp = (uint64_t)(uintptr_t)(smp_stacks + ((uint64_t)(slot + 1) << SMP_STACK_SHIFT) - 256);
	__asm__ volatile("mr %0, 2" : "=r"(v->frame.toc));
	mtspr(SPRN_HSPRG0, (uint64_t)(uintptr_t)&v->frame);
	v->state = STATE_STOPPED;
	__asm__ volatile("sync" ::: "memory");
	v->present = 1;
	while (!lpar_ready)
		relax();
	park(v);
}

static struct pnv_frame *current_frame(void)
{
	return (struct pnv_frame *)(uintptr_t)mfspr(SPRN_HSPRG0);
}

int plat_cpu_state(uint32_t cpu)
{
	if (cpu == 0)
		return STATE_RUNNING;
	if (cpu >= nvcpus)
		return -1;
	return (int)vcpus[cpu].state;
}

int plat_start_cpu(uint32_t cpu, uint64_t entry, uint64_t r3)
{
	struct vcpu *v;

	if (cpu == 0 || cpu >= nvcpus || !gmem_ok(entry, 4) || (entry & 3))
		return -1;
	v = &vcpus[cpu];
	if (v->state != STATE_STOPPED || v->start)
		return -1;
	v->entry = entry;
	v->r3 = r3;
	v->state = STATE_RUNNING;
	__asm__ volatile("sync" ::: "memory");
	v->start = 1;
	return 0;
}

/* stop-self from a secondary: never returns to the guest on this thread. */
int plat_stop_self(void)
{
	struct pnv_frame *f = current_frame();

	if (f->vcpu == 0 || f->vcpu >= nvcpus)
		return -1;
	f->busy = 0;
	shim_unlock();
	park(&vcpus[f->vcpu]);
}

/* Partition reboot (main.c plat_reboot, processor 0, lock held): every
 * other processor parks at its next entry into the shim (pnv_trap sees
 * smp_rebooting); an idle one enters within an H_CEDE slice, a running one
 * is kicked with a doorbell. Bounded: 0 once all are stopped, else -1. */
volatile uint32_t smp_rebooting;

int smp_park_all(void)
{
	uint64_t t0 = mftb();
	bool all;

	smp_rebooting = 1;
	__asm__ volatile("sync" ::: "memory");
	for (unsigned i = 1; i < nvcpus; i++)
		plat_kick(i);
	shim_unlock();
	do {
		all = true;
		for (unsigned i = 1; i < nvcpus; i++)
			all &= vcpus[i].state == STATE_STOPPED && !vcpus[i].start;
		if (!all)
			relax();
	} while (!all && mftb() - t0 < 1000 * tb_per_ms);
	__asm__ volatile("or 2, 2, 2" ::: "memory");
	shim_lock();
	smp_rebooting = 0;
	return all ? 0 : -1;
}

/* One lock around the handlers: the guest's processors share the device
 * tree, the console and the presentation controller. */
static volatile uint32_t shim_lock_word;

void shim_lock(void)
{
	while (__atomic_exchange_n(&shim_lock_word, 1, __ATOMIC_ACQUIRE))
		while (shim_lock_word)
			relax();
	__asm__ volatile("or 2, 2, 2" ::: "memory");
}

void shim_unlock(void)
{
	__atomic_store_n(&shim_lock_word, 0, __ATOMIC_RELEASE);
}

/* Make a processor that is running guest code enter the shim, so that a
 * newly presented interrupt reaches it: a directed hypervisor doorbell
 * (msgsnd, message type 5 = hypervisor doorbell, tag = target PIR; Power
 * ISA v3.0B Book III "Processor Control"), taken at 0xe80 by that thread
 * while it runs the partition. */
#define DBELL_TYPE_HV (5ull << 27)

void plat_kick(unsigned vcpu)
{
	register uint64_t rb __asm__("r3");

	if (vcpu >= nvcpus || vcpu == current_frame()->vcpu || vcpus[vcpu].state != STATE_RUNNING)
		return;
	rb = DBELL_TYPE_HV | vcpus[vcpu].pir;
	__asm__ volatile("sync; .long 0x7c00199c" /* msgsnd r3 */ ::"r"(rb) : "memory");
}

/* At 0xe80: consume the doorbell (msgclr) */
void smp_doorbell_clear(void)
{
	register uint64_t rb __asm__("r3") = DBELL_TYPE_HV;

	__asm__ volatile(".long 0x7c0019dc" /* msgclr r3 */ ::"r"(rb) : "memory");
}
