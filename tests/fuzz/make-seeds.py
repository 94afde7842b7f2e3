#!/usr/bin/env python3
"""Write the committed seed corpus of the fuzz harnesses (tests/fuzz/corpus/).

A handful of hand-made inputs per harness, each reaching a different path:
MOV forms, prefixes, escapes, over-long instructions; for the structured
harness, states and callback answers (format: tests/fuzz/state_fuzzer.cpp).
The fuzzer's own finds stay in build/fuzz/corpus/; regression inputs live in
tests/fuzz/crashes/.  Run from anywhere: tests/fuzz/make-seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

RAW = {
    'mov-store-modrm': '89 18',
    'mov-load-sib-disp8': '8b 44 24 08',
    'mov-load-disp32': '8b 05 78 56 34 12',
    'mov-moffs': 'a1 00 10 00 00 00 00 00 00',
    'mov-imm-mem': 'c7 40 05 78 56 34 12',
    'mov-imm64-rex': '48 b8 88 77 66 55 44 33 22 11',
    'mov-byte-high-reg': '88 e3',
    'prefixes-opsize-adsize-seg': '66 67 26 89 18',
    'lock-mov-ud': 'f0 89 18',
    'rex-then-legacy': '48 66 8b 03',
    'escape-0f-ud2': '0f 0b',
    'sse-movups': '0f 10 44 24 10',
    'vex-vmovups': 'c5 f8 10 c1',
    'evex': '62 f1 7c 48 10 c1',
    'too-long': '66 ' * 14 + '89 18',
}

SEGS = {'ES': 0, 'CS': 1, 'SS': 2, 'DS': 3, 'FS': 4, 'GS': 5}


def b(hexes):
    return bytes.fromhex(hexes)


# Records of the structured harness.
def mode(m):
    return bytes([1, m])


def cpl(c):
    return bytes([2, c])


def seg(name, base, limit, sel, typ, s=1, dpl=0, p=1, avl=0, l=0, db=0, g=0, unusable=0):
    attrs = s | dpl << 1 | p << 3 | avl << 4 | l << 5 | db << 6 | g << 7
    return bytes([3, SEGS[name]]) + struct.pack('<QIHBBB', base, limit, sel, typ, attrs, unusable)


def gpr(r, v):
    return bytes([4, r]) + struct.pack('<Q', v)


def rip(v):
    return bytes([5]) + struct.pack('<Q', v)


def rflags(v):
    return bytes([6]) + struct.pack('<Q', v)


def options(flags, pass_len=0):
    return bytes([9, flags, pass_len])


def failmask(m):
    return bytes([10, m])


END = b'\x00'


def code(hexes, window=15):
    """Instruction bytes for the fetch callback: the core asks for the whole
    15-byte window (up to the page end) in one call."""
    c = b(hexes)
    return c + b'\x90' * (window - len(c))


STATE = {
    'empty': b'',
    'long-mov-store': END + code('89 18'),
    'long-mov-load-data': END + code('48 8b 03') + struct.pack('<Q', 0x1122334455667788),
    'long-noncanonical': gpr(0, 0x0000800000000000) + END + code('89 18'),
    'long-fs-base': seg('FS', 0xffff800000000000, 0, 0, 3) + END + code('64 8b 03') + b'\x11' * 4,
    'real-mov-ds': mode(0) + seg('DS', 0x20000, 0xffff, 0x2000, 3) + rip(0x100) + END +
                   code('8b 07') + b'\x34\x12',
    'vm86-cpl3': mode(1) + cpl(3) + rflags(0x20002) + END + code('a1 34 12') + b'\x55\xaa',
    'prot16-bp-ss': mode(2) + seg('SS', 0x30000, 0xfff, 0x18, 3) + gpr(5, 0x2000) + END +
                    code('89 46 02'),
    'prot32-expand-down': mode(3) + seg('DS', 0x400000, 0xfff, 0x23, 7, db=1, g=0) +
                          gpr(3, 0x800) + END + code('89 03'),
    'prot32-code-seg-write': mode(3) + seg('DS', 0, 0xffffffff, 0x08, 0xb, db=1, g=1) + END +
                             code('89 03'),
    'prot32-unusable-es': mode(3) + seg('ES', 0, 0, 0, 0, unusable=1) + END + code('26 89 03'),
    'fetch-across-page': rip(0x1ffe) + END + b('48 89') + code('18', 13),
    'cs-limit-short': mode(3) + seg('CS', 0, 0x1001, 0x08, 0xb, db=1) + END + b('89 43'),
    'read-io-needed-reexecute': failmask(2) + options(2) + END + code('8b 03') + b'\xe6' +
                                b'\x00' + b'\x78\x56\x34\x12',
    'write-odd-fault': failmask(4) + END + code('89 03') + b'\xe1\x0e\x01\x02\x00\x00\x00' +
                       struct.pack('<Q', 0xdead),
    'fetch-out-of-range-status': failmask(1) + END + b'\xe8',
    'decode-assist-bytes': options(1, 2) + END + b('8b 03') + b'\x44\x33\x22\x11',
    'decode-assist-then-fetch-fault': options(1, 1) + END + b('8b'),
    'too-long': END + b('66' * 15 + '89 18'),
}


def write(dirname, name, data):
    path = os.path.join(HERE, 'corpus', dirname)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), 'wb') as f:
        f.write(data)


for m in ('real', 'prot16', 'prot32', 'prot64'):
    for name, hexes in RAW.items():
        write('raw-' + m, name, b(hexes))
for name, data in STATE.items():
    write('state', name, data)
