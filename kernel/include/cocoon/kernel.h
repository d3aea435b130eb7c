/* Kernel-wide helpers: printing, panics, alignment. */
#ifndef COCOON_KERNEL_H
#define COCOON_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <cocoon/format.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
void kputs(const char *s);

/* Fatal error: prints "PANIC: ..." and powers off with a failure status. */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Orderly end of the boot: prints the status line and powers off. */
noreturn void kernel_exit(int status);
/* kernel/shutdown.c: teardown, then power-off (or reboot=once), see there */
noreturn void kernel_shutdown(int status);

#endif
