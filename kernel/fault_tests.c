/* Deliberate faults requested on the command line, for the harness's negative
 * tests: each must end the boot with a clear report and a failing status.
 *   test.trap   an unexpected exception -> register dump, exit status 4
 *   test.smash  a stack buffer overflow  -> stack protector panic, exit status 3
 *   test.wx     a store into kernel text  -> where the image is mapped W^X (arm64,
 *               ppc64 radix) a protection fault, exit status 4; in real mode the
 *               store goes through and the boot says so
 *   test.stack_overflow  unbounded recursion -> with the stack guard pages
 *               (issue 10) a fault in the guard page below the stack, reported
 *               from an emergency stack, exit status 4 */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/cmdline.h>
#include <cocoon/fault_tests.h>
#include <cocoon/kernel.h>

static volatile size_t smash_len = 64;

__attribute__((noinline)) static void overflow_stack_buffer(void)
{
	char buf[16];

	/* writes 64 bytes into 16: the guard slot above buf is overwritten */
	memset(buf, 0x5a, smash_len);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

static volatile unsigned long recursion_limit = ~0ul;

/* Each level keeps a 256-byte buffer live, so the frames cannot be merged
 * and the call cannot become a loop. */
__attribute__((noinline)) unsigned long stack_recurse(unsigned long depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	if (depth >= recursion_limit)
		return pad[0];
	return stack_recurse(depth + 1) + pad[0];
}

void run_requested_faults(void)
{
	if (cmdline_flag(&boot_cmdline, "test.smash")) {
		kprintf("cocoon: overflowing a stack buffer on purpose (test.smash)\n");
		overflow_stack_buffer();
		kprintf("cocoon: stack overflow went undetected\n");
	}
	if (cmdline_flag(&boot_cmdline, "test.wx")) {
		volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)&run_requested_faults;

		kprintf("cocoon: storing into kernel text at %p on purpose (test.wx)\n",
			(void *)(uintptr_t)text);
		*text = *text; /* the same word back: harmless if it lands */
		kprintf("cocoon: the store into kernel text went through: text is writable here\n");
	}
	if (cmdline_flag(&boot_cmdline, "test.stack_overflow")) {
		kprintf("cocoon: recursing until the stack overflows on purpose (test.stack_overflow)\n");
		kprintf("cocoon: the recursion ended without a fault (%lu)\n", stack_recurse(0));
	}
	if (cmdline_flag(&boot_cmdline, "test.trap")) {
		kprintf("cocoon: raising an unexpected trap on purpose (test.trap)\n");
		arch_raise_unexpected_trap();
	}
}
