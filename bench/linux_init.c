/* The Linux peer's /init: prints the arch counter at the moment user space runs
 * ("ready at <ticks> ticks") on /dev/console and powers the machine off. A
 * freestanding static binary (no libc): raw Linux system calls only, built by
 * bench/build-linux-init for each target. The counter is the same one cocoon
 * prints at its ready line (rdtime, CNTVCT_EL0, the timebase), which Linux lets
 * user space read, so both guests are measured from the same origin: reset. */
typedef unsigned long u64;

#define AT_FDCWD -100
#define O_WRONLY 1
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

#if defined(__aarch64__)
#define NR_openat 56
#define NR_write 64
#define NR_reboot 142
#define NR_exit 93
static long sys(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c, x3 __asm__("x3") = d;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}
static u64 counter(void)
{
	u64 v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}
#elif defined(__riscv)
#define NR_openat 56
#define NR_write 64
#define NR_reboot 142
#define NR_exit 93
static long sys(long n, long a, long b, long c, long d)
{
	register long a7 __asm__("a7") = n, a0 __asm__("a0") = a, a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c, a3 __asm__("a3") = d;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
	return a0;
}
static u64 counter(void)
{
	u64 v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}
#elif defined(__powerpc64__)
#define NR_openat 286
#define NR_write 4
#define NR_reboot 88
#define NR_exit 1
static long sys(long n, long a, long b, long c, long d)
{
	register long r0 __asm__("r0") = n, r3 __asm__("r3") = a, r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c, r6 __asm__("r6") = d;
	/* sc: on error cr0.SO is set and r3 holds the positive errno */
	__asm__ volatile("sc\n\tbns+ 1f\n\tneg %1, %1\n1:"
			 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
			 :
			 : "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "memory");
	return r3;
}
static u64 counter(void)
{
	u64 v;
	__asm__ volatile("mftb %0" : "=r"(v));
	return v;
}
#else
#error "unsupported target"
#endif

static unsigned put_u64(char *p, u64 v)
{
	char tmp[20];
	unsigned n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static unsigned put_str(char *p, const char *s)
{
	unsigned n = 0;

	while (s[n]) {
		p[n] = s[n];
		n++;
	}
	return n;
}

__attribute__((noreturn, used)) void _start(void)
{
	u64 now = counter();
	char line[80];
	unsigned n = 0;
	long fd;

	n += put_str(line + n, "linux: ready at ");
	n += put_u64(line + n, now);
	n += put_str(line + n, " ticks\n");
	/* the kernel opened /dev/console as fd 1 when it could; open it again in
	 * case it could not, so the line reaches the console either way */
	fd = sys(NR_openat, AT_FDCWD, (long)"/dev/console", O_WRONLY, 0);
	sys(NR_write, fd >= 0 ? fd : 1, (long)line, n, 0);
	sys(NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0);
	for (;;)
		sys(NR_exit, 0, 0, 0, 0);
}
