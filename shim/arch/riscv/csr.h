/* CSR access for the shim (HS-mode). H-extension CSRs by name assemble with
 * clang-19 without +h; vstimecmp (Sstc) is used by number. */
#ifndef SHIM_RISCV_CSR_H
#define SHIM_RISCV_CSR_H

#define csr_read(csr)                                             \
	({                                                        \
		unsigned long __v;                                \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v)); \
		__v;                                              \
	})
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"((unsigned long)(val)) : "memory")
#define csr_set(csr, val) __asm__ volatile("csrs " #csr ", %0" ::"rK"((unsigned long)(val)) : "memory")
#define csr_clear(csr, val) __asm__ volatile("csrc " #csr ", %0" ::"rK"((unsigned long)(val)) : "memory")

#define CSR_VSTIMECMP 0x24D

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_VS (3ul << 9)
#define SSTATUS_VS_INITIAL (1ul << 9)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_FS_INITIAL (1ul << 13)
#define HSTATUS_SPV (1ul << 7)
#define HSTATUS_SPVP (1ul << 8)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_VS_SOFT 2
#define IRQ_VS_TIMER 6
#define IRQ_VS_EXT 10
#define SCAUSE_IRQ (1ul << 63)

static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, zero\n.option pop" ::: "memory");
}

static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.vvma zero, zero\n.option pop" ::: "memory");
}

#endif
