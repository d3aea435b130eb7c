/* SBI v3.0 (RISC-V Supervisor Binary Interface): the numbers both sides speak,
 * in one place: extension IDs (chapter 3 and each extension's chapter),
 * function IDs, error codes (table 1). The guest's client is
 * kernel/arch/riscv/sbi*.c, the shim's provider shim/arch/riscv/sbi*.c; both
 * include this header. */
#ifndef COCOON_SBI_ABI_H
#define COCOON_SBI_ABI_H

/* Extension IDs */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_LEGACY_LAST 0x0f
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E
#define SBI_EXT_FWFT 0x46574654

/* BASE (chapter 4) */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6
#define SBI_SPEC_VERSION_3_0 (3ul << 24)
/* Implementation ID of this shim: not in the SBI table of assigned IDs (which
 * ends at 11), "COCO" in ASCII. The guest's abuse suites key on it. */
#define SHIM_SBI_IMPL_ID 0x434F434Ful
#define SHIM_SBI_IMPL_VERSION 0x1ul

/* HSM (chapter 9) */
#define SBI_HSM_HART_START 0
#define SBI_HSM_HART_STOP 1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_HART_SUSPEND 3
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1
#define SBI_HSM_START_PENDING 2
#define SBI_HSM_STOP_PENDING 3
#define SBI_HSM_SUSPEND_RETENTIVE 0x00000000ul
#define SBI_HSM_SUSPEND_NON_RETENTIVE 0x80000000ul

/* RFENCE (chapter 8) */
#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA 1
#define SBI_RFENCE_SFENCE_VMA_ASID 2

/* SRST (chapter 10) */
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1
#define SBI_SRST_REASON_SBI_FIRST 0xF0000000ul /* 0xF0000000-0xFFFFFFFF: SBI impl */

/* DBCN (chapter 12) */
#define SBI_DBCN_WRITE 0
#define SBI_DBCN_READ 1
#define SBI_DBCN_WRITE_BYTE 2

/* FWFT (chapter 18) */
#define SBI_FWFT_SET 0
#define SBI_FWFT_GET 1
#define SBI_FWFT_SET_FLAG_LOCK 1ul
#define SBI_FWFT_MISALIGNED_EXC_DELEG 0
#define SBI_FWFT_LANDING_PAD 1
#define SBI_FWFT_SHADOW_STACK 2
#define SBI_FWFT_DOUBLE_TRAP 3
#define SBI_FWFT_PTE_AD_HW_UPDATING 4
#define SBI_FWFT_POINTER_MASKING_PMLEN 5
#define SBI_FWFT_NR_FEATURES 6

/* Error codes (table 1) */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_DENIED -4
#define SBI_ERR_INVALID_ADDRESS -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED -7
#define SBI_ERR_ALREADY_STOPPED -8
#define SBI_ERR_NO_SHMEM -9
#define SBI_ERR_INVALID_STATE -10
#define SBI_ERR_BAD_RANGE -11
#define SBI_ERR_TIMEOUT -12
#define SBI_ERR_IO -13
#define SBI_ERR_DENIED_LOCKED -14

#endif
