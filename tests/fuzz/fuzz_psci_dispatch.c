/* libFuzzer target: the arm64 shim's PSCI provider (shim/arch/arm64/psci.c)
 * fed sequences of calls with arbitrary registers from up to four vCPUs.
 * The platform's PSCI (firmware_smc) is modelled: CPU_ON of an off PE starts
 * it, CPU_OFF "fails" (on hardware it does not return), the rest answer
 * NOT_SUPPORTED. Checked after every call: only DEN0022 return codes, and
 * CPU_ON's answers agree with the vCPU table (INVALID_PARAMETERS for an
 * unknown MPIDR, INVALID_ADDRESS for an entry outside guest RAM or
 * misaligned, ALREADY_ON for a running vCPU, and the entry recorded on
 * success).
 * Input: records of 26 bytes: caller, FID selector, x1, x2, x3 (LE). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <shim/shim.h>

#include "hyp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_SYSTEM_RESET 0x84000009u

struct vcpu vcpus[MAX_CPUS];
unsigned nr_vcpus;
char shim_secondary_entry[4];
static uint64_t resets;

int shim_printf(const char *fmt, ...) { (void)fmt; return 0; }
void sdei_cpu_reset(unsigned cpu) { (void)cpu; resets++; }
uint64_t sdei_dispatch_count(void) { return 0; }

uint64_t firmware_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1, (void)a2, (void)a3;
	switch ((uint32_t)fid) {
	case PSCI_CPU_ON_64:
		return (uint64_t)(a3 < nr_vcpus ? 0 : -2); /* the shim passes its index */
	case PSCI_CPU_OFF:
		return (uint64_t)-3; /* DENIED: the "returns only on failure" path */
	case PSCI_VERSION:
		return 0x10001;
	}
	return (uint64_t)-1;
}

static const uint32_t fids[] = {
	PSCI_VERSION, PSCI_CPU_OFF, PSCI_CPU_ON_32, PSCI_CPU_ON_64, PSCI_SYSTEM_OFF,
	PSCI_SYSTEM_RESET, 0x84000004u /* AFFINITY_INFO */, 0x8400000Au /* FEATURES */,
};

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool psci_code_ok(int64_t r)
{
	return r == 0 || (r >= -9 && r <= -1) || r == 0x10001;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct el2_frame f;

	/* guest RAM [0x40000000, +256 MiB) backed at 0x40400000, as on QEMU virt */
	guest_ram_set(0x40000000ull, 256ull << 20, 0x40400000ull);
	nr_vcpus = size ? 1 + data[0] % MAX_CPUS : 1;
	memset(vcpus, 0, sizeof(vcpus));
	for (unsigned i = 0; i < nr_vcpus; i++)
		vcpus[i].mpidr = i == 0 ? 0 : (uint64_t)i << 8 | i;
	vcpus[0].on = true;
	for (size_t off = 1; off + 26 <= size; off += 26) {
		const uint8_t *p = data + off;
		unsigned cpu = p[0] % nr_vcpus;
		uint32_t fid = p[1] < 0xc0 ? fids[p[1] % (sizeof(fids) / sizeof(fids[0]))]
					   : 0x84000000u | (p[1] & 0x1f);
		uint64_t x1 = le64(p + 2), x2 = le64(p + 10), x3 = le64(p + 18);
		bool was_on[MAX_CPUS];
		int t = -1;

		if (!vcpus[cpu].on)
			continue; /* an off vCPU makes no calls */
		for (unsigned i = 0; i < nr_vcpus; i++)
			was_on[i] = vcpus[i].on;
		if (fid == PSCI_CPU_ON_32)
			x1 = (uint32_t)x1, x2 = (uint32_t)x2, x3 = (uint32_t)x3;
		memset(&f, 0, sizeof(f));
		f.g.x[0] = fid;
		f.g.x[1] = x1;
		f.g.x[2] = x2;
		f.g.x[3] = x3;
		psci_call(cpu, &f);
		if (!psci_code_ok((int64_t)f.g.x[0]))
			abort();
		if (fid != PSCI_CPU_ON_32 && fid != PSCI_CPU_ON_64) {
			if (!vcpus[cpu].on) /* CPU_OFF failed: still on */
				abort();
			continue;
		}
		for (unsigned i = 0; i < nr_vcpus; i++)
			if (vcpus[i].mpidr == x1)
				t = (int)i;
		if (t < 0) {
			if ((int64_t)f.g.x[0] != -2)
				abort();
		} else if ((x2 & 3) || !guest_ipa_range_ok(x2, 4)) {
			if ((int64_t)f.g.x[0] != -9)
				abort();
		} else if (was_on[t]) {
			if ((int64_t)f.g.x[0] != -4 || !vcpus[t].on)
				abort();
		} else if (f.g.x[0] != 0 || !vcpus[t].on || vcpus[t].entry != x2 ||
			   vcpus[t].context != x3) {
			abort();
		}
	}
	return 0;
}
