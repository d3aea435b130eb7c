"""virtio configurations: the devices, the disk image the guest reads, and
the check of what the guest wrote (data integrity seen from outside).

The patterns match tests/guest/virtio.c: sector 0 = "COCOON-DISK-IN\\n" then
byte j = (j * 13 + 1) & 0xff; the guest writes sectors 8..15 with byte j of
sector s = (s * 31 + j * 7 + 0x5a) & 0xff and must leave everything else alone.
"""
import os

SECTOR = 512
DISK_SECTORS = 2048  # 1 MiB
MAGIC = b"COCOON-DISK-IN\n"
OUT_FIRST, OUT_COUNT = 8, 8
CONSOLE_LINE = b"cocoon virtio-console: hello from "

# modern-only devices that must go through the platform's DMA translation
DEVICES = [
    "-device", "virtio-blk-pci,drive=d0,disable-legacy=on,iommu_platform=on",
    "-drive", "if=none,id=d0,file={disk},format=raw",
    "-device", "virtio-rng-pci,disable-legacy=on,iommu_platform=on",
    "-device", "virtio-serial-pci,disable-legacy=on,iommu_platform=on",
    "-device", "virtconsole,chardev=vc0", "-chardev", "file,id=vc0,path={vcon}",
]
EXPECT = "virtio.expect=blk,rng,console"

# the same devices, rng and console behind PCIe root ports (buses 1 and 2):
# bus numbering, bridge windows and the INTx swizzle
DEVICES_BRIDGED = [
    "-device", "virtio-blk-pci,drive=d0,disable-legacy=on,iommu_platform=on",
    "-drive", "if=none,id=d0,file={disk},format=raw",
    "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
    "-device", "virtio-serial-pci,bus=rp0,disable-legacy=on,iommu_platform=on",
    "-device", "virtconsole,chardev=vc0", "-chardev", "file,id=vc0,path={vcon}",
    "-device", "virtio-rng-pci,bus=rp1,disable-legacy=on,iommu_platform=on",
]

# devices the driver must refuse: legacy-only, and modern without ACCESS_PLATFORM
REFUSED_DEVICES = [
    "-device", "virtio-rng-pci,disable-modern=on",
    "-device", "virtio-rng-pci,disable-legacy=on,iommu_platform=off",
]
REFUSED_OUTPUT = (r"legacy-only device \(no virtio 1\.x[^\n]*refused[\s\S]*"
                  r"VIRTIO_F_ACCESS_PLATFORM not offered[^\n]*refused")


def sector0():
    s = bytearray(SECTOR)
    s[:len(MAGIC)] = MAGIC
    for j in range(16, SECTOR):
        s[j] = (j * 13 + 1) & 0xff
    return bytes(s)


def out_sector(s):
    return bytes((s * 31 + j * 7 + 0x5a) & 0xff for j in range(SECTOR))


def prepare(workdir):
    disk = os.path.join(workdir, "disk.img")
    with open(disk, "wb") as f:
        f.write(sector0() + bytes(SECTOR * (DISK_SECTORS - 1)))
    return {"disk": disk, "vcon": os.path.join(workdir, "vcon.txt")}


def post_check(workdir, _output):
    """(name, ok, message) for each check of the files the guest wrote."""
    with open(os.path.join(workdir, "disk.img"), "rb") as f:
        img = f.read()
    secs = [img[i * SECTOR:(i + 1) * SECTOR] for i in range(len(img) // SECTOR)]
    bad_out = [s for s in range(OUT_FIRST, OUT_FIRST + OUT_COUNT) if secs[s] != out_sector(s)]
    stray = [s for s in range(1, DISK_SECTORS)
             if not OUT_FIRST <= s < OUT_FIRST + OUT_COUNT and any(secs[s])]
    try:
        with open(os.path.join(workdir, "vcon.txt"), "rb") as f:
            vcon = f.read()
    except OSError:
        vcon = b""
    return [
        ("disk: image size unchanged", len(img) == DISK_SECTORS * SECTOR, f"{len(img)} bytes"),
        ("disk: sector 0 unchanged", secs[0] == sector0(), "sector 0 was modified"),
        ("disk: guest's pattern in sectors 8-15", not bad_out, f"wrong sectors {bad_out}"),
        ("disk: no stray writes", not stray, f"sectors written unexpectedly: {stray[:10]}"),
        ("virtio-console: line reached the host", CONSOLE_LINE in vcon,
         f"console file holds {vcon[:80]!r}"),
    ]
