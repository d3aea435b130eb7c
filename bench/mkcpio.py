#!/usr/bin/env python3
"""Write a newc ("070701") cpio archive for the Linux peer's initramfs.

  bench/mkcpio.py OUT INIT      -> OUT holding /dev, /dev/console (c 5 1), /init

Standard library only; the format is the one Linux unpacks
(Documentation/driver-api/early-userspace/buffer-format.rst): 110-byte ASCII
header, name with its NUL, both padded to 4 bytes, data padded to 4 bytes,
ended by the "TRAILER!!!" entry. Timestamps are 0 so the archive is reproducible.
"""
import stat
import sys


def entry(ino, name, mode, data=b"", rmajor=0, rminor=0, nlink=1):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rmajor, rminor, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    out_path, init_path = sys.argv[1:]
    with open(init_path, "rb") as f:
        init = f.read()
    blob = entry(1, "dev", stat.S_IFDIR | 0o755, nlink=2)
    blob += entry(2, "dev/console", stat.S_IFCHR | 0o600, rmajor=5, rminor=1)
    blob += entry(3, "init", stat.S_IFREG | 0o755, init)
    blob += entry(0, "TRAILER!!!", 0)
    blob += b"\0" * (-len(blob) % 512)
    with open(out_path, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
