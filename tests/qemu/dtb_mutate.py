"""Damage a device tree blob in one well-defined way (bad-DTB negative tests).

Structural damage is done on the bytes; semantic damage (a node removed, a
value made absurd) through dtc's source form, so the blob stays well formed
and only the meaning is wrong.
"""
import re
import struct
import subprocess

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def _header(blob):
    names = ("magic", "totalsize", "off_struct", "off_strings", "off_rsvmap",
             "version", "last_comp", "boot_cpuid", "size_strings", "size_struct")
    return dict(zip(names, struct.unpack(">10I", blob[:40])))


def _tokens(blob):
    """Offsets (absolute) and kinds of every token in the structure block."""
    h = _header(blob)
    off, end = h["off_struct"], h["off_struct"] + h["size_struct"]
    while off < end:
        tag = struct.unpack(">I", blob[off:off + 4])[0]
        yield off, tag
        off += 4
        if tag == FDT_BEGIN_NODE:
            nul = blob.index(b"\0", off)
            off = (nul + 1 + 3) & ~3
        elif tag == FDT_PROP:
            length = struct.unpack(">I", blob[off:off + 4])[0]
            off = (off + 8 + length + 3) & ~3
        elif tag == FDT_END:
            return


def truncated(blob):
    """The structure block is cut short: its size in the header says less
    than the tokens need, so the walk runs off its end."""
    h = _header(blob)
    out = bytearray(blob)
    struct.pack_into(">I", out, 36, (h["size_struct"] // 2) & ~3)
    return bytes(out)


def bad_token(blob):
    """A property token in the last third of the tree becomes an unknown token."""
    props = [off for off, tag in _tokens(blob) if tag == FDT_PROP]
    victim = props[len(props) * 2 // 3]
    out = bytearray(blob)
    struct.pack_into(">I", out, victim, 0x7f)
    return bytes(out)


def _dts_roundtrip(blob, edit, workdir):
    src, dst = f"{workdir}/in.dtb", f"{workdir}/out.dtb"
    with open(src, "wb") as f:
        f.write(blob)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", src], check=True,
                         capture_output=True, text=True).stdout
    dts = edit(dts)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dst, "-"], input=dts,
                   check=True, text=True)
    with open(dst, "rb") as f:
        return f.read()


def _remove_node(dts, name):
    """Remove the node `name {` ... `};` at any depth (balanced braces)."""
    m = re.search(r"\n(\s*)" + re.escape(name) + r" \{", dts)
    if not m:
        raise ValueError(f"no node {name}")
    depth, i = 0, m.end() - 1
    while True:
        if dts[i] == "{":
            depth += 1
        elif dts[i] == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    end = dts.index(";", i) + 1
    return dts[:m.start()] + dts[end:]


def no_chosen(blob, workdir):
    return _dts_roundtrip(blob, lambda d: _remove_node(d, "chosen"), workdir)


def absurd_memory(blob, workdir):
    """Every memory node claims 2^62 bytes, beyond any physical address space."""
    def edit(dts):
        def fix(m):
            return m.group(1) + "reg = <" + " ".join(m.group(2).split()[:2]) + \
                " 0x40000000 0x00>;"
        out, n = re.subn(r"(memory@[0-9a-f]+ \{[^}]*?)reg = <([^>]*)>;", fix, dts)
        if not n:
            raise ValueError("no memory node")
        return out
    return _dts_roundtrip(blob, edit, workdir)


def gic_short_reg(blob, workdir):
    """The GICv3 node's reg lists a distributor but no redistributor region."""
    def edit(dts):
        out, n = re.subn(r'reg = <(0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+) [^>]*>;'
                         r'(\s*#redistributor-regions = <0x01>;\s*compatible = "arm,gic-v3";)',
                         r'reg = <\1>;\2', dts)
        if not n:
            raise ValueError("no arm,gic-v3 node")
        return out
    return _dts_roundtrip(blob, edit, workdir)


def timer_spi(blob, workdir):
    """The architected timer's interrupts are described as SPIs, not PPIs."""
    def edit(dts):
        def fix(m):
            cells = m.group(2).split()
            for i in range(0, len(cells), 3):
                cells[i] = "0x00"
            return m.group(1) + "interrupts = <" + " ".join(cells) + ">;"
        out, n = re.subn(r'(timer \{[^}]*?)interrupts = <([^>]*)>;', fix, dts)
        if not n:
            raise ValueError("no timer node")
        return out
    return _dts_roundtrip(blob, edit, workdir)


def slow_timebase(blob, workdir):
    """Every timebase-frequency says 1 kHz: not a counter any port can time with."""
    def edit(dts):
        out, n = re.subn(r"timebase-frequency = <[^>]*>;", "timebase-frequency = <0x3e8>;", dts)
        if not n:
            raise ValueError("no timebase-frequency")
        return out
    return _dts_roundtrip(blob, edit, workdir)


MUTATIONS = {
    "timer-spi": timer_spi,
    "gic-short-reg": gic_short_reg,
    "truncated": lambda blob, wd: truncated(blob),
    "bad-token": lambda blob, wd: bad_token(blob),
    "no-chosen": no_chosen,
    "absurd-memory": absurd_memory,
    "slow-timebase": slow_timebase,
}


def mutate(name, blob, workdir):
    return MUTATIONS[name](blob, workdir)
