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
