/* Device register access and the barriers that order it against DMA memory.
 * Little-endian devices (PCI, virtio) on little-endian CPUs: no byte swaps.
 * Each access is one instruction: a hypervisor can only emulate a plain
 * load/store (Arm ARM ESR_ELx.ISV; a split access to a register is wrong). */
#ifndef COCOON_IO_H
#define COCOON_IO_H

#include <stdint.h>

#if defined(__aarch64__)
/* Ring memory is Normal, registers Device: a DSB orders the two
 * (Arm ARM B2.3, "Ordering of memory accesses"; Linux uses dsb st in writel). */
#define io_wmb() __asm__ volatile("dsb st" ::: "memory")
#define io_rmb() __asm__ volatile("dsb ld" ::: "memory")
#define io_mb() __asm__ volatile("dsb sy" ::: "memory")
#define IO_ACCESSORS(bits, type, ld, st, reg)                                        \
	static inline type io_read##bits(uintptr_t a)                                \
	{                                                                            \
		type v;                                                              \
		__asm__ volatile(ld " %" reg "0, [%1]" : "=r"(v) : "r"(a) : "memory"); \
		return v;                                                            \
	}                                                                            \
	static inline void io_write##bits(uintptr_t a, type v)                       \
	{                                                                            \
		__asm__ volatile(st " %" reg "0, [%1]" ::"rZ"(v), "r"(a) : "memory");  \
	}
IO_ACCESSORS(8, uint8_t, "ldrb", "strb", "w")
IO_ACCESSORS(16, uint16_t, "ldrh", "strh", "w")
IO_ACCESSORS(32, uint32_t, "ldr", "str", "w")
#undef IO_ACCESSORS
#else
#if defined(__riscv)
/* RVWMO: fence with the I/O bits orders memory against device accesses
 * (RISC-V unprivileged spec, "Memory ordering instructions"). */
#define io_wmb() __asm__ volatile("fence w,ow" ::: "memory")
#define io_rmb() __asm__ volatile("fence ir,r" ::: "memory")
#define io_mb() __asm__ volatile("fence iorw,iorw" ::: "memory")
#elif defined(__powerpc64__)
#define io_wmb() __asm__ volatile("sync" ::: "memory")
#define io_rmb() __asm__ volatile("sync" ::: "memory")
#define io_mb() __asm__ volatile("sync" ::: "memory")
#else /* host unit tests */
#define io_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define io_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define io_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#define IO_ACCESSORS(bits, type)                                                     \
	static inline type io_read##bits(uintptr_t a)                                \
	{                                                                            \
		return *(volatile type *)a;                                          \
	}                                                                            \
	static inline void io_write##bits(uintptr_t a, type v)                       \
	{                                                                            \
		*(volatile type *)a = v;                                             \
	}
IO_ACCESSORS(8, uint8_t)
IO_ACCESSORS(16, uint16_t)
IO_ACCESSORS(32, uint32_t)
#undef IO_ACCESSORS
#endif

#endif
