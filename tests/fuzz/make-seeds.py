#!/usr/bin/env python3
"""Write the committed seed corpus of the fuzz harnesses (tests/fuzz/corpus/).

A handful of hand-made inputs per harness, each reaching a different path:
MOV forms, prefixes, escapes, over-long instructions; for the structured
harness, states and callback answers (format: tests/fuzz/state_fuzzer.cpp);
for the differential one, oracle cases and their variations
(format: tests/fuzz/kvm_diff_fuzzer.cpp).
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


# The differential harness (format: tests/fuzz/kvm_diff_fuzzer.cpp): a case
# number of the oracle's generator, then records that vary the case.
MODES = {'real': 0, 'prot16': 1, 'prot32': 2, 'prot64': 3}
MAPS = {'1B': 0, '0F': 1, '0F38': 2, '0F3A': 3}
SWEEP = 4 * 4 * 256 * 8 * 16  # one pass of the generator's sweep


def case(m, mp, opcode, prefix_set=0, form=0):
    """The sweep case of an opcode (generator.cpp: Generator::make)."""
    k = (((MODES[m] * 4 + MAPS[mp]) * 256 + opcode) * 8 + prefix_set) * 16 + form
    return struct.pack('<Q', k)


def random_case(n):
    return struct.pack('<Q', 2 * SWEEP + n)


def k_code(hexes):
    data = b(hexes)
    return b'\x00' + bytes([len(data)]) + data


def k_gpr(r, v):
    return b'\x01' + bytes([r]) + struct.pack('<Q', v)


def k_rflags(v):
    return b'\x02' + struct.pack('<I', v)


def k_segment(which, base, limit, attr):  # which: 0 ES, 1 DS, 2 FS, 3 GS
    return b'\x03' + bytes([which]) + struct.pack('<IIB', base, limit, attr)


def k_memory(seed):
    return b'\x04' + struct.pack('<Q', seed)


def k_layout(page, region):  # region: 0 RAM, 1 MMIO, 2 not present
    return b'\x05' + struct.pack('<HB', page, region)


def k_system(gates, gates2=0, shadow=0, cr8=0, mxcsr=0):
    return b'\x06' + bytes([gates, gates2, shadow, cr8, mxcsr])


def k_fpu(slot, v):
    return b'\x07' + bytes([slot]) + struct.pack('<Q', v)


def k_cpl(cpl):
    return b'\x08' + bytes([cpl])


def k_task_switch(selector, reason, idt_index=0xff, error_code=None):
    # reason: 0 CALL, 1 IRET, 2 JMP, 3 through a gate
    return b'\x09\x01' + struct.pack('<HBBBI', selector, idt_index, reason,
                                         error_code is not None, error_code or 0)


def k_real_interrupt(vector, inc_eip=0):
    return b'\x09\x02' + bytes([vector, inc_eip])


def k_gdt(index, descriptor):
    return b'\x0a' + bytes([index]) + struct.pack('<Q', descriptor)


def descriptor(base, limit, typ, s=1, dpl=0, p=1, l=0, db=0, g=0):
    d = (limit & 0xffff) | (base & 0xffffff) << 16
    d |= (typ | s << 4 | dpl << 5 | p << 7) << 40
    d |= ((limit >> 16) & 0xf) << 48
    d |= (l << 1 | db << 2 | g << 3) << 52
    return d | (base >> 24) << 56


def gate(selector, offset, typ, dpl=0, p=1):  # call gate (c), task gate (5)
    return ((offset & 0xffff) | selector << 16 | (typ | dpl << 5 | p << 7) << 40 |
            (offset >> 16) << 48)


def k_ram(addr, value):
    return b'\x0b' + struct.pack('<IQ', addr, value)


TSS32_AT_0x1000 = descriptor(0x1000, 0x67, 0x9, s=0)
# A 32-bit TSS at 0x1000 whose task can run: EIP 0x1000, flat ring-0
# segments of the fixed GDT, no LDT (its GPRs are the memory seed's).
TSS32_STATE = (k_ram(0x1018, 0) + k_ram(0x1020, 0x00000002_00001000) +
               k_ram(0x1048, 0x08_00000010) + k_ram(0x1050, 0x10_00000010) +
               k_ram(0x1058, 0x10_00000010) + k_ram(0x1060, 0))

KVM_DIFF = {
    'add-mem-prot32': case('prot32', '1B', 0x01, 0, 3),
    'push-prot16': case('prot16', '1B', 0x50),
    'rep-movs-prot64': case('prot64', '1B', 0xa5, 3) + k_gpr(1, 5),
    'rep-ins-real': case('real', '1B', 0x6d, 3) + k_gpr(1, 3),
    'out-dx-prot32-cpl3': case('prot32', '1B', 0xef) + k_rflags(0x3000),
    'int-real': case('real', '1B', 0xcd),
    'iret-prot32': case('prot32', '1B', 0xcf),
    'far-call-mem-prot64': case('prot64', '1B', 0xff, 0, 3),
    'enter-prot16': case('prot16', '1B', 0xc8),
    'div-by-zero-prot64': case('prot64', '1B', 0xf7, 0, 6) + k_gpr(0, 0),
    'mov-sreg-prot32': case('prot32', '1B', 0x8e, 0, 3),
    'lgdt-prot64': case('prot64', '0F', 0x01, 0, 2),
    'mov-cr-prot64': case('prot64', '0F', 0x22, 0, 8),
    'cpuid-faulting': case('prot32', '0F', 0xa2) + k_system(0, 2),
    'rdtsc-tsd-cpl3': case('prot64', '0F', 0x31) + k_system(8),
    'syscall-prot64': case('prot64', '0F', 0x05),
    'cmpxchg8b-prot32': case('prot32', '0F', 0xc7, 0, 1),
    'fxsave-prot64': case('prot64', '0F', 0xae) + k_system(0, 0, 0, 0, 1),
    'movdqa-prot32': case('prot32', '0F', 0x6f, 1, 1) + k_fpu(10, 0x0123456789abcdef),
    'movbe-prot64': case('prot64', '0F38', 0xf0, 0, 2),
    'xsetbv-prot64': case('prot64', '0F', 0x01, 0, 10) + k_system(128),
    'code-mov-to-mmio': case('prot32', '1B', 0x89) + k_code('89 18') +
                        k_gpr(3, 0xa0010),
    'data-segment-expand-down': case('prot16', '1B', 0x8b, 0, 1) +
                                k_segment(1, 0x30000, 0xff00, 0x07),
    'stack-page-not-present': case('prot64', '1B', 0x50) + k_layout(0x9, 2) +
                              k_gpr(4, 0x9008),
    'ivt-in-mmio-real': case('real', '1B', 0xcc) + k_layout(0, 1),
    'memory-seed': case('prot32', '1B', 0xa4, 3) + k_memory(0x5eed),
    'shadow-sti': case('prot32', '1B', 0xfb) + k_system(0, 0, 1),
    'rdmsr-cpl3-prot64': case('prot64', '0F', 0x32) + k_cpl(3),
    'syscall-sce-off-prot64': case('prot64', '0F', 0x05) + k_system(0, 4),
    'task-switch-call-prot32': case('prot32', '1B', 0x90) + k_gdt(16, TSS32_AT_0x1000) +
                               k_task_switch(0x80, 0),
    'task-switch-call-completes': case('prot32', '1B', 0x90) + k_cpl(0) +
                                  k_gdt(16, TSS32_AT_0x1000) + TSS32_STATE +
                                  k_task_switch(0x80, 0),
    'task-switch-gate-completes': case('prot16', '1B', 0x90) + k_cpl(0) +
                                  k_gdt(16, TSS32_AT_0x1000) + TSS32_STATE +
                                  k_task_switch(0x80, 3, 8, 0),
    'task-switch-jmp-prot16': case('prot16', '1B', 0x90) + k_gdt(16, TSS32_AT_0x1000) +
                              k_task_switch(0x80, 2),
    'task-switch-iret-prot32': case('prot32', '1B', 0x90) + k_rflags(0x4000) +
                               k_gdt(16, descriptor(0x1000, 0x67, 0xb, s=0)) +
                               k_task_switch(0x80, 1),
    'task-switch-gate-error-code': case('prot32', '1B', 0x90) +
                                   k_gdt(16, TSS32_AT_0x1000) +
                                   k_task_switch(0x80, 3, 13, 0x18),
    'task-switch-16bit-tss': case('prot32', '1B', 0x90) +
                             k_gdt(17, descriptor(0x1000, 0x2b, 0x1, s=0)) +
                             k_task_switch(0x88, 2),
    'real-interrupt': case('real', '1B', 0x90) + k_real_interrupt(0x20, 2),
    'far-call-gate-prot32': case('prot32', '1B', 0x9a) + k_code('9a 00 00 00 00 80 00') +
                            k_gdt(16, gate(0x08, 0x1234, 0xc)),
    'far-jmp-task-gate-prot32': case('prot32', '1B', 0xea) + k_code('ea 00 00 00 00 80 00') +
                                k_gdt(16, gate(0x88, 0, 0x5)) + k_gdt(17, TSS32_AT_0x1000),
    'directed-random': random_case(7),
    'random': random_case(12345),
}


def k_nested(script):
    """A nested guest; L1's answer per stage (kvm_diff_fuzzer.cpp, record 12)."""
    return b'\x0c' + bytes([0x80 | script])


# L1's scripts: never intercept; intercept at PRE_EXCEPT, POST_EXCEPT,
# POST_MEMACCESS; #UD at PRE_EXCEPT; #GP(0) at POST_EXCEPT; fail at PRE_EXCEPT.
NESTED_SCRIPTS = {'go': 0x00, 'pre': 0x01, 'post': 0x04, 'mem': 0x10, 'ud': 0x02,
                  'gp': 0x48, 'fail': 0x03}
# Instructions with an intercept (prot64 unless named), each under every script.
NESTED_INSNS = {
    'in': 'e4 10', 'out-dx': 'ee', 'ins': 'f3 6c', 'outs': '6e', 'rdtsc': '0f 31',
    'rdtscp': '0f 01 f9', 'rdpmc': '0f 33', 'mov-from-dr7': '0f 21 f8',
    'mov-to-dr7': '0f 23 f8', 'mov-from-cr0': '0f 20 c0', 'mov-to-cr4': '0f 22 e0',
    'lgdt': '0f 01 10', 'sidt': '0f 01 08', 'invlpg': '0f 01 38', 'vmrun': '0f 01 d8',
    'vmload': '0f 01 da', 'stgi': '0f 01 dc', 'skinit': '0f 01 de', 'invlpga': '0f 01 df',
    'monitor': '0f 01 c8', 'mwait': '0f 01 c9', 'icebp': 'f1', 'cpuid': '0f a2',
    'hlt': 'f4', 'pause': 'f3 90', 'int': 'cd 80', 'iret': '48 cf', 'pushf': '9c',
    'popf': '9d', 'lmsw': '0f 01 f0', 'smsw': '0f 01 e0', 'clts': '0f 06', 'wbinvd': '0f 09',
    'rdmsr': '0f 32', 'wrmsr': '0f 30', 'sldt': '0f 00 00', 'ltr': '0f 00 d8',
    'xsetbv': '0f 01 d1', 'rdpid': 'f3 0f c7 f8', 'rsm': '0f aa',
}
for insn, hexes in NESTED_INSNS.items():
    for name, script in NESTED_SCRIPTS.items():
        KVM_DIFF['nested-%s-%s' % (insn, name)] = (
            case('prot64', '1B', 0x90) + k_code(hexes) + k_gpr(0, 0x3000) +
            k_gpr(2, 0x70) + k_nested(script))
# Permission checks that come before POST_EXCEPT, at CPL 3.
for insn, hexes, system in (('in', 'e4 10', 0), ('outs', '6e', 0), ('rdtsc', '0f 31', 8),
                            ('rdtscp', '0f 01 f9', 8), ('rdpmc', '0f 33', 0),
                            ('mov-dr-gd', '0f 21 f8', 0)):
    KVM_DIFF['nested-cpl3-%s' % insn] = (
        case('prot32', '1B', 0x90) + k_code(hexes) + k_cpl(3) + k_rflags(0) +
        k_system(system, 1 if insn == 'mov-dr-gd' else 0) + k_gpr(2, 0x70) + k_nested(0x04))
KVM_DIFF['nested-vmrun-rax-high'] = (case('prot64', '1B', 0x90) + k_code('0f 01 d8') +
                                     k_gpr(0, 1 << 50) + k_nested(0x04))
KVM_DIFF['nested-vmrun-real'] = case('real', '1B', 0x90) + k_code('0f 01 d8') + k_nested(0x04)
KVM_DIFF['nested-lock-vmrun'] = case('prot64', '1B', 0x90) + k_code('f0 0f 01 d8') + k_nested(0)

# CMPXCHG8B/16B: equal and not, aligned and not, locked, MMIO, register form.
CMPXCHG_VALUE = 0x1122334455667788
for name, mode, hexes, rsi, rax, rdx in (
        ('8b-equal', 'prot32', '0f c7 0e', 0x3000, 0x55667788, 0x11223344),
        ('8b-unequal', 'prot32', '0f c7 0e', 0x3000, 0x1, 0x11223344),
        ('8b-lock', 'prot32', 'f0 0f c7 0e', 0x3000, 0x55667788, 0x11223344),
        ('8b-mmio', 'prot32', '0f c7 0e', 0xa0100, 0, 0),
        ('8b-register', 'prot32', '0f c7 ce', 0x3000, 0, 0),
        ('8b-prot64', 'prot64', '0f c7 0e', 0x3000, 0x55667788, 0x11223344),
        ('16b-equal', 'prot64', '48 0f c7 0e', 0x3000, CMPXCHG_VALUE, CMPXCHG_VALUE),
        ('16b-unequal', 'prot64', '48 0f c7 0e', 0x3000, 0, 0),
        ('16b-misaligned', 'prot64', '48 0f c7 0e', 0x3008, 0, 0),
        ('16b-lock-mmio', 'prot64', 'f0 48 0f c7 0e', 0xa0100, 0, 0)):
    KVM_DIFF['cmpxchg%s' % name] = (
        case(mode, '1B', 0x90) + k_code(hexes) + k_gpr(6, rsi) + k_gpr(0, rax) +
        k_gpr(2, rdx) + k_gpr(3, 0xaaaa) + k_gpr(1, 0xbbbb) + k_ram(0x3000, CMPXCHG_VALUE) +
        k_ram(0x3008, CMPXCHG_VALUE))

# Vector moves, beyond KVM's: VEX forms (CR4.OSXSAVE, CR0.TS, VEX.vvvv), MMX
# and SSE moves to and from memory, registers and general registers.
for name, hexes, gates in (
        ('vmovups-load', 'c5 f8 10 00', 128), ('vmovaps-ymm', 'c5 fc 28 c1', 128),
        ('vmovdqa-ymm-store', 'c4 e1 7d 7f 00', 128), ('vmovdqu-load', 'c5 fa 6f 00', 128),
        ('vmovntdq', 'c5 f9 e7 00', 128), ('vmovntps-ymm', 'c5 fc 2b 00', 128),
        ('vmovupd-store', 'c5 f9 11 00', 128), ('vex-no-osxsave', 'c5 f8 10 00', 0),
        ('vex-ts', 'c5 f8 10 00', 128 | 1), ('vex-vvvv', 'c5 f0 10 00', 128),
        ('vex-not-a-move', 'c5 f8 58 00', 128), ('vmovaps-misaligned', 'c5 f8 28 40 01', 128),
        ('movq-mm-load', '0f 6f 00', 0), ('movq-mm-store', '0f 7f 00', 0),
        ('movq-mm-mm', '0f 6f c1', 0), ('movd-mm-gpr', '0f 6e c0', 0),
        ('movd-gpr-xmm', '66 0f 7e c0', 0), ('movq-xmm-gpr', '66 48 0f 6e c0', 0),
        ('movntq', '0f e7 00', 0), ('movdqa-misaligned', '66 0f 6f 40 01', 0),
        ('movups-ts', '0f 10 00', 1), ('movups-em', '0f 10 00', 2),
        ('movss-load', 'f3 0f 10 00', 0), ('movsd-store', 'f2 0f 11 00', 0),
        ('movlps', '0f 12 00', 0), ('movhps-store', '0f 17 00', 0),
        ('movq-xmm-store', '66 0f d6 00', 0), ('movdqu-mmio', 'f3 0f 6f 00', 0)):
    rax = 0xa0200 if name.endswith('mmio') else 0x3000
    # (the system record toggles gates: a second base case with other
    # CR0/CR4 bits gives the other side of each)
    for base, suffix in ((0x90, ''), (0x91, '-other-gates')):
        KVM_DIFF['vector-%s%s' % (name, suffix)] = (case('prot64', '1B', base) + k_code(hexes) +
                                                    k_gpr(0, rax) + k_system(gates))

# Task switches that complete into a 16-bit TSS and into virtual-8086 mode.
TSS16_AT_0x1000 = descriptor(0x1000, 0x2b, 0x1, s=0)
TSS16_STATE = (k_ram(0x1008, 0x1000 << 48) + k_ram(0x1010, 0x0002) + k_ram(0x1018, 0) +
               k_ram(0x1020, 0x0010_0008_0010_0000) + k_ram(0x1028, 0x0010))
KVM_DIFF['task-switch-16bit-completes'] = (case('prot32', '1B', 0x90) + k_cpl(0) +
                                           k_gdt(17, TSS16_AT_0x1000) + TSS16_STATE +
                                           k_task_switch(0x88, 2))
KVM_DIFF['task-switch-16bit-call-completes'] = (case('prot16', '1B', 0x90) + k_cpl(0) +
                                                k_gdt(17, TSS16_AT_0x1000) + TSS16_STATE +
                                                k_task_switch(0x88, 0))
KVM_DIFF['task-switch-to-vm86-completes'] = (case('prot32', '1B', 0x90) + k_cpl(0) +
                                             k_gdt(16, TSS32_AT_0x1000) + TSS32_STATE +
                                             k_ram(0x1020, 0x00020002_00001000) +
                                             k_task_switch(0x80, 2))
KVM_DIFF['task-switch-cr3-reserved'] = (case('prot32', '1B', 0x90) + k_cpl(0) +
                                        k_gdt(16, TSS32_AT_0x1000) + TSS32_STATE +
                                        k_ram(0x1018, 0xffffffff_00000000) +
                                        k_task_switch(0x80, 2))


# Task switches to a descriptor that is not a TSS of the kind the reason needs
# (kemu: #GP or #TS, KVM goes on): a data segment, a call gate, an LDT
# selector, a busy TSS for JMP and a task gate, an available one for IRET.
for name, index, desc, selector, reason, idt in (
        ('data-segment', 16, descriptor(0x1000, 0xffff, 0x3), 0x80, 2, 0xff),
        ('call-gate', 16, gate(0x08, 0x1234, 0xc), 0x80, 0, 0xff),
        ('ldt-selector', 16, TSS32_AT_0x1000, 0x84, 0, 0xff),
        ('busy-jmp', 16, descriptor(0x1000, 0x67, 0xb, s=0), 0x80, 2, 0xff),
        ('busy-gate', 16, descriptor(0x1000, 0x67, 0xb, s=0), 0x80, 3, 0xff),
        ('busy-soft-int', 16, descriptor(0x1000, 0x67, 0xb, s=0), 0x80, 3, 8),
        ('available-iret', 16, TSS32_AT_0x1000, 0x80, 1, 0xff),
        ('16bit-busy-iret', 17, descriptor(0x1000, 0x2b, 0x3, s=0), 0x88, 1, 0xff)):
    KVM_DIFF['task-switch-kind-%s' % name] = (case('prot32', '1B', 0x90) + k_cpl(0) +
                                             k_gdt(index, desc) + TSS32_STATE +
                                             k_task_switch(selector, reason, idt))
# 16-bit TSSs: IRET back into a busy one, a task gate with a 16-bit error code.
KVM_DIFF['task-switch-16bit-iret-completes'] = (
    case('prot16', '1B', 0x90) + k_cpl(0) + k_rflags(0x4002) +
    k_gdt(17, descriptor(0x1000, 0x2b, 0x3, s=0)) + TSS16_STATE + k_task_switch(0x88, 1))
KVM_DIFF['task-switch-16bit-gate-error-code'] = (
    case('prot16', '1B', 0x90) + k_cpl(0) + k_gdt(17, TSS16_AT_0x1000) + TSS16_STATE +
    k_task_switch(0x88, 3, 0xff, 0x1234))

# Stack frames pushed into MMIO (each push waits for userspace: the later
# ones merge into it), and SYSENTER/SYSEXIT/RSM in each mode.
for name, mode, hexes in (('pusha-prot32', 'prot32', '60'), ('pusha-prot16', 'prot16', '66 60'),
                          ('far-call-prot32', 'prot32', '9a 00 10 00 00 08 00'),
                          ('int-real', 'real', 'cd 20'), ('enter-prot32', 'prot32', 'c8 08 00 02'),
                          ('pushf-prot64', 'prot64', '9c')):
    KVM_DIFF['stack-mmio-%s' % name] = (case(mode, '1B', 0x90) + k_code(hexes) + k_cpl(0) +
                                        k_layout(0x9, 1) + k_gpr(4, 0x9010))
for mode in ('real', 'prot16', 'prot32', 'prot64'):
    for name, hexes in (('sysenter', '0f 34'), ('sysexit', '0f 35'), ('sysexit-rexw', '48 0f 35'),
                        ('rsm', '0f aa')):
        if mode != 'prot64' and name == 'sysexit-rexw':
            continue
        KVM_DIFF['%s-%s' % (name, mode)] = case(mode, '1B', 0x90) + k_code(hexes) + k_cpl(0)

# More VEX forms: 256-bit loads and stores, scalar and 64-bit moves, MMIO.
for name, hexes in (('vmovups-ymm-store', 'c5 fc 11 00'), ('vmovdqa-ymm-load', 'c5 fd 6f 00'),
                    ('vmovdqu-ymm-store', 'c5 fe 7f 00'), ('vmovss-load', 'c5 fa 10 00'),
                    ('vmovsd-store', 'c5 fb 11 00'), ('vmovlps-load', 'c5 f0 12 00'),
                    ('vmovhpd-store', 'c5 f9 17 00'), ('vmovd-gpr', 'c5 f9 7e c0'),
                    ('vmovq-load', 'c5 fa 7e 00'), ('vmovq-store', 'c5 f9 d6 00'),
                    ('vmovq-gpr-w1', 'c4 e1 f9 6e c0'), ('vmovaps-ymm-reg', 'c5 fc 29 c8'),
                    ('vmovaps-ymm-misaligned', 'c5 fc 28 40 01'),
                    ('vmovntdqa', 'c4 e2 79 2a 00'), ('vmovapd-l1-store', 'c5 fd 29 00')):
    for rax, suffix in ((0x3000, ''), (0xa0200, '-mmio')):
        KVM_DIFF['vector-%s%s' % (name, suffix)] = (case('prot64', '1B', 0x90) + k_code(hexes) +
                                                    k_gpr(0, rax) + k_system(128))

# CMPXCHG16B/8B: each 8-byte misalignment, locked and equal, a 32-bit address.
for offset in (1, 4, 12):
    KVM_DIFF['cmpxchg16b-offset-%d' % offset] = (
        case('prot64', '1B', 0x90) + k_code('f0 48 0f c7 0e') + k_gpr(6, 0x3000 + offset))
KVM_DIFF['cmpxchg16b-addr32'] = (case('prot64', '1B', 0x90) + k_code('67 48 0f c7 0e') +
                                 k_gpr(6, 0x1_0000_3000) + k_gpr(0, CMPXCHG_VALUE) +
                                 k_gpr(2, CMPXCHG_VALUE) + k_ram(0x3000, CMPXCHG_VALUE) +
                                 k_ram(0x3008, CMPXCHG_VALUE))
KVM_DIFF['cmpxchg8b-lock-equal-mmio'] = (case('prot32', '1B', 0x90) + k_code('f0 0f c7 0e') +
                                         k_gpr(6, 0xa0100))

# FXSAVE/FXRSTOR: 32-bit and REX.W images, misaligned, MMIO, CR0.TS/EM.
for name, mode, hexes, rax, gates in (
        ('fxsave-prot32', 'prot32', '0f ae 00', 0x3000, 0),
        ('fxsave-rexw', 'prot64', '48 0f ae 00', 0x3000, 0),
        ('fxrstor-prot64', 'prot64', '0f ae 08', 0x3000, 0),
        ('fxrstor-rexw', 'prot64', '48 0f ae 08', 0x3000, 0),
        ('fxrstor-misaligned', 'prot64', '0f ae 08', 0x3008, 0),
        ('fxsave-mmio', 'prot64', '0f ae 00', 0xa0200, 0),
        ('fxrstor-mmio', 'prot64', '0f ae 08', 0xa0200, 0),
        ('fxsave-ts', 'prot64', '0f ae 00', 0x3000, 1),
        ('fxrstor-em', 'prot32', '0f ae 08', 0x3000, 2)):
    KVM_DIFF[name] = (case(mode, '1B', 0x90) + k_code(hexes) + k_gpr(0, rax) +
                      k_system(gates, 0, 0, 0, 1))

# Generator cases that reach core edges the hand-made seeds do not: what
# libFuzzer's -merge kept of the whole sweep (every opcode x prefix set x
# ModRM form x mode) and 131,072 random cases, run against those seeds.
SWEEP_CASES = [
    6965, 13038, 13883, 14003, 14014, 14328, 14332, 14334, 18266, 21119, 21240, 21431,
    21944, 22076, 22141, 22192, 22193, 22198, 22206, 22260, 22265, 22323, 22461, 24689,
    24794, 25510, 26908, 26937, 28060, 28636, 30052, 55056, 55137, 56817, 57082, 58305,
    70934, 143465, 143579, 143656, 143662, 143694, 144953, 145076, 145210, 145407, 149290,
    149338, 149368, 149371, 152252, 152444, 153137, 156204, 156297, 156379, 157074, 186193,
    227428, 260596, 274443, 274455, 274519, 274559, 274728, 276025, 276149, 276154, 276155,
    276276, 276408, 276466, 282263, 283256, 283640, 284147, 286831, 287371, 287372, 287373,
    287404, 287405, 289056, 289119, 289296, 292217, 293221, 294278, 294810, 295076, 301521,
    320401, 320447, 395233, 402485, 402590, 403169, 406068, 407089, 407100, 407101, 407216,
    407217, 407222, 407224, 407227, 407487, 410610, 414261, 415160, 415163, 415217, 415223,
    415345, 415354, 415358, 415413, 415482, 415610, 415734, 418035, 418042, 418043, 418045,
    418336, 418396, 418476, 419211, 420086, 420088, 420090, 420346, 424933, 424942, 424958,
    425962, 426091, 426129, 426131, 430471, 430493, 430510, 430559, 431138, 431186, 432884,
    440187, 442234, 448257, 450292, 451518, 451569, 1049060, 1049704, 1051497, 1051657,
    1052283, 1054097, 1055761, 1058375, 1059426, 1062592, 1065562, 1070529, 1070543,
    1070811, 1071578, 1071918, 1073931, 1074113, 1075846, 1076360, 1078303, 1080922,
    1084601, 1086832, 1086988, 1095326, 1102659, 1104983, 1106878, 1119049, 1126157,
    1132852, 1136297, 1143224, 1143235, 1147554, 1148394, 1159341, 1166835, 1167606, 1169935
]
for n in SWEEP_CASES:
    KVM_DIFF['case-%d' % n] = struct.pack('<Q', n)



def k_smm(state):
    """Record 15, kind 0: in SMM, RSM restoring `state` (Machine::leave_smm:
    bits 0-2 the mode it returns to, 0 one that cannot be restored)."""
    return b'\x0f\x00' + bytes([state])


# RSM in system-management mode: each kind of saved state, from each mode, and
# in a nested guest whose L1 intercepts it.
for mode in MODES:
    for state in range(8):
        KVM_DIFF['rsm-smm-%s-%d' % (mode, state)] = (case(mode, '1B', 0x90) + k_code('0f aa') +
                                                     k_cpl(0) + k_smm(state | 0x40))
    KVM_DIFF['rsm-smm-nested-%s' % mode] = (case(mode, '1B', 0x90) + k_code('0f aa') + k_cpl(0) +
                                            k_smm(3) + k_nested(0x01))

def k_msr(which, value):
    """Record 13: the host's MSR (0 SYSENTER_CS, 1 _ESP, 2 _EIP, 3 STAR, 4 LSTAR,
    5 CSTAR, 6 SFMASK, 7 TSC_AUX)."""
    return b'\x0d' + bytes([which]) + struct.pack('<Q', value)


def k_host(toggles):
    """Record 14: bit 0 the VMware backdoor, 1 EFER.NXE, 2 EFER.SVME, 3
    compatibility mode, 4 an AMD CPUID vendor."""
    return b'\x0e' + bytes([toggles])


def k_decode_cache(mode):
    """Record 15, kind 1: kemu decodes through a decoded-instruction cache,
    0 none, 1 cold, 2 warm."""
    return b'\x0f\x01' + bytes([mode])



def k_vm86(flags, cs=0):
    """Record 15, kind 3: virtual-8086 mode; flags bits 0-1 IOPL, 2 CR4.VME,
    3 CR4.PVI, 4 VIF, 5 VIP; cs 0: one that reaches the case's code."""
    return b'\x0f\x03' + struct.pack('<BH', flags, cs)


def k_tr(sel, base, limit, typ):
    """Record 15, kind 4: TR; typ & 3: 16-bit available, busy, 32-bit available,
    busy; bit 2 drops the case's I/O bitmap."""
    return b'\x0f\x04' + struct.pack('<HIIB', sel, base, limit, typ)


def k_ss(sel, base, limit, attr):
    """Record 15, kind 5: SS; attr bit 0 accessed, 2 expand-down, 6 D/B."""
    return b'\x0f\x05' + struct.pack('<HIIB', sel, base, limit, attr)


# Virtual-8086 mode: port I/O against the TSS's bitmap (a 32-bit TSS at 0x6000
# whose bitmap at 0x68 allows ports 0x00-0x3f and denies 0x40-0x7f), the
# IOPL-sensitive instructions with and without CR4.VME (its interrupt
# redirection bitmap, 32 bytes below the I/O bitmap, redirects INT 0x21 and not
# INT 0x20), segment loads, far transfers and stacks at the IVT and at 0xffff.
V86_TSS = (k_tr(0x58, 0x6000, 0x68 + 0x10, 0xb | 4) + k_ram(0x6060, 0x0068_0000_0000_0000) +
           k_ram(0x6068, 0) + k_ram(0x6070, 0xffffffff_ffffffff) +
           k_ram(0x6048, 0x0000_0002) + k_ram(0x6040, 0))
V86_INSNS = {
    'in-allowed': 'e4 10', 'in-denied': 'e4 40', 'out-allowed': 'e6 10', 'out-denied': 'e6 40',
    'in-dx-word': 'ed', 'out-dx-dword': '66 ef', 'ins': '6c', 'rep-outs': 'f3 6f',
    'pushf': '9c', 'pushfd': '66 9c', 'popf': '9d', 'popfd': '66 9d', 'int-20': 'cd 20',
    'int-21': 'cd 21', 'int3': 'cc', 'into': 'ce', 'icebp': 'f1', 'iret': 'cf', 'iretd': '66 cf',
    'cli': 'fa', 'sti': 'fb', 'mov-ds': '8e d8', 'mov-ss': '8e d0', 'mov-es-mem': '8e 07',
    'pop-ds': '1f', 'push-cs': '0e', 'les': 'c4 07', 'lss': '0f b2 07', 'far-jmp': 'ea 00 01 00 20',
    'far-call': '9a 00 01 00 20', 'far-call-mem': 'ff 1f', 'retf': 'cb', 'retf-imm': 'ca 04 00',
    'lgdt': '0f 01 17', 'smsw': '0f 01 e0', 'lmsw': '0f 01 f0', 'sldt': '0f 00 c0',
    'lldt': '0f 00 d0', 'arpl': '63 c0', 'hlt': 'f4', 'mov-cr0': '0f 20 c0', 'clts': '0f 06',
    'rdtsc': '0f 31', 'sysenter': '0f 34', 'push-imm': '6a 01', 'pusha': '60', 'enter': 'c8 04 00 01',
    'call-near': 'e8 00 00', 'ret-near': 'c3', 'mov-mem-wrap': '8b 47 ff', 'movs-wrap': 'a5',
    'verr': '0f 00 e0', 'lar': '0f 02 c0', 'rdpmc': '0f 33', 'in-dx-vmware': 'ed',
}
for name, hexes in V86_INSNS.items():
    for iopl in (0, 3):
        for vme in ((0, 4, 4 | 16, 4 | 32 | 16) if iopl == 0 else (0,)):
            rdx = 0x5658 if 'vmware' in name else 0x10 if 'allowed' in hexes else 0x40
            extra = k_host(1) if 'vmware' in name else b''
            KVM_DIFF['vm86-%s-%d-%x' % (name, iopl, vme)] = (
                case('prot32', '1B', 0x90) + k_cpl(0) + V86_TSS + k_vm86(iopl | vme) +
                k_code(hexes) + k_gpr(2, rdx if 'in-dx' in name or 'out-dx' in name else 0x10) +
                k_gpr(3, 0x100) + k_gpr(4, 0x100) + k_gpr(6, 0xfffe) + k_gpr(7, 0x200) + extra)
# Interrupts through the IVT (VME redirection) with the stack at the IVT and at
# its segment's end; from a 16-bit protected-mode case too.
for name, ss, sp in (('ivt', 0, 0x10), ('ivt-wrap', 0, 0), ('seg-end', 0x2000, 0xffff),
                     ('seg-end-even', 0x2000, 0xfffe), ('odd', 0x2000, 1)):
    for hexes in ('cd 21', 'cd 20', '9c', '66 9c', 'cf', '66 cf', '0e', '60', 'e8 00 00'):
        for vme in (0, 4):
            KVM_DIFF['vm86-stack-%s-%s-%d' % (name, hexes.replace(' ', ''), vme)] = (
                case('prot16', '1B', 0x90) + k_cpl(0) + V86_TSS + k_vm86(3 * (vme == 0) | vme) +
                k_ss(ss, 0, 0, 0) + k_code(hexes) + k_gpr(4, sp))
# (At most 8 RAM records count: these keep the case's TSS and bitmap.)
# Task switches from virtual-8086 mode (to a 16-bit TSS: KVM stays in
# virtual-8086 mode, deviation kvm-task-switch-vm86-to-16bit-tss), and to and
# from 16-bit TSSs.
KVM_DIFF['vm86-task-switch-to-16bit-tss'] = (
    case('prot32', '1B', 0x90) + k_cpl(0) + k_vm86(3) + k_gdt(17, TSS16_AT_0x1000) +
    TSS16_STATE + k_task_switch(0x88, 2))
for name, reason, idt in (('call', 0, 0xff), ('jmp', 2, 0xff), ('gate', 3, 0xff),
                          ('iret', 1, 0xff)):
    KVM_DIFF['vm86-task-switch-%s' % name] = (
        case('prot32', '1B', 0x90) + k_cpl(0) + k_vm86(3) +
        k_gdt(16, descriptor(0x1000, 0x67, 0xb if reason == 1 else 0x9, s=0)) + TSS32_STATE +
        k_task_switch(0x80, reason, idt))
    for old_type, new_type, tname in ((1, 0x1, 'tss16-to-tss16'), (3, 0x9, 'tss16-to-tss32'),
                                      (3, 0x1, 'busy16-to-tss16'), (0xb, 0x1, 'tss32-to-tss16')):
        if reason == 1:
            new_type |= 2
        KVM_DIFF['task-switch-%s-%s' % (tname, name)] = (
            case('prot32', '1B', 0x90) + k_cpl(0) +
            k_tr(0x58, 0x7000, 0x2b if old_type < 8 else 0x67, {1: 0, 3: 1, 9: 2, 0xb: 3}[old_type] | 4) +
            k_gdt(17, descriptor(0x1000, 0x2b if new_type < 8 else 0x67, new_type, s=0)) +
            (TSS16_STATE if new_type < 8 else TSS32_STATE) +
            k_task_switch(0x88, reason, idt, 0x1234 if reason == 3 else None))
# Real-mode stacks at the IVT and at a 16-bit segment's ends: interrupts,
# pushes and far calls with SS = 0 and SP near 0, and SS:0xffff.
for name, ss_base, sp in (('ivt', 0, 0x6), ('ivt-zero', 0, 0), ('end', 0x20000, 0xffff),
                          ('end-1', 0x20000, 0xfffe), ('low', 0x20000, 1)):
    for hexes in ('cd 21', 'cc', '9c', '66 9c', 'cf', '66 cf', '60', '66 60', '9a 00 01 00 20',
                  '66 9a 00 01 00 00 00 20', 'c8 04 00 01', '16', '1f', 'cb'):
        KVM_DIFF['real-stack-%s-%s' % (name, hexes.replace(' ', ''))] = (
            case('real', '1B', 0x90) + k_ss(ss_base >> 4, ss_base, 0xffff, 0) + k_code(hexes) +
            k_gpr(4, sp))
    KVM_DIFF['real-stack-%s-interrupt' % name] = (
        case('real', '1B', 0x90) + k_ss(ss_base >> 4, ss_base, 0xffff, 0) + k_gpr(4, sp) +
        k_real_interrupt(0x21, 2))
# 16-bit protected-mode stacks at a segment's ends, expand-down, and a 16-bit
# SS under a 32-bit case.
for name, limit, attr, sp in (('end', 0xffff, 0x1, 0xffff), ('low', 0xffff, 0x1, 1),
                              ('expand-down', 0x0fff, 0x5, 0x1000),
                              ('expand-down-low', 0x0fff, 0x5, 0x1001),
                              ('expand-down-big', 0x0fff, 0x45, 0x1002)):
    for hexes in ('cd 21', '9c', '66 9c', '60', 'c8 04 00 01', '9a 00 01 20 00', 'cb'):
        KVM_DIFF['prot-stack-%s-%s' % (name, hexes.replace(' ', ''))] = (
            case('prot16', '1B', 0x90) + k_cpl(0) + k_ss(0x28, 0x20000, limit, attr) +
            k_code(hexes) + k_gpr(4, sp))
# A new task's selector past the GDT's limit, or in an LDT it has none of:
# #TS (KVM #GP, deviation kvm-task-switch-null-selector-gp).
for name, image in (('es-past-gdt', k_ram(0x1020, 0x0010_0008_491c_0000)),
                    ('es-ldt-without-ldt', k_ram(0x1020, 0x0010_0008_0014_0000)),
                    ('ldt-past-gdt', k_ram(0x1028, 0x4918_0010))):
    KVM_DIFF['task-switch-16bit-%s' % name] = (
        case('prot32', '1B', 0x90) + k_cpl(0) + k_gdt(17, TSS16_AT_0x1000) + TSS16_STATE +
        image + k_task_switch(0x88, 2))
# The input as the fuzzer found it (LDT limit 0xa11e1, ES 0x6c8f: KVM #GP,
# kemu #PF reading the entry at the LDT's base + 0x6c88).
KVM_DIFF['task-switch-ldt-above-64k-found'] = bytes.fromhex(
    '004804000000030008000a112b000010008100000b081000001810000000000003000000006a6a6a'
    '6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a0b2010000000840000080010'
    '0031c23a00002e545858000b28100000004080000010000000000000000000000000000009018800'
    'ff58626262626262626262626262585c310030')
# The fuzzer's finds beside them: IN at CPL 3 with TR.base 0xffffffff (the I/O
# bitmap's offset word at 0x65 after the 4 GiB wrap; KVM reads 0x100000065,
# deviation kvm-io-bitmap-address-not-wrapped-at-4g); a 64-bit far call through
# memory to a 32-bit conforming code segment, target beyond its limit, RSP
# non-canonical: #SS(0) before the target's #GP(0) (kvm-far-call-target-before-stack).
KVM_DIFF['in-tss-base-wraps-4g'] = (
    case('prot16', '1B', 0x90) + k_cpl(3) + k_rflags(0) + k_code('e4 f0') +
    k_tr(0xffff, 0xffffffff, 0xffffffff, 3) + k_ram(0x60, 0x68 << 40) + k_ram(0x80, 0))
KVM_DIFF['far-call-stack-before-target-prot64'] = (
    case('prot64', '1B', 0x90) + k_cpl(3) + k_code('48 ff 18') + k_gpr(0, 0x3000) +
    k_gpr(4, 0x4231_0057_0000_9000) + k_ram(0x3000, 0x1_0000_0000) + k_ram(0x3008, 0xa3) +
    k_gdt(20, descriptor(0, 0xfffff, 0xd, db=1, g=1)))
# A 64-bit far call (REX.W) into a 16-bit conforming code segment with an
# offset above 4 GiB: the new mode is compatibility mode, where the offset's
# upper half is cleared before the limit check (kemu completes at 0x1f19e29f;
# KVM checks all 64 bits and raises #GP(0), deviation
# kvm-far-offset-into-compat-mode-not-truncated); and the input as found.
KVM_DIFF['far-call-offset-above-4g-into-compat-mode'] = (
    case('prot64', '1B', 0x90) + k_cpl(3) + k_code('48 ff 18') + k_gpr(0, 0x3000) +
    k_ram(0x3000, 0xdd86_bfd7_1f19_e29f) + k_ram(0x3008, 0xa3) +
    k_gdt(20, descriptor(0, 0x6e791, 0xf, dpl=1, g=1)))
KVM_DIFF['far-call-offset-above-4g-into-compat-mode-found'] = bytes.fromhex(
    '0048060000000000000348ff1808030e0001000030000000000000010400900000000000000bd830'
    '000000100000000000000b08300000a300000000000000140affff0000009bcf000a150000000000'
    '000000')
# A far call from 64-bit mode into a 32-bit code segment with RSP above
# 4 GiB: kemu pushes at the 64-bit RSP (#PF there), KVM at its low 32 bits
# (deviation kvm-far-call-into-compat-mode-pushes-32-bit); and with the
# stack's low half at an MMIO and a missing page.
for rsp, region in ((0x2_0000_9010, None), (0x2_0000_9002, 1), (0x1_0000_9002, 2)):
    KVM_DIFF['far-call-into-compat-rsp-above-4g-%x' % rsp] = (
        case('prot64', '1B', 0x90) + k_cpl(0) +
        (k_layout(0x9, region) if region is not None else b'') + k_code('ff 1f') +
        k_gpr(4, rsp) + k_gpr(7, 0x3000) + k_ram(0x3000, 0x0008_0000_1000))
# The task switch the fuzzer found: a 16-bit TSS whose LDT is larger than
# 64 KiB (0x10fff), and ES an LDT selector past the limit's low 16 bits (KVM #GP,
# deviation kvm-ldt-limit-truncated-to-16-bits; the LDT entry is a data segment).
KVM_DIFF['task-switch-ldt-above-64k'] = (
    case('prot32', '1B', 0x90) + k_cpl(0) + k_gdt(17, TSS16_AT_0x1000) +
    k_gdt(18, descriptor(0x10000, 0x10fff, 0x2, s=0)) + TSS16_STATE +
    k_ram(0x1020, 0x0010_0008_8004_0000) + k_ram(0x1028, 0x0090_0010) +
    k_ram(0x18000, descriptor(0, 0xfffff, 0x3, db=1, g=1)) + k_task_switch(0x88, 2))


def candidates():
    """Families of variations (about 79,000), named by family (n nested guest,
    v VEX move, s SSE/MMX move, p stack frame, c CMPXCHG8B/16B, f FXSAVE/FXRSTOR,
    y fast system call, k compatibility mode, a CPUID vendor, t task switch, q permission
    check, e CMPXCHG8B/16B half equal or FS/GS-based, r real-mode interrupt with a low stack,
    x SYSEXIT, w stack frame from MMIO at a 16-bit stack's ends, g FXSAVE/FXRSTOR by FS/GS
    or non-canonical, l LGDT/LIDT, j far transfer or segment load by descriptor kind,
    d a seed above
    through kemu's decode cache), encoding and
    variation: the seeds are those of them that libFuzzer's -merge kept
    against the seeds above (KEPT)."""
    P = {}

    def base(mode, alt=0):
        return case(mode, '1B', 0x90 + alt)

    SCRIPTS = NESTED_SCRIPTS
    if True:  # nested guests: every intercepted instruction, mode, script, CPL
        insns = ['e4 10','e5 10','66 e5 10','e6 10','e7 10','66 e7 10','ec','ed','66 ed','ee','ef','66 ef',
                 '6c','6d','66 6d','f3 6c','f3 6d','6e','6f','66 6f','f3 6e','f3 66 6f','f2 6e',
                 '9c','66 9c','9d','66 9d','cf','66 cf','48 cf','cd 80','f1','f4','f3 90','48 90',
                 '0f 00 00','0f 00 c0','66 0f 00 c0','48 0f 00 c0','0f 00 08','0f 00 c8','0f 00 10','0f 00 d0','0f 00 18','0f 00 d8',
                 '0f 01 00','0f 01 08','0f 01 10','0f 01 18','66 0f 01 10','0f 01 20','0f 01 e0','66 0f 01 e0','48 0f 01 e0',
                 '0f 01 30','0f 01 f0','0f 01 38','0f 01 c8','0f 01 c9','0f 01 d1','0f 01 d8','0f 01 d9','0f 01 da','0f 01 db',
                 '0f 01 dc','0f 01 dd','0f 01 de','0f 01 df','0f 01 f9','f3 0f c7 f8','0f 08','0f 09','f3 0f 09','0f 06',
                 '0f 20 c0','0f 20 d0','0f 20 d8','0f 20 e0','44 0f 20 c0','0f 22 c0','0f 22 d8','0f 22 e0','44 0f 22 c0',
                 '0f 30','0f 31','0f 32','0f 33','0f a2','0f aa','0f 05','0f 07']
        insns += ['0f 21 %02x' % (0xc0 + 8 * d) for d in range(8)] + ['0f 23 %02x' % (0xc0 + 8 * d) for d in range(8)]
        for hexes in insns:
            for mode in ('real', 'prot16', 'prot32', 'prot64'):
                for sname, script in SCRIPTS.items():
                    for cplv in ((0, 3) if mode != 'real' else (0,)):
                        for rdx, rcx in ((0x70, 0x10), (0x5658, 0x10000)):
                            extra = k_host(1) if rdx == 0x5658 else b''
                            P['n-%s-%s-%s-%d-%x' % (hexes.replace(' ', ''), mode, sname, cplv, rdx)] = (
                                base(mode) + k_code(hexes) + k_cpl(cplv) + k_rflags(0x2 if cplv else 0x3002) +
                                k_gpr(0, 0x3000) + k_gpr(2, rdx) + k_gpr(1, rcx) + k_gpr(6, 0x3000) + k_gpr(7, 0x3100) +
                                k_system(0x08 | 0x10, 1 if '0f 21' in hexes or '0f 23' in hexes else 0) + extra + k_host(4) * (cplv == 0 and '0f 01 d' in hexes) +
                                k_nested(script))

    if True:  # VEX moves: opcode x pp x L x W x vvvv x ModRM x mode x RAM/MMIO x gates
        for opc in (0x10,0x11,0x12,0x13,0x16,0x17,0x28,0x29,0x2b,0x6e,0x6f,0x7e,0x7f,0xd6,0xe7,0x58,0x50):
            for pp in range(4):
                for L in (0, 1):
                    for W in (0, 1):
                        for vvvv in (0xf, 0xe):
                            for modrm in ('00', 'c1', '40 01', 'c8'):
                                for mode in ('prot32', 'prot64'):
                                    for rax in (0x3000, 0xa0200):
                                        for gates in (128, 128 | 1, 0):
                                            b2 = 0xe1; b3 = (W << 7) | (vvvv << 3) | (L << 2) | pp
                                            hexes = 'c4 %02x %02x %02x %s' % (b2, b3, opc, modrm)
                                            if W == 0:
                                                b1 = 0x80 | (vvvv << 3) | (L << 2) | pp
                                                hexes = 'c5 %02x %02x %s' % (b1, opc, modrm)
                                            P['v-%s-%s-%x-%d' % (hexes.replace(' ', ''), mode, rax, gates)] = (
                                                base(mode) + k_code(hexes) + k_gpr(0, rax) + k_system(gates))

    if True:  # SSE/MMX moves: opcode x prefix x ModRM x mode x address x CR0.TS/EM
        for m, opc in [('0f', o) for o in (0x10,0x11,0x12,0x13,0x16,0x17,0x28,0x29,0x2b,0x6e,0x6f,0x7e,0x7f,0xd6,0xe7)] + [('0f 38', 0x2a)]:
            for pfx in ('', '66 ', 'f3 ', 'f2 ', '48 ', '66 48 '):
                for modrm in ('00', 'c1', '40 01', 'c0', '40 08'):
                    for mode in ('real', 'prot16', 'prot32', 'prot64'):
                        if '48' in pfx and mode != 'prot64': continue
                        for rax in (0x3000, 0xa0200, 0x9ff8):
                            for gates in (0, 1, 2):
                                hexes = '%s%s %02x %s' % (pfx, m, opc, modrm)
                                P['s-%s-%s-%x-%d' % (hexes.replace(' ', ''), mode, rax, gates)] = (
                                    base(mode) + k_code(hexes) + k_gpr(0, rax) + k_system(gates) + k_layout(0xa, 2))

    if True:  # stack frames around MMIO and missing pages
        insns = ['60','66 60','61','66 61','9a 00 10 00 00 08 00','66 9a 00 10 08 00','ff 18','66 ff 18','cd 20','cc','ce',
                 'c8 08 00 02','66 c8 08 00 03','c8 10 00 00','c8 04 00 1f','9c','66 9c','6a 01','68 00 00 00 00','66 68 00 00',
                 '06','0e','16','1e','0f a0','0f a8','e8 00 00 00 00','66 e8 00 00','ff d0','ff 30','66 ff 30','50','66 50','cf','66 cf','ca 04 00','cb','c9','66 c9','1f','07','17','0f a1','0f a9','c3','c2 04 00','8f 00']
        for hexes in insns:
            for mode in ('real', 'prot16', 'prot32', 'prot64'):
                for rsp in (0x9010, 0x9004, 0x9002, 0x9001, 0x9000, 0x9ffe, 0x8ffc, 0x1, 0x0, 0xfffe):
                    for region in (0, 1, 2):
                        P['p-%s-%s-%x-%d' % (hexes.replace(' ', ''), mode, rsp, region)] = (
                            base(mode) + k_code(hexes) + k_cpl(0) + k_layout(0x9, region) + k_layout(0x8, (region + 1) % 3) +
                            k_gpr(4, rsp) + k_gpr(0, 0x3000))

    if True:  # CMPXCHG8B/16B: prefixes, forms, alignments, pages
        for pfx in ('', 'f0 ', '66 ', 'f3 ', '48 ', 'f0 48 ', '67 ', '67 48 ', '26 ', '64 48 '):
            for modrm in ('0e', 'ce', '4e 08', '0c 24'):
                for mode in ('real', 'prot16', 'prot32', 'prot64'):
                    if '48' in pfx and mode != 'prot64': continue
                    for rsi in (0x3000, 0x3001, 0x3008, 0x3ff8, 0x3ffc, 0xa0100, 0xa0ffc, 0x9ff8, 0xfff8, 0x1_0000_3000):
                        for eq in (0, 1):
                            v = CMPXCHG_VALUE if eq else 0
                            P['c-%s-%s-%x-%d' % ((pfx + modrm).replace(' ', ''), mode, rsi, eq)] = (
                                base(mode) + k_code(pfx + '0f c7 ' + modrm) + k_gpr(6, rsi) + k_gpr(4, rsi) +
                                k_gpr(0, v if eq else 1) + k_gpr(2, v) + k_ram(0x3000, CMPXCHG_VALUE) + k_ram(0x3008, CMPXCHG_VALUE) +
                                k_layout(0xa, 2) + k_segment(0, 0, 0x3003, 0x3) + k_segment(2, 0, 0xffff, 0x40))

    if True:  # FXSAVE/FXRSTOR: format, address, gates, MXCSR
        for pfx in ('', '48 ', '66 ', 'f3 '):
            for r in (0, 1):
                for modrm in ('00', '40 08', '40 10', 'c0'):
                    for mode in ('real', 'prot16', 'prot32', 'prot64'):
                        if '48' in pfx and mode != 'prot64': continue
                        for rax in (0x3000, 0x3008, 0xa0200, 0x9f00, 0x3e10):
                            for gates in (0, 1, 2):
                                for mx in (0x1f80, 0x10000, 0xffff):
                                    hexes = '%s0f ae %s' % (pfx, '%02x' % (int(modrm[:2], 16) | (r << 3)) + modrm[2:])
                                    P['f-%s-%s-%x-%d-%x' % (hexes.replace(' ', ''), mode, rax, gates, mx)] = (
                                        base(mode) + k_code(hexes) + k_gpr(0, rax) + k_system(gates, 0, 0, 0, 1) +
                                        k_ram(rax + 24 if rax < 0x9000 else 0x3018, mx | (0xffff << 32)) + k_layout(0xa, 2))

    if True:  # SYSENTER/SYSEXIT/SYSCALL/SYSRET with the MSRs varied
        for hexes in ('0f 34', '0f 35', '48 0f 35', '66 0f 35', '0f 05', '0f 07', '48 0f 07'):
            for mode in ('real', 'prot16', 'prot32', 'prot64'):
                for cplv in (0, 3):
                    for cs in (0, 0x8, 0x10, 0xfffc, 0x13):
                        for eip in (0x9000, 0xffffffff81000000):
                            for efer_t in (0, 2):
                                P['y-%s-%s-%d-%x-%x-%d' % (hexes.replace(' ', ''), mode, cplv, cs, eip & 0xffff, efer_t)] = (
                                    base(mode) + k_code(hexes) + k_cpl(cplv) + k_msr(0, cs) + k_msr(2, eip) + k_msr(1, 0x8000) +
                                    k_msr(3, (cs << 32) | (cs << 48)) + k_system(0, 4 if efer_t else 0) + k_gpr(1, 0x9000) + k_gpr(2, 0xffff800000000000 if efer_t else 0x9000))

    if True:  # compatibility mode (a 64-bit case with a 32-bit CS)
        insns = ['0f 34','0f 35','48 0f 35','0f 05','0f 07','ff 28','ff 18','9a 00 10 00 00 18 00','ea 00 10 00 00 18 00','cf','48 cf','ca 00 00','cb','8e d8','8e d0','0f 00 d8','0f 00 d0','0f 01 10','0f 01 00','c4 00','c5 00','0f b2 00','60','61','cd 20','e8 00 00 00 00','c3','0f a2','ff 30','50']
        for hexes in insns:
            for cplv in (0, 3):
                for cs in (0x8, 0x18, 0x13, 0):
                    P['k-%s-%d-%x' % (hexes.replace(' ', ''), cplv, cs)] = (
                        base('prot64') + k_code(hexes) + k_cpl(cplv) + k_host(8) + k_msr(0, cs) + k_msr(3, (cs << 32) | (0x23 << 48)) +
                        k_gpr(0, 0x3000) + k_gpr(1, 0x9000) + k_gpr(2, 0x9000) + k_ram(0x3000, 0x0018_00001000) +
                        k_gdt(3, descriptor(0, 0xfffff, 0xb, l=1, g=1)))

    if True:  # the guest's CPUID vendor AMD or Intel: fast system calls, strings, CPUID
        for hexes in ('0f 34', '0f 35', '48 0f 35', '0f 05', '0f 07', '0f a2', 'f3 a4', 'f3 67 a5', 'f3 67 ab', 'f3 67 aa', 'f3 67 a6', '67 f3 ae', 'f3 67 6c', 'f3 67 6f', '0f 01 f9', 'f3 0f c7 f8'):
            for mode in ('real', 'prot16', 'prot32', 'prot64', 'compat'):
                for cplv in (0, 3):
                    for amd in (0, 1):
                        for sce in (0, 4):
                            m = 'prot64' if mode == 'compat' else mode
                            t = (16 if amd else 0) | (8 if mode == 'compat' else 0)
                            P['a-%s-%s-%d-%d-%d' % (hexes.replace(' ', ''), mode, cplv, amd, sce)] = (
                                base(m) + k_code(hexes) + k_cpl(cplv) + k_host(t) + k_system(0, sce) +
                                k_gpr(1, 0) + k_gpr(2, 0x9000) + k_gpr(6, 0x3000) + k_gpr(7, 0x3100))

    if True:  # task switches: each selector of a 32-/16-bit TSS, each reason
        sels = [0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x40, 0x48, 0x50, 0x58, 0x60, 0x68, 0x0b, 0x13, 0x04, 0x0c, 0xf8, 0x4b, 0x43, 0x3b]
        for tss32 in (1, 0):
            for slot in range(7):  # ES CS SS DS FS GS LDT
                if not tss32 and slot in (4, 5): continue
                for sel in sels:
                    for reason in (0, 1, 2, 3):
                        for vm in (0, 1):
                            if vm and not tss32: continue
                            if tss32:
                                segs = [0x10, 0x08, 0x10, 0x10, 0x10, 0x10, 0]
                                segs[slot] = sel
                                st = (k_ram(0x1018, 0) + k_ram(0x1020, ((0x20002 if vm else 0x2) << 32) | 0x1000) +
                                      k_ram(0x1048, segs[1] << 32 | segs[0]) + k_ram(0x1050, segs[3] << 32 | segs[2]) +
                                      k_ram(0x1058, segs[5] << 32 | segs[4]) + k_ram(0x1060, segs[6]))
                                d = TSS32_AT_0x1000 if reason != 1 else descriptor(0x1000, 0x67, 0xb, s=0)
                                idx = 16; tsel = 0x80
                            else:
                                segs = [0x10, 0x08, 0x10, 0x10, 0, 0, 0]
                                segs[slot] = sel
                                st = (k_ram(0x1008, 0x1000 << 48) + k_ram(0x1010, 0x0002) +
                                      k_ram(0x1020, segs[1] << 48 | segs[0] << 32) + k_ram(0x1028, segs[6] << 32 | segs[3] << 16 | segs[2]))
                                d = TSS16_AT_0x1000 if reason != 1 else descriptor(0x1000, 0x2b, 0x3, s=0)
                                idx = 17; tsel = 0x88
                            for mode in ('prot16', 'prot32'):
                                P['t-%d-%d-%x-%d-%d-%s' % (tss32, slot, sel, reason, vm, mode)] = (
                                    base(mode) + k_cpl(0) + k_rflags(0x4002 if reason == 1 else 2) + k_gdt(idx, d) + st +
                                    k_task_switch(tsel, reason, 0xff, 0x18 if reason == 3 else None))
    if True:  # permission checks: CR4.TSD/PCE by CPL, the VMware PMCs, EFER.SVME, DR6/7 writes
        for hexes in ('0f 01 f9', '0f 31', '0f 33', '0f 01 d8', '0f 01 da', '0f 01 db', '0f 01 dc',
                      '0f 01 dd', '0f 01 de', '0f 01 df', '0f 23 f8', '0f 23 f0', '0f 23 c0', '48 0f 23 f8'):
            for mode in ('prot16', 'prot32', 'prot64'):
                if '48' in hexes and mode != 'prot64': continue
                for cplv in (0, 3):
                    for gates in (0, 8, 32, 8 | 32):
                        for host in (0, 1, 4, 5):
                            for rax, rcx in ((0x3000, 0x10000), (1 << 48, 0x10001), (0xffff_0000_0000_0400, 0x10002),
                                             (0x1_0000_0400, 0x10003), (0x400, 0x10004), (0, 0xffff)):
                                P['q-%s-%s-%d-%x-%x-%x' % (hexes.replace(' ', ''), mode, cplv, gates, host, rcx)] = (
                                    base(mode) + k_code(hexes) + k_cpl(cplv) + k_host(host) + k_system(gates) +
                                    k_gpr(0, rax) + k_gpr(1, rcx))

    if True:  # CMPXCHG8B/16B: one half equal, FS/GS bases (aligned or not) in 64-bit mode
        W = 0x1111_2222_3333_4444
        for pfx in ('', 'f0 ', '48 ', 'f0 48 ', '64 48 ', '65 48 ', '64 ', '65 f0 48 '):
            for mode in ('prot32', 'prot64'):
                if '48' in pfx and mode != 'prot64': continue
                for rax, rdx in ((CMPXCHG_VALUE, W), (W, CMPXCHG_VALUE), (CMPXCHG_VALUE, CMPXCHG_VALUE), (W, W)):
                    for fsbase in (0, 8, 0x10, 0x1000, 4):
                        for rsi in (0x3000, 0x2ff8, 0x3ff0):
                            P['e-%s-%s-%x-%x-%x-%x' % (pfx.replace(' ', ''), mode, rax & 0xf, rdx & 0xf, fsbase, rsi)] = (
                                base(mode) + k_code(pfx + '0f c7 0e') + k_gpr(6, rsi) + k_gpr(0, rax) + k_gpr(2, rdx) +
                                k_ram(0x3000, CMPXCHG_VALUE) + k_ram(0x3008, CMPXCHG_VALUE) +
                                k_ram(0x4000, CMPXCHG_VALUE) + k_ram(0x4008, CMPXCHG_VALUE) +
                                k_segment(2, fsbase, 0xffffffff, 0x3) + k_segment(3, fsbase, 0xffffffff, 0x3))

    if True:  # real-mode interrupts with the stack at its segment's bottom or in MMIO (the
              # generator's SS bases keep the frame off the IVT)
        for ev in ('int', 'cd', 'cc', 'ce'):
            for vector in (0x0, 0x3, 0x4, 0x20, 0xff):
                for rsp in (0x0, 0x2, 0x4, 0x6, 0x8, 0xa, 0x80, 0x82, 0x84, 0x86, 0x88, 0x3fe, 0x400, 0x402):
                    for region in (0, 1):
                        code = {'int': '90', 'cd': 'cd %02x' % vector, 'cc': 'cc', 'ce': 'ce'}[ev]
                        P['r-%s-%x-%x-%d' % (ev, vector, rsp, region)] = (
                            base('real') + k_code(code) + k_gpr(4, rsp) + k_rflags(0x800) + k_layout(0, region) +
                            (k_real_interrupt(vector, 2) if ev == 'int' else b''))

    if True:  # SYSEXIT: to 64-bit code with non-canonical targets, null SYSENTER_CS
        for hexes in ('48 0f 35', '0f 35', '66 0f 35'):
            for mode in ('prot32', 'prot64'):
                if '48' in hexes and mode != 'prot64': continue
                for cs in (0, 3, 0x8, 0xfff8):
                    for rcx, rdx in ((0x9000, 0x1000), (1 << 63, 0x1000), (0x9000, 1 << 47), (1 << 47, 1 << 63)):
                        P['x-%s-%s-%x-%x-%x' % (hexes.replace(' ', ''), mode, cs, rcx >> 40, rdx >> 40)] = (
                            base(mode) + k_code(hexes) + k_cpl(0) + k_msr(0, cs) + k_gpr(1, rcx) + k_gpr(2, rdx))

    if True:  # stack frames that start in MMIO at the bottom or top of a 16-bit stack
        for hexes in ('60', '66 60', 'cd 20', '9a 00 10 08 00', '66 9a 00 10 00 00 08 00', 'ff 18', '66 ff 18',
                      'c8 08 00 02', '66 c8 08 00 02', 'e8 00 00', '66 e8 00 00 00 00', '9c', '66 9c'):
            for mode in ('real', 'prot16'):
                for rsp in (0x2, 0x4, 0x6, 0x8, 0xc, 0x10, 0x12, 0x10002, 0x10004):
                    for page in (0x0, 0xf):
                        P['w-%s-%s-%x-%x' % (hexes.replace(' ', ''), mode, rsp, page)] = (
                            base(mode) + k_code(hexes) + k_cpl(0) + k_layout(page, 1) + k_gpr(4, rsp) + k_gpr(0, 0x3000))

    if True:  # FXSAVE/FXRSTOR in 64-bit mode through FS/GS and at non-canonical addresses
        for hexes in ('0f ae 00', '0f ae 08', '64 0f ae 00', '65 0f ae 08', '48 0f ae 00', '64 48 0f ae 08'):
            for rax in (0x3000, 0x8000_0000_0000, 0xffff_7fff_ffff_fff0, 0xffff_ffff_ffff_f000, 0x7fff_ffff_fe00):
                for fsbase in (0, 0x1000, 0x10):
                    P['g-%s-%x-%x' % (hexes.replace(' ', ''), rax >> 32, fsbase)] = (
                        base('prot64') + k_code(hexes) + k_gpr(0, rax) + k_system(0, 0, 0, 0, 1) +
                        k_segment(2, fsbase, 0xffffffff, 0x3) + k_segment(3, fsbase, 0xffffffff, 0x3))

    if True:  # LGDT/LIDT: 16-, 32- and 64-bit images, canonical bases or not
        for hexes in ('0f 01 10', '0f 01 18', '66 0f 01 10', '66 0f 01 18', '48 0f 01 10', '48 0f 01 18'):
            for mode in ('prot16', 'prot32', 'prot64'):
                if '48' in hexes and mode != 'prot64': continue
                for base_ in (0x1000, 0x8000_0000_0000, 0xffff_8000_0000_1000, 0xff80_1234_5678):
                    P['l-%s-%s-%x' % (hexes.replace(' ', ''), mode, base_ >> 32)] = (
                        base(mode) + k_code(hexes) + k_cpl(0) + k_gpr(0, 0x3000) +
                        k_ram(0x3000, 0xff | (base_ & 0xffff_ffff_ffff) << 16) + k_ram(0x3008, base_ >> 48))

    if True:  # far transfers, segment and LDT/TR loads through a descriptor of each kind
        kinds = {'code64': descriptor(0, 0xfffff, 0xb, l=1, g=1), 'code32': descriptor(0, 0xfffff, 0xb, db=1, g=1),
                 'code16': descriptor(0, 0xffff, 0xb), 'conf32': descriptor(0, 0xfffff, 0xf, db=1, g=1),
                 'conf64': descriptor(0, 0xfffff, 0xf, l=1, g=1), 'data': descriptor(0, 0xfffff, 0x3, db=1, g=1),
                 'ldt': descriptor(0x5000, 0xff, 0x2, s=0), 'tss': descriptor(0x1000, 0x67, 0x9, s=0),
                 'code32-dpl3': descriptor(0, 0xfffff, 0xb, dpl=3, db=1, g=1),
                 'conf32-dpl3': descriptor(0, 0xfffff, 0xf, dpl=3, db=1, g=1),
                 'data-dpl3': descriptor(0, 0xfffff, 0x3, dpl=3, db=1, g=1)}
        for hexes in ('ff 28', '48 ff 28', '66 ff 28', 'ff 18', '48 ff 18', 'cb', '48 cb', '66 cb',
                      '8e 10', '8e 18', '0f 00 10', '0f 00 18', '17', '0f a1'):
            for mode in ('prot32', 'prot64', 'compat'):
                if '48' in hexes and mode == 'prot32': continue
                if hexes in ('17',) and mode != 'prot32': continue
                size = 8 if '48' in hexes else 2 if '66' in hexes else 4
                for cplv in (0, 3):
                    for kname, d in kinds.items():
                        for rpl in (0, 3):
                            for upper in (0, 0x8000):
                                if upper and kname not in ('ldt', 'tss'): continue
                                sel = 0xa0 | rpl
                                if hexes in ('cb', '48 cb', '66 cb', '17', '0f a1'):
                                    at = 0x9000
                                else:
                                    at = 0x3000
                                if size == 8:
                                    img = k_ram(at, 0x1000) + k_ram(at + 8, sel)
                                elif size == 4:
                                    img = k_ram(at, 0x1000 | sel << 32) + k_ram(at + 8, 0)
                                else:
                                    img = k_ram(at, 0x1000 | sel << 16 | sel << 32)
                                if hexes in ('8e 10', '8e 18', '0f 00 10', '0f 00 18', '17', '0f a1'):
                                    img = k_ram(at, sel | sel << 16 | sel << 32 | sel << 48)
                                m = 'prot64' if mode == 'compat' else mode
                                P['j-%s-%s-%d-%s-%d-%x' % (hexes.replace(' ', ''), mode, cplv, kname, rpl, upper)] = (
                                    base(m) + k_code(hexes) + k_cpl(cplv) + k_host(8 if mode == 'compat' else 0) +
                                    k_gpr(0, 0x3000) + k_gpr(4, 0x9000) + img +
                                    k_gdt(20, d) + k_gdt(21, upper))

    if True:  # kemu through its decoded-instruction cache, cold and warm: each seed above
        for name, data in list(KVM_DIFF.items()):
            for cache in (1, 2):
                P['d-%d-%s' % (cache, name)] = data + k_decode_cache(cache)
    return P


# What libFuzzer's -merge kept of candidates() against the seeds above (run
# with build/fuzz-cov/fuzz-kvm-diff: the candidates written to a directory,
# -merge=1 into a copy of the seeds; the names of the files it added).
KEPT = [
    'a-0f05-compat-0-1-4',
    'a-0f05-prot32-0-1-0',
    'a-0f34-compat-3-1-4',
    'a-f3676f-prot16-3-1-4',
    'c-0c24-prot64-a0100-0',
    'c-0e-prot16-a0ffc-0',
    'c-64480e-prot64-100003000-0',
    'c-64480e-prot64-a0100-0',
    'd-1-case-1049704',
    'd-1-case-1059426',
    'd-1-case-1075846',
    'd-1-case-1143224',
    'd-1-case-13038',
    'd-1-case-149371',
    'd-1-case-156204',
    'd-1-case-227428',
    'd-1-case-287373',
    'd-1-case-292217',
    'd-1-case-403169',
    'd-1-case-415223',
    'd-1-case-418336',
    'd-1-case-418396',
    'd-1-case-424942',
    'd-1-case-442234',
    'd-1-case-450292',
    'd-1-case-451518',
    'd-1-case-56817',
    'd-1-cmpxchg8b-prot32',
    'd-1-far-call-gate-prot32',
    'd-1-far-call-mem-prot64',
    'd-1-lgdt-prot64',
    'd-1-movbe-prot64',
    'd-1-nested-mov-to-cr4-pre',
    'd-1-push-prot16',
    'd-1-random',
    'd-1-stack-mmio-pushf-prot64',
    'd-1-stack-page-not-present',
    'd-1-vector-movsd-store-other-gates',
    'd-1-vector-vmovapd-l1-store',
    'd-1-vector-vmovaps-ymm',
    'd-1-vector-vmovhpd-store',
    'd-1-vector-vmovntdqa-mmio',
    'd-1-vector-vmovss-load',
    'd-2-case-1051657',
    'd-2-case-1058375',
    'd-2-case-1070543',
    'd-2-case-1071578',
    'd-2-case-1080922',
    'd-2-case-1148394',
    'd-2-case-1166835',
    'd-2-case-143465',
    'd-2-case-143656',
    'd-2-case-143662',
    'd-2-case-143694',
    'd-2-case-149338',
    'd-2-case-156204',
    'd-2-case-156297',
    'd-2-case-156379',
    'd-2-case-25510',
    'd-2-case-260596',
    'd-2-case-274455',
    'd-2-case-274728',
    'd-2-case-286831',
    'd-2-case-287371',
    'd-2-case-287372',
    'd-2-case-287404',
    'd-2-case-287405',
    'd-2-case-289056',
    'd-2-case-30052',
    'd-2-case-320447',
    'd-2-case-406068',
    'd-2-case-415482',
    'd-2-case-418336',
    'd-2-case-418476',
    'd-2-case-425962',
    'd-2-case-430471',
    'd-2-case-430493',
    'd-2-case-450292',
    'd-2-case-55056',
    'd-2-case-56817',
    'd-2-case-58305',
    'd-2-case-70934',
    'd-2-cmpxchg8b-lock-equal-mmio',
    'd-2-cmpxchg8b-register',
    'd-2-directed-random',
    'd-2-fxrstor-em',
    'd-2-mov-cr-prot64',
    'd-2-mov-sreg-prot32',
    'd-2-movdqa-prot32',
    'd-2-nested-cpl3-mov-dr-gd',
    'd-2-nested-cpl3-rdtscp',
    'd-2-nested-mov-from-cr0-pre',
    'd-2-random',
    'd-2-stack-mmio-enter-prot32',
    'd-2-stack-mmio-far-call-prot32',
    'd-2-vector-movq-xmm-gpr',
    'd-2-vector-vmovdqu-load-other-gates',
    'd-2-vector-vmovlps-load',
    'd-2-vector-vmovupd-store',
    'e-6548-prot64-8-4-1000-3000',
    'e-65f048-prot64-4-8-8-2ff8',
    'f-0fae00-real-a0200-0-ffff',
    'f-0fae08-prot32-3000-0-10000',
    'f-0fae08-prot32-3000-0-1f80',
    'f-0fae08-prot32-9f00-0-10000',
    'f-0fae08-prot32-a0200-0-ffff',
    'f-0fae08-real-3008-0-10000',
    'f-f30faec0-real-3e10-0-1f80',
    'j-0f0010-prot32-0-ldt-0-8000',
    'j-0f0018-compat-0-tss-3-0',
    'j-0f0018-prot32-0-tss-0-8000',
    'j-0f0018-prot64-0-tss-0-0',
    'j-48cb-prot64-0-code16-0-0',
    'j-48cb-prot64-3-code32-dpl3-3-0',
    'j-48ff18-prot64-3-code32-3-0',
    'j-66cb-compat-0-code64-0-0',
    'j-66cb-compat-0-conf32-dpl3-0-0',
    'j-66cb-prot32-0-code32-3-0',
    'j-66cb-prot32-3-conf64-3-0',
    'j-66cb-prot64-3-conf64-0-0',
    'j-66ff28-prot32-3-conf64-3-0',
    'j-66ff28-prot64-0-code32-3-0',
    'j-8e18-compat-0-conf32-0-0',
    'k-0f34-3-13',
    'k-0fb200-3-8',
    'k-c400-0-8',
    'k-ff28-0-8',
    'l-0f0110-prot64-0',
    'l-0f0110-prot64-ffff8000',
    'n-0f0008-prot32-go-3-70',
    'n-0f0018-real-post-0-70',
    'n-0f00c0-prot16-go-0-70',
    'n-0f00c0-prot64-gp-0-70',
    'n-0f00c8-prot32-go-0-70',
    'n-0f00c8-prot32-pre-0-70',
    'n-0f00d8-prot16-go-0-70',
    'n-0f0100-prot32-go-0-70',
    'n-0f0108-real-go-0-70',
    'n-0f0110-prot64-go-0-70',
    'n-0f0118-prot16-go-0-70',
    'n-0f0118-prot16-mem-0-70',
    'n-0f0118-prot32-go-0-70',
    'n-0f0138-prot32-go-0-70',
    'n-0f0138-prot64-go-0-70',
    'n-0f01c9-prot64-go-0-70',
    'n-0f01d1-prot16-go-0-70',
    'n-0f01d1-prot32-go-0-70',
    'n-0f01d8-prot64-go-0-70',
    'n-0f01d9-prot64-go-3-70',
    'n-0f01da-prot16-mem-0-70',
    'n-0f01db-prot64-go-0-70',
    'n-0f01dc-prot16-post-0-70',
    'n-0f01dd-prot16-mem-0-70',
    'n-0f01de-prot32-mem-0-70',
    'n-0f01df-prot64-mem-0-70',
    'n-0f01f0-prot64-go-0-70',
    'n-0f05-prot16-ud-3-70',
    'n-0f05-real-pre-0-70',
    'n-0f06-real-go-0-70',
    'n-0f08-prot16-go-0-70',
    'n-0f09-real-go-0-70',
    'n-0f20c0-prot64-gp-0-70',
    'n-0f20c0-real-go-0-70',
    'n-0f20d0-prot64-mem-3-70',
    'n-0f21f0-prot32-go-0-70',
    'n-0f21f0-real-mem-0-70',
    'n-0f22c0-prot64-mem-0-70',
    'n-0f22d8-prot32-ud-3-70',
    'n-0f22e0-prot32-go-0-70',
    'n-0f23c0-prot16-mem-0-70',
    'n-0f23c0-prot64-gp-0-70',
    'n-0f23e0-prot64-go-0-70',
    'n-0f23f0-prot64-post-0-70',
    'n-0f23f8-prot32-go-0-70',
    'n-0f23f8-prot64-mem-0-70',
    'n-0f30-prot64-go-0-5658',
    'n-0f30-prot64-go-0-70',
    'n-0f31-real-go-0-70',
    'n-0f32-prot32-go-0-5658',
    'n-0f32-prot32-go-0-70',
    'n-0f33-prot16-go-0-5658',
    'n-0f33-prot16-gp-0-5658',
    'n-0f33-prot32-go-0-70',
    'n-0f33-real-go-0-70',
    'n-0f33-real-mem-0-70',
    'n-440f20c0-prot32-ud-3-70',
    'n-440f20c0-prot64-pre-3-70',
    'n-480f00c0-prot64-go-0-70',
    'n-4890-prot64-mem-3-70',
    'n-4890-prot64-pre-3-70',
    'n-48cf-prot32-post-0-70',
    'n-66e710-prot32-post-3-70',
    'n-6c-prot16-go-3-70',
    'n-6c-prot32-go-3-70',
    'n-6d-real-go-0-70',
    'n-6e-prot16-go-3-70',
    'n-6e-prot16-gp-3-5658',
    'n-6e-prot64-go-0-70',
    'n-6e-prot64-mem-3-5658',
    'n-6e-real-mem-0-70',
    'n-6f-prot16-go-3-70',
    'n-6f-prot16-mem-3-5658',
    'n-6f-prot32-go-0-70',
    'n-9d-prot64-go-0-70',
    'n-9d-real-go-0-70',
    'n-e410-prot32-go-0-70',
    'n-e510-real-mem-0-70',
    'n-e610-prot16-go-3-5658',
    'n-e710-prot32-go-0-70',
    'n-ec-prot16-go-3-70',
    'n-ed-prot32-pre-3-70',
    'n-ed-prot64-go-0-70',
    'n-ee-prot32-go-3-70',
    'n-ef-prot16-post-0-70',
    'n-ef-prot64-go-3-70',
    'n-ef-real-go-0-70',
    'n-f1-prot32-mem-3-70',
    'n-f26e-prot16-go-3-70',
    'n-f26e-prot16-mem-3-5658',
    'n-f3666f-prot16-go-0-70',
    'n-f3666f-prot64-go-0-70',
    'n-f36c-real-go-0-5658',
    'n-f36d-prot32-go-0-70',
    'n-f36e-prot32-go-0-70',
    'n-f4-prot64-go-0-70',
    'p-06-real-9010-1',
    'p-07-prot32-8ffc-0',
    'p-07-prot32-9001-1',
    'p-07-real-9002-1',
    'p-0e-prot32-0-0',
    'p-0e-prot32-8ffc-2',
    'p-17-real-8ffc-0',
    'p-1f-prot32-9001-2',
    'p-60-prot32-9010-0',
    'p-60-prot32-9010-1',
    'p-60-prot32-fffe-1',
    'p-60-real-9010-2',
    'p-61-prot32-0-2',
    'p-61-prot32-8ffc-2',
    'p-61-prot32-9004-1',
    'p-61-prot32-9ffe-1',
    'p-61-prot32-9ffe-2',
    'p-61-prot64-9002-2',
    'p-6650-prot64-1-2',
    'p-6660-prot32-9000-0',
    'p-6660-prot32-9004-0',
    'p-6661-prot32-8ffc-0',
    'p-6661-prot32-8ffc-2',
    'p-6661-prot32-9000-1',
    'p-66680000-prot16-8ffc-1',
    'p-669a00100800-prot32-1-2',
    'p-669a00100800-prot32-9004-1',
    'p-66cf-real-9010-2',
    'p-66cf-real-fffe-1',
    'p-66e80000-prot32-9010-2',
    'p-66e80000-prot64-9ffe-0',
    'p-66e80000-real-9010-1',
    'p-66ff18-real-8ffc-0',
    'p-6a01-prot32-8ffc-2',
    'p-8f00-prot32-9001-1',
    'p-8f00-prot64-9010-0',
    'p-c20400-prot16-0-0',
    'p-c20400-prot32-8ffc-0',
    'p-c3-prot32-9002-0',
    'p-c3-prot64-8ffc-1',
    'p-c3-prot64-9ffe-1',
    'p-c8100000-prot16-1-0',
    'p-c8100000-prot32-9010-0',
    'p-c8100000-prot32-9010-1',
    'p-c8100000-prot64-9010-0',
    'p-c8100000-prot64-9ffe-1',
    'p-c8100000-real-9002-2',
    'p-c9-prot32-0-1',
    'p-c9-prot64-9ffe-0',
    'p-c9-real-9002-0',
    'p-ca0400-prot64-9002-1',
    'p-ca0400-real-9002-2',
    'p-cb-prot32-0-1',
    'p-cb-prot32-8ffc-0',
    'p-cb-prot32-9002-1',
    'p-cb-prot64-8ffc-2',
    'p-cb-prot64-9000-1',
    'p-cb-prot64-9ffe-1',
    'p-cb-real-1-1',
    'p-cc-real-1-2',
    'p-ce-prot16-9ffe-2',
    'p-ce-prot32-9002-1',
    'p-cf-real-9010-0',
    'p-e800000000-prot32-9001-1',
    'p-ff18-prot16-9ffe-2',
    'p-ff18-real-1-2',
    'p-ff18-real-9000-0',
    'p-ffd0-prot64-9010-1',
    'q-0f01d8-prot16-0-28-1-10003',
    'q-0f01d8-prot32-0-0-0-10002',
    'q-0f01dc-prot32-0-8-0-10004',
    'q-0f01f9-prot16-0-0-4-10001',
    'q-0f23f8-prot32-0-28-4-10003',
    'q-0f33-prot64-3-28-5-10003',
    'r-int-3-3fe-1',
    's-0f12c1-real-a0200-2',
    's-0f2bc1-prot16-3000-1',
    's-0f382a00-prot32-3000-0',
    's-0f6e00-real-3000-0',
    's-0f6f00-real-3000-0',
    's-480f7ec1-prot64-a0200-0',
    's-660f13c0-real-a0200-0',
    's-660f2bc1-real-3000-0',
    's-660f382a00-real-a0200-0',
    's-660fe7c0-prot16-a0200-1',
    's-f20fd600-prot64-9ff8-0',
    's-f30f10c0-prot64-9ff8-0',
    's-f30fd6c0-prot64-9ff8-0',
    't-0-3-0-0-0-prot16',
    't-0-3-20-3-0-prot16',
    't-0-3-58-1-0-prot16',
    't-0-3-60-1-0-prot32',
    't-0-3-b-2-0-prot32',
    't-1-1-0-0-0-prot16',
    't-1-1-3b-1-0-prot16',
    't-1-1-68-1-0-prot16',
    't-1-2-0-0-0-prot32',
    't-1-2-18-1-0-prot32',
    't-1-2-38-3-0-prot32',
    't-1-2-f8-1-0-prot16',
    't-1-3-3b-1-0-prot16',
    't-1-3-f8-0-0-prot16',
    't-1-4-58-2-0-prot16',
    't-1-5-4-1-0-prot32',
    't-1-5-68-2-0-prot32',
    'v-c4e1f32b00-prot32-a0200-0',
    'v-c5f116c8-prot64-a0200-0',
    'v-c5f37fc8-prot32-3000-128',
    'v-c5f41200-prot64-a0200-128',
    'v-c5f81000-prot32-a0200-0',
    'v-c5f812c1-prot64-3000-129',
    'v-c5f911c8-prot64-a0200-128',
    'v-c5f95000-prot32-3000-129',
    'v-c5fc50c8-prot64-a0200-128',
    'v-c5fd1000-prot32-a0200-0',
    'v-c5fd2800-prot32-a0200-0',
    'v-c5fd2800-prot64-a0200-128',
    'v-c5fde700-prot32-3000-0',
    'v-c5ff13c1-prot32-a0200-128',
    'w-9a00100800-prot16-8-0',
    'x-480f35-prot64-3-0-80',
    'x-480f35-prot64-8-800000-0',
    'y-0f34-prot32-0-0-0-2',
    'y-0f35-prot32-0-0-0-0',
    'y-480f35-prot64-0-0-9000-0',
]
_CANDIDATES = candidates()
for _name in KEPT:
    KVM_DIFF[_name] = _CANDIDATES[_name]

def candidates_more():
    """More families of variations (prefix: h multi-value pushes into MMIO or a
    missing page, at a stack's wrap, in 16/32/64-bit stacks; i real-mode
    interrupts whose frame overwrites the IVT entry; m SSE/MMX/VEX moves
    outside 64-bit mode, with REX, a segment limit or a missing page; o POPA,
    LEAVE and far pointers (LDS..LSS, far JMP/CALL through memory) of each
    size, faulting; u FXSAVE/FXRSTOR outside 64-bit mode; z nested guests'
    intercept checks on memory operands, and long instructions through the
    decode cache).  The seeds are those that libFuzzer's -merge kept
    (KEPT_MORE)."""
    P = {}

    def base(mode, alt=0):
        return case(mode, '1B', 0x90 + alt)

    # h: the first value lands in MMIO (page 9) or the page is missing, the
    # later ones wrap around the stack's width or cross into page 8.
    pushes = {'prot16': ['60', '66 60', 'c8 04 00 01', 'c8 08 00 03', '9a 00 01 08 00',
                         '66 9a 00 01 00 00 08 00', 'ff 1f', '66 ff 1f', '0e', '6a 01'],
              'prot32': ['60', '66 60', 'c8 04 00 01', 'c8 08 00 03', '9a 00 01 00 00 08 00',
                         'ff 1f', '66 ff 1f'],
              'prot64': ['ff 1f', '48 ff 1f', '66 ff 1f', 'c8 08 00 02', '66 c8 08 00 02', '9c'],
              'real': ['60', '66 60', 'cd 21', 'cc', '9a 00 01 00 20', '66 9a 00 01 00 00 00 20',
                       'c8 04 00 01', 'ff 1f', '66 ff 1f']}
    for mode, insns in pushes.items():
        for hexes in insns:
            for region in (1, 2):
                for ssbase, sp, attr in ((0x9000, 2, 0x1), (0x9000, 4, 0x1), (0x9000, 6, 0x1),
                                          (0x9004, 2, 0x41), (0x9008, 4, 0x41),
                                          (0x8ff0, 0x12, 0x1), (0x8ff8, 0x0c, 0x41),
                                          (0, 0x9004, 0x41), (0, 0x9008, 0x41), (0, 0x9002, 0x1)):
                    if mode == 'prot64' and ssbase:
                        continue
                    limit = 0xffffffff if attr & 0x40 else 0xffff
                    ss = b'' if mode == 'prot64' else k_ss(ssbase >> 4 if mode == 'real' else 0x28,
                                                           ssbase, limit, attr)
                    P['h-%s-%s-%d-%x-%x-%x' % (hexes.replace(' ', ''), mode, region, ssbase, sp, attr)] = (
                        base(mode) + k_cpl(0) + ss + k_layout(0x9, region) + k_code(hexes) +
                        k_gpr(4, sp) + k_gpr(7, 0x3000) + k_ram(0x3000, 0x0008_0000_1000))

    # i: the three pushes of a real-mode interrupt over the entry it reads.
    for vector, hexes in ((0x21, 'cd 21'), (3, 'cc'), (4, 'ce'), (0x10, 'cd 10'), (0, None)):
        at = vector * 4
        for sp in range(at - 2, at + 12, 2):
            if sp < 0:
                continue
            for odd in (0, 1):
                tail = k_code(hexes) if hexes else k_real_interrupt(vector, 2)
                P['i-%x-%x-%d' % (vector, sp + odd, hexes is None)] = (
                    base('real') + k_ss(0, 0, 0xffff, 0) + k_rflags(0x802) + tail +
                    k_gpr(4, sp + odd))

    # m: vector moves outside 64-bit mode and with REX, at a segment's limit
    # or a missing page.
    moves = ['0f 10 07', '0f 11 07', 'f3 0f 10 07', 'f2 0f 11 07', '0f 28 07', '66 0f 29 07',
             '0f 2b 07', '0f 6f 07', '0f 7f 07', '66 0f 6f 07', 'f3 0f 7f 07', '0f 6e 07',
             '0f 7e 07', '66 0f 6e 07', '66 0f 7e 07', 'f3 0f 7e 07', '66 0f d6 07', '0f e7 07',
             '66 0f e7 07', '66 0f 38 2a 07', '0f 6f c1', '0f 7f c1', '0f 6e c1', '0f 7e c1',
             '66 0f 6e c1', '66 0f 7e c1', 'f3 0f 10 c1', 'f2 0f 10 c1', 'f3 0f 7e c1',
             '66 0f d6 c1', '0f 28 c1', 'c5 f8 10 07', 'c5 f8 11 07', 'c5 fc 28 07',
             'c5 f9 7f 07', 'c5 fa 6f 07', 'c5 f8 6f 07', 'c5 f8 7f 07', 'c5 f8 e7 07',
             'c5 f9 e7 07', 'c5 fc 2b 07', 'c5 f8 10 c1', 'c5 fa 10 c1', 'c4 e1 78 10 07',
             'c4 e1 7c 11 07', 'c4 c1 78 28 c1', 'c4 e1 f8 10 07', 'c5 f9 6e c1',
             'c5 f9 7e c1', 'c5 f9 d6 c1', 'c5 fa 7e c1']
    rex = ['41 0f 6f c1', '4d 0f 6f c9', '44 0f 6f c9', '41 0f 7e c1', '49 0f 7e c9',
           '66 45 0f 6e c9', '66 49 0f 7e c9', '66 44 0f d6 c9', 'f3 45 0f 10 c9',
           '45 0f 28 c9', '4c 0f 6e c9', '66 4c 0f 6e c9', 'c4 41 78 28 c9', 'c4 41 7c 29 c9',
           'c5 78 10 c9', 'c4 c1 79 7e c9', 'c4 41 f9 6e c9', '41 0f e7 07', '66 41 0f 6f 07']
    for mode in ('real', 'prot16', 'prot32', 'prot64'):
        for hexes in moves + (rex if mode == 'prot64' else []):
            for rdi, layout in ((0x3000, b''), (0x3001, b''), (0x9ffc, k_layout(0xa, 2)),
                                (0xfff8, b''), (0xa0200, b'')):
                for gates in (0, 128, 1):
                    for alt in (0, 1):
                        P['m-%s-%s-%x-%d-%d' % (hexes.replace(' ', ''), mode, rdi, gates, alt)] = (
                            base(mode, alt) + k_cpl(0) + k_code(hexes) + k_gpr(7, rdi) +
                            k_gpr(1, 0x1234) + layout + k_system(gates) +
                            k_segment(1, 0, 0xfffe, 0x3 | 0x80 * (mode == 'prot32')))

    # o: POPA, LEAVE, far pointers of each size; stacks and pointers in MMIO,
    # in a missing page, at a segment's limit.
    forms = {'real': ['61', '66 61', 'c9', '66 c9', 'c4 07', '66 c4 07', 'c5 07', '0f b2 07',
                      '66 0f b4 07', 'ff 2f', '66 ff 2f', 'ff 1f'],
             'prot16': ['61', '66 61', 'c9', '66 c9', 'c4 07', '66 c4 07', 'c5 07', '0f b2 07',
                        '66 0f b5 07', 'ff 2f', '66 ff 2f', 'ff 1f', '66 ff 1f'],
             'prot32': ['61', '66 61', 'c9', '66 c9', 'c4 07', '66 c4 07', 'c5 07', '0f b2 07',
                        '66 0f b4 07', 'ff 2f', '66 ff 2f', '66 ff 1f', 'c4 c7', 'c5 c7'],
             'prot64': ['c9', '66 c9', '48 c9', '0f b2 07', '48 0f b2 07', '66 0f b2 07',
                        '48 0f b4 07', '0f b5 07', 'ff 2f', '48 ff 2f', '66 ff 2f', '48 ff 1f',
                        '67 0f b2 07', '67 c9']}
    for mode, insns in forms.items():
        for hexes in insns:
            for where, regs, layout in (('ram', (0x3000, 0x3000), b''),
                                        ('mmio', (0x9000, 0x9000), k_layout(0x9, 1)),
                                        ('cross', (0x9ffc, 0x9ffc), k_layout(0xa, 2)),
                                        ('limit', (0xfffa, 0xfffa), b''),
                                        ('wrap', (0xfffe, 0xffff), b''),
                                        ('high', (0x1_0000_3000, 0x1_0000_3000), b'')):
                if where == 'high' and mode != 'prot64':
                    continue
                for sel in (0x10, 0x08, 0, 0x2b):
                    img = (k_ram(0x3000, 0x1000 | sel << 16 | sel << 32 | sel << 48) +
                           k_ram(0x3008, sel | sel << 16) + k_ram(0x9ff8, sel << 48))
                    P['o-%s-%s-%s-%x' % (hexes.replace(' ', ''), mode, where, sel)] = (
                        base(mode) + k_cpl(0) + layout + k_code(hexes) + k_gpr(7, regs[0]) +
                        k_gpr(5, regs[1]) + k_gpr(4, regs[1]) + img)

    # u: FXSAVE/FXRSTOR outside 64-bit mode (in it kemu leaves them to KVM).
    for mode in ('real', 'prot16', 'prot32'):
        for hexes in ('0f ae 07', '0f ae 0f', '66 0f ae 0f', '26 0f ae 0f'):
            for rdi, layout in ((0x3000, b''), (0x3008, b''), (0x9000, k_layout(0x9, 1)),
                                (0x9f00, k_layout(0xa, 2)), (0xff00, b''), (0xfe00, b'')):
                for mxcsr in (0x1f80, 0x11f80):
                    for gates in (0, 1, 2):
                        for alt in (0, 1):
                            P['u-%s-%s-%x-%x-%d-%d' % (hexes.replace(' ', ''), mode, rdi, mxcsr,
                                                       gates, alt)] = (
                                base(mode, alt) + k_cpl(0) + layout + k_code(hexes) +
                                k_gpr(7, rdi) + k_ram(rdi + 24, mxcsr | 0xffff << 32) +
                                k_system(gates, 0, 0, 0, 1))

    # z: intercept checks peeking memory and register operands; long
    # instructions through the decode cache.
    for hexes in ('0f 01 30', '0f 01 20', '0f 00 00', '0f 00 08', '0f 00 10', '0f 00 18',
                  '0f 01 00', '0f 01 08', '0f 01 10', '0f 01 18', '0f 01 38', '66 0f 01 30',
                  '0f 22 c0', '0f 20 c0', '0f 23 c0', '0f 21 c0', 'e4 10', 'e6 10', 'ec', 'ee',
                  '66 ed', '66 ef', 'f3 6d', 'f3 6f', 'cd 03', 'cc', 'ce', '0f 00 c0',
                  '0f 01 e0', '0f 01 f0', '66 0f 01 e0', '8e 00', '8c 00', '0f a1', '0f a9'):
        for mode in ('real', 'prot32', 'prot64'):
            for sname in ('go', 'pre', 'post', 'mem'):
                for layout in (b'', k_layout(3, 2)):
                    P['z-%s-%s-%s-%d' % (hexes.replace(' ', ''), mode, sname, len(layout))] = (
                        base(mode) + k_cpl(0) + k_code(hexes) + k_gpr(0, 0x3000) +
                        k_gpr(2, 0x70) + k_rflags(0x802) + layout + k_nested(NESTED_SCRIPTS[sname]))
    for hexes in ('c7 80 00 30 00 00 78 56 34 12', '48 c7 80 00 30 00 00 78 56 34 12',
                  '66 c7 80 00 30 00 00 34 12', '81 80 00 30 00 00 78 56 34 12',
                  '48 b8 88 77 66 55 44 33 22 11', '66 67 26 c7 80 00 30 00 00 78 56 34 12',
                  'c7 04 25 00 30 00 00 78 56 34 12', '8b 80 00 30 00 00', '8b 40 01',
                  '89 04 25 00 30 00 00', '2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 2e 89 00',
                  'f3 a4', '90'):
        for mode in ('prot32', 'prot64', 'real'):
            for cache in (1, 2):
                for rip_page in (0, 1):
                    P['z-d-%s-%s-%d-%d' % (hexes.replace(' ', ''), mode, cache, rip_page)] = (
                        base(mode) + k_code(hexes) + k_gpr(0, 0) + k_gpr(1, 2) +
                        k_layout(0x3, 1) * rip_page + k_decode_cache(cache))
    # z-f: instructions whose bytes run past a page end (the next page RAM,
    # MMIO or missing) or past CS's limit: the base cases whose RIP is within
    # 16 bytes of either (Generator::make), an immediate of each size at each
    # offset from it.
    near_end = {('prot16', 0, 2): 0x4e, ('prot16', 0, 5): 0x58, ('prot16', 4, 2): 0x33,
                ('prot16', 5, 10): 0x78, ('prot32', 0, 0): 0x1b, ('prot32', 1, 4): 0x7b,
                ('prot32', 1, 6): 0x20, ('prot32', 2, 5): 0x96, ('prot32', 7, 11): 0x8d,
                ('prot32', 7, 6): 0x4b, ('prot64', 0, 9): 0x29, ('prot64', 1, 15): 0x48,
                ('prot64', 1, 4): 0x4e, ('prot64', 4, 11): 0x55, ('prot64', 5, 10): 0x84,
                ('prot64', 5, 3): 0x7b, ('real', 1, 15): 0x5d, ('real', 1, 9): 0x6c,
                ('real', 4, 13): 0x4e, ('real', 4, 3): 0x8b, ('real', 5, 1): 0x4c,
                ('real', 6, 9): 0x5e}
    imms = ('48 b8 88 77 66 55 44 33 22 11', 'b8 44 33 22 11', '66 b8 22 11', 'b0 11',
            'c7 80 00 30 00 00 78 56 34 12', '66 c7 40 08 34 12', '69 c0 78 56 34 12',
            'e8 00 00 00 00', 'a1 00 30 00 00 00 00 00 00', '48 a3 00 30 00 00 00 00 00 00',
            'c8 04 00 01', 'ea 00 01 00 00 08 00', 'c4 e1 7c 10 80 00 30 00 00',
            '0f 3a 0f c1 08', 'f3 0f 1e fa', '8b 04 8d 00 30 00 00')
    for (mode, ps, form), next_page in near_end.items():
        for hexes in imms:
            for shift in range(8):
                for region in (None, 0, 1, 2):
                    layout = b'' if region is None else k_layout(next_page, region)
                    P['z-f-%s-%d-%d-%s-%d-%s' % (mode, ps, form, hexes.replace(' ', ''), shift,
                                                 region)] = (
                        case(mode, '1B', 0x90, ps, form) + k_code('3e ' * shift + hexes) +
                        k_gpr(0, 0x3000) + layout)
    # z-x: every VEX opcode of maps 1-3, each pp, W, L, register and memory form.
    for vmap in (1, 2, 3):
        for opc in range(256):
            for pp in range(4):
                for W in (0, 1):
                    for L in (0, 1):
                        for modrm in ('c1', '00'):
                            hexes = 'c4 %02x %02x %02x %s 01' % (0xe0 | vmap, W << 7 | 0x78 | L << 2 | pp,
                                                                 opc, modrm)
                            P['z-x-%s' % hexes.replace(' ', '')] = (
                                base('prot64') + k_code(hexes) + k_gpr(0, 0x3000) + k_system(128))
    return P


KEPT_MORE = [
    'h-ff1f-prot64-1-0-9002-1',
    'i-3-14-0',
    'z-x-c4e1f992c101',
    'z-x-c4e2fd82c101',
]
_CANDIDATES_MORE = candidates_more()
for _name in KEPT_MORE:
    KVM_DIFF[_name] = _CANDIDATES_MORE[_name]

# kemu_ops' members in declaration order (kemu.h; record 15 kind 2 names one
# by its place), the four required ones first.
KEMU_OPS = ['fetch', 'read_mem', 'write_mem', 'get_segment', 'cmpxchg_mem', 'pio_in', 'pio_out',
            'cpl', 'read_system', 'write_system', 'get_cr', 'set_cr', 'get_dr', 'set_dr',
            'get_msr', 'set_msr', 'cpuid', 'get_dtable', 'set_dtable', 'invlpg', 'wbinvd', 'halt',
            'set_xcr', 'read_pmc', 'set_segment', 'set_nmi_mask', 'intercept', 'fix_hypercall',
            'get_vreg', 'set_vreg', 'x87', 'fxsave', 'fxrstor', 'is_smm', 'leave_smm',
            'triple_fault', 'get_msr_filtered']
# The answers outside the contract (record 15 kind 2): 0 the callback removed.
CONTRACT_ANSWERS = {'removed': 0, 'unfilled-fault': 1, 'status-7': 2, 'status-minus-1': 3,
                    'status-int-min': 4, 'status-42': 5}


def k_contract(callback, answer, nth=1):
    """Record 15, kind 2: kemu runs the case again with kemu_ops.`callback`
    removed or answering outside the contract on its `nth` call."""
    return b'\x0f\x02' + bytes([KEMU_OPS.index(callback), CONTRACT_ANSWERS[answer], nth - 1])


KVM_DIFF['vmcall-prot64'] = case('prot64', '1B', 0x90) + k_code('0f 01 c1')
KVM_DIFF['fnstsw-prot32'] = case('prot32', '1B', 0x90) + k_code('df e0')
# A seed above whose instruction needs each callback (the required ones only
# answer outside the contract; their removal is not tried).
NEEDS = {
    'fetch': 'add-mem-prot32', 'read_mem': 'add-mem-prot32', 'write_mem': 'rep-movs-prot64',
    'cmpxchg_mem': 'cmpxchg8b-lock', 'pio_in': 'rep-ins-real', 'pio_out': 'nested-out-dx-go',
    'cpl': 'out-dx-prot32-cpl3', 'read_system': 'mov-sreg-prot32',
    'write_system': 'task-switch-call-completes', 'get_cr': 'mov-cr-prot64',
    'set_cr': 'nested-mov-to-cr4-go', 'get_dr': 'nested-mov-from-dr7-go',
    'set_dr': 'nested-mov-to-dr7-go', 'get_msr': 'syscall-prot64', 'set_msr': 'nested-wrmsr-go',
    'cpuid': 'nested-cpuid-go', 'get_dtable': 'nested-sidt-go', 'set_dtable': 'lgdt-prot64',
    'invlpg': 'nested-invlpg-go', 'wbinvd': 'nested-wbinvd-go', 'halt': 'nested-hlt-go',
    'set_xcr': 'xsetbv-prot64', 'read_pmc': 'nested-rdpmc-go', 'set_segment': 'mov-sreg-prot32',
    'set_nmi_mask': 'iret-prot32', 'intercept': 'nested-cpuid-pre',
    'fix_hypercall': 'vmcall-prot64', 'get_vreg': 'vector-movq-xmm-store',
    'set_vreg': 'vector-movss-load', 'x87': 'fnstsw-prot32', 'fxsave': 'fxsave-prot64',
    'fxrstor': 'fxrstor-prot64', 'is_smm': 'rsm-smm-prot32-3', 'leave_smm': 'rsm-smm-prot32-3',
    'triple_fault': 'rsm-smm-prot32-0', 'get_msr_filtered': 'nested-rdmsr-go',
}
# The callbacks that answer a status: each outside the contract on its first
# call (a fault left unfilled, and a status outside the enum) and on a later one.
STATUS_CALLBACKS = ['fetch', 'read_mem', 'write_mem', 'cmpxchg_mem', 'pio_in', 'pio_out',
                    'read_system', 'write_system', 'set_cr', 'set_dr', 'get_msr', 'set_msr',
                    'set_xcr', 'read_pmc', 'intercept', 'fix_hypercall', 'leave_smm',
                    'get_msr_filtered']
OUTSIDE = ['status-7', 'status-minus-1', 'status-int-min', 'status-42']
for i, callback in enumerate(KEMU_OPS):
    if callback not in NEEDS:  # get_segment: required, and answers no status
        continue
    seed = KVM_DIFF[NEEDS[callback]]
    if i >= 4:
        KVM_DIFF['contract-removed-%s' % callback] = seed + k_contract(callback, 'removed')
    if callback in STATUS_CALLBACKS:
        for answer, nth in (('unfilled-fault', 1), (OUTSIDE[i % 4], 1), ('status-42', 2)):
            KVM_DIFF['contract-%s-%s-%d' % (callback, answer, nth)] = (
                seed + k_contract(callback, answer, nth))


def contract_candidates(seeds):
    """Family b: each seed with each optional kemu_ops member removed, and each
    member that answers a status answering outside the contract on its 1st to
    4th and 6th call; the seeds are those libFuzzer's -merge kept against all
    the seeds above (CONTRACT_KEPT)."""
    P = {}
    for name, data in seeds.items():
        for i, callback in enumerate(KEMU_OPS):
            if i >= 4:
                P['b-%s-%s-rm' % (name, callback)] = data + k_contract(callback, 'removed')
            if callback in STATUS_CALLBACKS:
                for nth in (1, 2, 3, 4, 6):
                    answer = (['unfilled-fault'] + OUTSIDE)[(i + nth) % 5]
                    P['b-%s-%s-%d' % (name, callback, nth)] = (
                        data + k_contract(callback, answer, nth))
    return P


CONTRACT_KEPT = [
    'b-case-1054097-get_dtable-rm',
    'b-case-1070811-pio_out-3',
    'b-case-1074113-set_segment-rm',
    'b-case-1080922-fetch-2',
    'b-case-1080922-invlpg-rm',
    'b-case-1104983-cpl-rm',
    'b-case-1126157-get_dtable-rm',
    'b-case-1126157-write_mem-2',
    'b-case-145076-read_system-2',
    'b-case-145076-read_system-rm',
    'b-case-149290-cpl-rm',
    'b-case-152444-read_mem-1',
    'b-case-186193-get_cr-rm',
    'b-case-276408-pio_out-rm',
    'b-case-282263-cpl-rm',
    'b-case-282263-read_mem-1',
    'b-case-28636-get_cr-rm',
    'b-case-292217-get_msr-1',
    'b-case-292217-get_msr-rm',
    'b-case-292217-read_system-rm',
    'b-case-294278-cpl-rm',
    'b-case-295076-cpl-rm',
    'b-case-295076-get_cr-rm',
    'b-case-301521-cpl-rm',
    'b-case-301521-get_cr-rm',
    'b-case-320447-cpuid-rm',
    'b-case-320447-get_msr-1',
    'b-case-320447-get_msr-rm',
    'b-case-403169-cpl-rm',
    'b-case-403169-get_dtable-rm',
    'b-case-407101-cpl-rm',
    'b-case-407487-cpl-rm',
    'b-case-418035-write_mem-1',
    'b-case-418336-fetch-2',
    'b-case-426091-read_system-2',
    'b-case-426129-cpl-rm',
    'b-case-426129-get_cr-rm',
    'b-case-426131-set_dtable-rm',
    'b-case-430493-get_cr-rm',
    'b-case-430493-set_dr-rm',
    'b-case-430559-get_dr-rm',
    'b-case-432884-get_msr-1',
    'b-case-432884-get_msr-rm',
    'b-case-432884-set_segment-rm',
    'b-case-440187-x87-rm',
    'b-case-448257-cpuid-rm',
    'b-case-70934-get_cr-rm',
    'b-cpuid-faulting-cpl-rm',
    'b-cpuid-faulting-get_msr-1',
    'b-cpuid-faulting-get_msr-rm',
    'b-directed-random-cmpxchg_mem-1',
    'b-far-call-mem-prot64-get_dtable-rm',
    'b-fxrstor-em-fetch-2',
    'b-fxsave-prot64-cpuid-rm',
    'b-fxsave-prot64-get_cr-rm',
    'b-j-0f0018-prot32-0-tss-0-8000-write_system-1',
    'b-k-c400-0-8-read_mem-1',
    'b-k-c400-0-8-set_segment-rm',
    'b-lgdt-prot64-cpl-rm',
    'b-mov-cr-prot64-set_cr-rm',
    'b-n-0f01d1-prot16-go-0-70-set_xcr-rm',
    'b-n-0f01d1-prot32-go-0-70-get_cr-rm',
    'b-n-0f01d9-prot64-go-3-70-fix_hypercall-1',
    'b-n-0f01d9-prot64-go-3-70-fix_hypercall-rm',
    'b-n-0f01f0-prot64-go-0-70-get_cr-rm',
    'b-n-0f01f0-prot64-go-0-70-set_cr-1',
    'b-n-0f01f0-prot64-go-0-70-set_cr-rm',
    'b-n-0f06-real-go-0-70-get_cr-rm',
    'b-n-0f06-real-go-0-70-set_cr-1',
    'b-n-0f06-real-go-0-70-set_cr-rm',
    'b-n-0f09-real-go-0-70-wbinvd-rm',
    'b-n-0f21f0-real-mem-0-70-set_dr-rm',
    'b-n-0f23c0-prot64-gp-0-70-get_dr-rm',
    'b-n-0f23f0-prot64-post-0-70-get_cr-rm',
    'b-n-0f30-prot64-go-0-70-set_msr-rm',
    'b-n-0f32-prot32-go-0-70-get_msr_filtered-rm',
    'b-n-6d-real-go-0-70-pio_in-1',
    'b-n-ec-prot16-go-3-70-cpl-rm',
    'b-n-ec-prot16-go-3-70-read_system-4',
    'b-n-ed-prot64-go-0-70-pio_in-1',
    'b-n-ed-prot64-go-0-70-pio_in-rm',
    'b-n-ee-prot32-go-3-70-read_system-4',
    'b-n-f4-prot64-go-0-70-halt-rm',
    'b-nested-cpl3-mov-dr-gd-fetch-2',
    'b-nested-cpl3-rdtsc-cpl-rm',
    'b-nested-cpl3-rdtscp-cpl-rm',
    'b-nested-in-mem-cpl-rm',
    'b-nested-out-dx-mem-cpl-rm',
    'b-nested-rdpmc-go-get_cr-rm',
    'b-nested-rdtsc-go-get_msr-1',
    'b-nested-rdtsc-gp-get_cr-rm',
    'b-nested-rdtscp-go-get_cr-rm',
    'b-nested-sldt-go-get_cr-rm',
    'b-out-dx-prot32-cpl3-pio_out-1',
    'b-out-dx-prot32-cpl3-pio_out-rm',
    'b-p-17-real-8ffc-0-set_segment-rm',
    'b-p-c9-real-9002-0-read_mem-1',
    'b-p-cf-real-9010-0-read_mem-2',
    'b-p-cf-real-9010-0-set_nmi_mask-rm',
    'b-p-cf-real-9010-0-write_system-rm',
    'b-q-0f01d8-prot16-0-28-1-10003-get_msr-rm',
    'b-q-0f01dc-prot32-0-8-0-10004-get_msr-rm',
    'b-random-fetch-2',
    'b-rdtsc-tsd-cpl3-cpl-rm',
    'b-rdtsc-tsd-cpl3-get_cr-rm',
    'b-rdtsc-tsd-cpl3-get_msr-rm',
    'b-rsm-smm-prot32-2-get_cr-rm',
    'b-rsm-smm-prot32-4-get_msr-1',
    'b-rsm-smm-prot64-5-get_msr-rm',
    'b-s-0f382a00-prot32-3000-0-fetch-2',
    'b-syscall-prot64-get_msr-3',
    'b-syscall-prot64-get_msr-4',
    'b-syscall-prot64-set_segment-rm',
    'b-sysenter-prot16-get_msr-3',
    'b-sysenter-prot32-get_msr-1',
    'b-sysenter-prot32-get_msr-2',
    'b-sysenter-prot32-get_msr-4',
    'b-sysenter-prot32-get_msr-rm',
    'b-sysenter-prot32-set_segment-rm',
    'b-t-1-3-f8-0-0-prot16-write_system-3',
    'b-task-switch-16bit-call-completes-write_system-3',
    'b-task-switch-16bit-tss-get_dr-rm',
    'b-task-switch-16bit-tss-set_cr-rm',
    'b-task-switch-16bit-tss-set_dr-rm',
    'b-task-switch-gate-error-code-cpl-rm',
    'b-task-switch-gate-error-code-get_cr-rm',
    'b-task-switch-gate-error-code-read_system-3',
    'b-task-switch-jmp-prot16-set_cr-1',
    'b-task-switch-jmp-prot16-write_system-1',
    'b-v-c4e1f32b00-prot32-a0200-0-fetch-2',
    'b-v-c5fd1000-prot32-a0200-0-fetch-2',
]
_CONTRACT_CANDIDATES = contract_candidates(
    {n: d for n, d in KVM_DIFF.items() if not n.startswith('contract-')})
for _name in CONTRACT_KEPT:
    KVM_DIFF[_name] = _CONTRACT_CANDIDATES[_name]


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
for name, data in KVM_DIFF.items():
    write('kvm-diff', name, data)
