#!/usr/bin/env python3
"""make-corpus.py: writes the fuzz targets' seed corpus, tests/fuzz/corpus/<target>/: tiny JPEGs
and PNGs of every kind the decoders meet (made with ImageMagick's `convert`, which is needed here
only: the files are committed and the tests read them as they are), damaged copies of some of them
(cut short, flipped bits, broken checksums), recipes, and byte strings for the core targets.
Run it from anywhere; it rewrites the corpus folders. The byte layouts the core targets read are
described at the top of fuzz_kmeans.c, fuzz_segment.c and fuzz_augment.c."""
import os
import shutil
import struct
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def folder(name):
    path = os.path.join(CORPUS, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def convert(args, out, prefix=""):
    # A fixed image: a gradient with a dark disc, 16 x 12, without metadata (dates would change
    # the bytes on every run).
    base = ["convert", "-size", "16x12", "gradient:#e0b090-#a06040",
            "-fill", "#402010", "-draw", "circle 8,6 8,9", "-strip"]
    subprocess.run(base + args + [prefix + out], check=True)
    with open(out, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def jpeg_segments(data):
    """(marker, start, end) of the segments before the scan data."""
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        out.append((marker, i, i + 2 + length))
        if marker == 0xDA:
            break
        i += 2 + length
    return out


def without_adobe(data):
    for marker, start, end in jpeg_segments(data):
        if marker == 0xEE:
            return data[:start] + data[end:]
    raise SystemExit("no Adobe marker in the CMYK JPEG")


def flip(data, at, bits=0x10):
    b = bytearray(data)
    b[at] ^= bits
    return bytes(b)


def png_chunks(data):
    i, out = 8, []
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        out.append((kind, i, i + 12 + length))
        i += 12 + length
    return out


def jpeg_corpus():
    d = folder("decode-jpeg")
    made = {}
    kinds = {
        "baseline.jpg": ["-quality", "85"],
        "baseline-444.jpg": ["-quality", "90", "-sampling-factor", "1x1"],
        "progressive.jpg": ["-interlace", "JPEG", "-quality", "80"],
        "optimized.jpg": ["-define", "jpeg:optimize-coding=true", "-quality", "75"],
        "arithmetic.jpg": ["-define", "jpeg:arithmetic-coding=true"],
        "gray.jpg": ["-colorspace", "Gray", "-type", "Grayscale"],
        "gray-progressive.jpg": ["-colorspace", "Gray", "-type", "Grayscale", "-interlace", "JPEG"],
        "cmyk-adobe.jpg": ["-colorspace", "CMYK"],
        "cmyk-progressive.jpg": ["-colorspace", "CMYK", "-interlace", "JPEG"],
        "odd-size.jpg": ["-resize", "7x5!"],
        "one-pixel.jpg": ["-resize", "1x1!"],
    }
    for name, args in kinds.items():
        try:
            made[name] = convert(args, os.path.join(d, name))
        except subprocess.CalledProcessError:
            print("make-corpus: convert could not write", name, "(left out)")
    # CMYK without Adobe's marker: libjpeg takes the samples as plain (not inverted) inks.
    write(os.path.join(d, "cmyk-plain.jpg"), without_adobe(made["cmyk-adobe.jpg"]))
    base = made["baseline.jpg"]
    scan = [s for s in jpeg_segments(base) if s[0] == 0xDA][0][2]
    write(os.path.join(d, "damaged-cut-half.jpg"), base[:len(base) // 2])
    write(os.path.join(d, "damaged-cut-header.jpg"), base[:scan - 3])
    write(os.path.join(d, "damaged-no-eoi.jpg"), base[:-2])
    write(os.path.join(d, "damaged-flipped-scan.jpg"), flip(flip(base, scan + 20), scan + 40, 0x81))
    write(os.path.join(d, "damaged-zeroed-scan.jpg"),
          base[:scan + 10] + bytes(40) + base[scan + 50:])
    prog = made["progressive.jpg"]
    write(os.path.join(d, "damaged-progressive-cut.jpg"), prog[:len(prog) * 2 // 3])
    write(os.path.join(d, "damaged-trailing-bytes.jpg"), base + b"\x00garbage after EOI")
    # A header declaring 65535 x 65535 pixels: refused before any pixel memory is taken.
    huge = bytearray(base)
    for marker, start, end in jpeg_segments(base):
        if marker in (0xC0, 0xC1, 0xC2):
            huge[start + 5:start + 9] = b"\xff\xff\xff\xff"
    write(os.path.join(d, "huge-declared.jpg"), bytes(huge))


def png_corpus():
    d = folder("decode-png")
    made = {}
    kinds = {
        "rgb.png": ["PNG24:"],
        "rgba.png": ["-alpha", "set", "-channel", "A", "-evaluate", "set", "60%", "+channel",
                     "PNG32:"],
        "palette.png": ["-colors", "8", "PNG8:"],
        "palette-trns.png": ["-colors", "8", "-transparent", "#402010", "PNG8:"],
        "gray.png": ["-colorspace", "Gray", "-depth", "8", "-define", "png:color-type=0", "PNG:"],
        "gray-1bit.png": ["-colorspace", "Gray", "-threshold", "50%", "-define",
                          "png:bit-depth=1", "-define", "png:color-type=0", "PNG:"],
        "gray-alpha.png": ["-colorspace", "Gray", "-depth", "8", "-alpha", "set", "-channel", "A", "-evaluate",
                           "set", "50%", "+channel", "-define", "png:color-type=4", "PNG:"],
        "gray-16.png": ["-colorspace", "Gray", "-depth", "16", "-define", "png:color-type=0",
                        "PNG:"],
        "rgb-16.png": ["-depth", "16", "PNG48:"],
        "rgba-16.png": ["-depth", "16", "-alpha", "set", "PNG64:"],
        "interlaced.png": ["-interlace", "PNG", "PNG24:"],
        "interlaced-palette.png": ["-interlace", "PNG", "-colors", "8", "PNG8:"],
        "one-pixel.png": ["-resize", "1x1!", "PNG24:"],
    }
    for name, args in kinds.items():
        fmt = args[-1]
        made[name] = convert(args[:-1], os.path.join(d, name), fmt)
    rgb = made["rgb.png"]
    chunks = png_chunks(rgb)
    idat = [c for c in chunks if c[0] == b"IDAT"][0]
    write(os.path.join(d, "damaged-cut-half.png"), rgb[:len(rgb) // 2])
    write(os.path.join(d, "damaged-no-iend.png"), rgb[:chunks[-1][1]])
    write(os.path.join(d, "damaged-idat-crc.png"), flip(rgb, idat[2] - 2, 0x01))
    write(os.path.join(d, "damaged-idat-data.png"), flip(rgb, idat[1] + 8 + 30, 0x55))
    # A wrong filter byte with a correct CRC: libpng's "bad adaptive filter value".
    body = bytearray(zlib.decompress(rgb[idat[1] + 8:idat[2] - 4]))
    body[0] = 9
    data = zlib.compress(bytes(body), 9)
    chunk = struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(
        ">I", zlib.crc32(b"IDAT" + data) & 0xFFFFFFFF)
    write(os.path.join(d, "damaged-bad-filter.png"), rgb[:idat[1]] + chunk + rgb[idat[2]:])
    inter = made["interlaced.png"]
    write(os.path.join(d, "damaged-interlaced-cut.png"), inter[:len(inter) * 3 // 4])
    # A header declaring 65535 x 65535 pixels (with a correct CRC).
    ihdr = bytearray(rgb[16:29])
    ihdr[0:8] = struct.pack(">II", 65535, 65535)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    write(os.path.join(d, "huge-declared.png"), rgb[:16] + bytes(ihdr) + crc + rgb[33:])


def recipe_corpus():
    d = folder("recipe")
    recipes = [
        "rotate 90; flip h; flip v; blur 2",
        "rotate -30..30 + flip h + blur 0..2",
        "mix \"Layer 2\" 0.2..0.5 + erase 0.05..0.15",
        "brightness -0.1 + contrast 1.2 + saturation 0 + hue 360",
        "mix Background 1; rotate 17.3 + blur 1.2",
        "ROTATE\t-.5 ..\n.5 ; Flip V",
        "hue -360..360 + erase 1 + saturation 0..10 + contrast 0..10",
        "mix \"a \\\"quoted\\\" \\\\ name\" 0.5",
        "rotate 45 + rotate 45 + rotate 45",
        # refused ones: the error paths
        "blurr 2", "rotate", "rotate 1e3", "flip x", "blur 3..1", "rotate 1;;flip h",
        "mix \"open", "rotate 1234567", "erase 0.1234567891", "hue 10 extra",
    ]
    for i, r in enumerate(recipes):
        write(os.path.join(d, "recipe-%02d" % i), r.encode())


def bytes_corpus(name, seeds):
    d = folder(name)
    for i, s in enumerate(seeds):
        write(os.path.join(d, "%s-%02d" % (name, i)), s)


def pattern(n, mul, add):
    return bytes((i * mul + add) & 0xFF for i in range(n))


def main():
    jpeg_corpus()
    png_corpus()
    recipe_corpus()
    # The core targets read a header of parameters and then pixel bytes; any bytes are valid.
    bytes_corpus("kmeans", [
        b"\x00" * 12 + pattern(96, 37, 11),
        b"\x05\x40\x01\x02\x03\x04\x00\x00\x00\x10\x00\x00" + pattern(300, 13, 200),
        b"\xff\xff\x80\x11\x22\x33\x44\x05\x01\x20\x01\x00" + pattern(60, 1, 0),
        b"\x02\x10\x00\x00\x00\x00\x00\x00\x02\x00\x00\x01" + b"\x10\x20\x30" * 40,
        b"\x08\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01" + pattern(24, 91, 3),
    ])
    bytes_corpus("segment", [
        b"\x10\x0c\x01\x00\x00\x00\x00\x00" + pattern(400, 7, 100),
        b"\x10\x0c\x00\x01\x00\x00\x00\x01" + pattern(400, 29, 5),
        b"\x01\x01\x01\x00\x00\x00\x00\x00\x80\x80\x80",
        b"\x20\x08\x01\x02\x12\x34\x56\x78" + pattern(200, 3, 50),
        b"\x08\x20\x00\x03\x00\x00\x00\x00" + pattern(200, 251, 9),
    ])
    bytes_corpus("augment", [
        b"\x05\x04\x01\x01\x00\x20\x00\x10\x00" + pattern(64, 5, 1),
        b"\x09\x07\x03\x03\x00\x40\x00\x80\x05\x90\x00\x30\x06\x10\x00\x20" + pattern(64, 17, 3),
        b"\x03\x03\x02\x08\x00\x70\x00\x20\x09\x50\x00\x00" + pattern(40, 71, 9),
        b"\x10\x02\x02\x04\x00\x11\x00\x22\x07\x33\x00\x44" + pattern(40, 3, 0),
    ])


main()
