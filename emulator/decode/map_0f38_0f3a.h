// SPDX-License-Identifier: GPL-2.0
// The three-byte opcode maps 0F 38 xx and 0F 3A xx (SDM Vol. 2 Tables A-4 and
// A-5), legacy-encoded (VEX/EVEX forms are decoded to length only).  Both
// maps are sparse; they are listed by opcode and expanded at compile time.
#pragma once

#include "decode/opcode.h"

namespace kemu::decode {

struct SparseEntry {
	u8 byte;
	Opcode opcode;
};

struct Map256 {
	Opcode entries[256];
};

template <unsigned N>
constexpr Map256 expand(const SparseEntry (&list)[N])
{
	Map256 m{};
	for (const SparseEntry &e : list)
		m.entries[e.byte] = e.opcode;
	return m;
}

template <unsigned N>
constexpr bool sparse_is_sorted(const SparseEntry (&list)[N])
{
	for (unsigned i = 1; i < N; i++)
		if (list[i - 1].byte >= list[i].byte)
			return false;
	return true;
}

// MMX/SSE pairs and 66-only forms, each its own table (C++ has no compound literals).
#define KEMU_PAIR(table, name)                                                                     \
	inline constexpr Opcode table[4] = {D(name, Pq, Qq).with(kMmx),                            \
	                                    D(name, Vx, Wx).with(kSse), UD, UD}
#define KEMU_66(table, name, ...)                                                                  \
	inline constexpr Opcode table[4] = {UD, D(name, __VA_ARGS__).with(kSse), UD, UD}

// clang-format off
KEMU_PAIR(k38_00, "pshufb"); KEMU_PAIR(k38_01, "phaddw"); KEMU_PAIR(k38_02, "phaddd");
KEMU_PAIR(k38_03, "phaddsw"); KEMU_PAIR(k38_04, "pmaddubsw"); KEMU_PAIR(k38_05, "phsubw");
KEMU_PAIR(k38_06, "phsubd"); KEMU_PAIR(k38_07, "phsubsw"); KEMU_PAIR(k38_08, "psignb");
KEMU_PAIR(k38_09, "psignw"); KEMU_PAIR(k38_0A, "psignd"); KEMU_PAIR(k38_0B, "pmulhrsw");
KEMU_66(k38_10, "pblendvb", Vx, Wx); KEMU_66(k38_14, "blendvps", Vx, Wx);
KEMU_66(k38_15, "blendvpd", Vx, Wx); KEMU_66(k38_17, "ptest", Vx, Wx);
KEMU_PAIR(k38_1C, "pabsb"); KEMU_PAIR(k38_1D, "pabsw"); KEMU_PAIR(k38_1E, "pabsd");
KEMU_66(k38_20, "pmovsxbw", Vx, Wq); KEMU_66(k38_21, "pmovsxbd", Vx, Wd);
KEMU_66(k38_22, "pmovsxbq", Vx, Ww); KEMU_66(k38_23, "pmovsxwd", Vx, Wq);
KEMU_66(k38_24, "pmovsxwq", Vx, Wd); KEMU_66(k38_25, "pmovsxdq", Vx, Wq);
KEMU_66(k38_28, "pmuldq", Vx, Wx); KEMU_66(k38_29, "pcmpeqq", Vx, Wx);
KEMU_66(k38_2B, "packusdw", Vx, Wx);
inline constexpr Opcode k38_2A[4] = { UD, I(VectorMove, "movntdqa", w(Vx), Mx).with(kSse), UD, UD };
KEMU_66(k38_30, "pmovzxbw", Vx, Wq); KEMU_66(k38_31, "pmovzxbd", Vx, Wd);
KEMU_66(k38_32, "pmovzxbq", Vx, Ww); KEMU_66(k38_33, "pmovzxwd", Vx, Wq);
KEMU_66(k38_34, "pmovzxwq", Vx, Wd); KEMU_66(k38_35, "pmovzxdq", Vx, Wq);
KEMU_66(k38_37, "pcmpgtq", Vx, Wx); KEMU_66(k38_38, "pminsb", Vx, Wx);
KEMU_66(k38_39, "pminsd", Vx, Wx); KEMU_66(k38_3A, "pminuw", Vx, Wx);
KEMU_66(k38_3B, "pminud", Vx, Wx); KEMU_66(k38_3C, "pmaxsb", Vx, Wx);
KEMU_66(k38_3D, "pmaxsd", Vx, Wx); KEMU_66(k38_3E, "pmaxuw", Vx, Wx);
KEMU_66(k38_3F, "pmaxud", Vx, Wx); KEMU_66(k38_40, "pmulld", Vx, Wx);
KEMU_66(k38_41, "phminposuw", Vx, Wx);
KEMU_66(k38_80, "invept", Gq, Mdq); KEMU_66(k38_81, "invvpid", Gq, Mdq);
KEMU_66(k38_82, "invpcid", Gq, Mdq);
KEMU_66(k38_CF, "gf2p8mulb", Vx, Wx);
KEMU_66(k38_DB, "aesimc", Vx, Wx);
#undef KEMU_PAIR
#undef KEMU_66

// AES (66) and Key Locker (F3) share D8-DF.
inline constexpr Opcode kAesWide[8] = {
	D("aesencwide128kl", M), D("aesdecwide128kl", M), D("aesencwide256kl", M),
	D("aesdecwide256kl", M), UD, UD, UD, UD,
};
inline constexpr Opcode kAesWideForm[2] = { by_reg(kAesWide), UD };
inline constexpr Opcode k38_D8[4] = { UD, UD, by_mod(kAesWideForm), UD };
inline constexpr Opcode kLoadiwkey[2] = { D("aesenc128kl", Vx, M), D("loadiwkey", Vx, Ux) };
inline constexpr Opcode k38_DC[4] = { UD, D("aesenc", Vx, Wx).with(kSse), by_mod(kLoadiwkey), UD };
inline constexpr Opcode k38_DD[4] = { UD, D("aesenclast", Vx, Wx).with(kSse), D("aesdec128kl", Vx, M), UD };
inline constexpr Opcode k38_DE[4] = { UD, D("aesdec", Vx, Wx).with(kSse), D("aesenc256kl", Vx, M), UD };
inline constexpr Opcode k38_DF[4] = { UD, D("aesdeclast", Vx, Wx).with(kSse), D("aesdec256kl", Vx, M), UD };
inline constexpr Opcode k38_FA[4] = { UD, UD, D("encodekey128", Gd, Rd), UD };
inline constexpr Opcode k38_FB[4] = { UD, UD, D("encodekey256", Gd, Rd), UD };
// RAO-INT: atomic ops on memory.
inline constexpr Opcode k38_FC[4] = {
	D("aadd", My, Gy), D("aand", My, Gy), D("axor", My, Gy), D("aor", My, Gy),
};
inline constexpr Opcode k38_C8[4] = { D("sha1nexte", Vx, Wx), UD, UD, UD };
inline constexpr Opcode k38_C9[4] = { D("sha1msg1", Vx, Wx), UD, UD, UD };
inline constexpr Opcode k38_CA[4] = { D("sha1msg2", Vx, Wx), UD, UD, UD };
inline constexpr Opcode k38_CB[4] = { D("sha256rnds2", Vx, Wx), UD, UD, UD };
inline constexpr Opcode k38_CC[4] = { D("sha256msg1", Vx, Wx), UD, UD, UD };
inline constexpr Opcode k38_CD[4] = { D("sha256msg2", Vx, Wx), UD, UD, UD };
// F0/F1: MOVBE (memory only), CRC32 with F2.
inline constexpr Opcode k38_F0[4] = {
	I(Movbe, "movbe", w(Gv), Mv).with(kEmulateOnUD),
	I(Movbe, "movbe", w(Gv), Mv).with(kEmulateOnUD), UD, D("crc32", Gd, Eb),
};
inline constexpr Opcode k38_F1[4] = {
	I(Movbe, "movbe", w(Mv), Gv).with(kEmulateOnUD),
	I(Movbe, "movbe", w(Mv), Gv).with(kEmulateOnUD), UD, D("crc32", Gd, Ev),
};
inline constexpr Opcode kWruss[2] = { D("wrussd", Md, Gd), D("wrussq", Mq, Gq) };
inline constexpr Opcode kWrss[2] = { D("wrssd", Md, Gd), D("wrssq", Mq, Gq) };
inline constexpr Opcode k38_F5[4] = { UD, by_rexw(kWruss), UD, UD };
inline constexpr Opcode k38_F6[4] = {
	by_rexw(kWrss), I(Adcx, "adcx", rw(Gy), Ey), I(Adox, "adox", rw(Gy), Ey), UD,
};
inline constexpr Opcode k38_F8[4] = { UD, D("movdir64b", Gv, M), D("enqcmds", Gv, M), D("enqcmd", Gv, M) };
inline constexpr Opcode k38_F9[4] = { D("movdiri", My, Gy), UD, UD, UD };

inline constexpr SparseEntry k0F38List[] = {
	{0x00, by_prefix(k38_00)}, {0x01, by_prefix(k38_01)}, {0x02, by_prefix(k38_02)},
	{0x03, by_prefix(k38_03)}, {0x04, by_prefix(k38_04)}, {0x05, by_prefix(k38_05)},
	{0x06, by_prefix(k38_06)}, {0x07, by_prefix(k38_07)}, {0x08, by_prefix(k38_08)},
	{0x09, by_prefix(k38_09)}, {0x0A, by_prefix(k38_0A)}, {0x0B, by_prefix(k38_0B)},
	{0x10, by_prefix(k38_10)}, {0x14, by_prefix(k38_14)}, {0x15, by_prefix(k38_15)},
	{0x17, by_prefix(k38_17)}, {0x1C, by_prefix(k38_1C)}, {0x1D, by_prefix(k38_1D)},
	{0x1E, by_prefix(k38_1E)},
	{0x20, by_prefix(k38_20)}, {0x21, by_prefix(k38_21)}, {0x22, by_prefix(k38_22)},
	{0x23, by_prefix(k38_23)}, {0x24, by_prefix(k38_24)}, {0x25, by_prefix(k38_25)},
	{0x28, by_prefix(k38_28)}, {0x29, by_prefix(k38_29)}, {0x2A, by_prefix(k38_2A)},
	{0x2B, by_prefix(k38_2B)},
	{0x30, by_prefix(k38_30)}, {0x31, by_prefix(k38_31)}, {0x32, by_prefix(k38_32)},
	{0x33, by_prefix(k38_33)}, {0x34, by_prefix(k38_34)}, {0x35, by_prefix(k38_35)},
	{0x37, by_prefix(k38_37)}, {0x38, by_prefix(k38_38)}, {0x39, by_prefix(k38_39)},
	{0x3A, by_prefix(k38_3A)}, {0x3B, by_prefix(k38_3B)}, {0x3C, by_prefix(k38_3C)},
	{0x3D, by_prefix(k38_3D)}, {0x3E, by_prefix(k38_3E)}, {0x3F, by_prefix(k38_3F)},
	{0x40, by_prefix(k38_40)}, {0x41, by_prefix(k38_41)},
	{0x80, by_prefix(k38_80)}, {0x81, by_prefix(k38_81)}, {0x82, by_prefix(k38_82)},
	{0xC8, by_prefix(k38_C8)}, {0xC9, by_prefix(k38_C9)}, {0xCA, by_prefix(k38_CA)},
	{0xCB, by_prefix(k38_CB)}, {0xCC, by_prefix(k38_CC)}, {0xCD, by_prefix(k38_CD)},
	{0xCF, by_prefix(k38_CF)},
	{0xD8, by_prefix(k38_D8)},
	{0xDB, by_prefix(k38_DB)}, {0xDC, by_prefix(k38_DC)}, {0xDD, by_prefix(k38_DD)},
	{0xDE, by_prefix(k38_DE)}, {0xDF, by_prefix(k38_DF)},
	{0xF0, by_prefix(k38_F0)}, {0xF1, by_prefix(k38_F1)}, {0xF5, by_prefix(k38_F5)},
	{0xF6, by_prefix(k38_F6)}, {0xF8, by_prefix(k38_F8)}, {0xF9, by_prefix(k38_F9)},
	{0xFA, by_prefix(k38_FA)}, {0xFB, by_prefix(k38_FB)}, {0xFC, by_prefix(k38_FC)},
};
static_assert(sparse_is_sorted(k0F38List), "0F 38 entries must be listed in opcode order");
inline constexpr auto k0F38Map = expand(k0F38List);

// 0F 3A: every instruction takes an imm8.
#define KEMU_66I(table, name, ...) \
	inline constexpr Opcode table[4] = { UD, D(name, __VA_ARGS__, Ib).with(kSse), UD, UD }
KEMU_66I(k3A_08, "roundps", Vx, Wx); KEMU_66I(k3A_09, "roundpd", Vx, Wx);
KEMU_66I(k3A_0A, "roundss", Vx, Wd); KEMU_66I(k3A_0B, "roundsd", Vx, Wq);
KEMU_66I(k3A_0C, "blendps", Vx, Wx); KEMU_66I(k3A_0D, "blendpd", Vx, Wx);
KEMU_66I(k3A_0E, "pblendw", Vx, Wx);
KEMU_66I(k3A_14, "pextrb", Ed, Vx); KEMU_66I(k3A_15, "pextrw", Ed, Vx);
KEMU_66I(k3A_17, "extractps", Ed, Vx);
KEMU_66I(k3A_20, "pinsrb", Vx, Ed); KEMU_66I(k3A_21, "insertps", Vx, Wd);
KEMU_66I(k3A_40, "dpps", Vx, Wx); KEMU_66I(k3A_41, "dppd", Vx, Wx);
KEMU_66I(k3A_42, "mpsadbw", Vx, Wx); KEMU_66I(k3A_44, "pclmulqdq", Vx, Wx);
KEMU_66I(k3A_60, "pcmpestrm", Vx, Wx); KEMU_66I(k3A_61, "pcmpestri", Vx, Wx);
KEMU_66I(k3A_62, "pcmpistrm", Vx, Wx); KEMU_66I(k3A_63, "pcmpistri", Vx, Wx);
KEMU_66I(k3A_CE, "gf2p8affineqb", Vx, Wx); KEMU_66I(k3A_CF, "gf2p8affineinvqb", Vx, Wx);
KEMU_66I(k3A_DF, "aeskeygenassist", Vx, Wx);
#undef KEMU_66I
inline constexpr Opcode k3A_0F[4] = {
	D("palignr", Pq, Qq, Ib).with(kMmx), D("palignr", Vx, Wx, Ib).with(kSse), UD, UD,
};
inline constexpr Opcode kPextrd[2] = { D("pextrd", Ed, Vx, Ib), D("pextrq", Eq, Vx, Ib) };
inline constexpr Opcode kPinsrd[2] = { D("pinsrd", Vx, Ed, Ib), D("pinsrq", Vx, Eq, Ib) };
inline constexpr Opcode k3A_16[4] = { UD, by_rexw(kPextrd), UD, UD };
inline constexpr Opcode k3A_22[4] = { UD, by_rexw(kPinsrd), UD, UD };
inline constexpr Opcode k3A_CC[4] = { D("sha1rnds4", Vx, Wx, Ib), UD, UD, UD };
inline constexpr Opcode kHresetRm[8] = { D("hreset", Ib), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kHresetReg[8] = { by_rm(kHresetRm), UD, UD, UD, UD, UD, UD, UD };
inline constexpr Opcode kHresetForm[2] = { UD, by_reg(kHresetReg) };
inline constexpr Opcode k3A_F0[4] = { UD, UD, by_mod(kHresetForm), UD };

inline constexpr SparseEntry k0F3AList[] = {
	{0x08, by_prefix(k3A_08)}, {0x09, by_prefix(k3A_09)}, {0x0A, by_prefix(k3A_0A)},
	{0x0B, by_prefix(k3A_0B)}, {0x0C, by_prefix(k3A_0C)}, {0x0D, by_prefix(k3A_0D)},
	{0x0E, by_prefix(k3A_0E)}, {0x0F, by_prefix(k3A_0F)},
	{0x14, by_prefix(k3A_14)}, {0x15, by_prefix(k3A_15)}, {0x16, by_prefix(k3A_16)},
	{0x17, by_prefix(k3A_17)},
	{0x20, by_prefix(k3A_20)}, {0x21, by_prefix(k3A_21)}, {0x22, by_prefix(k3A_22)},
	{0x40, by_prefix(k3A_40)}, {0x41, by_prefix(k3A_41)}, {0x42, by_prefix(k3A_42)},
	{0x44, by_prefix(k3A_44)},
	{0x60, by_prefix(k3A_60)}, {0x61, by_prefix(k3A_61)}, {0x62, by_prefix(k3A_62)},
	{0x63, by_prefix(k3A_63)},
	{0xCC, by_prefix(k3A_CC)}, {0xCE, by_prefix(k3A_CE)}, {0xCF, by_prefix(k3A_CF)},
	{0xDF, by_prefix(k3A_DF)}, {0xF0, by_prefix(k3A_F0)},
};
static_assert(sparse_is_sorted(k0F3AList), "0F 3A entries must be listed in opcode order");
inline constexpr auto k0F3AMap = expand(k0F3AList);
// clang-format on

} // namespace kemu::decode
