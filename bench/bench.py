#!/usr/bin/env python3
"""make bench: deterministic counts for cocoon, side by side with a Linux guest.

Every run is under QEMU with -icount shift=0,sleep=off: one guest instruction is
one virtual nanosecond and idle time is skipped, so the numbers are counts, not
wall-clock time, and the same build gives the same numbers on any machine. Each
guest reads its own arch counter (rdtime, CNTVCT_EL0, the timebase), which
starts at 0 at machine reset, so "ready at N ticks" is the virtual time from
the first instruction (firmware included) to the ready line.

  bench/bench.py [--quick] [--only NAME...]

Writes bench/results/<date>.json, bench/results/<date>.md and
bench/results/<date>-growth.svg, and refreshes the table in README.md between
the "bench:begin" and "bench:end" markers. Standard library only (gnuplot when
installed, else the SVG is written here).

What is measured (issue 11):
  boot      ready line, cocoon vs the Linux peer (Debian's kernel + our /init)
  size      bytes of the loadable image; minimum RAM (-m bisected, MiB)
  calls     bench=calls in the guest: null call per arch, SBI BASE call
  growth    boot time against RAM size, 128 MiB .. 2 GiB
  trips     round trips per machine against its null call: SBI on OpenSBI vs
            the riscv shim, FWFT GET/SET, SDEI SIGNAL -> handler -> COMPLETE on
            the arm64 shim (and its growth with registered events), XIVE vs
            XICS self-IPI on pseries (bench=calls,fwft,sdei,ipi)
  blk       virtio-blk 4 KiB / 64 KiB requests, direct vs bounce (bench=blk)
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
from configs import CONFIGS  # noqa: E402

BUILD = os.path.join(ROOT, "build")
WORK = os.path.join(BUILD, "bench")
RESULTS = os.path.join(ROOT, "bench", "results")
# -seed: QEMU's guest RNG (the rng-seed/kaslr-seed it puts in the device tree)
# becomes a fixed PRNG, and -rtc clock=vm pins the wall clock, so a Linux boot
# executes the same instructions every run (without them it varies by ~1%).
ICOUNT = ["-icount", "shift=0,sleep=off", "-no-reboot", "-seed", "1",
          "-rtc", "base=2025-01-01T00:00:00,clock=vm"]
GROWTH_MIB = [128, 256, 512, 1024, 2048]

# The machines: a harness configuration (tests/qemu/configs.py) for cocoon, and
# how the Linux peer is told where its console is. The Linux peer runs on the
# same QEMU command line with only -kernel/-initrd/-append changed.
MACHINES = [
    dict(key="riscv64-virt-opensbi1.6", config="riscv64-opensbi", arch="riscv64",
         console="ttyS0", doc="RISC-V virt, OpenSBI >= 1.6 (Debian)"),
    # the same Linux kernel as on 1.6: only its boot is measured again here
    dict(key="riscv64-virt-opensbi1.5.1", config="riscv64-opensbi15", arch="riscv64",
         console="ttyS0", doc="RISC-V virt, QEMU's bundled OpenSBI 1.5.1", linux_extras=False),
    dict(key="arm64-virt", config="arm64-qemu", arch="arm64", console="ttyAMA0",
         doc="Arm virt, GICv3, EL1, PSCI over HVC (QEMU)"),
    # QEMU pseries takes RAM only in multiples of 256 MiB
    dict(key="ppc64-pseries-vof", config="ppc64-vof", arch="ppc64", console="hvc0",
         doc="pseries POWER9, VOF firmware", ram_step=256),
]
LINUX_CLANG_TARGET = {"riscv64": ["--target=riscv64-linux-gnu", "-march=rv64imac",
                                  "-mabi=lp64", "-mno-relax"],
                      "arm64": ["--target=aarch64-linux-gnu"],
                      "ppc64": ["--target=powerpc64le-linux-gnu", "-mcpu=power8"]}

COCOON_READY = re.compile(r"cocoon: ready at (\d+) ticks \((\d+) Hz\), entered at (\d+)")
LINUX_READY = re.compile(r"linux: ready at (\d+) ticks")
BENCH_LINE = re.compile(r"^bench: (\S+) ([0-9.]+)\s*$", re.M)
EXIT_OK = re.compile(r"cocoon: exit status 0\b")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# ---- running one guest ------------------------------------------------------

def base_cmd(machine):
    cfg = next(c for c in CONFIGS if c["name"] == machine["config"])
    out = os.path.join(BUILD, cfg["arch"])
    subst = {"image": os.path.join(out, "Image"), "elf": os.path.join(out, "cocoon.elf"),
             "deps": os.path.join(BUILD, "deps"), "dtb": "", "shim": os.path.join(out, "shim.Image"),
             "shim_bin": os.path.join(out, "shim.bin")}
    return [a.format(**subst) for a in cfg["cmd"]]


def with_mem(cmd, mib):
    cmd = list(cmd)
    cmd[cmd.index("-m") + 1] = f"{mib}M"
    return cmd


def default_mib(machine):
    cmd = base_cmd(machine)
    m = cmd[cmd.index("-m") + 1]
    return int(m[:-1]) << 10 if m.endswith("G") else int(m.rstrip("M"))


def guest_cmd(machine, guest, mib, append=""):
    cmd = with_mem(base_cmd(machine), mib) + ICOUNT
    if guest == "linux":
        k = cmd.index("-kernel")
        cmd[k + 1] = linux_kernel(machine["arch"])
        cmd += ["-initrd", initramfs(machine["arch"]),
                "-append", f"console={machine['console']} quiet panic=-1 {append}".strip()]
    elif append:
        cmd += ["-append", append]
    return cmd


def run(cmd, timeout):
    """Console output of one boot (QEMU killed after timeout wall seconds)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def boot(machine, guest, mib, append=""):
    """(ticks at the ready line or None if the guest did not get there,
    counter Hz, ticks at kernel entry, console text). Hz and entry: cocoon only."""
    if mib % machine.get("ram_step", 1):
        return None, None, None, "-m not accepted by this machine"
    if guest == "cocoon":
        text = run(guest_cmd(machine, guest, mib, append or "ktest=-"), 30)
        m = COCOON_READY.search(text)
        if m and EXIT_OK.search(text):
            return int(m.group(1)), int(m.group(2)), int(m.group(3)), text
        return None, None, None, text
    text = run(guest_cmd(machine, guest, mib, append), 90)
    m = LINUX_READY.search(text)
    return (int(m.group(1)) if m else None), None, None, text


# ---- the Linux peer -----------------------------------------------------------

def linux_kernel(arch):
    return os.path.join(WORK, "linux", arch, "kernel")


def initramfs(arch):
    return os.path.join(WORK, "init", f"initramfs-{arch}.cpio")


def build_linux_peer(archs):
    subprocess.run([os.path.join(ROOT, "bench", "fetch-linux")] + archs, check=True)
    os.makedirs(os.path.join(WORK, "init"), exist_ok=True)
    for arch in archs:
        init = os.path.join(WORK, "init", f"init-{arch}")
        subprocess.run(["clang-19"] + LINUX_CLANG_TARGET[arch] + [
            "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-ffreestanding", "-nostdlib",
            "-static", "-fno-pic", "-fno-stack-protector", "-fuse-ld=lld", "-Wl,-e,_start",
            "-Wl,--build-id=none", "-o", init, os.path.join(ROOT, "bench", "linux_init.c")],
            check=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "mkcpio.py"),
                        initramfs(arch), init], check=True)


def linux_version(arch):
    with open(os.path.join(WORK, "linux", arch, "VERSION")) as f:
        return f.read().strip()


# ---- sizes --------------------------------------------------------------------

def elf_load_bytes(path):
    """(sum of PT_LOAD p_filesz, sum of p_memsz) of a 64-bit ELF."""
    with open(path, "rb") as f:
        data = f.read(1 << 16)
        if data[:4] != b"\x7fELF" or data[4] != 2:
            return None
        end = "<" if data[5] == 1 else ">"
        phoff, = struct.unpack_from(end + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(end + "HH", data, 0x36)
        filesz = memsz = 0
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            ph = f.read(phentsize)
            p_type, = struct.unpack_from(end + "I", ph, 0)
            if p_type == 1:
                fs, ms = struct.unpack_from(end + "QQ", ph, 32)
                filesz += fs
                memsz += ms
        return filesz, memsz


def cocoon_size(arch):
    """Bytes QEMU loads: the raw Image (riscv64, arm64) or the ELF's PT_LOAD
    contents (ppc64, loaded as an ELF); plus the ELF's memory footprint."""
    elf = os.path.join(BUILD, arch, "cocoon.elf")
    filesz, memsz = elf_load_bytes(elf)
    image = os.path.join(BUILD, arch, "Image")
    loaded = os.path.getsize(image) if os.path.exists(image) else filesz
    return loaded, memsz


def linux_size(arch):
    k = linux_kernel(arch)
    ld = elf_load_bytes(k)
    return ld[0] if ld else os.path.getsize(k)


# ---- minimum RAM ----------------------------------------------------------------

def min_ram(machine, guest, hi, lo=1):
    """Smallest -m (MiB) the guest reaches its ready line in, by bisection
    between lo and hi (hi known to boot), in the machine's RAM granularity."""
    step = machine.get("ram_step", 1)
    lo, hi = max(lo, step) // step, hi // step
    if boot(machine, guest, lo * step)[0] is not None:
        return lo * step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if boot(machine, guest, mid * step)[0] is not None:
            hi = mid
        else:
            lo = mid
    return hi * step


# ---- the benchmark ------------------------------------------------------------------

def ns(ticks, hz):
    return None if ticks is None or not hz else ticks * 1e9 / hz


def measure(machines, quick):
    res = {"machines": {}}
    for m in machines:
        key, arch = m["key"], m["arch"]
        log(f"{key}: boot")
        r = {"doc": m["doc"], "arch": arch, "qemu_config": m["config"],
             "qemu_cmd_cocoon": " ".join(guest_cmd(m, "cocoon", default_mib(m), "ktest=-"))
             .replace(ROOT + "/", ""),
             "qemu_cmd_linux": " ".join(guest_cmd(m, "linux", default_mib(m))).replace(ROOT + "/", ""),
             "linux_kernel": linux_version(arch), "ram_mib": default_mib(m)}
        mib = default_mib(m)
        t0 = time.monotonic()
        c1, hz, entry, text = boot(m, "cocoon", mib)
        if c1 is None:
            raise SystemExit(f"bench: cocoon did not boot on {key}:\n{text[-2000:]}")
        c2 = boot(m, "cocoon", mib)[0]
        l1, _, _, ltext = boot(m, "linux", mib)
        l2 = boot(m, "linux", mib)[0] if not quick else l1
        if l1 is None:
            log(f"{key}: the Linux peer did not reach its ready line:\n{ltext[-1500:]}")
        r["counter_hz"] = hz
        r["boot"] = {
            "cocoon_ticks": [c1, c2], "cocoon_ns": ns(c1, hz), "cocoon_deterministic": c1 == c2,
            # counter at cocoon's first C instruction: the firmware's (and QEMU
            # boot stub's) share, the same for both guests on this machine
            "firmware_ns": ns(entry, hz),
            "linux_ticks": [l1, l2], "linux_ns": ns(min(x for x in (l1, l2) if x is not None), hz)
            if l1 is not None else None,
            "linux_deterministic": l1 == l2,
        }
        b = r["boot"]
        b["ratio"] = b["cocoon_ns"] / b["linux_ns"] if b["linux_ns"] else None
        # kernel only (firmware share taken off both): an estimate, as the
        # firmware may do slightly different work for a different payload
        b["kernel_ratio"] = ((b["cocoon_ns"] - b["firmware_ns"]) / (b["linux_ns"] - b["firmware_ns"])
                             if b["linux_ns"] else None)
        log(f"{key}: boot done in {time.monotonic() - t0:.0f} s")
        t0 = time.monotonic()

        log(f"{key}: sizes and minimum RAM")
        loaded, memsz = cocoon_size(arch)
        r["size"] = {"cocoon_image_bytes": loaded, "cocoon_footprint_bytes": memsz,
                     "linux_image_bytes": linux_size(arch),
                     "linux_initramfs_bytes": os.path.getsize(initramfs(arch))}
        extras = m.get("linux_extras", True) and l1 is not None
        r["min_ram_mib"] = {"cocoon": min_ram(m, "cocoon", mib),
                            "linux": min_ram(m, "linux", mib, lo=16) if extras else None}
        r["ram_step_mib"] = m.get("ram_step", 1)
        log(f"{key}: sizes and minimum RAM done in {time.monotonic() - t0:.0f} s")
        t0 = time.monotonic()

        log(f"{key}: calls")
        text = run(guest_cmd(m, "cocoon", mib, "ktest=- bench=calls"), 60)
        r["calls_ns"] = {k: float(v) for k, v in BENCH_LINE.findall(text)}
        if "bench: done" not in text:
            log(f"{key}: bench=calls did not finish:\n{text[-1500:]}")

        log(f"{key}: growth")
        sizes = GROWTH_MIB if not quick else GROWTH_MIB[:2]
        r["growth"] = {"ram_mib": sizes,
                       "cocoon_ns": [ns(boot(m, "cocoon", s)[0], hz) for s in sizes],
                       "linux_ns": [ns(boot(m, "linux", s)[0], hz) if extras else None
                                    for s in sizes]}
        log(f"{key}: calls and growth done in {time.monotonic() - t0:.0f} s")
        res["machines"][key] = r
    return res


# ---- round trips and virtio-blk ---------------------------------------------------

# One boot each: a harness configuration, the bootargs, and the peer whose
# null call is the floor (the same machine: its own null_call_* line).
TRIPS = [
    dict(key="riscv64-opensbi1.6", config="riscv64-opensbi", arch="riscv64",
         args="bench=calls,fwft", doc="OpenSBI 1.6 answers the guest's ecalls (M-mode)"),
    dict(key="riscv64-shim", config="riscv64-shim", arch="riscv64", args="bench=calls,fwft",
         doc="cocoon's HS-mode shim answers (guest in VS-mode), on OpenSBI 1.6"),
    dict(key="arm64-shim", config="arm64-shim", arch="arm64", args="bench=calls,sdei",
         doc="cocoon's EL2 shim answers HVC (PSCI, SDEI), guest at EL1"),
    dict(key="ppc64-pseries-xive", config="ppc64-vof", arch="ppc64", args="bench=calls,ipi",
         doc="stock pseries (QEMU's sPAPR), XIVE exploitation after CAS"),
    dict(key="ppc64-pseries-xics", config="ppc64-vof", arch="ppc64",
         args="xive=off bench=calls,ipi", doc="stock pseries, XICS (xive=off at CAS)"),
    # one boot as a Secure VM: the hcalls (unaffected by svm=on: neither touches
    # guest memory) and the ultracalls, which need a secure partition
    dict(key="ppc64-powernv-shim", config="ppc64-pnvshim", arch="ppc64",
         args="svm=on bench=calls,uv",
         doc="cocoon's powernv HV shim (QEMU powernv9, guest as LPID 1) answers hcalls and, "
             "as the ultravisor model, ultracalls; the guest is a Secure VM (svm=on)"),
]
# The measured call of each row, the machine it ran on, and its floor there.
TRIP_ROWS = [
    ("SBI BASE get_spec_version", "riscv64-opensbi1.6", "sbi_base_get_spec_version",
     "null_call_sbi_unknown_eid", False),
    ("SBI BASE get_spec_version", "riscv64-shim", "sbi_base_get_spec_version",
     "null_call_sbi_unknown_eid", True),
    ("FWFT GET misaligned deleg.", "riscv64-opensbi1.6", "fwft_get_misaligned_deleg",
     "null_call_sbi_unknown_eid", False),
    ("FWFT GET misaligned deleg.", "riscv64-shim", "fwft_get_misaligned_deleg",
     "null_call_sbi_unknown_eid", True),
    ("FWFT SET misaligned deleg.", "riscv64-opensbi1.6", "fwft_set_misaligned_deleg",
     "null_call_sbi_unknown_eid", False),
    ("FWFT SET misaligned deleg.", "riscv64-shim", "fwft_set_misaligned_deleg",
     "null_call_sbi_unknown_eid", True),
    ("SDEI SIGNAL → handler → COMPLETE", "arm64-shim", "sdei_signal_complete",
     "null_call_psci_version_hvc", True),
    ("self-IPI, XIVE", "ppc64-pseries-xive", "ipi_self_xive", "null_call_hcall", False),
    ("self-IPI, XICS", "ppc64-pseries-xics", "ipi_self_xics", "null_call_hcall", False),
    ("hcall H_SET_MODE (no-op)", "ppc64-pseries-xive", "hcall_set_mode_le", "null_call_hcall",
     False),
    ("hcall H_SET_MODE (no-op)", "ppc64-powernv-shim", "hcall_set_mode_le", "null_call_hcall",
     True),
    ("null ultracall (sc 2, forwarded)", "ppc64-powernv-shim", "null_ucall", "null_call_hcall",
     None),
    ("UV_SHARE_PAGE, page already shared", "ppc64-powernv-shim", "uv_share_noop",
     "null_call_hcall", True),
    ("UV_SHARE_PAGE, one private page", "ppc64-powernv-shim", "uv_share_1", "null_call_hcall",
     True),
]
NOT_YET = []
TARGET_TRIP = 2.0
TARGET_BOUNCE = 0.70

# virtio-blk: QEMU's device on the stock machines (its work costs no virtual
# time), the powernv shim's (guest code for QEMU: its copies count). The
# shim's disk is a RAM disk filled from the image QEMU's loader puts at 768
# MiB: the scratch image replaces the harness's there. The Secure VM row
# bounces through the pool the guest shared with UV_SHARE_PAGE; its direct
# peer is the normal partition's (a Secure VM cannot do direct DMA).
BLK_MACHINES = [
    dict(key="riscv64", arch="riscv64", config="riscv64-opensbi"),
    dict(key="arm64", arch="arm64", config="arm64-qemu"),
    dict(key="ppc64", arch="ppc64", config="ppc64-vof"),
    dict(key="ppc64-powernv-shim", arch="ppc64", config="ppc64-pnvshim", disk="loader",
         disk_mib=8),
    dict(key="ppc64-powernv-shim-svm", arch="ppc64", config="ppc64-pnvshim", disk="loader",
         disk_mib=8, modes={"bounce": "svm=on"}, direct_from="ppc64-powernv-shim"),
]
# polled (virtio.poll): waiting in WFI lets -icount jump the clock to the
# next timer deadline while the host is slow, so on a busy machine a
# request could time out; spinning advances it by instructions only
BLK_MODES = {"direct": "dma=direct virtio.poll", "bounce": "dma=bounce virtio.poll"}
BLK_DISK_MIB = 16
BLK_BYTES = {"4k": 4096, "64k": 65536}
BLK_DEVICE = ["-device", "virtio-blk-pci,drive=d0,disable-legacy=on,iommu_platform=on",
              "-drive", "if=none,id=d0,file={disk},format=raw"]


def bench_lines(text):
    return {k: float(v) for k, v in BENCH_LINE.findall(text)}


def measure_trips(archs):
    out = {}
    for t in TRIPS:
        if t["arch"] not in archs:
            continue
        m = dict(config=t["config"], arch=t["arch"])
        log(f"{t['key']}: round trips ({t['args']})")
        text = run(guest_cmd(m, "cocoon", default_mib(m), "ktest=- " + t["args"]), 120)
        if "bench: done" not in text:
            log(f"{t['key']}: bench did not finish:\n{text[-1500:]}")
        out[t["key"]] = {"doc": t["doc"], "qemu_config": t["config"], "bootargs": t["args"],
                         "ns": bench_lines(text)}
    return out


def measure_blk(archs):
    out = {}
    for b in BLK_MACHINES:
        key, arch, config = b["key"], b["arch"], b["config"]
        if arch not in archs:
            continue
        m = dict(config=config, arch=arch)
        out[key] = {"qemu_config": config, "direct_from": b.get("direct_from")}
        for mode, args in b.get("modes", BLK_MODES).items():
            disk = os.path.join(WORK, f"blk-{key}-{mode}.img")
            with open(disk, "wb") as f:
                f.truncate(b.get("disk_mib", BLK_DISK_MIB) << 20)
            log(f"{key}: virtio-blk, {mode} DMA ({args})")
            cmd = guest_cmd(m, "cocoon", default_mib(m), f"ktest=- {args} bench=blk")
            if b.get("disk") == "loader":
                elf = os.path.join(BUILD, arch, "cocoon.elf")
                want = f"loader,file={elf},addr=0x30000000"
                if not any(want in a for a in cmd):
                    raise SystemExit(f"bench: {config}: no loader disk at 0x30000000 to replace")
                cmd = [a.replace(want, f"loader,file={disk},addr=0x30000000") for a in cmd]
            else:
                cmd += [a.format(disk=disk) for a in BLK_DEVICE]
            text = run(cmd, 180)
            os.remove(disk)
            ns_ = bench_lines(text)
            if "bench: done" not in text:
                log(f"{key}: bench=blk ({mode}) did not finish:\n{text[-1500:]}")
            out[key][mode] = {"bootargs": args, "ns_per_request": ns_, "mb_per_s": {
                k: BLK_BYTES[k.rsplit("_", 1)[1]] * 1e3 / v
                for k, v in ns_.items() if not k.endswith("_total") and v > 0}}
    return out


# ---- reporting ------------------------------------------------------------------

TARGET_RATIO = 1 / 50
TARGET_IMAGE = 256 * 1024
TARGET_RAM_MIB = 8


def fmt_ms(v):
    if v is None:
        return "—"
    return f"{v / 1e3:.1f} µs" if v < 1e5 else f"{v / 1e6:.2f} ms"


def fmt_mib(v):
    return "—" if v is None else f"{v} MiB"


def fmt_bytes(v):
    return "—" if v is None else (f"{v / 1024:.1f} KiB" if v < 1 << 20 else f"{v / (1 << 20):.1f} MiB")


def yes(ok):
    return "met" if ok else "**missed**"


def fmt_ratio(v):
    return "—" if not v else f"1/{1 / v:.0f}"


def markdown(res):
    ms = res["machines"]
    out = [f"Measured {res['date']} with `make bench` (QEMU {res['qemu']}, "
           "`-icount shift=0,sleep=off`: 1 instruction = 1 virtual ns; "
           f"Linux peer: Debian {res['linux_kernels']} with a 1-file initramfs).", "",
           "| machine | firmware | boot to ready: cocoon | Linux | ratio | kernel only | "
           "image: cocoon | Linux | min RAM: cocoon | Linux |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, r in ms.items():
        b, s, mr = r["boot"], r["size"], r["min_ram_mib"]
        star = "¹" if r["ram_step_mib"] > 1 else ""
        out.append(f"| {key} | {fmt_ms(b['firmware_ns'])} | {fmt_ms(b['cocoon_ns'])} | "
                   f"{fmt_ms(b['linux_ns'])} | {fmt_ratio(b['ratio'])} | "
                   f"{fmt_ratio(b['kernel_ratio'])} | "
                   f"{fmt_bytes(s['cocoon_image_bytes'])} | {fmt_bytes(s['linux_image_bytes'])} | "
                   f"{fmt_mib(mr['cocoon'])}{star} | {fmt_mib(mr['linux'])}{star if mr['linux'] else ''} |")
    out += ["", "firmware: virtual time before cocoon's first instruction (OpenSBI, VOF, QEMU's "
            "boot stub), part of both guests' boot; kernel only: the ratio with it taken off both. "
            "Image: bytes QEMU loads (raw Image; ppc64: the ELF's PT_LOAD contents). "
            "Linux on riscv64 OpenSBI 1.5.1: same kernel, only its boot is measured again.", "",
            "¹ QEMU pseries accepts RAM only in multiples of 256 MiB, so 256 MiB is the smallest "
            "that can be tried there.",
            "", "Round trips (`bench=calls`, virtual ns per call, loop included):", "",
            "| machine | call | ns/call |", "|---|---|---:|"]
    for key, r in ms.items():
        for name, v in r["calls_ns"].items():
            out.append(f"| {key} | {name} | {v:.2f} |")
    out += ["", "Boot to ready against RAM size (virtual ms; plot: "
            f"`bench/results/{res['date']}-growth.svg`):", "",
            "| machine | guest | " + " | ".join(f"{s} MiB" for s in GROWTH_MIB) + " |",
            "|---|---|" + "---:|" * len(GROWTH_MIB)]
    for key, r in ms.items():
        g = r["growth"]
        for guest in ("cocoon", "linux"):
            vals = dict(zip(g["ram_mib"], g[guest + "_ns"]))
            if not any(vals.values()):
                continue
            out.append(f"| {key} | {guest} | " + " | ".join(
                "—" if vals.get(s) is None else f"{vals[s] / 1e6:.2f}" for s in GROWTH_MIB) + " |")
    out += markdown_trips(res) + markdown_blk(res)
    out += ["", "Targets:", ""] + [f"- {t}" for t in res["targets"]["text"]]
    return "\n".join(out) + "\n"


def trip_ratio(res, key, name, floor):
    ns_ = res.get("trips", {}).get(key, {}).get("ns", {})
    v, f = ns_.get(name), ns_.get(floor)
    return v, f, (v / f if v and f else None)


def markdown_trips(res):
    if "trips" not in res:
        return []
    out = ["", "Round trips against the bare trap on the same machine (virtual ns per call, "
           "loop included; `bench=calls,fwft,sdei,ipi,uv`):", "",
           "| call | machine | ns/call | null call there | ratio | shim target ≤ 2x |",
           "|---|---|---:|---:|---:|---|"]
    for label, key, name, floor, shim in TRIP_ROWS:
        v, f, r = trip_ratio(res, key, name, floor)
        verdict = ((yes(r <= TARGET_TRIP) if r else "—") if shim else
                   "n/a (floor of the ultracalls)" if shim is None else "n/a (not a shim)")
        out.append(f"| {label} | {key} | {'—' if v is None else f'{v:.0f}'} | "
                   f"{'—' if f is None else f'{f:.0f}'} ({floor}) | "
                   f"{'—' if r is None else f'{r:.2f}x'} | {verdict} |")
    for label, key, why in NOT_YET:
        out.append(f"| {label} | {key} | not yet | — | — | not yet: {why} |")
    sg = sdei_growth(res)
    if sg:
        out += ["", "SDEI round trip against the number of registered events (arm64-shim; plot: "
                f"`bench/results/{res['date']}-sdei.svg`):", "",
                "| registered events | " + " | ".join(str(n) for n, _ in sg) + " |",
                "|---|" + "---:|" * len(sg),
                "| ns per SIGNAL → COMPLETE | " + " | ".join(f"{v:.0f}" for _, v in sg) + " |"]
    ug = uv_growth(res)
    if ug:
        out += ["", "UV sharing cost against the number of pages shared (ppc64-powernv-shim, a "
                "Secure VM; virtual ns per share, the UV_UNSHARE_PAGE that makes the pages "
                "private again not counted; plot: "
                f"`bench/results/{res['date']}-uv.svg`):", "",
                "| pages | " + " | ".join(str(n) for n, _, _ in ug) + " |",
                "|---|" + "---:|" * len(ug),
                "| one UV_SHARE_PAGE of N pages, ns | " +
                " | ".join(f"{a:.0f}" for _, a, _ in ug) + " |",
                "| per page | " + " | ".join(f"{a / n:.0f}" for n, a, _ in ug) + " |",
                "| N calls of one page, ns | " + " | ".join(f"{c:.0f}" for _, _, c in ug) + " |",
                "| per page | " + " | ".join(f"{c / n:.0f}" for n, _, c in ug) + " |"]
    return out


def uv_growth(res):
    """[(pages, ns for one call of N pages, ns for N calls of one page)]"""
    ns_ = res.get("trips", {}).get("ppc64-powernv-shim", {}).get("ns", {})
    pts = []
    for k, v in ns_.items():
        if k.startswith("uv_share_pages_"):
            n = int(k.rsplit("_", 1)[1])
            c = ns_.get(f"uv_share_calls_{n}")
            if c is not None:
                pts.append((n, v, c))
    return sorted(pts)


def sdei_growth(res):
    ns_ = res.get("trips", {}).get("arm64-shim", {}).get("ns", {})
    pts = [(int(k.rsplit("_", 1)[1]), v) for k, v in ns_.items()
           if k.startswith("sdei_signal_events_")]
    return sorted(pts)


def markdown_blk(res):
    if "blk" not in res:
        return []
    out = ["", "virtio-blk, one request in flight (`bench=blk`; MB per virtual second of the "
           "guest's own work per request: QEMU's device and the host disk run outside "
           "`-icount`, so their time is taken off — see the note below; on "
           "ppc64-powernv-shim the device is the shim, guest code for QEMU, so its copies "
           "are in the figures like a real device's work; -svm: a Secure VM bouncing "
           "through the pool it shared with UV_SHARE_PAGE, against the normal "
           "partition's direct figure):", "",
           "| machine | request | direct MB/s | bounce MB/s | bounce/direct | direct ns/req | "
           "bounce ns/req |", "|---|---|---:|---:|---:|---:|---:|"]
    for key, b in res["blk"].items():
        dsrc = res["blk"].get(b.get("direct_from") or key, {})
        for op in ("read", "write"):
            for sz in BLK_BYTES:
                k = f"blk_{op}_{sz}"
                d = dsrc.get("direct", {}).get("mb_per_s", {}).get(k)
                o = b.get("bounce", {}).get("mb_per_s", {}).get(k)
                dn = dsrc.get("direct", {}).get("ns_per_request", {}).get(k)
                bn = b.get("bounce", {}).get("ns_per_request", {}).get(k)
                arch = key
                f = lambda x, p=0: "—" if x is None else f"{x:.{p}f}"  # noqa: E731
                out.append(f"| {arch} | {op} {sz.upper().replace('K', ' KiB')} | {f(d)} | {f(o)} | "
                           f"{f(o / d * 100 if d and o else None)}% | {f(dn)} | {f(bn)} |")
    return out



def targets(res):
    ms = res["machines"]
    ratios = {k: r["boot"]["ratio"] for k, r in ms.items()}
    images = {r["arch"]: r["size"]["cocoon_image_bytes"] for r in ms.values()}
    ram = {k: r["min_ram_mib"]["cocoon"] for k, r in ms.items() if r["ram_step_mib"] <= TARGET_RAM_MIB}
    ram_na = [k for k, r in ms.items() if r["ram_step_mib"] > TARGET_RAM_MIB]
    t = {
        "boot_ratio": all(v is not None and v <= TARGET_RATIO for v in ratios.values()),
        "image": all(v <= TARGET_IMAGE for v in images.values()),
        "ram_8mib": all(v is not None and v <= TARGET_RAM_MIB for v in ram.values()),
        "ram_8mib_not_measurable": ram_na,
        "cocoon_deterministic": all(r["boot"]["cocoon_deterministic"] for r in ms.values()),
        "linux_deterministic": all(r["boot"]["linux_deterministic"] for r in ms.values()),
    }
    trips = [(label, key) + trip_ratio(res, key, name, floor)[2:]
             for label, key, name, floor, shim in TRIP_ROWS if shim and "trips" in res]
    t["shim_trip_2x"] = {f"{label} ({key})": r for label, key, r in trips}
    blk = res.get("blk", {})
    blk64 = {a: (b.get("bounce", {}).get("mb_per_s", {}).get("blk_read_64k"),
                 blk.get(b.get("direct_from") or a, {}).get("direct", {}).get("mb_per_s", {})
                 .get("blk_read_64k"))
             for a, b in blk.items()}
    t["bounce_70pct"] = {a: (o / d if o and d else None) for a, (o, d) in blk64.items()}
    t["text"] = [
        "boot to ready at most 1/50 of Linux on every machine: " + yes(t["boot_ratio"]) + " (" +
        ", ".join(f"{k} {fmt_ratio(v)}" for k, v in ratios.items()) + ")",
        "image at most 256 KiB per architecture: " + yes(t["image"]) + " (" +
        ", ".join(f"{k} {fmt_bytes(v)}" for k, v in images.items()) + ")",
        "boots in 8 MiB of RAM: " + yes(t["ram_8mib"]) + " (" +
        ", ".join(f"{k} {fmt_mib(v)}" for k, v in ram.items()) + ")" +
        ("; not measurable on " + ", ".join(ram_na) + " (QEMU's smallest RAM there is 256 MiB)"
         if ram_na else ""),
        "deterministic (the same count in two runs): cocoon " + yes(t["cocoon_deterministic"]) +
        ", Linux " + yes(t["linux_deterministic"]),
    ]
    if trips:
        t["text"].append(
            "shim round trips within 2x of the bare trap: " +
            yes(all(r is not None and r <= TARGET_TRIP for _, _, r in trips)) + " (" +
            ", ".join(f"{label} on {key} {'—' if r is None else f'{r:.2f}x'}"
                      for label, key, r in trips) + ")" + trip_note(res))
    if blk64:
        t["text"].append(
            "bounce-buffered virtio-blk at least 70% of direct at 64 KiB: " +
            yes(all(v is not None and v >= TARGET_BOUNCE for v in t["bounce_70pct"].values())) +
            " (" + ", ".join(f"{a} {'—' if v is None else f'{v * 100:.0f}%'}"
                             for a, v in t["bounce_70pct"].items()) + ")" + bounce_note(res))
    if "trips" in res and NOT_YET:
        t["text"].append("not yet measurable: " + "; ".join(f"{label} ({why})"
                                                           for label, _, why in NOT_YET))
    return t


def _ns(res, key, name):
    return res.get("trips", {}).get(key, {}).get("ns", {}).get(name)


def _x(a, b):
    return f"{a / b:.2f}x" if a and b else "—"


def trip_note(res):
    """Why the round trips are what they are, with this run's figures."""
    pnv = "ppc64-powernv-shim"
    null_h, setm = _ns(res, pnv, "null_call_hcall"), _ns(res, pnv, "hcall_set_mode_le")
    null_u, noop = _ns(res, pnv, "null_ucall"), _ns(res, pnv, "uv_share_noop")
    one = _ns(res, pnv, "uv_share_1")
    fwd = null_u - null_h if null_u and null_h else None
    sig, psci = (_ns(res, "arm64-shim", "sdei_signal_complete"),
                 _ns(res, "arm64-shim", "null_call_psci_version_hvc"))
    ug = uv_growth(res)
    slope = ((ug[-1][1] - ug[0][1]) / (ug[-1][0] - ug[0][0]) if len(ug) > 1 else None)
    calls = ug[-1][2] / ug[-1][0] if ug else None
    t = (". Why: a null call is one trap and one return. SBI BASE and FWFT GET/SET on the "
         "riscv shim are answered in HS-mode from the trap handler, so they cost about one null "
         "call (FWFT SET of misaligned delegation used to make a nested ecall to OpenSBI on every "
         "call, 3.1x; it now skips it when the firmware already has the value). SDEI SIGNAL → "
         "handler → COMPLETE is two calls plus an exception entry into the guest's handler and "
         "the context save/restore around it; through the shim's general dispatcher it was "
         "2.42x (1282 ns). COMPLETE now has a fast path (shim/arch/arm64/trap.c, "
         "sdei_complete_fast in sdei.c): the same DEN0054 checks (a dispatched context to "
         "complete, HVC #0), the interrupted x0-x17, PC and PSTATE restored at once, without the "
         "SMCCC dispatcher, the fault hooks and the scan for another event to enter; it stands "
         "aside for the general path when an event is pending, a shim.fault scenario is armed or "
         "the call comes by SMC. That made 1.88x, and 2.07x (1113 ns) once the guest's handler "
         "checked its entry context (sdei_context.c). SIGNAL of event 0 to the calling PE now has "
         "a fast path too (sdei_signal_fast): with the general path's checks (event 0 registered "
         "and enabled there, the PE unmasked, no handler running, nothing else pending) it "
         "answers SUCCESS and enters the handler in the same trap, and stands aside in the same "
         f"cases. Now {_x(sig, psci)} ({sig:.0f} ns), flat against the number of "
         "registered events (that scan was what grew). Two traps remain by construction "
         "(SIGNAL and COMPLETE), so it cannot fall much further. ") if sig and psci else ". "
    if null_h:
        t += (f"On the powernv shim the null call is an hcall the shim's dispatcher answers "
              f"H_FUNCTION ({null_h:.0f} ns: hypervisor interrupt, register save, dispatch, "
              f"HRFID); H_SET_MODE setting the interrupt endianness the partition already has "
              f"is {_x(setm, null_h)}. Ultracalls pay a second trap: QEMU TCG has no ultravisor "
              "mode, so `sc 2` lands in the guest's own 0xc00 vector, which forwards it with "
              "`sc 1` (docs/uv-sharing.md); the null ultracall is "
              f"{_x(null_u, null_h)} the null hcall, {fwd:.0f} ns of it that forward, which "
              "hardware with the Protected Execution Facility would not pay. UV_SHARE_PAGE of a "
              f"page already shared is the call alone, {_x(noop, null_h)} "
              f"({_x(noop - fwd, null_h)} without the forward); of a private page the "
              "ultravisor also clears it (nothing may leak when a page changes sides): "
              f"{_x(one, null_h)}, {_x(one - fwd, null_h)} without the forward, after clearing "
              "with dcbz, a cache block per instruction, instead of a store loop (3.61x before). "
              "What would meet 2x: the ultracall taken by the ultravisor directly (no forward), "
              "which TCG cannot do. ")
    if slope:
        t += (f"Sharing grows linearly: one call of N pages costs about "
              f"{ug[0][1] - slope:.0f} ns + {slope:.0f} ns per page, N calls of one page "
              f"{calls:.0f} ns per page (table and plot below): share whole ranges in one call "
              "(the guest shares its bounce pool that way). ")
    return t + ("On pseries the hypervisor is QEMU itself, whose work costs no virtual time "
                "under -icount: the null hcall is the guest's loop alone, so the IPI and H_SET_MODE "
                "ratios there measure guest-side work (send, 0x500 entry, claim, EOI), not a trap "
                "ratio")


def bounce_note(res):
    blk = res.get("blk", {})

    def ratio(key, k):
        b = blk.get(key, {})
        d = blk.get(b.get("direct_from") or key, {}).get("direct", {}).get("mb_per_s", {}).get(k)
        o = b.get("bounce", {}).get("mb_per_s", {}).get(k)
        return f"{o / d * 100:.0f}%" if o and d else "—"
    return (". Why: on QEMU's own machines -icount counts guest instructions only: a direct "
            "request costs the driver's 1-3 µs of ring work while the device's transfer is free, "
            "so the copy alone decides the ratio and no bounce scheme that copies can reach 70% "
            "there (riscv64, arm64, pseries). The powernv shim is the honest peer: its device "
            "model is guest code for QEMU, so its copies cost virtual time as a device's DMA "
            "would; there bounce is "
            f"{ratio('ppc64-powernv-shim', 'blk_read_64k')} of direct at 64 KiB "
            f"({ratio('ppc64-powernv-shim', 'blk_read_4k')} at 4 KiB), "
            f"{ratio('ppc64-powernv-shim-svm', 'blk_read_64k')} for a Secure VM whose pool is "
            "shared with the ultravisor. This run dropped the scrub of the pool on every unmap, "
            "half of a bounced 64 KiB request (powernv shim 42% → 53%, riscv64 63.5 → 26.7 µs): "
            "the pool now holds only zeros or bytes the host has seen — a TO_DEVICE copy whose "
            "request never reached the device is still scrubbed (dma_handed, drivers/dma; "
            "docs/virtio.md), FROM_DEVICE slots are never written by the guest, rings are "
            "zeroed when allocated. What is left is the copy itself, on ppc64 0.28 "
            "instructions per byte: the limit of 8-byte loads and stores (memcpy already "
            "moves 128 bytes per loop). What would fix it: a vector copy (VSX, 16 bytes per "
            "instruction; cocoon builds without VSX so that traps need not save vector state, "
            "so the copy would have to enable it and save what it uses), about 65-70% on the "
            "shim by estimate. Zero-copy sharing of the caller's pages is not possible under this "
            "ultravisor, which clears a page whenever it changes sides; it works only for buffers "
            "that live in shared memory from the start (a block cache in the pool), which moves "
            "the copy into the application")


def gnuplot(series, svg, size, settings, enhanced=True):
    """Plot series [(name, [(x, y), ...]), ...] as lines with points into svg;
    False when gnuplot is missing or fails (the caller then writes the SVG itself)."""
    if not shutil.which("gnuplot"):
        return False
    dat = svg[:-4] + ".dat"
    with open(dat, "w") as f:
        for name, pts in series:
            f.write(f'"{name}"\n' + "".join(f"{x} {y}\n" for x, y in pts) + "\n\n")
    script = (f'set terminal svg size {size} dynamic {"" if enhanced else "noenhanced "}'
              f'font "sans,11"\nset output "{svg}"\n' + settings +
              "plot " + ", ".join(f'"{dat}" index {i} with linespoints title columnheader(1)'
                                  for i in range(len(series))) + "\n")
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.remove(dat)
    if r.returncode:
        log("gnuplot failed, writing the SVG directly: " + r.stderr.strip()[:300])
    return r.returncode == 0


def plot_sdei(res, svg):
    pts = sdei_growth(res)
    if not pts:
        return None
    if gnuplot([("arm64-shim", pts)], svg, "700,420",
               'set title "SDEI SIGNAL → handler → COMPLETE on the arm64 shim"\n'
               'set xlabel "registered events"\nset ylabel "virtual ns per round trip"\n'
               'set yrange [0:*]\nset xtics 1\nset grid\n'):
        return "gnuplot"
    w, h, l, t, pw, ph = 700, 420, 70, 40, 580, 320
    x0, x1 = pts[0][0], max(pts[-1][0], pts[0][0] + 1)
    y1 = max(v for _, v in pts) * 1.1
    sx = lambda x: l + (x - x0) / (x1 - x0) * pw  # noqa: E731
    sy = lambda y: t + ph - y / y1 * ph  # noqa: E731
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
         'font-family="sans-serif" font-size="12">', f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="{l}" y="24">SDEI round trip (virtual ns) against registered events</text>',
         f'<rect x="{l}" y="{t}" width="{pw}" height="{ph}" fill="none" stroke="black"/>',
         '<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="' +
         " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts) + '"/>']
    o += [f'<text x="{sx(x):.1f}" y="{t + ph + 16}" text-anchor="middle">{x}</text>' for x, _ in pts]
    o.append("</svg>")
    with open(svg, "w") as f:
        f.write("\n".join(o) + "\n")
    return "python"


def plot_uv(res, svg):
    """UV sharing cost against pages shared: one call of N pages, N calls of one."""
    pts = uv_growth(res)
    if not pts:
        return None
    series = [("one UV_SHARE_PAGE of N pages", [(n, a / 1e3) for n, a, _ in pts]),
              ("N calls of one page", [(n, c / 1e3) for n, _, c in pts])]
    if gnuplot(series, svg, "700,420",
               'set title "UV_SHARE_PAGE on the powernv shim (Secure VM, QEMU powernv9)"\n'
               'set xlabel "pages shared"\nset ylabel "virtual µs per share"\n'
               'set logscale xy 2\nset xtics (' + ", ".join(str(n) for n, _, _ in pts) +
               f')\nset xrange [0.8:{pts[-1][0] * 1.25}]\nset key top left\nset grid\n',
               enhanced=False):
        return "gnuplot"
    w, h, l, t, pw, ph = 700, 420, 70, 40, 580, 320
    x1 = max(n for n, _, _ in pts)
    y1 = max(y for _, sp in series for _, y in sp) * 1.1
    sx = lambda x: l + x / x1 * pw  # noqa: E731
    sy = lambda y: t + ph - y / y1 * ph  # noqa: E731
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
         'font-family="sans-serif" font-size="12">', f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="{l}" y="24">UV_SHARE_PAGE (virtual µs) against pages shared</text>',
         f'<rect x="{l}" y="{t}" width="{pw}" height="{ph}" fill="none" stroke="black"/>']
    for i, (name, sp) in enumerate(series):
        c = ("#1f77b4", "#ff7f0e")[i]
        o.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="' +
                 " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in sp) + '"/>')
        o.append(f'<text x="{l + 10}" y="{t + 16 + 16 * i}" fill="{c}">{name}</text>')
    o.append("</svg>")
    with open(svg, "w") as f:
        f.write("\n".join(o) + "\n")
    return "python"


def plot(res, svg):
    """Boot time against RAM, one line per machine and guest (log y)."""
    series = []
    for key, r in res["machines"].items():
        g = r["growth"]
        for guest in ("cocoon", "linux"):
            pts = [(s, v / 1e6) for s, v in zip(g["ram_mib"], g[guest + "_ns"]) if v]
            if pts:
                series.append((f"{guest} {key}", pts))
    if gnuplot(series, svg, "900,540",
               'set title "cocoon vs Linux: boot to ready against RAM (QEMU -icount shift=0)"\n'
               'set xlabel "RAM (MiB)"\nset ylabel "virtual ms to ready"\nset logscale xy\n'
               f'set xtics ({", ".join(str(s) for s in GROWTH_MIB)})\n'
               'set key outside right\nset grid\n'):
        return "gnuplot"
    write_svg(series, svg)
    return "python"


def write_svg(series, svg):
    import math
    w, h, l, t, pw, ph = 900, 540, 70, 40, 560, 440
    xs = [x for _, p in series for x, _ in p]
    ys = [y for _, p in series for _, y in p]
    x0, x1 = math.log10(min(xs)), math.log10(max(xs))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    sx = lambda x: l + (math.log10(x) - x0) / ((x1 - x0) or 1) * pw  # noqa: E731
    sy = lambda y: t + ph - (math.log10(y) - y0) / ((y1 - y0) or 1) * ph  # noqa: E731
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
         'font-size="12">', f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="{l}" y="24">cocoon vs Linux: boot to ready against RAM (virtual ms, log-log)</text>',
         f'<rect x="{l}" y="{t}" width="{pw}" height="{ph}" fill="none" stroke="black"/>']
    for s in GROWTH_MIB:
        o.append(f'<text x="{sx(s):.1f}" y="{t + ph + 16}" text-anchor="middle">{s}</text>')
    for e in range(y0, y1 + 1):
        o.append(f'<text x="{l - 6}" y="{sy(10 ** e) + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
        o.append(f'<line x1="{l}" x2="{l + pw}" y1="{sy(10 ** e):.1f}" y2="{sy(10 ** e):.1f}" '
                 'stroke="#ddd"/>')
    o.append(f'<text x="{l + pw / 2}" y="{h - 8}" text-anchor="middle">RAM (MiB)</text>')
    for i, (name, pts) in enumerate(series):
        c = colors[i % len(colors)]
        o.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="' +
                 " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts) + '"/>')
        o.append(f'<text x="{l + pw + 12}" y="{t + 14 + 18 * i}" fill="{c}">{name}</text>')
    o.append("</svg>")
    with open(svg, "w") as f:
        f.write("\n".join(o) + "\n")


def update_readme(md, date):
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in text or end not in text:
        return False
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    body = (f"\n`make bench` → `bench/results/{date}.json`, `.md`, `-growth.svg`, "
            f"`-sdei.svg`, `-uv.svg`\n\n{md}")
    with open(path, "w") as f:
        f.write(head + begin + body + end + tail)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one Linux run, two RAM sizes")
    ap.add_argument("--only", nargs="*", help="machine keys (default: all)")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--report", metavar="JSON", help="only re-render the table, plot and README "
                    "from an earlier results file")
    args = ap.parse_args()
    if args.report:
        with open(args.report) as f:
            res = json.load(f)
        order = [m["key"] for m in MACHINES]
        res["machines"] = dict(sorted(res["machines"].items(),
                                      key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
        res["targets"] = targets(res)
        base = os.path.join(RESULTS, res["date"])
        res["plot"] = plot(res, base + "-growth.svg")
        res["plot_sdei"] = plot_sdei(res, base + "-sdei.svg")
        res["plot_uv"] = plot_uv(res, base + "-uv.svg")
        md = markdown(res)
        with open(base + ".md", "w") as f:
            f.write(md)
        if not args.no_readme:
            update_readme(md, res["date"])
        print(md)
        return 0
    start = time.monotonic()
    machines = [m for m in MACHINES if not args.only or m["key"] in args.only]
    build_linux_peer(sorted({m["arch"] for m in machines}))
    res = measure(machines, args.quick)
    archs = {m["arch"] for m in machines}
    res["trips"] = measure_trips(archs)
    res["blk"] = measure_blk(archs)
    qemu = subprocess.run(["qemu-system-riscv64", "--version"], capture_output=True,
                          text=True).stdout.split("\n")[0].split("version ")[-1]
    res.update(date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
               qemu=qemu, icount="shift=0,sleep=off",
               linux_kernels=", ".join(sorted({linux_version(a).split()[0] for a in
                                               {m["arch"] for m in machines}})))
    res["targets"] = targets(res)
    os.makedirs(RESULTS, exist_ok=True)
    base = os.path.join(RESULTS, res["date"])
    res["plot"] = plot(res, base + "-growth.svg")
    res["plot_sdei"] = plot_sdei(res, base + "-sdei.svg")
    res["plot_uv"] = plot_uv(res, base + "-uv.svg")
    res["wall_seconds"] = round(time.monotonic() - start, 1)
    md = markdown(res)
    with open(base + ".json", "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    with open(base + ".md", "w") as f:
        f.write(md)
    if not args.no_readme and not args.only and not args.quick:
        update_readme(md, res["date"])
    print(md)
    log(f"wrote {base}.json, .md, -growth.svg, -sdei.svg, -uv.svg in {res['wall_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
