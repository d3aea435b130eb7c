/* Stack protector support (-fstack-protector-strong, global guard). The guard
 * starts as a constant so code running before stack_guard_init() is covered
 * too; kmain() then mixes in the boot-time counter. The low byte is kept zero
 * so a string overflow cannot reproduce the guard (terminator canary). */
#include <stdint.h>

#include <cocoon/arch.h>
#include <cocoon/kernel.h>

uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbd94fda700ull;

noreturn void __stack_chk_fail(void);
noreturn void __stack_chk_fail(void)
{
	panic("stack smashing detected (stack protector guard overwritten)");
}

/* Must be called from a function that never returns (kmain): every frame
 * live at this moment keeps its old canary. */
void stack_guard_init(void)
{
	uint64_t c = arch_counter();

	c ^= c << 29 ^ c >> 17;
	__stack_chk_guard ^= (uintptr_t)(c * 0x9e3779b97f4a7c15ull) & ~(uintptr_t)0xff;
}
