// SPDX-License-Identifier: GPL-2.0
// Which VEX-encoded instructions exist in map 1 (VEX 0F xx), by opcode and
// VEX.pp, and the field rules each one's SDM entry gives (Vol. 2, the
// "VEX.128/256/LIG/LZ.pp.0F.W" opcode columns and Tables 2-18..2-21): an
// encoding outside them is #UD.  The legacy SSE form of the same opcode and
// prefix (map_0f.h) gives the name and operands; these give validity.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

// Field rules of one VEX form (0: the form does not exist).
enum VexRule : u16 {
	kVexExists = 1u << 0,
	kVexNds = 1u << 1,     // VEX.vvvv names a register; otherwise it must be 1111
	kVexNdsReg = 1u << 2,  // ... in the register form only (VMOVSS/VMOVSD)
	kVexL0 = 1u << 3,      // VEX.128 or VEX.LZ only: VEX.L = 1 is #UD
	kVexL1 = 1u << 4,      // VEX.L1 only (the AVX-512 mask logic): VEX.L = 0 is #UD
	kVexMemOnly = 1u << 5, // ModRM.mod = 11 is #UD
	kVexRegOnly = 1u << 6, // ModRM.mod != 11 is #UD
	kVexByReg = 1u << 7,   // a group: ModRM.reg selects (vex_group_member)
	kVexMask = 1u << 8,    // mask registers: k0-k7 only (vex_mask_registers_exist)
	kVexW0 = 1u << 9,      // VEX.W = 1 is #UD
};

struct VexRow {
	u8 opcode;
	u16 forms[4]; // by VEX.pp: none, 66, F3, F2
};

namespace vex_rows {
// clang-format off
inline constexpr u16 V = kVexExists, NDS = kVexExists | kVexNds;
// The mask instructions: K3 with three mask registers (VEX.L1), K2 with two.
inline constexpr u16 K3 = NDS | kVexL1 | kVexRegOnly | kVexMask,
	K2 = V | kVexL0 | kVexRegOnly | kVexMask, KM = V | kVexL0 | kVexMask;
inline constexpr VexRow kMap1[] = {
	{0x10, {V, V, V | kVexNdsReg, V | kVexNdsReg}},           // vmovups/upd/ss/sd
	{0x11, {V, V, V | kVexNdsReg, V | kVexNdsReg}},
	{0x12, {NDS | kVexL0, NDS | kVexL0 | kVexMemOnly, V, V}}, // vmovlps/hlps, vmovlpd, vmovsldup, vmovddup
	{0x13, {V | kVexL0 | kVexMemOnly, V | kVexL0 | kVexMemOnly, 0, 0}},
	{0x14, {NDS, NDS, 0, 0}}, {0x15, {NDS, NDS, 0, 0}},      // vunpcklps/pd, vunpckhps/pd
	{0x16, {NDS | kVexL0, NDS | kVexL0 | kVexMemOnly, V, 0}}, // vmovhps/lhps, vmovhpd, vmovshdup
	{0x17, {V | kVexL0 | kVexMemOnly, V | kVexL0 | kVexMemOnly, 0, 0}},
	{0x28, {V, V, 0, 0}}, {0x29, {V, V, 0, 0}},               // vmovaps/apd
	{0x2a, {0, 0, NDS, NDS}},                                 // vcvtsi2ss/sd (LIG)
	{0x2b, {V | kVexMemOnly, V | kVexMemOnly, 0, 0}},         // vmovntps/pd
	{0x2c, {0, 0, V, V}}, {0x2d, {0, 0, V, V}},               // vcvt(t)ss2si, vcvt(t)sd2si
	{0x2e, {V, V, 0, 0}}, {0x2f, {V, V, 0, 0}},               // vucomiss/sd, vcomiss/sd
	// AVX-512 mask instructions (VEX-encoded): kand, kandn, knot, kor, kxnor, kxor, kadd, kunpck
	{0x41, {K3, K3, 0, 0}}, {0x42, {K3, K3, 0, 0}}, {0x44, {K2, K2, 0, 0}}, {0x45, {K3, K3, 0, 0}},
	{0x46, {K3, K3, 0, 0}}, {0x47, {K3, K3, 0, 0}}, {0x4a, {K3, K3, 0, 0}},
	{0x4b, {K3, K3 | kVexW0, 0, 0}},
	{0x50, {V | kVexRegOnly, V | kVexRegOnly, 0, 0}},         // vmovmskps/pd
	{0x51, {V, V, NDS, NDS}},                                 // vsqrt*
	{0x52, {V, 0, NDS, 0}}, {0x53, {V, 0, NDS, 0}},           // vrsqrt*, vrcp*
	{0x54, {NDS, NDS, 0, 0}}, {0x55, {NDS, NDS, 0, 0}},       // vand(n)ps/pd
	{0x56, {NDS, NDS, 0, 0}}, {0x57, {NDS, NDS, 0, 0}},       // vorps/pd, vxorps/pd
	{0x58, {NDS, NDS, NDS, NDS}}, {0x59, {NDS, NDS, NDS, NDS}},
	{0x5a, {V, V, NDS, NDS}},                                 // vcvtps2pd, vcvtpd2ps, vcvtss2sd, vcvtsd2ss
	{0x5b, {V, V, V, 0}},                                     // vcvtdq2ps, vcvtps2dq, vcvttps2dq
	{0x5c, {NDS, NDS, NDS, NDS}}, {0x5d, {NDS, NDS, NDS, NDS}},
	{0x5e, {NDS, NDS, NDS, NDS}}, {0x5f, {NDS, NDS, NDS, NDS}},
	{0x60, {0, NDS, 0, 0}}, {0x61, {0, NDS, 0, 0}}, {0x62, {0, NDS, 0, 0}}, {0x63, {0, NDS, 0, 0}},
	{0x64, {0, NDS, 0, 0}}, {0x65, {0, NDS, 0, 0}}, {0x66, {0, NDS, 0, 0}}, {0x67, {0, NDS, 0, 0}},
	{0x68, {0, NDS, 0, 0}}, {0x69, {0, NDS, 0, 0}}, {0x6a, {0, NDS, 0, 0}}, {0x6b, {0, NDS, 0, 0}},
	{0x6c, {0, NDS, 0, 0}}, {0x6d, {0, NDS, 0, 0}},
	{0x6e, {0, V | kVexL0, 0, 0}},                            // vmovd/vmovq xmm, r/m
	{0x6f, {0, V, V, 0}},                                     // vmovdqa/dqu
	{0x70, {0, V, V, V}},                                     // vpshufd/hw/lw
	// vpsrl/vpsra/vpsll by imm8: VEX.vvvv is the destination
	{0x71, {0, NDS | kVexRegOnly | kVexByReg, 0, 0}},
	{0x72, {0, NDS | kVexRegOnly | kVexByReg, 0, 0}},
	{0x73, {0, NDS | kVexRegOnly | kVexByReg, 0, 0}},
	{0x74, {0, NDS, 0, 0}}, {0x75, {0, NDS, 0, 0}}, {0x76, {0, NDS, 0, 0}},
	{0x77, {V, 0, 0, 0}},                                     // vzeroupper (L0), vzeroall (L1)
	{0x7c, {0, NDS, 0, NDS}}, {0x7d, {0, NDS, 0, NDS}},       // vhadd*, vhsub*
	{0x7e, {0, V | kVexL0, V | kVexL0, 0}},                   // vmovd/vmovq r/m, xmm; vmovq xmm, xmm/m64
	{0x7f, {0, V, V, 0}},
	// kmov k, k/m; kmov m, k; kmov k, r32/r64; kmov r32/r64, k; kortest; ktest
	{0x90, {KM, KM, 0, 0}}, {0x91, {KM | kVexMemOnly, KM | kVexMemOnly, 0, 0}},
	{0x92, {K2 | kVexW0, K2 | kVexW0, 0, K2}}, {0x93, {K2 | kVexW0, K2 | kVexW0, 0, K2}},
	{0x98, {K2, K2, 0, 0}}, {0x99, {K2, K2, 0, 0}},
	{0xae, {V | kVexL0 | kVexMemOnly | kVexByReg, 0, 0, 0}},  // vldmxcsr, vstmxcsr
	{0xc2, {NDS, NDS, NDS, NDS}},                             // vcmp*
	{0xc4, {0, NDS | kVexL0, 0, 0}},                          // vpinsrw
	{0xc5, {0, V | kVexL0 | kVexRegOnly, 0, 0}},              // vpextrw
	{0xc6, {NDS, NDS, 0, 0}},                                 // vshufps/pd
	{0xd0, {0, NDS, 0, NDS}},                                 // vaddsubpd/ps
	{0xd1, {0, NDS, 0, 0}}, {0xd2, {0, NDS, 0, 0}}, {0xd3, {0, NDS, 0, 0}}, {0xd4, {0, NDS, 0, 0}},
	{0xd5, {0, NDS, 0, 0}},
	{0xd6, {0, V | kVexL0, 0, 0}},                            // vmovq xmm/m64, xmm
	{0xd7, {0, V | kVexRegOnly, 0, 0}},                       // vpmovmskb
	{0xd8, {0, NDS, 0, 0}}, {0xd9, {0, NDS, 0, 0}}, {0xda, {0, NDS, 0, 0}}, {0xdb, {0, NDS, 0, 0}},
	{0xdc, {0, NDS, 0, 0}}, {0xdd, {0, NDS, 0, 0}}, {0xde, {0, NDS, 0, 0}}, {0xdf, {0, NDS, 0, 0}},
	{0xe0, {0, NDS, 0, 0}}, {0xe1, {0, NDS, 0, 0}}, {0xe2, {0, NDS, 0, 0}}, {0xe3, {0, NDS, 0, 0}},
	{0xe4, {0, NDS, 0, 0}}, {0xe5, {0, NDS, 0, 0}},
	{0xe6, {0, V, V, V}},                                     // vcvttpd2dq, vcvtdq2pd, vcvtpd2dq
	{0xe7, {0, V | kVexMemOnly, 0, 0}},                       // vmovntdq
	{0xe8, {0, NDS, 0, 0}}, {0xe9, {0, NDS, 0, 0}}, {0xea, {0, NDS, 0, 0}}, {0xeb, {0, NDS, 0, 0}},
	{0xec, {0, NDS, 0, 0}}, {0xed, {0, NDS, 0, 0}}, {0xee, {0, NDS, 0, 0}}, {0xef, {0, NDS, 0, 0}},
	{0xf0, {0, 0, 0, V | kVexMemOnly}},                       // vlddqu
	{0xf1, {0, NDS, 0, 0}}, {0xf2, {0, NDS, 0, 0}}, {0xf3, {0, NDS, 0, 0}}, {0xf4, {0, NDS, 0, 0}},
	{0xf5, {0, NDS, 0, 0}}, {0xf6, {0, NDS, 0, 0}},
	{0xf7, {0, V | kVexL0 | kVexRegOnly, 0, 0}},              // vmaskmovdqu
	{0xf8, {0, NDS, 0, 0}}, {0xf9, {0, NDS, 0, 0}}, {0xfa, {0, NDS, 0, 0}}, {0xfb, {0, NDS, 0, 0}},
	{0xfc, {0, NDS, 0, 0}}, {0xfd, {0, NDS, 0, 0}}, {0xfe, {0, NDS, 0, 0}},
};
// clang-format on
} // namespace vex_rows

// The rules of VEX 0F `opcode` with VEX.pp `pp` (0: no such instruction).
constexpr u16 vex_map1_rule(u8 opcode, unsigned pp)
{
	for (const VexRow &r : vex_rows::kMap1)
		if (r.opcode == opcode)
			return r.forms[pp & 3];
	return 0;
}

// The members of the VEX groups: 0F 71/72 /2 /4 /6, 0F 73 /2 /3 /6 /7 (shifts
// by imm8), 0F AE /2 /3 (VLDMXCSR, VSTMXCSR).
constexpr bool vex_group_member(u8 opcode, unsigned reg)
{
	switch (opcode) {
	case 0x71:
	case 0x72:
		return reg == 2 || reg == 4 || reg == 6;
	case 0x73:
		return reg == 2 || reg == 3 || reg == 6 || reg == 7;
	case 0xae:
		return reg == 2 || reg == 3;
	default:
		return false;
	}
}

// Mask registers are k0-k7: ModRM.reg (but KMOV r, k's, a general register),
// ModRM.rm in the register form (but KMOV k, r's) and VEX.vvvv.
constexpr bool vex_mask_registers_exist(u8 opcode, unsigned reg, unsigned rm, bool reg_form,
                                        unsigned vvvv)
{
	return (opcode == 0x93 || reg < 8) && (!reg_form || opcode == 0x92 || rm < 8) && vvvv < 8;
}

} // namespace kemu::decode
