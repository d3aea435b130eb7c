/* The TDISP device-interface model shared by the guest (drivers/pci/tdisp*.c)
 * and the shims (shim/core/tdisp.c): TDI states, the DEVICE_INTERFACE_REPORT
 * layout, and cocoon's guest-to-TSM call interface. Facts and sources:
 * docs/tdisp.md (PCIe Base 6.x ch. 11 TDISP; DMTF libspdm pci_tdisp.h;
 * Arm RMM device-assignment RSI calls as the model of the guest calls). */
#ifndef COCOON_TDISP_ABI_H
#define COCOON_TDISP_ABI_H

/* TDI states (PCIe 6.x 11.2, DEVICE_INTERFACE_STATE tdi_state) */
#define TDISP_STATE_CONFIG_UNLOCKED 0
#define TDISP_STATE_CONFIG_LOCKED 1
#define TDISP_STATE_RUN 2
#define TDISP_STATE_ERROR 3

/* PCIe Device Capabilities (PCIe capability + 4), bit 30: TEE-IO Supported */
#define PCI_CAP_ID_EXP 0x10
#define PCI_EXP_DEVCAP 4
#define PCI_EXP_DEVCAP_TEE_IO 0x40000000u

/* DEVICE_INTERFACE_REPORT (PCIe 6.x 11.3.11), little-endian:
 *   0  u16 interface_info   2 u16 reserved   4 u16 msi_x_message_control
 *   6  u16 lnr_control      8 u32 tph_control
 *   12 u32 mmio_range_count
 *   16 MMIO_RANGE[count], 16 bytes each:
 *        0 u64 first_page (byte address of a 4 KiB page, + the MMIO
 *          reporting offset)  8 u32 number_of_pages
 *        12 u16 range_attributes  14 u16 range_id (here: the BAR number)
 *   then u32 device_specific_info_len, device_specific_info[len]
 * cocoon's model puts the lock's 32-byte nonce in device_specific_info so
 * the guest can tell the report belongs to its own lock (docs/tdisp.md). */
#define TDISP_REPORT_HDR 16
#define TDISP_RANGE_SIZE 16
#define TDISP_PAGE 4096u
#define TDISP_ATTR_MSIX_TABLE 0x1
#define TDISP_ATTR_MSIX_PBA 0x2
#define TDISP_ATTR_NON_TEE 0x4
#define TDISP_ATTR_UPDATABLE 0x8
#define TDISP_ATTR_KNOWN 0xf
#define TDISP_NONCE_SIZE 32 /* START_INTERFACE nonce (11.3.8) */
#define TDISP_MAX_RANGES 32 /* cocoon's bound: 6 BARs split around MSI-X */
#define TDISP_REPORT_MAX (TDISP_REPORT_HDR + TDISP_MAX_RANGES * TDISP_RANGE_SIZE + 4 + \
			  TDISP_NONCE_SIZE)

/* Guest-to-TSM calls. arm64: SMCCC fast SMC64 calls in the Vendor Specific
 * Hypervisor Service range (OEN 6, DEN0028), over HVC: x0 = function id,
 * x1.. arguments; x0 = status, x1, x2 results. riscv: SBI experimental
 * extension TDISP_SBI_EID, function id = the low byte of the arm64 id;
 * a0 = status, a1 = value. Arguments (both): a1 = the interface id
 * (requester id: bus << 8 | dev << 3 | fn), then:
 *   VERSION  -> value 0x10000 (1.0)
 *   LOCK     a2 = guest address of a 32-byte buffer that receives the
 *            start nonce, a3 = MMIO reporting offset (added to first_page)
 *   REPORT   a2 = offset, a3 = guest buffer, a4 = its length
 *            -> value = bytes copied (portion); arm64 x2 = remainder
 *   STATE    -> value = TDI state
 *   START    a2 = guest address of the 32-byte nonce from LOCK
 *   STOP     -> back to CONFIG_UNLOCKED */
#define TDISP_FID_BASE 0xC6000100u
#define TDISP_FN_VERSION 0
#define TDISP_FN_LOCK 1
#define TDISP_FN_REPORT 2
#define TDISP_FN_STATE 3
#define TDISP_FN_START 4
#define TDISP_FN_STOP 5
#define TDISP_FN_COUNT 6
#define TDISP_SBI_EID 0x08544450u /* experimental range; "TDP" */
/* ppc64 (powernv shim): the platform hcall H_TDISP, in the hypervisor-
 * private range QEMU/KVM use for KVMPPC_H_* (0xf000-0xf005 taken), "sc 1":
 * r3 = H_TDISP, r4 = function, r5 = interface id, r6.. arguments; r3 =
 * H_SUCCESS when the call was carried out (H_FUNCTION: no TSM), then r4 =
 * TDISP status, r5, r6 = results as arm64's x1, x2. */
#define TDISP_PPC64_HCALL 0xf0d0u

#define TDISP_OK 0
#define TDISP_E_NOT_SUPPORTED (-1)
#define TDISP_E_INVALID (-2)      /* bad interface id, address or length */
#define TDISP_E_STATE (-3)        /* not allowed in the current TDI state */
#define TDISP_E_NONCE (-4)        /* START with a nonce other than LOCK's */
#define TDISP_E_CONFIG (-5)       /* device configuration unfit to lock */

#endif
