/* Fuzz target: a hostile guest driving the shim's SDEI dispatcher
 * (shim/arch/arm64/sdei.c) on two PEs with arbitrary calls (some through the
 * trap's fast paths), interleaved with dispatches, platform triggers, bound
 * interrupts and PE resets. The input is
 * a program of 5-byte ops. Checked after every op: no sanitizer report, the
 * lock is balanced, and every event's STATUS is a state of the DEN0054 state
 * machine (0, --G, -EG, REG, R-G or R--) or INVALID_PARAMETERS. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../shim/arch/arm64/sdei.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int locks;
bool sdei_arch_entry_ok(uint64_t a)
{
	return !(a & 3) && a >= 0x40000000 && a < 0x60000000;
}
uint64_t sdei_arch_handler_pstate(uint64_t interrupted)
{
	return 0x3c5 | (interrupted & 0xf0000000);
}
void sdei_arch_set_resume_regs(uint64_t elr, uint64_t spsr)
{
	(void)elr;
	(void)spsr;
}
int sdei_arch_irq_claim(unsigned intid)
{
	return intid < 16 || intid > 1019 ? abort(), -1 : intid == 100 ? -1 : 0;
}
void sdei_arch_irq_release(unsigned intid)
{
	if (intid < 16 || intid > 1019)
		abort();
}
void sdei_arch_irq_enable(unsigned intid, bool on)
{
	(void)on;
	if (intid < 16 || intid > 1019)
		abort();
}
void sdei_arch_kick(unsigned cpu)
{
	if (cpu >= 2)
		abort();
}
void sdei_arch_lock(void)
{
	if (locks++)
		abort(); /* not recursive */
}
void sdei_arch_unlock(void)
{
	if (--locks)
		abort();
}

static const uint64_t vals[32] = {
	0, 1, 2, 3, 0x10, 0x20, 0x21, 0x100, 0x101, 0x200, 0x201, 0x7777,
	UINT64_MAX, 27, 250, 1020, 0x40201000, 0x1000, 0x40201002, 0x5ffffffc, 0x60000000,
	0x80000000, 5, 17, 18, 100, 0xffffffff, 0x100000000ull, 16, 1019, 4, 0xfc,
};
static const uint64_t events[] = { 0, 0x10, 0x20, 0x21, 0x100, 0x101, 0x200, 0x201 };

static void check_states(void)
{
	struct sdei_frame s;

	for (unsigned cpu = 0; cpu < 2; cpu++)
		for (unsigned i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
			int64_t st;

			memset(&s, 0, sizeof(s));
			s.x[0] = SDEI_EVENT_STATUS;
			s.x[1] = events[i];
			sdei_call(cpu, &s);
			st = (int64_t)s.x[0];
			if (!(st == 0 || st == 1 || st == 3 || st == 4 || st == 5 || st == 7 ||
			      st == SDEI_INVALID_PARAMETERS))
				abort();
		}
	if (locks)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t mpidr[2] = { 0, 1 };
	struct sdei_frame f[2];

	sdei_init(2, mpidr, true);
	memset(f, 0, sizeof(f));
	for (size_t i = 0; i + 5 <= size; i += 5) {
		const uint8_t *op = data + i;
		unsigned cpu = op[0] >> 7;
		struct sdei_frame *fr = &f[cpu];

		switch (op[0] & 7) {
		case 0: /* a call: fid in the SDEI range, three arguments from the table */
		case 1:
		case 2:
			fr->x[0] = SDEI_FID_FIRST + (op[1] & 0x1f);
			fr->x[1] = vals[op[2] & 31];
			fr->x[2] = vals[op[3] & 31];
			fr->x[3] = vals[op[4] & 31];
			fr->x[4] = vals[((op[2] >> 5) | (op[3] >> 5) << 3) & 31];
			fr->x[5] = vals[op[4] >> 3 & 31];
			/* bit 5: as trap.c does for HVC, the COMPLETE and SIGNAL fast paths first */
			if (!(op[1] & 0x20) ||
			    !(sdei_complete_fast(cpu, fr) || sdei_signal_fast(cpu, fr)))
				sdei_call(cpu, fr);
			break;
		case 3:
			sdei_dispatch_pending(cpu, fr);
			break;
		case 4:
			sdei_trigger(cpu, vals[op[1] & 31], vals[op[2] & 31]);
			break;
		case 5:
			sdei_interrupt(cpu, (unsigned)(vals[op[1] & 31] & 1023));
			break;
		case 6: /* the guest runs: clobbers registers, moves on */
			for (int r = 0; r < 31; r++)
				fr->x[r] = (uint64_t)op[1 + (r & 3)] * 0x0101010101010101ull;
			fr->pc = vals[op[2] & 31];
			fr->pstate = op[3];
			break;
		case 7:
			if (op[1] == 0x5a)
				sdei_cpu_reset(cpu);
			break;
		}
		check_states();
	}
	return 0;
}
