/* The powernv HV shim: what its files share. Hypervisor-call numbers and
 * return codes: LoPAPR (hcall interface); KVMPPC_* are QEMU/KVM private. */
#ifndef PNV_H
#define PNV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pnv_frame.h"

#define H_SUCCESS 0
#define H_HARDWARE (-1)
#define H_FUNCTION (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)
#define H_P2 (-55)
#define H_P3 (-56)
#define H_P4 (-57)
#define H_P5 (-58)
#define H_UNSUPPORTED (-67)
#define H_UNSUPPORTED_FLAG (-256)

#define H_GET_TERM_CHAR 0x54
#define H_PUT_TERM_CHAR 0x58
#define H_PAGE_INIT 0x2c
#define H_EOI 0x64
#define H_CPPR 0x68
#define H_IPI 0x6c
#define H_IPOLL 0x70
#define H_XIRR 0x74
#define H_XIRR_X 0x2fc
#define H_INT_GET_SOURCE_INFO 0x3a8
#define H_INT_SET_SOURCE_CONFIG 0x3ac
#define H_INT_GET_SOURCE_CONFIG 0x3b0
#define H_INT_GET_QUEUE_INFO 0x3b4
#define H_INT_SET_QUEUE_CONFIG 0x3b8
#define H_INT_GET_QUEUE_CONFIG 0x3bc
#define H_INT_SET_OS_REPORTING_LINE 0x3c0
#define H_INT_GET_OS_REPORTING_LINE 0x3c4
#define H_INT_ESB 0x3c8
#define H_INT_SYNC 0x3cc
#define H_INT_RESET 0x3d0
#define H_CEDE 0xe0
#define H_PROD 0xe8 /* LoPAPR: 0xe4 is H_CONFER */
#define H_RANDOM 0x300
#define H_SET_MODE 0x31c
#define H_REGISTER_PROC_TBL 0x37c
#define KVMPPC_H_RTAS 0xf000
#define KVMPPC_H_VOF_CLIENT 0xf005

#define PNV_MSR_EE (1ull << 15)
#define PNV_MSR_PR (1ull << 14)

/* uv.c: the ultravisor model. Ultracall numbers: Linux
 * asm/ultravisor-api.h and the reference ultravisor's include/uapi_uvcall.h
 * (open-power/ultravisor); H_SVM_* (hcalls the ultravisor makes to the
 * hypervisor): Linux asm/hvcall.h. Return codes: ultravisor-api.h defines
 * each U_* as the hcall code of the same name (U_PERMISSION = H_PERMISSION
 * = -11, U_P2 = H_P2 = -55, ...), as does uapi_uvcall.h. U_INVALID ("the
 * VM is not secure", ultravisor.rst) has no published value in either: the
 * reference ultravisor returns U_PERMISSION in that case (core/uvcall.c,
 * syscall_ultracall(): "Called from non-Secure context"), so we do too. */
#define UV_WRITE_PATE 0xf104
#define UV_ESM 0xf110
#define UV_RETURN 0xf11c
#define UV_REGISTER_MEM_SLOT 0xf120
#define UV_UNREGISTER_MEM_SLOT 0xf124
#define UV_PAGE_IN 0xf128
#define UV_PAGE_OUT 0xf12c
#define UV_SHARE_PAGE 0xf130
#define UV_UNSHARE_PAGE 0xf134
#define UV_PAGE_INVAL 0xf138
#define UV_SVM_TERMINATE 0xf13c
#define UV_UNSHARE_ALL_PAGES 0xf140
#define H_SVM_PAGE_IN 0xef00
#define H_SVM_PAGE_OUT 0xef04
#define H_SVM_INIT_START 0xef08
#define H_SVM_INIT_DONE 0xef0c
#define H_SVM_INIT_ABORT 0xef14
#define H_PERMISSION (-11)
#define U_SUCCESS H_SUCCESS
#define U_FUNCTION H_FUNCTION
#define U_PARAMETER H_PARAMETER
#define U_P2 H_P2
#define U_PERMISSION H_PERMISSION
#define U_INVALID U_PERMISSION
#define UV_MAX_GUEST_BYTES (1ull << 30)
void uv_reset(void);
bool uv_is_secure(void);
unsigned long uv_violations(void);
const char *uv_set_actor(const char *who); /* names the device in violation logs */
void uv_set_image(uint64_t gpa, uint64_t len);
uint64_t uv_image_measurement(void); /* of the image uv_set_image() measured */
bool uv_access_ok(uint64_t gpa, uint64_t len);
bool uv_is_ultracall(uint64_t token);
/* 0 if the partition, in its current mode, may make this call; else the
 * documented refusal (logged). One check for every hcall and ultracall. */
long uv_mode_check(uint64_t token);
long uv_call(uint64_t *r);
/* shared pages now (a secure partition; 0 for a normal one), and the report
 * of them at power-off or reboot: count and the first few pages */
uint64_t uv_shared_count(void);
void uv_report_shared(const char *when);
/* [gpa, gpa + len) is all shared: no violation logged (the ultravisor's own question) */
bool uv_is_shared(uint64_t gpa, uint64_t len);
const char *uv_call_name(uint64_t token); /* for shimtrace lines */

/* guest_mem.c: the one bounds-checked window onto guest real memory */
struct guest_mem {
	uint8_t *base;  /* host address of guest real 0 */
	uint64_t size;
};
extern struct guest_mem guest_mem;
bool gmem_ok(uint64_t gpa, uint64_t len);
int gmem_read(uint64_t gpa, void *dst, uint64_t len);
int gmem_write(uint64_t gpa, const void *src, uint64_t len);
int gmem_zero(uint64_t gpa, uint64_t len);
int gmem_read_str(uint64_t gpa, char *dst, size_t max);
int gmem_read_be32(uint64_t gpa, uint32_t *v);
int gmem_write_be32(uint64_t gpa, uint32_t v);
int gmem_sync_icache(uint64_t gpa, uint64_t len);
/* the ultravisor half's own read (instruction fetch for MMIO emulation):
 * not subject to the secure-page guard */
int gmem_uv_read(uint64_t gpa, void *dst, uint64_t len);

/* proc_tbl.c: H_REGISTER_PROC_TBL and the guest's process-scoped walk */
long proc_tbl_hcall(const uint64_t *r);
void proc_tbl_reset(void);
int proc_tbl_translate(uint64_t ea, bool exec, uint64_t *gra);
/* lpar.c: PATE dw1 of the partition (0 = no process table), then flush */
void lpar_set_proc_tbl(uint64_t dw1);
uint64_t plat_guest_pid(void); /* the guest's PIDR on this thread */

/* elf_load.c */
int elf_load(const uint8_t *img, uint64_t img_size, uint64_t load_gpa, uint64_t *end_gpa,
	     const char **why);

/* hcall.c */
void hcall_dispatch(struct pnv_frame *f);

/* of_client.c: IEEE 1275 client interface over a flattened tree */
int of_client_init(void *fdt, size_t bufsize);
int of_claim_range(uint64_t base, uint64_t size);
long of_client_call(uint64_t args_gpa);
void *of_client_tree(void);
bool of_client_quiesced(void);

/* cas.c: ibm,client-architecture-support (LoPAPR B.5.2.3) */
int cas_apply(void *fdt, uint64_t vec_gpa, const char **why);
int cas_set_offer(void *fdt, unsigned ncpus);
int cas_parse(uint64_t gpa, uint32_t pvr, uint8_t ov5[33], const char **why);

/* xics.c: the interrupt presentation controller of virtual processor 0 */
void xics_reset(void);
bool xics_pending(void);
long xics_hcall(uint64_t *r);

/* mmio.c: emulated device registers behind hypervisor data storage interrupts */
struct mmio_ops {
	/* vcpu: the partition's processor making the access */
	int (*read)(void *ctx, unsigned vcpu, uint64_t off, uint8_t *bytes, unsigned size);
	int (*write)(void *ctx, unsigned vcpu, uint64_t off, const uint8_t *bytes, unsigned size);
};
struct mmio_insn {
	unsigned rt, ra, rb, size;
	bool store, update, sign, rev, indexed;
	int64_t imm;
};
int mmio_register(uint64_t base, uint64_t size, const struct mmio_ops *ops, void *ctx);
void mmio_reset(void);
int mmio_decode(uint32_t insn, struct mmio_insn *d);
int mmio_emulate(struct pnv_frame *f, uint64_t addr);

/* xive.c: XIVE exploitation mode (after CAS chose it) */
#define XIVE_NR_SOURCES 16
#define XIVE_MAX_VCPUS 4
#define XIVE_TIMA_BASE 0x0006030203180000ull /* where QEMU pseries has it */
#define XIVE_TIMA_PAGE_SHIFT 16
#define XIVE_TIMA_OS_PAGE (XIVE_TIMA_BASE + (2ull << XIVE_TIMA_PAGE_SHIFT))
#define XIVE_TIMA_USER_PAGE (XIVE_TIMA_BASE + (3ull << XIVE_TIMA_PAGE_SHIFT))
#define XIVE_NOTIFY_BASE 0x0006030200000000ull
void xive_reset(unsigned ncpus);
void xive_set_enabled(bool on);
bool xive_is_enabled(void);
bool xive_pending(unsigned vcpu);
long xive_hcall(unsigned vcpu, uint64_t *r);
extern const struct mmio_ops xive_tima_ops;

/* main.c: an interrupt is presented to this processor */
bool intc_pending(unsigned vcpu);

/* dt_build.c: the interrupt controller node of the chosen mode */
int dt_set_intc(void *fdt, bool xive);

/* virtio_pci.c: the transport of the emulated virtio devices */
#define VIRTIO_QUEUE_MAX 16
#define VIRTIO_COMMON_OFF 0x0
#define VIRTIO_ISR_OFF 0x1000
#define VIRTIO_NOTIFY_OFF 0x2000
#define VIRTIO_DEVCFG_OFF 0x3000
struct virtio_desc {
	uint64_t addr;
	uint32_t len;
	bool write; /* device-writable */
};
struct virtio_transport {
	uint32_t dfsel, gfsel, gf[2];
	uint8_t status, isr;
	uint16_t qsel, qsize, qenable;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx;
	uint16_t served, last_head; /* requests completed; the last one's id (faults) */
	uint8_t cfg_gen;	    /* config_generation (4.1.4.3) */
};
struct virtio_dev {
	const char *name;
	uint16_t device_id;  /* virtio device type: PCI device 0x1040 + it */
	uint32_t features[2];
	void (*cfg_read)(struct virtio_dev *d, uint64_t off, uint8_t *b, unsigned n);
	/* a gathered chain (inside guest memory): bytes written, or -1 = malformed */
	int64_t (*serve)(struct virtio_dev *d, const struct virtio_desc *v, unsigned n);
	struct virtio_transport t;
};
void virtio_reset(struct virtio_dev *d);
void virtio_broken(struct virtio_dev *d, const char *why);
int virtio_read(struct virtio_dev *d, uint64_t off, uint8_t *b, unsigned n);
int virtio_write(struct virtio_dev *d, uint64_t off, const uint8_t *b, unsigned n);
extern struct virtio_dev virtio_rng, virtio_blk;
void virtio_blk_attach(uint8_t *image, uint64_t size);
/* the disk's first bytes hashed (FNV-1a 64) on the console at power-off */
void virtio_blk_report(uint64_t bytes);

/* pci.c: one PHB behind RTAS config access; BARs in an unbacked window */
#define PCI_PHB_BUID 0x800000020000000ull
#define PCI_MMIO_BASE 0x0000010000000000ull /* 1 TiB: the BAR window */
#define PCI_MMIO_SIZE 0x100000000ull
#define PCI_BAR_SIZE 0x4000ull
void pci_reset(void);
long pci_rtas(uint64_t gpa, uint32_t token, uint32_t nargs, uint32_t nret);
extern const struct mmio_ops pci_window_ops;
#define PCIE_CAP_OFF 0x88 /* the PCI Express capability of each function */
bool pci_fn_present(unsigned bus, unsigned devfn);
uint32_t pci_fn_cfg_read(unsigned devfn, unsigned reg, unsigned size);
void pci_fn_cfg_write(unsigned devfn, unsigned reg, unsigned size, uint32_t v);

/* tdisp_call.c: TDISP on the emulated functions (docs/tdisp.md); conduit:
 * the platform hcall H_TDISP (cocoon/tdisp_abi.h TDISP_PPC64_HCALL) */
int tdisp_pnv_init(const char *bootargs, size_t len, uint64_t seed);
long tdisp_hcall(uint64_t *r);
/* true: the write was the TDI's (done or refused by its rules) */
bool tdisp_pnv_cfg_write(unsigned bus, unsigned devfn, unsigned reg, unsigned size, uint32_t val);
void tdisp_pnv_cfg_read(unsigned bus, unsigned devfn, unsigned reg, unsigned size, uint32_t *val);

/* rtas.c */
#define RTAS_TOKEN_POWER_OFF 0x2003
#define RTAS_TOKEN_SYSTEM_REBOOT 0x2004
#define RTAS_TOKEN_START_CPU 0x2005
#define RTAS_TOKEN_QUERY_CPU_STOPPED_STATE 0x2006
#define RTAS_TOKEN_STOP_SELF 0x2007
#define RTAS_TOKEN_READ_PCI_CONFIG 0x2008
#define RTAS_TOKEN_WRITE_PCI_CONFIG 0x2009
#define RTAS_TOKEN_SET_XIVE 0x200a
#define RTAS_TOKEN_GET_XIVE 0x200b
#define RTAS_TOKEN_INT_OFF 0x200c
#define RTAS_TOKEN_INT_ON 0x200d
long rtas_call(uint64_t args_gpa);

/* platform hooks (pnv side: console.c, ipmi_bt.c, main.c; host tests stub them) */
void plat_console_write(const char *s, size_t n);
int plat_console_read(void);
void plat_set_ile(bool le);
void plat_cede(void);
void plat_power_off(void);
void plat_reboot(void);
int plat_cpu_state(uint32_t cpu);     /* 0 stopped, 2 running, -1 no such processor */
int plat_start_cpu(uint32_t cpu, uint64_t entry, uint64_t r3);
int plat_stop_self(void);             /* returns only when refused */
void plat_kick(unsigned vcpu);      /* a presented interrupt waits for vcpu */
void shim_lock(void);
void shim_unlock(void);
uint64_t plat_milliseconds(void);
uint32_t plat_pvr(void);
uint64_t plat_timebase(void);
int plat_random(uint64_t *v);
/* clear one 4 KiB page (zero_page.c: dcbz) */
void plat_zero_page(void *page);
void pnv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
