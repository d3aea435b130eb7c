/* Start-up self-test: does VS-mode pointer masking follow henvcfg.PMM, as the
 * Ssnpm spec says? QEMU <= 10.x applies menvcfg.PMM to VS-mode instead (fixed
 * upstream by "target/riscv: Fix pointer masking PMM field selection logic"),
 * and henvcfg.PMM reads back fine there, so only running VS code can tell.
 * A two-instruction probe (entry.S) loads through a tagged guest physical
 * address: stage 1 with henvcfg.PMM only; if that faults, stage 2 also sets
 * the firmware's FWFT POINTER_MASKING_PMLEN (menvcfg.PMM). Stage 2 working
 * means the quirk: the shim then mirrors every guest PMLEN into the firmware.
 * Neither working means no pointer masking is offered to the guest. */
#include <string.h>

#include "csr.h"
#include "fw.h"
#include "shim.h"

#define PROBE_TAG (0x7Full << 57) /* fits PMLEN 7 and 16 */

extern char pm_probe_code[], pm_probe_code_end[];
static int stage; /* 0 = not probing */

bool pm_probe_active(void)
{
	return stage != 0;
}

static unsigned long probe_pmlen(void)
{
	return shim_vm.pmlen7 ? 7 : 16;
}

static noreturn void run(struct vcpu *v)
{
	struct vm *vm = &shim_vm;

	memcpy((void *)vm->ram_hva, pm_probe_code, (size_t)(pm_probe_code_end - pm_probe_code));
	__asm__ volatile("fence.i" ::: "memory");
	memset(v->x, 0, sizeof(v->x));
	v->x[11] = PROBE_TAG | (vm->ram_gpa + 0x100);
	v->sepc = vm->ram_gpa;
	v->sstatus = (csr_read(sstatus) | SSTATUS_SPP) & ~(SSTATUS_SPIE | SSTATUS_SIE);
	v->hstatus = csr_read(hstatus) | HSTATUS_SPV | HSTATUS_SPVP;
	csr_write(vsatp, 0);
	csr_write(hedeleg, 0); /* every outcome comes back to us */
	csr_write(henvcfg, sbi_henvcfg_base(vm) |
				   (probe_pmlen() == 7 ? ENVCFG_PMM_PMLEN7 : ENVCFG_PMM_PMLEN16));
	hfence_vvma_all();
	shim_vcpu_resume(v);
}

noreturn void pm_probe_start(struct vcpu *v)
{
	stage = 1;
	run(v);
}

noreturn void pm_probe_done(struct vcpu *v, bool load_ok)
{
	struct vm *vm = &shim_vm;

	if (stage == 1 && load_ok) {
		shim_printf("pointer masking: VS-mode follows henvcfg.PMM (spec behaviour)\n");
	} else if (stage == 1 && vm->fw_pmlen &&
		   !shim_host_ops.fw_fwft_set(SBI_FWFT_POINTER_MASKING_PMLEN, probe_pmlen())) {
		stage = 2;
		run(v);
	} else if (stage == 2 && load_ok) {
		vm->pm_quirk = true;
		shim_printf("QEMU quirk: VS-mode pointer masking follows menvcfg.PMM, not henvcfg.PMM; "
			    "guest PMLEN is mirrored into the firmware's FWFT\n");
	} else {
		vm->pmlen7 = vm->pmlen16 = false;
		shim_printf("pointer masking: henvcfg.PMM has no effect%s; not offered to the guest\n",
			    vm->fw_pmlen ? "" : " and the firmware has no FWFT PMLEN");
	}
	if (stage == 2)
		shim_host_ops.fw_fwft_set(SBI_FWFT_POINTER_MASKING_PMLEN, 0);
	stage = 0;
	memset((void *)vm->ram_hva, 0, 4096);
	csr_write(henvcfg, sbi_henvcfg_base(vm));
	shim_boot_finish();
}
