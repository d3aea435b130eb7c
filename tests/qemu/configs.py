"""QEMU configurations the harness boots: stable names <arch>-<platform>.

Each entry:
  name      stable name (tests/run-qemu --list)
  arch      make ARCH= value whose build it boots
  cmd       argv; {image} {elf} {deps} {dtb} are substituted
  append    how bootargs are passed: "-append" or None (ppc64: not via QEMU)
  expect    "pass": TAP must be complete, no failures, exit status 0
            {"status": N, "output": regex}: a negative test; the guest must end
            with that exit status and print the pattern (never hang)
  timeout   seconds before the run is killed and counted as failed
  dtb       for bad-DTB tests: the name of the DTB mutation (tests/qemu/dtb_mutate.py)
"""

QEMU_RISCV = ["qemu-system-riscv64", "-M", "virt", "-cpu", "max", "-m", "256M",
              "-nographic", "-nic", "none", "-monitor", "none"]
QEMU_ARM = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "max", "-m", "256M",
            "-nographic", "-nic", "none", "-monitor", "none"]
QEMU_ARM_EL2 = ["qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3", "-cpu",
                "max", "-m", "256M", "-nographic", "-nic", "none", "-monitor", "none"]
QEMU_PSERIES = ["qemu-system-ppc64", "-cpu", "power9", "-m", "512M", "-nographic",
                "-vga", "none", "-nic", "none", "-nodefaults", "-serial", "mon:stdio"]

OPENSBI_NEW = ["-bios", "{deps}/opensbi/fw_dynamic.bin"]

CONFIGS = [
    dict(name="riscv64-opensbi15", arch="riscv64", cmd=QEMU_RISCV + ["-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="RISC-V virt, QEMU's bundled OpenSBI 1.5.1"),
    dict(name="riscv64-opensbi", arch="riscv64",
         cmd=QEMU_RISCV + OPENSBI_NEW + ["-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="RISC-V virt, OpenSBI >= 1.6 from Debian (build/deps/opensbi)"),
    dict(name="arm64-qemu", arch="arm64", cmd=QEMU_ARM + ["-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="Arm virt, GICv3, entered at EL1, PSCI over HVC"),
    dict(name="arm64-qemu-el2", arch="arm64", cmd=QEMU_ARM_EL2 + ["-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="Arm virt with EL2 and no hypervisor: the guest drops to EL1"),
    dict(name="ppc64-vof", arch="ppc64",
         cmd=QEMU_PSERIES + ["-M", "pseries,x-vof=on", "-kernel", "{elf}"],
         append="-append", expect="pass", timeout=60,
         doc="pseries with VOF (x-vof=on), OF client through the 0xf005 hcall"),
    dict(name="ppc64-slof", arch="ppc64",
         cmd=QEMU_PSERIES + ["-M", "pseries", "-kernel", "{elf}"],
         append="-append", expect="pass", timeout=120,
         doc="pseries with SLOF, OF client through the big-endian trampoline"),
]

# Negative tests. A register dump must appear and the boot must fail.
for base in ("riscv64-opensbi", "arm64-qemu", "ppc64-vof"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":unexpected-trap", bootargs="test.trap",
                        expect={"status": 4, "output": r"register dump[\s\S]*PANIC: unexpected trap"},
                        doc="an unexpected exception prints a register dump and fails the boot"))

# Bad device trees (dumped from QEMU, damaged, passed back with -dtb).
BAD_DTB = {
    "truncated": r"cocoon: fatal: device tree rejected: .*(truncat|larger|malformed|inconsistent|structure)",
    "bad-token": r"cocoon: fatal: device tree rejected: .*(token|malformed|structure)",
    "no-chosen": r"cocoon: fatal: device tree rejected: no /chosen node",
    "absurd-memory": r"cocoon: fatal: device tree rejected: memory node: absurd range",
}
BAD_DTB.update({
    "gic-short-reg": r"GIC reg must hold[\s\S]*cocoon: fatal: platform",
    "timer-spi": r"timer interrupt .* is not a PPI[\s\S]*cocoon: fatal: platform",
})
# Where the damage can reach the guest at all:
# - OpenSBI (1.5.1 and 1.6) parses the tree before the guest runs and hangs on a
#   truncated structure block, so "truncated" is tested in the host unit tests.
# - QEMU's arm loader walks the whole -dtb blob (rejecting structural damage with
#   FDT_ERR_BADSTRUCTURE), re-creates /chosen, replaces the memory nodes and
#   rewrites /psci; what reaches the arm64 guest unchanged is the interrupt
#   controller and timer description, which the arm64 port validates.
for base, mutations in (("riscv64-opensbi", ("bad-token", "no-chosen", "absurd-memory")),
                        ("arm64-qemu", ("gic-short-reg", "timer-spi"))):
    b = next(c for c in CONFIGS if c["name"] == base)
    for mutation in mutations:
        pattern = BAD_DTB[mutation]
        CONFIGS.append(dict(b, name=f"{base}:dtb-{mutation}", dtb=mutation,
                            cmd=b["cmd"] + ["-dtb", "{dtb}"],
                            expect={"status": 2, "output": pattern},
                            doc=f"device tree damaged ({mutation}): clear error, failing exit"))

# Only architectures whose port is in this tree (kernel/arch/<dir>/arch.mk).
import os as _os
_ROOT = _os.path.dirname(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))))
PORTED = [a for a, d in (("riscv64", "riscv"), ("arm64", "arm64"), ("ppc64", "ppc64"))
          if _os.path.exists(_os.path.join(_ROOT, "kernel", "arch", d, "arch.mk"))]
CONFIGS = [c for c in CONFIGS if c["arch"] in PORTED]

DEFAULTS = {"riscv64": "riscv64-opensbi", "arm64": "arm64-qemu", "ppc64": "ppc64-vof"}

# virtio over PCI (issue 6): modern devices with iommu_platform=on, direct and
# bounce-buffered DMA; the harness checks the disk image and console file after
# the run. ":refused" attaches a legacy-only and a no-ACCESS_PLATFORM device,
# which must be refused with a clear message while the boot passes.
import virtio_checks as _vc  # noqa: E402
for base, name in (("riscv64-opensbi", "riscv64-virtio"), ("arm64-qemu", "arm64-virtio"),
                   ("ppc64-vof", "ppc64-virtio")):
    b = next((c for c in CONFIGS if c["name"] == base), None)
    if b is None:  # arch not ported in this tree
        continue
    v = dict(b, name=name, cmd=b["cmd"] + _vc.DEVICES, bootargs=_vc.EXPECT,
             prepare=_vc.prepare, post_check=_vc.post_check,
             doc="virtio-blk/rng/console over PCI, direct DMA; disk checked afterwards")
    CONFIGS.append(v)
    CONFIGS.append(dict(v, name=name + ":bounce", bootargs=_vc.EXPECT + " dma=bounce virtio.poll",
                        doc="every buffer bounced through the shared pool; polled, no INTx"))
    if base == "arm64-qemu":  # MSI-X through the ITS by default: INTx too
        CONFIGS.append(dict(v, name=name + ":intx", bootargs=_vc.EXPECT + " virtio.intx",
                            doc="INTx through the interrupt-map instead of MSI-X"))
    if base != "ppc64-vof":  # pcie-root-port: PCIe hosts only
        CONFIGS.append(dict(v, name=name + ":bridge", cmd=b["cmd"] + _vc.DEVICES_BRIDGED,
                            bootargs=_vc.EXPECT + " dma=bounce",
                            doc="rng and console behind PCIe root ports, bounce DMA"))
    CONFIGS.append(dict(b, name=name + ":refused", cmd=b["cmd"] + _vc.REFUSED_DEVICES,
                        expect={"status": 0, "output": _vc.REFUSED_OUTPUT},
                        doc="legacy-only and non-ACCESS_PLATFORM devices are refused"))
# SLOF assigns the BARs itself (in the 64-bit window): the driver keeps them.
_b = next((c for c in CONFIGS if c["name"] == "ppc64-slof"), None)
if _b is not None:
    CONFIGS.append(dict(_b, name="ppc64-slof-virtio", cmd=_b["cmd"] + _vc.DEVICES,
                        bootargs=_vc.EXPECT, prepare=_vc.prepare, post_check=_vc.post_check,
                        doc="virtio on pseries with SLOF (firmware-assigned BARs), TCE DMA"))
