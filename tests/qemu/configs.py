"""QEMU configurations the harness boots: stable names <arch>-<platform>.

Each entry:
  name      stable name (tests/run-qemu --list)
  arch      make ARCH= value whose build it boots
  cmd       argv; {image} {elf} {deps} {dtb} are substituted
  append    how bootargs are passed: "-append" or None (ppc64: not via QEMU)
  expect    "pass": TAP must be complete, no failures, exit status 0
            {"status": N, "output": regex}: a negative test; the guest must end
            with that exit status and print the pattern (never hang); "status": None
            = no "cocoon: exit status" line (QEMU itself stopped the guest), and an
            optional "qemu_rc": N checks QEMU's own exit code
  output    optional regex a passing run's console output must also match
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
    dict(name="riscv64-opensbi15", arch="riscv64",
         cmd=QEMU_RISCV + ["-smp", "2", "-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="RISC-V virt, QEMU's bundled OpenSBI 1.5.1"),
    dict(name="riscv64-opensbi", arch="riscv64",
         cmd=QEMU_RISCV + ["-smp", "2"] + OPENSBI_NEW + ["-kernel", "{image}"],
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

# Standard loaders: the same Image through firmware a user would use.
UBOOT = "/usr/lib/u-boot"
CONFIGS += [
    dict(name="arm64-uboot", arch="arm64",
         cmd=QEMU_ARM + ["-bios", UBOOT + "/qemu_arm64/u-boot.bin", "-kernel", "{image}"],
         append="-append", expect="pass", timeout=90,
         doc="U-Boot (Debian u-boot-qemu) loads the Image from fw_cfg and starts it with booti"),
    # U-Boot 2023.01 runs out of early malloc on QEMU 10's -cpu max ISA string
    # ("initcall ... failed (err=-28)"), hence -cpu rv64. The Image is put in
    # RAM by QEMU's loader device, copied to its link address and booti'd.
    dict(name="riscv64-uboot", arch="riscv64",
         cmd=[a if a != "max" else "rv64" for a in QEMU_RISCV] +
             ["-kernel", UBOOT + "/qemu-riscv64_smode/u-boot.bin",
              "-device", "loader,file={image},addr=0x84000000"],
         append=None, expect="pass", timeout=90,
         script=[(r"Hit any key to stop autoboot", "\n"),
                 (r"=> ", "cp.b 0x84000000 0x80200000 {image_size}; "
                          "booti 0x80200000 - ${{fdtcontroladdr}}\n")],
         doc="OpenSBI 1.5.1 + U-Boot (S-mode) booti of the Image"),
    dict(name="riscv64-opensbi-jump", arch="riscv64",
         cmd=QEMU_RISCV + ["-bios", "{deps}/opensbi/fw_jump.bin", "-kernel", "{image}"],
         append="-append", expect="pass", timeout=60,
         doc="OpenSBI >= 1.6 fw_jump: the firmware jumps to the payload at 0x80200000"),
]

# The protocol trace used for the docs' diagrams must keep working.
for base in ("riscv64-opensbi", "arm64-qemu", "ppc64-vof"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":trace", bootargs="trace ktest=none",
                        expect={"status": 0, "output": r"trace: firmware -> guest: enter \S+ kernel"
                                r"[\s\S]*trace: guest -> firmware: power off \(status 0\)"},
                        doc="the trace boot flag prints the protocol lines the docs are drawn from"))

# The key-value appliance (app=kv): the harness is the client, typing requests.
KV_SESSION = [
    (r"kv: ready", "PUT greeting hello private world\n"),
    (r"OK", "GET greeting\n"),
    (r"VALUE hello private world", "PUT greeting bye\nGET greeting\n"),
    (r"VALUE bye", "DEL greeting\nGET greeting\nPUT bad/key x\n" + "PUT long " + "x" * 2000 + "\n"),
    (r"ERR line too long", "COUNT\nQUIT\n"),
]
KV_EXPECT = (r"kv: ready[\s\S]*OK[\s\S]*VALUE hello private world[\s\S]*VALUE bye[\s\S]*"
             r"OK\s+NOT_FOUND\s+ERR bad key\s+ERR line too long\s+COUNT 0\s+BYE")
for base in ("riscv64-opensbi15", "arm64-qemu"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":app-kv", bootargs="app=kv", script=KV_SESSION,
                        expect={"status": 0, "output": KV_EXPECT},
                        doc="the key-value appliance answers a scripted client session"))

# arm64 under our EL2 shim (shim/arch/arm64): the shim is the -kernel Image at
# 0x40200000; the unchanged guest Image goes where the guest's IPA 0x40200000
# lands (host RAM + 4 MiB + 2 MiB, see shim/arch/arm64/main.c).
QEMU_ARM_SHIM = ["qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3", "-cpu",
                 "max", "-m", "512M", "-smp", "2", "-nographic", "-nic", "none", "-monitor",
                 "none"]
ARM_SHIM_LOAD = ["-kernel", "{shim}", "-device", "loader,file={image},addr=0x40600000,force-raw=on"]
CONFIGS.append(dict(name="arm64-shim", arch="arm64", cmd=QEMU_ARM_SHIM + ARM_SHIM_LOAD,
                    append="-append", expect="pass", timeout=60,
                    doc="Arm virt: cocoon's EL2 shim (PSCI, SDEI v1.1 over HVC), guest at EL1"))

_shim = next(c for c in CONFIGS if c["name"] == "arm64-shim")
CONFIGS.append(dict(_shim, name="arm64-shim:stage2-fault", bootargs="test.stage2 ktest=shim_isolation",
                    expect={"status": 4, "output": r"EC 0x25 data abort[\s\S]*FAR  0*5fc00000[\s\S]*"
                            r"PANIC: unexpected trap[\s\S]*shim: guest asked for PSCI SYSTEM_OFF"},
                    doc="the guest reads above its RAM: the shim's stage 2 faults, the guest gets "
                        "an external abort and stops cleanly, the shim keeps serving"))

# riscv64 HS-mode shim (shim/arch/riscv) running the unchanged guest Image in
# VS-mode; QEMU loads the Image where the shim's guest RAM starts (+2 MiB).
SHIM_RISCV = ["-smp", "2", "-kernel", "{shim}", "-device", "loader,file={image},addr=0x88200000"]
CONFIGS += [
    dict(name="riscv64-shim", arch="riscv64", cmd=QEMU_RISCV + OPENSBI_NEW + SHIM_RISCV,
         append="-append", expect="pass", timeout=90,
         doc="riscv64 guest in VS-mode under the cocoon shim on OpenSBI >= 1.6, 2 harts"),
    dict(name="riscv64-shim-opensbi15", arch="riscv64", cmd=QEMU_RISCV + SHIM_RISCV,
         append="-append", expect="pass", timeout=90,
         doc="the shim on QEMU's OpenSBI 1.5.1 (no firmware PMLEN: no pointer masking)"),
    dict(name="riscv64-shim:nosmnpm", arch="riscv64", cmd=QEMU_RISCV + OPENSBI_NEW + SHIM_RISCV,
         append="-append", bootargs="shim.nosmnpm", expect="pass", timeout=90,
         doc="the shim hiding Smnpm: no pointer masking offered to the guest"),
    dict(name="riscv64-shim:nosstc", arch="riscv64",
         cmd=[a if a != "max" else "max,sstc=false" for a in QEMU_RISCV] + OPENSBI_NEW + SHIM_RISCV,
         append="-append", expect="pass", timeout=90,
         doc="the shim on a CPU without Sstc: SBI TIME emulated with the firmware timer"),
    dict(name="riscv64-shim:no-image", arch="riscv64",
         cmd=QEMU_RISCV + OPENSBI_NEW + ["-kernel", "{shim}"], append="-append",
         expect={"status": 5, "output": r"shim: fatal: no RISC-V Image at 0x88200000"},
         timeout=60, doc="the shim without a guest Image: clear message, failing exit"),
    dict(name="riscv64-shim:small-ram", arch="riscv64",
         cmd=[a if a != "256M" else "128M" for a in QEMU_RISCV] + OPENSBI_NEW + SHIM_RISCV,
         append="-append", expect={"status": 5, "output": r"shim: fatal: no host RAM at 0x88000000"},
         timeout=60, doc="too little RAM for the shim's guest: clear message, failing exit"),
]

# Negative tests. A register dump must appear and the boot must fail.
for base in ("riscv64-opensbi", "arm64-qemu", "ppc64-vof"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":unexpected-trap", bootargs="test.trap",
                        expect={"status": 4, "output": r"register dump[\s\S]*PANIC: unexpected trap"},
                        doc="an unexpected exception prints a register dump and fails the boot"))

# A stack buffer overflow must be caught by the stack protector.
for base in ("riscv64-opensbi", "arm64-qemu", "ppc64-vof"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":stack-smash", bootargs="test.smash",
                        expect={"status": 3, "output": r"PANIC: stack smashing detected"},
                        doc="a stack buffer overflow is caught by the stack protector"))

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
    "slow-timebase": r"absurd timebase-frequency[\s\S]*cocoon: fatal: platform",
})
# Where the damage can reach the guest at all:
# - OpenSBI (1.5.1 and 1.6) parses the tree before the guest runs and hangs on a
#   truncated structure block, so "truncated" is tested in the host unit tests.
# - QEMU's arm loader walks the whole -dtb blob (rejecting structural damage with
#   FDT_ERR_BADSTRUCTURE), re-creates /chosen, replaces the memory nodes and
#   rewrites /psci; what reaches the arm64 guest unchanged is the interrupt
#   controller and timer description, which the arm64 port validates.
for base, mutations in (("riscv64-opensbi", ("bad-token", "no-chosen", "absurd-memory",
                                             "slow-timebase")),
                        ("arm64-qemu", ("gic-short-reg", "timer-spi"))):
    b = next(c for c in CONFIGS if c["name"] == base)
    for mutation in mutations:
        pattern = BAD_DTB[mutation]
        CONFIGS.append(dict(b, name=f"{base}:dtb-{mutation}", dtb=mutation,
                            cmd=b["cmd"] + ["-dtb", "{dtb}"],
                            expect={"status": 2, "output": pattern},
                            doc=f"device tree damaged ({mutation}): clear error, failing exit"))

# riscv FWFT: LOCK only on request (fwft.lock), and the single-hart path of HSM.
for base in ("riscv64-opensbi15", "riscv64-opensbi"):
    b = next(c for c in CONFIGS if c["name"] == base)
    CONFIGS.append(dict(b, name=base + ":fwft-lock", bootargs="fwft.lock",
                        doc="fwft.lock: FWFT features set with LOCK; later SETs refused"))
    CONFIGS.append(dict(b, name=base + ":1hart",
                        cmd=[a for a in b["cmd"] if a not in ("-smp", "2")],
                        doc="one hart: no secondary harts to start"))

# ppc64 CAS / interrupt-controller matrix (issue 5): what the guest asks for
# follows the bootargs policy and the platform offer; the summary line names
# the controller that was started. ic-mode=xive with xive=off: QEMU refuses
# the XICS request during CAS and exits 1 with its own message.
IRQ_XIVE = r"irq      : XIVE exploitation"
IRQ_XICS = r"irq      : XICS"
for base in ("ppc64-vof", "ppc64-slof"):
    b = next(c for c in CONFIGS if c["name"] == base)
    machine = b["cmd"][b["cmd"].index("-M") + 1]
    def with_machine(extra, b=b, machine=machine):
        cmd = list(b["cmd"])
        cmd[cmd.index(machine)] = machine + extra
        return cmd
    b["output"] = IRQ_XIVE
    CONFIGS += [
        dict(b, name=base + ":xive-off", bootargs="xive=off", output=IRQ_XICS,
             doc="ic-mode dual, xive=off: XICS requested and used"),
        dict(b, name=base + ":svm", bootargs="svm=on", output=IRQ_XICS,
             doc="ic-mode dual, svm=on without page sharing: no XIVE request, XICS"),
        dict(b, name=base + "-xics", cmd=with_machine(",ic-mode=xics"), output=IRQ_XICS,
             doc="ic-mode=xics: only XICS offered"),
        dict(b, name=base + "-smp2", cmd=b["cmd"] + ["-smp", "2"],
             output=IRQ_XIVE + r"[\s\S]*smp      : 2 of 2 CPUs online",
             doc="2 CPUs (RTAS start-cpu), XIVE: cross-CPU IPIs"),
        dict(b, name=base + "-smp2:xive-off", cmd=b["cmd"] + ["-smp", "2"], bootargs="xive=off",
             output=IRQ_XICS + r"[\s\S]*smp      : 2 of 2 CPUs online",
             doc="2 CPUs (RTAS start-cpu), XICS: cross-CPU IPIs"),
        dict(b, name=base + "-xive:xive-off", cmd=with_machine(",ic-mode=xive"),
             bootargs="xive=off", output=None,
             expect={"status": None, "qemu_rc": 1,
                     "output": r"Guest requested unavailable interrupt mode \(XICS\)"},
             doc="ic-mode=xive, xive=off: QEMU ends the guest at CAS with its own error"),
    ]

# ppc64 under our own hypervisor: the powernv HV shim (shim/arch/ppc64) runs the
# unchanged guest ELF as a partition. QEMU's -kernel puts the ELF, raw, at 512 MiB
# and -append the bootargs in its /chosen; the shim loads and starts the guest.
# The BMC is how the shim powers the machine off (IPMI chassis control). The
# virtio-blk disk is an image QEMU's loader puts at 768 MiB (the guest ELF itself:
# content the guest can check).
QEMU_PNV = ["qemu-system-ppc64", "-m", "2G", "-nographic", "-nodefaults", "-nic", "none",
            "-serial", "mon:stdio", "-device", "ipmi-bmc-sim,id=bmc0",
            "-device", "isa-ipmi-bt,bmc=bmc0,irq=10",
            "-device", "loader,file={elf},addr=0x30000000,force-raw=on"]
for _name, _machine in (("ppc64-pnvshim", "powernv9"), ("ppc64-pnvshim-p10", "powernv10")):
    CONFIGS.append(dict(name=_name, arch="ppc64",
                        cmd=QEMU_PNV + ["-M", _machine, "-bios", "{shim_bin}", "-kernel", "{elf}"],
                        append="-append", expect="pass", timeout=90,
                        doc=f"{_machine}: the guest as a partition (LPID 1, radix) under the HV shim"))
CONFIGS.append(dict(name="ppc64-pnvshim:smp2", arch="ppc64",
                    cmd=QEMU_PNV + ["-smp", "2", "-M", "powernv9", "-bios", "{shim_bin}",
                                    "-kernel", "{elf}"],
                    append="-append", expect="pass", timeout=90,
                    doc="two threads: start-cpu/stop-self, XIVE interrupt to processor 1"))
CONFIGS.append(dict(name="ppc64-pnvshim-p10:smp2", arch="ppc64",
                    cmd=QEMU_PNV + ["-smp", "2", "-M", "powernv10", "-bios", "{shim_bin}",
                                    "-kernel", "{elf}"],
                    append="-append", expect="pass", timeout=90,
                    doc="powernv10, two threads: start-cpu, XIVE interrupt to processor 1"))
CONFIGS.append(dict(name="ppc64-pnvshim:loader", arch="ppc64",
                    cmd=QEMU_PNV + ["-M", "powernv9", "-bios", "{shim_bin}", "-device",
                                    "loader,file={elf},addr=0x20000000,force-raw=on"],
                    append=None, expect="pass", timeout=90,
                    doc="the guest ELF placed by QEMU's generic loader instead of -kernel"))

# The guest's own suites under the shim: XICS after CAS (xive=off), and the
# guest's virtio drivers against the shim's virtio-blk/rng (RTAS config
# access, no ibm,dma-window: direct DMA; polled, the shim has no device
# interrupts). The shim's RAM disk ends with the machine: at power-off it
# prints a hash of the first MiB, which must be the image with the guest's
# writes (virtio_checks) -- data integrity seen from outside the partition.
def _pnv_disk_check(_wd, output):
    import re as _re
    import virtio_checks as _v
    img = bytearray(_v.sector0() + bytes(_v.SECTOR * (_v.DISK_SECTORS - 1)))
    for _s in range(_v.OUT_FIRST, _v.OUT_FIRST + _v.OUT_COUNT):
        img[_s * _v.SECTOR:(_s + 1) * _v.SECTOR] = _v.out_sector(_s)
    h = 0xcbf29ce484222325
    for _byte in img:
        h = ((h ^ _byte) * 0x100000001b3) & (2 ** 64 - 1)
    m = _re.search(r"shim: virtio-blk: first 1048576 bytes of the disk hash to fnv1a64 "
                   r"([0-9a-f]{16})", output)
    return [("disk: shim's hash of the disk = the expected image",
             bool(m) and int(m.group(1), 16) == h,
             f"expected {h:016x}, shim said {m.group(1) if m else 'nothing'}")]


_b = next(c for c in CONFIGS if c["name"] == "ppc64-pnvshim")
_b["output"] = IRQ_XIVE
CONFIGS.append(dict(_b, name="ppc64-pnvshim:xive-off", bootargs="xive=off", output=IRQ_XICS,
                    doc="the shim's CAS grants XICS; the guest's XICS driver runs"))
_pnv_virtio = dict(_b, name="ppc64-pnvshim-virtio",
                   cmd=[a.replace("loader,file={elf},addr=0x30000000",
                                  "loader,file={disk},addr=0x30000000") for a in _b["cmd"]],
                   bootargs="virtio.expect=blk,rng", prepare=__import__("virtio_checks").prepare,
                   post_check=_pnv_disk_check,
                   doc="the guest's virtio-blk/rng drivers on the shim's devices; disk hash checked")
CONFIGS.append(_pnv_virtio)
CONFIGS.append(dict(_pnv_virtio, name="ppc64-pnvshim-virtio:bounce",
                    bootargs="virtio.expect=blk,rng dma=bounce virtio.poll",
                    doc="the same through the guest's bounce-buffer pool"))
# TDISP on the powernv shim (issue 9): the emulated virtio-blk 00:02.0 named
# a TDI; config space checked in the shim's RTAS path, calls by H_TDISP.
_pnv_tdisp = dict(_pnv_virtio, name="ppc64-pnvshim-tdisp",
                  bootargs="shim.tdisp=00:02.0 tdisp.expect=1 virtio.expect=blk,rng",
                  output=r"TDISP interface RUN: report of \d+ bytes accepted",
                  doc="virtio-blk as a TDISP device under the powernv shim (H_TDISP, RTAS "
                      "config rules); disk hash checked")
CONFIGS.append(_pnv_tdisp)
CONFIGS.append(dict(_pnv_tdisp, name="ppc64-pnvshim-tdisp:naive",
                    bootargs="shim.tdisp=00:02.0 tdisp.naive", post_check=None, output=None,
                    expect={"status": 0, "output": r"shim: tdisp 00:02\.0: ERROR: Memory Space "
                            r"and Bus Master Enable not set in one write[\s\S]*00:02\.0: TDISP "
                            r"interface not running: interface in ERROR after enabling"},
                    doc="MSE then BME in two RTAS writes: ERROR in the shim, seen by the guest"))

# The guest as a Secure VM under the shim's ultravisor model (issue 8):
# UV_ESM early, XIVE requested because its event queues can be shared, two
# CPUs, virtio through the shared bounce pool; the disk checked from outside.
# Negative runs leave the event queue or the DMA pool private: the shim logs
# a protection violation naming the device and page, the guest's interrupt
# or virtio checks fail, and the guest names what it did not share.
_svm = dict(_pnv_virtio, name="ppc64-pnvshim-svm",
            cmd=[a for a in _pnv_virtio["cmd"]] + ["-smp", "2"],
            bootargs="svm=on dma=bounce virtio.expect=blk,rng",
            output=r"UV_ESM: partition is now secure[\s\S]*" + IRQ_XIVE +
                   r"[\s\S]*smp      : 2 of 2 CPUs online[\s\S]*"
                   r"shim: uv: 0 pages still shared at power-off",
            doc="Secure VM: UV_ESM, shared EQ pages and DMA pool, XIVE, 2 CPUs, virtio")
CONFIGS.append(_svm)
CONFIGS.append(dict(_svm, name="ppc64-pnvshim-p10-svm",
                    cmd=[a if a != "powernv9" else "powernv10" for a in _svm["cmd"]],
                    doc="the same Secure VM on powernv10"))
CONFIGS.append(dict(_svm, name="ppc64-pnvshim-svm:eq-unshared",
                    bootargs=_svm["bootargs"] + " svm.unshared=eq", post_check=None, output=None,
                    expect={"status": 1, "output": r"NOT sharing the xive event queue \(eq\) at "
                            r"0x[0-9a-f]+[\s\S]*shim: uv: protection violation: xive access to "
                            r"private page[\s\S]*not ok \d+ - cas_irq_suite: ipi"},
                    doc="event queue left private: no event written, the interrupt checks fail"))
CONFIGS.append(dict(_svm, name="ppc64-pnvshim-svm:virtio-unshared",
                    bootargs=_svm["bootargs"] + " svm.unshared=virtio", post_check=None,
                    output=None,
                    expect={"status": 1, "output": r"NOT sharing the virtio DMA pool at "
                            r"0x[0-9a-f]+[\s\S]*shim: uv: protection violation: (blk|rng) access "
                            r"to private page[\s\S]*not ok \d+ - virtio_suite: virtio-blk: read"},
                    doc="virtio rings and buffers left private: I/O errors, the virtio checks fail"))
# Teardown (docs/uv-sharing.md): the guest unshares what it shared once the
# owner is stopped, so the shim counts 0 shared pages at power-off (asserted
# above); skipped with teardown=off, the shim names what is left.
CONFIGS.append(dict(_svm, name="ppc64-pnvshim-svm:no-teardown", bootargs=_svm["bootargs"] +
                    " teardown=off", post_check=None, output=None,
                    expect={"status": 0, "output": r"shutdown: teardown skipped \(teardown=off\)"
                            r"[\s\S]*shim: uv: [1-9]\d* pages still shared at power-off: "
                            r"0x[0-9a-f]+ 0x[0-9a-f]+"},
                    doc="teardown skipped: the shim reports the pages still shared at power-off"))
# Reboot (reboot=once): teardown, UV_UNSHARE_ALL_PAGES, RTAS system-reboot;
# the shim reboots the partition (0 pages shared, secure memory scrubbed,
# pristine image, /chosen cocoon,boot-count 2) and the second boot runs the
# suites and powers off. Two boots print two TAP streams: matched as output.
CONFIGS.append(dict(_svm, name="ppc64-pnvshim-svm:reboot", bootargs=_svm["bootargs"] +
                    " reboot=once", output=None, timeout=180,
                    expect={"status": 0, "output":
                            r"uv: UV_UNSHARE_ALL_PAGES before reboot = 0[\s\S]*"
                            r"shim: uv: 0 pages still shared at reboot\n[\s\S]*"
                            r"shim: reboot: partition reboot after boot 1: secure memory "
                            r"scrubbed[\s\S]*boot 2; entering it[\s\S]*UV_ESM: partition is "
                            r"now secure[\s\S]*smp      : 2 of 2 CPUs online[\s\S]*"
                            r"cocoon: ready\n[\s\S]*cocoon: boot 2: reboot=once already done"
                            r"[\s\S]*shim: uv: 0 pages still shared at power-off"},
                    doc="reboot=once: unshare-all, partition reboot by the shim, second boot passes"))
_b = next(c for c in CONFIGS if c["name"] == "ppc64-pnvshim")
CONFIGS.append(dict(_b, name="ppc64-pnvshim:reboot", bootargs="reboot=once ktest=none",
                    output=None,
                    expect={"status": 0, "output": r"cocoon: rebooting \(reboot=once, boot 1\)\n"
                            r"shim: reboot: partition reboot after boot 1: a normal partition"
                            r"[\s\S]*boot 2; entering it[\s\S]*cocoon: boot 2: reboot=once "
                            r"already done"},
                    doc="a normal partition reboots once under the shim, then powers off"))
# Stock pseries has no boot count: a reset re-runs the guest with the same
# command line, which would reboot again forever; -no-reboot makes QEMU end
# at the guest's RTAS system-reboot instead (exit code 0, no exit status).
_b = next(c for c in CONFIGS if c["name"] == "ppc64-vof")
CONFIGS.append(dict(_b, name="ppc64-vof:reboot", cmd=_b["cmd"] + ["-no-reboot"],
                    bootargs="reboot=once ktest=none", output=None,
                    expect={"status": None, "qemu_rc": 0,
                            "output": r"cocoon: rebooting \(reboot=once, boot 1\)"},
                    doc="pseries: RTAS system-reboot; with -no-reboot QEMU ends there"))

# Under the shim too: an unexpected trap (an illegal instruction reaches the shim as
# an emulation-assist interrupt and is reflected as a program check) and the stack
# protector end the boot with the guest's own diagnosis.
for _base in ("ppc64-pnvshim",):
    _b = next(c for c in CONFIGS if c["name"] == _base)
    CONFIGS.append(dict(_b, name=_base + ":unexpected-trap", bootargs="test.trap",
                        expect={"status": 4, "output": r"program check to the guest[\s\S]*"
                                r"register dump[\s\S]*PANIC: unexpected trap"},
                        doc="illegal instruction in the partition: reflected to the guest"))
    CONFIGS.append(dict(_b, name=_base + ":stack-smash", bootargs="test.smash",
                        expect={"status": 3, "output": r"PANIC: stack smashing detected"},
                        doc="a stack buffer overflow is caught by the stack protector"))

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

# TDISP (issue 9, docs/tdisp.md): virtio-blk behind a PCIe root port (so it
# has a PCIe capability to carry TEE-IO) is named a TDI by shim.tdisp=; the
# guest locks, validates, starts and only then enables it, and the harness
# checks the disk it wrote through the locked device.
TDISP_BLK = ["-device", "pcie-root-port,id=rp0,chassis=1",
             "-device", "virtio-blk-pci,bus=rp0,drive=d0,disable-legacy=on,iommu_platform=on",
             "-drive", "if=none,id=d0,file={disk},format=raw"]
TDISP_ARGS = "shim.tdisp=01:00.0 tdisp.expect=1 virtio.expect=blk"
# five TEE-IO rng devices behind root ports 1..5, one hostile report each,
# and the sixth (wrong nonce) on the blk device of its own run below
TDISP_HOSTILE = ["-device", "pcie-root-port,id=rp0,chassis=1"] + sum(
    (["-device", f"pcie-root-port,id=rp{i},chassis={i + 1}",
      "-device", f"virtio-rng-pci,bus=rp{i},disable-legacy=on,iommu_platform=on"]
     for i in range(1, 6)), [])
TDISP_HOSTILE_ARGS = ("shim.tdisp=02:00.0,03:00.0,04:00.0,05:00.0,06:00.0 "
                      "shim.tdisp_fault=outside,overlap,unordered,count,truncated")
TDISP_HOSTILE_OUT = (r"02:00\.0: TDISP report refused: range \d+ \[[^\n]*outside BAR[\s\S]*"
                     r"03:00\.0: TDISP report refused: ranges overlap[\s\S]*"
                     r"04:00\.0: TDISP report refused: ranges out of order[\s\S]*"
                     r"05:00\.0: TDISP report refused: MMIO range count 4294967295[\s\S]*"
                     r"06:00\.0: TDISP report refused: report truncated")


def _tdisp_disk_check(workdir, output):
    """the virtio disk checks only: these configurations have no console"""
    return [c for c in _vc.post_check(workdir, output) if not c[0].startswith("virtio-console")]


for _arch, _base in (("arm64", "arm64-shim"), ("riscv64", "riscv64-shim")):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is None:
        continue
    _t = dict(_b, name=_base + "-tdisp", cmd=_b["cmd"] + TDISP_BLK, bootargs=TDISP_ARGS,
              prepare=_vc.prepare, post_check=_tdisp_disk_check, timeout=90,
              output=r"TDISP interface RUN: report of \d+ bytes accepted",
              doc="virtio-blk as a TDISP device: lock, report, start, one MSE|BME write, "
                  "disk I/O checked by the harness")
    CONFIGS.append(_t)
    CONFIGS.append(dict(_t, name=_base + "-tdisp:naive", bootargs=TDISP_ARGS.replace(
        "tdisp.expect=1 virtio.expect=blk", "tdisp.naive"), post_check=None,
        expect={"status": 0, "output": r"shim: tdisp 01:00\.0: ERROR: Memory Space and Bus Master "
                r"Enable not set in one write[\s\S]*01:00\.0: TDISP interface not running: "
                r"interface in ERROR after enabling"},
        doc="a driver writing MSE first and BME later drives the TDI to ERROR; the guest "
            "sees it and leaves the device unused"))
    CONFIGS.append(dict(_t, name=_base + "-tdisp:bme-toggle", bootargs=TDISP_ARGS.replace(
        "tdisp.expect=1 virtio.expect=blk", "tdisp.naive=toggle"), post_check=None,
        expect={"status": 0, "output": r"shim: tdisp 01:00\.0: ERROR: command write cleared Memory "
                r"Space or Bus Master Enable while locked[\s\S]*01:00\.0: TDISP interface not "
                r"running: interface in ERROR after enabling"},
        doc="Bus Master cleared and set again on a running TDI: ERROR, device not used"))
    CONFIGS.append(dict(_t, name=_base + "-tdisp:nonce", bootargs=TDISP_ARGS.replace(
        "tdisp.expect=1 virtio.expect=blk", "shim.tdisp_fault=nonce"), post_check=None,
        expect={"status": 0, "output": r"01:00\.0: TDISP report refused: report nonce does not "
                r"match this lock's nonce"},
        doc="a report carrying another lock's nonce is refused"))
    CONFIGS.append(dict(_b, name=_base + "-tdisp:hostile", cmd=_b["cmd"] + TDISP_HOSTILE,
                        bootargs=TDISP_HOSTILE_ARGS, timeout=90,
                        expect={"status": 0, "output": TDISP_HOSTILE_OUT},
                        doc="five hostile reports (range outside its BAR, overlap, unordered, "
                            "huge count, truncated), each refused with its own message"))

# The key-value appliance on a virtio-console (issue 12): the harness is the
# client on the console's Unix-socket chardev (script_chardev names the
# placeholder; `make run APP=kv` puts the socket at build/kv.sock). In
# ":bounce" every request and reply must cross only the shared bounce pool:
# the guest counts each transfer and fails the run on one outside it.
KV_VIRTIO = ["-device", "virtio-serial-pci,disable-legacy=on,iommu_platform=on",
             "-device", "virtconsole,chardev=kv0",
             "-chardev", "socket,id=kv0,path={kvsock},server=on,wait=on"]


def _kv_prepare(workdir):
    return {"kvsock": _os.path.join(workdir, "kv.sock")}


for _arch, _base in (("riscv64", "riscv64-opensbi"), ("arm64", "arm64-qemu"),
                     ("ppc64", "ppc64-vof")):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is None:
        continue
    _kv = dict(_b, name=_arch + "-kv", cmd=_b["cmd"] + KV_VIRTIO, bootargs="app=kv",
               script=KV_SESSION, script_chardev="kvsock", prepare=_kv_prepare,
               expect={"status": 0, "output": r"kv: serving on virtio-console \(DMA direct\)"
                       r"[\s\S]*--- chardev transcript ---[\s\S]*" + KV_EXPECT},
               doc="the key-value appliance on a virtio-console (socket chardev), scripted session")
    CONFIGS.append(_kv)
    CONFIGS.append(dict(_kv, name=_arch + "-kv:bounce", bootargs="app=kv dma=bounce",
                        expect={"status": 0, "output":
                                r"kv: serving on virtio-console \(DMA bounce\)[\s\S]*"
                                r"kv: bounce check: \d+ transfers, all through the shared pool"
                                r"[\s\S]*--- chardev transcript ---[\s\S]*" + KV_EXPECT},
                        doc="kv on virtio-console with dma=bounce: only the shared pool "
                            "holds data in flight"))

# Traces from both sides (docs/, tools/msc): the guest's trace: lines and the
# shim's shimtrace: lines must both appear for the flows the docs draw.
_TRACED = [
    ("riscv64-shim", "trace ktest=none",
     r"trace: guest -> SBI: FWFT SET POINTER_MASKING_PMLEN=7\n"
     r"shimtrace: \d+ SBI\.FWFT fid=0 0x5 0x7 0x0 -> error=0",
     "FWFT seen from the guest and from the shim"),
    ("arm64-shim", "trace ktest=watchdog",
     r"trace: guest -> SDEI: EVENT_REGISTER[\s\S]*shimtrace: 0 SDEI\.EVENT_REGISTER[\s\S]*"
     r"shimtrace: 0 event:SDEI\.DISPATCH[\s\S]*trace: SDEI -> guest: handler for event[\s\S]*"
     r"shimtrace: 0 SDEI\.EVENT_COMPLETE ",
     "SDEI register, dispatch, handler and COMPLETE seen from both sides"),
    ("ppc64-vof", "trace ktest=none",
     r"trace: guest -> firmware: call-method ibm,client-architecture-support: XIVE[\s\S]*"
     r"trace: firmware --> guest: granted XIVE[\s\S]*trace: guest -> hypervisor: "
     r"H_INT_SET_QUEUE_CONFIG", "CAS request and answer, then the XIVE event queue setup"),
]
for _base, _args, _out, _doc in _TRACED:
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is not None:
        CONFIGS.append(dict(_b, name=_base + ":trace-flow", bootargs=_args,
                            expect={"status": 0, "output": _out}, doc=_doc))

# The ultravisor flow (docs/uv-sharing.md) from both sides: the guest's
# ultracalls naming what each shared page holds and the shim's ultravisor
# lines; with the event queue left private, the shim's violation event.
_b = next((c for c in CONFIGS if c["name"] == "ppc64-pnvshim-svm"), None)
if _b is not None:
    CONFIGS.append(dict(_b, name="ppc64-pnvshim-svm:trace-flow", post_check=None, output=None,
                        bootargs=_b["bootargs"] + " trace ktest=none",
                        expect={"status": 0, "output":
                                r"trace: guest -> ultravisor: UV_ESM [\s\S]*"
                                r"shimtrace: \d+ ultravisor\.UV_ESM 0x[0-9a-f]+ 0x[0-9a-f]+ -> 0"
                                r"[\s\S]*trace: guest -> ultravisor: UV_SHARE_PAGE RTAS buffer"
                                r"[\s\S]*trace: guest -> ultravisor: UV_SHARE_PAGE xive event "
                                r"queue \(eq\)[\s\S]*shimtrace: \d+ ultravisor\.UV_SHARE_PAGE "
                                r"[\s\S]*trace: guest -> hypervisor: H_INT_SET_QUEUE_CONFIG"
                                r"[\s\S]*trace: guest -> ultravisor: UV_SHARE_PAGE virtio DMA pool"},
                        doc="UV_ESM and the shares (RTAS, EQ, DMA pool) seen from both sides"))
    CONFIGS.append(dict(_b, name="ppc64-pnvshim-svm:eq-unshared:trace-flow", post_check=None,
                        output=None,
                        bootargs=_b["bootargs"] + " svm.unshared=eq trace ktest=cas_irq",
                        expect={"status": 1, "output":
                                r"NOT sharing the xive event queue[\s\S]*"
                                r"trace: guest -> hypervisor: H_INT_SET_QUEUE_CONFIG[\s\S]*"
                                r"shimtrace: \d+ event:ultravisor\.PROTECTION_VIOLATION xive "
                                r"page=0x[0-9a-f]+ -> refused"},
                        doc="EQ left private: the shim's protection-violation event in the trace"))

# pseries virtio interrupts (issues 5 and 6): each device's INTx is a PHB LSI
# taken through the negotiated controller; the guest's lsi_suite counts them.
# ":poll" keeps the polled fallback (virtio.poll) running with direct DMA.
def _lsi(chip, what):
    return (r"(?=[\s\S]*irq      : " + chip + r")"
            r"(?=[\s\S]*virtio-blk: INTx pin [A-D] via " + what + r" 0x[0-9a-f]+ \(LSI)")
for _c in [c for c in CONFIGS if c["name"] in ("ppc64-virtio", "ppc64-slof-virtio")]:
    _c["output"] = _lsi("XIVE exploitation", "XIVE LISN")
    CONFIGS.append(dict(_c, name=_c["name"] + ":xive-off", bootargs=_vc.EXPECT + " xive=off",
                        output=_lsi("XICS", "XICS source"),
                        doc="virtio INTx as XICS LSIs (ic-mode dual, xive=off)"))
_v = next((c for c in CONFIGS if c["name"] == "ppc64-virtio"), None)
if _v is not None:
    CONFIGS.append(dict(_v, name="ppc64-virtio:poll", bootargs=_vc.EXPECT + " virtio.poll",
                        output=IRQ_XIVE, doc="virtio polled (virtio.poll), direct DMA: no INTx"))
# a shared line: virtio-rng in slot 4 gets slot 0's LSI, which virtio-blk has
_SHARED = [a.replace("virtio-rng-pci,", "virtio-rng-pci,addr=4.0,") for a in _vc.DEVICES]
if _v is not None:
    for _x, _chip, _what in (("", "XIVE exploitation", "XIVE LISN"), (" xive=off", "XICS", "XICS source")):
        CONFIGS.append(dict(_v, name="ppc64-virtio:shared" + _x.replace(" xive=off", "-xics"),
                            cmd=_v["cmd"][:-len(_vc.DEVICES)] + _SHARED,
                            bootargs=_vc.EXPECT + _x,
                            output=_lsi(_chip, _what) + r"(?=[\s\S]*virtio-rng: INTx pin A via "
                                   + _what + r" 0x[0-9a-f]+ \(LSI, shared\))",
                            doc="virtio-rng shares virtio-blk's LSI (%s)" % _chip.split()[0]))

# Hostile-host catalogue (issue 10): the shim started with shim.fault=<name>
# (shim/core/fault.c; the tables are shim/arch/riscv/sbi_fault.c and
# shim/arch/arm64/fault.c) lies to the guest in one way; the guest must say so
# and stop cleanly (status 2/4), or carry on degraded but correct (status 0),
# or, as a conformance guest, report the lie as failing checks (status 1).
HOSTILE_HOST = {
    "riscv64-shim": [
        ("spec-bit31", "ktest=none", 0, r"firmware : SBI BASE out of spec \(spec version 0x8\w+ has bit 31 set\): treated as v0\.1"),
        ("base-undef-error", "ktest=none", 0, r"firmware : SBI BASE out of spec \(FID 1: error -1000, unknown error\)"),
        ("probe-failed", "ktest=none", 0, r"secondary hart\(s\) but no SBI HSM: they stay off[\s\S]*console SBI legacy putchar[\s\S]*fwft     : not offered"),
        ("probe-undef-error", "ktest=none", 0, r"secondary hart\(s\) but no SBI HSM: they stay off[\s\S]*console SBI legacy putchar"),
        ("dbcn-overclaim", "ktest=none", 0, r"console SBI legacy putchar \(DBCN claimed more bytes than asked\)"),
        ("dbcn-no-progress", "ktest=none", 0, r"console SBI legacy putchar \(DBCN write made no progress\)"),
        ("dbcn-undef-error", "ktest=none", 0, r"console SBI legacy putchar \(DBCN write failed\)"),
        ("hsm-status-range", "ktest=none", 0, r"hart [01] did not start and stop cleanly \(2: HSM status never STOPPED\)"),
        ("hsm-start-undef-error", "ktest=none", 0, r"hart [01] did not start and stop cleanly \(-1000: unknown error\)"),
        ("hsm-start-lie", "ktest=none", 0, r"hart [01] did not start and stop cleanly \(1: no report\)"),
        ("hsm-start-already", "ktest=none", 0, r"hart [01] did not start and stop cleanly \(-6: ALREADY_AVAILABLE\)"),
        ("fwft-pmlen5", "ktest=none", 0, r"masking  : software untagging[\s\S]*answer\(s\) outside the spec, first: GET returned a value the spec does not allow"),
        ("fwft-get-undef-error", "ktest=none", 0, r"masking  : software untagging[\s\S]*first: GET returned an undefined error code"),
        ("fwft-set-lie", "ktest=none", 0, r"masking  : software untagging[\s\S]*first: MISALIGNED_EXC_DELEG readback differs from SET"),
        ("srst-failed", "ktest=none", 0, r"cocoon: exit status 0[\s\S]*SRST shutdown returned -1 \(FAILED\); trying the legacy call"),
        ("srst-undef-error", "ktest=none", 0, r"cocoon: exit status 0[\s\S]*SRST shutdown returned 1000 \(unknown error\); trying the legacy call"),
        ("time-undef-error", "ktest=timer_suite", 0, r"SBI TIME set_timer failed: using the legacy SET_TIMER call[\s\S]*ok 4 - timer_suite: 5 timer interrupts"),
        ("model-forged-tap", "ktest=none", 0, r"platform : qemu\\x0aok 999 - forged by the host\\x1b\[2J \(compatible"),
    ],
    "arm64-shim": [
        ("psci-version-0", "", 2, r"PSCI_VERSION via hvc returned 0x00000000 \(need 0\.2 or later\)[\s\S]*fatal: platform"),
        ("psci-version-bit31", "", 2, r"PSCI_VERSION via hvc returned 0x80010001 \(need 0\.2 or later\)[\s\S]*fatal: platform"),
        ("psci-version-notsup", "", 2, r"PSCI_VERSION via hvc returned 0xffffffff \(need 0\.2 or later\)[\s\S]*fatal: platform"),
        ("psci-cpu-on-undef-error", "ktest=sdei_smp_suite", 1, r"not ok \d+ - sdei_smp_suite: CPU_ON\(0x1\) through the provider: CPU up at EL1 \(-1000\)"),
        ("psci-cpu-on-lie", "ktest=sdei_smp_suite", 1, r"not ok \d+ - sdei_smp_suite: CPU_ON\(0x1\) through the provider: CPU up at EL1 \(1\)"),
        ("psci-cpu-on-already", "ktest=sdei_smp_suite", 1, r"not ok \d+ - sdei_smp_suite: CPU_ON\(0x1\) through the provider: CPU up at EL1 \(-4\)"),
        ("sdei-version-major2", "ktest=none", 0, r"VERSION via hvc returned 0x2000000000000: not 1\.x, SDEI off[\s\S]*sdei     : absent"),
        ("sdei-version-bit63", "ktest=none", 0, r"VERSION via hvc returned 0x8001000000000000: not 1\.x, SDEI off[\s\S]*sdei     : absent"),
        ("sdei-version-notsup", "ktest=none", 0, r"VERSION via hvc returned 0xffffffffffffffff: not 1\.x, SDEI off"),
        ("sdei-unmask-undef-error", "ktest=none", 0, r"sdei: reset/unmask refused \(0/0/-1000\): SDEI off[\s\S]*sdei     : absent"),
        ("sdei-reset-denied", "ktest=none", 0, r"sdei: reset/unmask refused \(-3/0/0\): SDEI off[\s\S]*sdei     : absent"),
        ("sdei-wrong-event", "ktest=sdei_suite", 1, r"sdei: event 4096 entered with an argument 0x\w+ that is not ours: completing it as failed"),
        ("sdei-wrong-arg", "ktest=sdei_suite", 1, r"sdei: event 0 entered with an argument 0x\w+ that is not ours: completing it as failed"),
        ("sdei-pstate-el2", "ktest=sdei_suite", 1, r"sdei: event 0 entered from an interrupted PSTATE 0x\w*[9]\b that is not AArch64 at EL1 or below: completing it as failed[\s\S]*not ok \d+ - sdei_suite"),
        ("sdei-pstate-aarch32", "ktest=sdei_suite", 1, r"sdei: event 0 entered from an interrupted PSTATE 0x\w*3\b that is not AArch64 at EL1 or below: completing it as failed[\s\S]*not ok \d+ - sdei_suite"),
        ("sdei-pc-in-stub", "ktest=sdei_suite", 1, r"sdei: event 0 entered as a normal event that interrupted the SDEI entry stub at 0x\w+: completing it as failed[\s\S]*not ok \d+ - sdei_suite"),
        ("sdei-complete-lost", "ktest=sdei_suite", 4, r"COMPLETE returned -3: the provider lost our event context[\s\S]*PANIC: unexpected trap"),
        ("sdei-context-outside", "ktest=sdei_suite", 1, r"not ok \d+ - sdei_suite: EVENT_CONTEXT with no handler running: DENIED"),
        ("sdei-status-garbage", "ktest=sdei_suite", 1, r"not ok \d+ - sdei_suite: STATUS: registered"),
        ("sdei-register-undef-error", "ktest=sdei_suite", 1, r"not ok \d+ - sdei_suite: REGISTER event 0"),
    ],
    "ppc64-pnvshim": [
        ("cas-grant-xive-unasked", "xive=off ktest=none", 0, r"ibm,architecture-vec-5 unusable \(grants XIVE, but XICS was asked and offered\)[\s\S]*irq      : none \(CAS gave no usable answer\)"),
        ("cas-grant-xics-unasked", "ktest=none", 0, r"ibm,architecture-vec-5 unusable \(grants XICS, but XIVE was asked and offered\)[\s\S]*irq      : none \(CAS gave no usable answer\)"),
        ("vec5-overlong", "ktest=none", 0, r"ibm,architecture-vec-5 unusable \(longer than its own length byte says\)[\s\S]*irq      : none"),
        ("vec5-huge", "ktest=none", 0, r"ibm,architecture-vec-5 unusable \(longer than an option vector can be\)[\s\S]*irq      : none"),
        ("vec5-missing", "ktest=none", 0, r"ibm,architecture-vec-5 unusable \(missing\)[\s\S]*irq      : none"),
        ("vec5-getprop-short", "ktest=none", 0, r"ibm,architecture-vec-5 unusable \(length changed between getproplen and getprop\)[\s\S]*irq      : none"),
        ("xive-source-no-esb", "ktest=cas_irq_suite", 1, r"xive: LISN 0: ESB page 0xffffffffffffffff unusable\nnot ok \d+ - cas_irq_suite: irq: IPI handler registered"),
        ("xive-esb-shift", "ktest=cas_irq_suite", 1, r"xive: LISN 0: absurd ESB page size 2\^40\nnot ok \d+ - cas_irq_suite: irq: IPI handler registered"),
        ("xive-trig-misaligned", "ktest=cas_irq_suite", 1, r"xive: LISN 0: trigger page 0x1234 misaligned\nnot ok \d+ - cas_irq_suite: irq: IPI handler registered"),
        ("xive-queue-info-undef-error", "ktest=none", 0, r"xive: H_INT_GET_QUEUE_INFO\(server 0\) = -1000[\s\S]*irq      : none"),
        ("xive-eq-wrong-gen", "ktest=cas_irq_suite", 1, r"not ok \d+ - cas_irq_suite: ipi: self-IPI delivered once at 0x500 when enabled"),
        ("of-peer-loop", "", 2, r"ppc64: flattening the OF device tree failed: too many nodes[\s\S]*cocoon: fatal: device tree rejected"),
        ("of-getprop-overclaim", "ktest=none", 0, r"cas: ibm,arch-vec-5-platform-support rejected \(length changed between getproplen and getprop\); assuming XICS \+ hash[\s\S]*irq      : none \(CAS gave no usable answer\)"),
        ("term-char-undef-error", "ktest=none", 0, r"\nppc64: console: H_PUT_TERM_CHAR returned -1000, not a PAPR return code: output may be lost; not retried\n(?![\s\S]*not a PAPR return code)[\s\S]*cocoon: exit status 0"),
        ("term-char-busy", "ktest=none", 0, r"ppc64: console: hypervisor busy: one write needed 5 retries \(bound 1000\)\n(?![\s\S]*still busy)[\s\S]*cocoon: exit status 0"),
        ("term-char-busy-forever", "ktest=none", 0, r"ppc64: console: H_PUT_TERM_CHAR still busy after 1000 tries: 2 chunk\(s\) of output dropped\n\nppc64: console: hypervisor busy: one write needed 500 retries \(bound 1000\)[\s\S]*cocoon: exit status 0"),
    ],
    "ppc64-pnvshim-virtio": [
        ("virtio-used-bad-id", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: used id 1 is not the head of a buffer in flight[\s\S]*not ok \d+ - virtio_suite: virtio-blk: read sector 0"),
        ("virtio-used-oversized", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: used len 1073741824 exceeds the 513 writable bytes[\s\S]*not ok \d+ - virtio_suite: virtio-blk: read sector 0"),
        ("virtio-used-jump", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: used idx advanced by 17 with \d+ buffers in flight[\s\S]*not ok \d+ - virtio_suite: virtio-blk: read sector 0"),
        ("virtio-used-backwards", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: used idx went backwards \(to 0 after 1\)\nnot ok \d+ - virtio_suite: virtio-blk: write 8 sectors at 8[\s\S]*virtio-rng 00:01\.0: marked broken: used idx went backwards"),
        ("virtio-used-double", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: used id 0 was already completed \(double completion\)\nnot ok \d+ - virtio_suite: virtio-blk: write 8 sectors at 8"),
        ("virtio-refuse-features", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-rng 00:01\.0: marked broken: FEATURES_OK not accepted by the device\nvirtio-blk 00:02\.0: marked broken: FEATURES_OK not accepted by the device[\s\S]*not ok \d+ - virtio_suite: virtio-blk: device driven"),
        ("virtio-needs-reset", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"ok \d+ - virtio_suite: virtio-blk: write 8 sectors at 8\nshim: virtio-blk: injected DEVICE_NEEDS_RESET: device needs reset\nvirtio-blk 00:02\.0: marked broken: device needs reset\nnot ok \d+ - virtio_suite: virtio-blk: flush"),
        ("virtio-cfggen-unstable", "virtio.expect=blk,rng ktest=virtio_suite", 1, r"virtio-blk 00:02\.0: marked broken: config generation never settles[\s\S]*not ok \d+ - virtio_suite: virtio-blk: device driven"),
    ],
    "ppc64-pnvshim:smp2": [
        ("proc-tbl-ignored", "ktest=wx_suite", 1, r"mmu: H_REGISTER_PROC_TBL succeeded but translated accesses fault: staying in real mode[\s\S]*mmu      : real mode \(the registered tree does not translate\)[\s\S]*not ok \d+ - wx_suite: wx: radix W\^X expected"),
        ("set-mode-ail-refused", "ktest=wx_suite", 1, r"mmu: H_SET_MODE\(AIL 0\) = -1: staying in real mode[\s\S]*mmu      : real mode \(H_SET_MODE\(AIL 0\) refused\)[\s\S]*not ok \d+ - wx_suite: wx: radix W\^X expected"),
        ("proc-tbl-refused", "ktest=wx_suite", 1, r"mmu: H_REGISTER_PROC_TBL = -1: staying in real mode[\s\S]*mmu      : real mode \(H_REGISTER_PROC_TBL refused\): no W\^X[\s\S]*not ok \d+ - wx_suite: wx: radix W\^X expected"),
        ("rtas-start-cpu-garbage", "ktest=none", 0, r"smp: start-cpu\(1\) failed, status 12345[\s\S]*smp      : 1 of 2 CPUs online"),
    ],
}
# every shim can also hand the guest a memory node that does not hold its kernel
for _base in ("riscv64-shim", "arm64-shim", "ppc64-pnvshim"):
    HOSTILE_HOST[_base] += [
        (_lie, "", 2, r"cocoon: fatal: device tree: no memory range contains the kernel image")
        for _lie in ("mem-above-kernel", "mem-overlap-kernel")]
for _base, _faults in HOSTILE_HOST.items():
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    for _name, _args, _status, _pattern in (_faults if _b else ()):
        CONFIGS.append(dict(_b, name=f"{_base}:fault-{_name}", timeout=60, output=None, post_check=None,
                            bootargs=f"shim.fault={_name} {_args}".strip(),
                            expect={"status": _status,
                                    "output": r"hostile-host mode: fault '" + _name +
                                              r"' injected[\s\S]*" + _pattern},
                            doc=f"hostile host: shim.fault={_name}"))

# The shims are built with the stack protector too: shim.fault=smash overflows
# a shim stack buffer, which must end in the shim's own panic.
for _base in ("riscv64-shim", "arm64-shim"):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is not None:
        CONFIGS.append(dict(_b, name=_base + ":stack-smash", bootargs="shim.fault=smash",
                            timeout=60, expect={"status": None, "output":
                                                r"shim: PANIC: stack smashing detected in the shim"},
                            doc="a shim stack buffer overflow is caught by the shim's stack protector"))

# riscv64 W^X (kernel/arch/riscv/mmu.c): every configuration above runs with
# Sv39 page tables and wx_suite checks them. mmu=off keeps satp Bare, so that
# path stays tested too: tagged addresses access-fault instead of page-faulting
# (pointer_masking_suite), and under the shim the access fault is the shim's.
for _base in ("riscv64-opensbi", "riscv64-shim"):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is not None:
        CONFIGS.append(dict(_b, name=_base + ":mmu-off", bootargs="mmu=off", post_check=None,
                            output=r"mmu      : satp Bare \(mmu=off\)",
                            doc="mmu=off: satp stays Bare (no W^X); the Bare-mode fault causes"))
# ppc64 W^X (issue 10, kernel/arch/ppc64/mmu_radix.c): mmu=off keeps real mode (the
# wx_suite checks skip); test.wx stores into kernel text on purpose: a protection
# DSI with the radix tree, a store that goes through without it.
_WX_DSI = (r"storing into kernel text at \S+ on purpose[\s\S]*data storage \(0x300\), register dump"
           r"[\s\S]*dsisr 0a000000[\s\S]*PANIC: unexpected trap")
for _base in ("ppc64-vof", "ppc64-slof", "ppc64-pnvshim", "ppc64-pnvshim-svm"):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is None:
        continue
    CONFIGS.append(dict(_b, name=_base + ":mmu-off", bootargs=" ".join(
                            x for x in (_b.get("bootargs"), "mmu=off") if x),
                        output=r"mmu      : real mode \(mmu=off\)",
                        doc="mmu=off: no radix tree, the guest stays in real mode (no W^X)"))
_b = next((c for c in CONFIGS if c["name"] == "ppc64-vof"), None)
if _b is not None:
    CONFIGS.append(dict(_b, name="ppc64-vof-p10",
                        cmd=[a if a != "power9" else "power10" for a in _b["cmd"]],
                        output=r"POWER10[\s\S]*mmu      : radix W\^X",
                        doc="pseries with a POWER10 CPU: the same radix W^X"))
for _base in ("ppc64-vof", "ppc64-pnvshim"):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is None:
        continue
    CONFIGS.append(dict(_b, name=_base + ":wx-store", bootargs="ktest=none test.wx",
                        output=None, post_check=None, timeout=60,
                        expect={"status": 4, "output": _WX_DSI},
                        doc="a store into kernel text: DSI with DSISR protection, boot fails"))
    CONFIGS.append(dict(_b, name=_base + ":mmu-off:wx-store", bootargs="ktest=none mmu=off test.wx",
                        output=None, post_check=None, timeout=60,
                        expect={"status": 0, "output": r"the store into kernel text went through"},
                        doc="the same store with mmu=off: real mode lets it through"))

# Stack guard pages (issue 10): test.stack_overflow recurses until the boot
# stack runs into the unmapped page below it; the fault is reported from an
# emergency stack (each arch's stack_guard.c says how) and the boot fails.
_STACK_OVF = (r"recursing until the stack overflows on purpose[\s\S]*"
              r"stack overflow on CPU 0: fault at 0x[0-9a-f]+ in the guard page below the stack"
              r"[\s\S]*PANIC: unexpected trap: stack overflow")
# ppc64: the vectors save into the per-CPU frame and run on the exception
# stack in real mode, so the DSI is reported (with its register dump) without
# touching the stack.
_STACK_OVF_PPC = _STACK_OVF.replace(r"[\s\S]*PANIC", r"[\s\S]*register dump[\s\S]*PANIC")
for _base in ("riscv64-opensbi", "riscv64-shim", "arm64-qemu", "arm64-shim", "ppc64-vof",
              "ppc64-pnvshim"):
    _b = next((c for c in CONFIGS if c["name"] == _base), None)
    if _b is not None:
        CONFIGS.append(dict(_b, name=_base + ":stack-overflow", bootargs="ktest=none test.stack_overflow",
                            output=None, post_check=None, timeout=60,
                            expect={"status": 4, "output": _STACK_OVF_PPC if _base.startswith("ppc64")
                                    else _STACK_OVF},
                            doc="unbounded recursion hits the guard page below the stack: "
                                "clear message, controlled stop"))
# arm64: the secondary PE's guard page and emergency stack (its own TPIDR_EL1 area).
_b = next((c for c in CONFIGS if c["name"] == "arm64-shim"), None)
if _b is not None:
    CONFIGS.append(dict(_b, name="arm64-shim:stack-overflow-cpu1",
                        bootargs="ktest=stack_overflow_cpu1 test.stack_overflow_cpu1",
                        output=None, post_check=None, timeout=60,
                        expect={"status": 4, "output":
                                r"recursing on CPU 1 until its stack overflows on purpose[\s\S]*"
                                r"stack overflow on CPU 1: fault at 0x[0-9a-f]+ in the guard page "
                                r"below the stack[\s\S]*PANIC: unexpected trap: stack overflow"},
                        doc="the second PE's stack overflows: its guard page, its emergency stack"))
# riscv64: a secondary hart's guard page and emergency stack (its own sscratch area).
_b = next((c for c in CONFIGS if c["name"] == "riscv64-opensbi"), None)
if _b is not None:
    CONFIGS.append(dict(_b, name="riscv64-opensbi:stack-overflow-cpu1",
                        bootargs="ktest=stack_overflow_cpu1 test.stack_overflow_cpu1",
                        output=None, post_check=None, timeout=60,
                        expect={"status": 4, "output":
                                r"recursing on CPU 1 until its stack overflows on purpose[\s\S]*"
                                r"stack overflow on CPU 1: fault at 0x[0-9a-f]+ in the guard page "
                                r"below the stack[\s\S]*PANIC: unexpected trap: stack overflow"},
                        doc="a secondary hart's stack overflows: its guard page, its emergency stack"))
