#!/usr/bin/env python3
"""png_colors.py PNG RRGGBB...: how many pixels of the image have each colour.

Prints "RRGGBB N" per colour and "size W H", then "non-white N".  A small
PNG reader (8-bit RGB/RGBA, non-interlaced: what Chromium's screenshots
are), so the test needs nothing beyond Python's standard library.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit(f'{path}: not a PNG')
    pos, idat = 8, b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit(f'{path}: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})')
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read_png(sys.argv[1])
    counts, nonwhite = {}, 0
    for line in rows:
        for x in range(0, width * bpp, bpp):
            rgb = line[x:x + 3].hex()
            counts[rgb] = counts.get(rgb, 0) + 1
            if rgb != 'ffffff':
                nonwhite += 1
    print(f'size {width} {height}')
    for colour in sys.argv[2:]:
        print(f'{colour.lower()} {counts.get(colour.lower(), 0)}')
    print(f'non-white {nonwhite}')


if __name__ == '__main__':
    main()
