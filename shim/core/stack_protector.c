/* Stack protector for the shims (-fstack-protector-strong from the Makefile's
 * shim block, global guard like the guest's kernel/stack_protector.c). The
 * shim has no entropy source it trusts before the guest runs, so the guard is
 * a constant with a zero low byte (a string overflow cannot reproduce it);
 * it still turns a stack overflow into a clean panic instead of a hijack.
 * shim.fault=smash overflows a buffer on purpose (the harness's check). */
#include <stdint.h>
#include <string.h>

#include <shim/shim.h>

uintptr_t __stack_chk_guard = (uintptr_t)0x2f8e5c13a7d94b00ull;

noreturn void __stack_chk_fail(void);
noreturn void __stack_chk_fail(void)
{
	shim_panic("stack smashing detected in the shim (stack protector guard overwritten)\n");
}

static volatile size_t smash_len = 64;

__attribute__((noinline)) static void overflow_stack_buffer(void)
{
	char buf[16];

	memset(buf, 0x5a, smash_len); /* 64 bytes into 16: the guard goes */
	__asm__ volatile("" : : "r"(buf) : "memory");
}

void shim_fault_smash(void)
{
	if (!shim_fault("smash"))
		return;
	shim_printf("overflowing a shim stack buffer on purpose (shim.fault=smash)\n");
	overflow_stack_buffer();
	shim_printf("shim stack overflow went undetected\n");
}
