/*
 * KVM's emulate.c, unmodified, plus a read-only walk of its decode tables.
 *
 * The file includes emulate.c itself (copied from the kernel source into the
 * build directory) so that the walk below can see the static opcode tables;
 * the emulator's code is compiled exactly as it is in the kernel file.  The
 * walk names each leaf of the tables by the way to it ("/4", "/7 mem pfx=66",
 * "modrm=E3", "64bit", ...), so the oracle can classify every case by the KVM
 * decode entry it exercised; tests/kvm-oracle/table dumps every leaf as
 * build/kvm-oracle/kvm-table.csv.
 */
#include "emulate.c"

#include "kvm_backend.h"

/* ---- leaf names ------------------------------------------------------------- */

static void append(char *path, unsigned size, const char *piece)
{
	unsigned n = 0;

	while (path[n])
		n++;
	if (n && n < size - 1)
		path[n++] = ' ';
	while (*piece && n < size - 1)
		path[n++] = *piece++;
	path[n] = 0;
}

static void append_hex(char *path, unsigned size, const char *prefix, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char piece[16];
	unsigned i = 0;

	while (*prefix)
		piece[i++] = *prefix++;
	piece[i++] = hex[(v >> 4) & 15];
	piece[i++] = hex[v & 15];
	piece[i] = 0;
	append(path, size, piece);
}

static void append_digit(char *path, unsigned size, const char *prefix, unsigned d,
			 const char *suffix)
{
	char piece[16];
	unsigned i = 0;

	while (*prefix)
		piece[i++] = *prefix++;
	piece[i++] = (char)('0' + d);
	while (*suffix)
		piece[i++] = *suffix++;
	piece[i] = 0;
	append(path, size, piece);
}

static void set_map(struct kvm_leaf *leaf, int opcode_len, u8 opcode)
{
	const char *m = opcode_len == 1 ? "1B" : opcode_len == 2 ? "0F" : "0F38";
	unsigned i;

	for (i = 0; m[i]; i++)
		leaf->map[i] = m[i];
	leaf->map[i] = 0;
	leaf->opcode = opcode;
	leaf->path[0] = 0;
	leaf->execute = NULL;
	leaf->check_perm = NULL;
	leaf->intercept = 0;
}

static void finish_leaf(struct kvm_leaf *leaf, const struct opcode *op, u64 flags)
{
	leaf->flags = flags;
	leaf->not_impl = (flags & NotImpl) || flags == 0;
	leaf->undefined = (flags & Undefined) != 0;
	/* x86_decode_insn takes these from the leaf itself, not from its groups */
	leaf->execute = (flags & Fastop) ? (const void *)op->u.fastop : (const void *)op->u.execute;
	leaf->check_perm = (const void *)op->check_perm;
	leaf->intercept = op->intercept;
}

static const struct opcode *top_entry(int opcode_len, u8 opcode)
{
	return opcode_len == 1 ? &opcode_table[opcode] :
	       opcode_len == 2 ? &twobyte_table[opcode] : &opcode_map_0f_38[opcode];
}

/* ---- one instruction: the walk of x86_decode_insn --------------------------- */

int kvm_leaf_of(const uint8_t *bytes, int len, int mode, struct kvm_leaf *out)
{
	const unsigned size = sizeof(out->path);
	bool op_prefix = false;
	u8 rep_prefix = 0, rex = 0, b = 0, modrm = 0;
	int i = 0, opcode_len = 1;
	const struct opcode *op;
	u64 flags;

	/* legacy and REX prefixes, as x86_decode_insn reads them */
	for (; i < len; i++) {
		b = bytes[i];
		if (b == 0x66)
			op_prefix = true;
		else if (b == 0xf2 || b == 0xf3)
			rep_prefix = b;
		else if (b == 0x67 || b == 0xf0 || b == 0x26 || b == 0x2e || b == 0x36 ||
			 b == 0x3e || b == 0x64 || b == 0x65)
			;
		else if ((b & 0xf0) == 0x40 && mode == X86EMUL_MODE_PROT64) {
			rex = b;
			continue;
		} else
			break;
		rex = 0;
	}
	(void)rex;
	if (i >= len)
		return -1;
	b = bytes[i++];
	if (b == 0x0f) {
		if (i >= len)
			return -1;
		opcode_len = 2;
		b = bytes[i++];
		if (b == 0x38) {
			if (i >= len)
				return -1;
			opcode_len = 3;
			b = bytes[i++];
		}
	}
	set_map(out, opcode_len, b);
	op = top_entry(opcode_len, b);
	flags = op->flags;
	if (flags & ModRM) {
		if (i >= len)
			return -1;
		modrm = bytes[i];
	}
	/* "vex-prefix instructions are not implemented" */
	if (opcode_len == 1 && (b == 0xc4 || b == 0xc5) &&
	    (mode == X86EMUL_MODE_PROT64 || (modrm & 0xc0) == 0xc0)) {
		append(out->path, size, "vex");
		out->flags = NotImpl;
		out->not_impl = 1;
		out->undefined = 0;
		return 0;
	}
	while (flags & GroupMask) {
		unsigned reg = (modrm >> 3) & 7;
		bool mod3 = (modrm >> 6) == 3;

		switch (flags & GroupMask) {
		case Group:
			op = &op->u.group[reg];
			append_digit(out->path, size, "/", reg, "");
			break;
		case GroupDual:
			op = mod3 ? &op->u.gdual->mod3[reg] : &op->u.gdual->mod012[reg];
			append_digit(out->path, size, "/", reg, mod3 ? " reg" : " mem");
			break;
		case RMExt:
			op = &op->u.group[modrm & 7];
			append_digit(out->path, size, "rm=", modrm & 7, "");
			break;
		case Prefix:
			if (rep_prefix && op_prefix) {
				/* x86_decode_insn fails: 66 together with F2/F3 */
				append(out->path, size, "pfx=66+rep");
				out->flags = NotImpl;
				out->not_impl = 1;
				out->undefined = 0;
						return 0;
			}
			if (op_prefix) {
				op = &op->u.gprefix->pfx_66;
				append(out->path, size, "pfx=66");
			} else if (rep_prefix == 0xf2) {
				op = &op->u.gprefix->pfx_f2;
				append(out->path, size, "pfx=F2");
			} else if (rep_prefix == 0xf3) {
				op = &op->u.gprefix->pfx_f3;
				append(out->path, size, "pfx=F3");
			} else {
				op = &op->u.gprefix->pfx_no;
				append(out->path, size, "pfx=none");
			}
			break;
		case Escape:
			if (modrm > 0xbf) {
				op = &op->u.esc->high[modrm - 0xc0];
				append_hex(out->path, size, "modrm=", modrm);
			} else {
				op = &op->u.esc->op[reg];
				append_digit(out->path, size, "/", reg, " mem");
			}
			break;
		case InstrDual:
			op = mod3 ? &op->u.idual->mod3 : &op->u.idual->mod012;
			append(out->path, size, mod3 ? "reg" : "mem");
			break;
		case ModeDual:
			if (mode == X86EMUL_MODE_PROT64) {
				op = &op->u.mdual->mode64;
				append(out->path, size, "64bit");
			} else {
				op = &op->u.mdual->mode32;
				append(out->path, size, "non64");
			}
			break;
		}
		flags = (flags & ~(u64)GroupMask) | op->flags;
	}
	finish_leaf(out, op, flags);
	return 0;
}

/* ---- every leaf -------------------------------------------------------------- */

#define MAX_LEAVES 2048
static struct kvm_leaf all_leaves[MAX_LEAVES];
static int nr_leaves = -1;

static void collect(const struct kvm_leaf *at, const struct opcode *op, u64 flags);

static void collect_child(const struct kvm_leaf *at, const struct opcode *child, u64 flags,
			  const char *piece)
{
	struct kvm_leaf next = *at;

	append(next.path, sizeof(next.path), piece);
	collect(&next, child, (flags & ~(u64)GroupMask) | child->flags);
}

static void collect(const struct kvm_leaf *at, const struct opcode *op, u64 flags)
{
	static const char *const slash[8] = {"/0", "/1", "/2", "/3", "/4", "/5", "/6", "/7"};
	static const char *const slash_mem[8] = {"/0 mem", "/1 mem", "/2 mem", "/3 mem",
						 "/4 mem", "/5 mem", "/6 mem", "/7 mem"};
	static const char *const slash_reg[8] = {"/0 reg", "/1 reg", "/2 reg", "/3 reg",
						 "/4 reg", "/5 reg", "/6 reg", "/7 reg"};
	static const char *const rm[8] = {"rm=0", "rm=1", "rm=2", "rm=3",
					  "rm=4", "rm=5", "rm=6", "rm=7"};
	int i;

	switch (flags & GroupMask) {
	case 0:
		if (nr_leaves < MAX_LEAVES) {
			struct kvm_leaf *leaf = &all_leaves[nr_leaves++];
			*leaf = *at;
			finish_leaf(leaf, op, flags);
		}
		return;
	case Group:
		for (i = 0; i < 8; i++)
			collect_child(at, &op->u.group[i], flags, slash[i]);
		return;
	case GroupDual:
		for (i = 0; i < 8; i++)
			collect_child(at, &op->u.gdual->mod012[i], flags, slash_mem[i]);
		for (i = 0; i < 8; i++)
			collect_child(at, &op->u.gdual->mod3[i], flags, slash_reg[i]);
		return;
	case RMExt:
		for (i = 0; i < 8; i++)
			collect_child(at, &op->u.group[i], flags, rm[i]);
		return;
	case Prefix:
		collect_child(at, &op->u.gprefix->pfx_no, flags, "pfx=none");
		collect_child(at, &op->u.gprefix->pfx_66, flags, "pfx=66");
		collect_child(at, &op->u.gprefix->pfx_f2, flags, "pfx=F2");
		collect_child(at, &op->u.gprefix->pfx_f3, flags, "pfx=F3");
		return;
	case Escape:
		for (i = 0; i < 8; i++)
			collect_child(at, &op->u.esc->op[i], flags, slash_mem[i]);
		for (i = 0; i < 64; i++) {
			struct kvm_leaf next = *at;
			append_hex(next.path, sizeof(next.path), "modrm=", 0xc0 + i);
			collect(&next, &op->u.esc->high[i],
				(flags & ~(u64)GroupMask) | op->u.esc->high[i].flags);
		}
		return;
	case InstrDual:
		collect_child(at, &op->u.idual->mod012, flags, "mem");
		collect_child(at, &op->u.idual->mod3, flags, "reg");
		return;
	case ModeDual:
		collect_child(at, &op->u.mdual->mode32, flags, "non64");
		collect_child(at, &op->u.mdual->mode64, flags, "64bit");
		return;
	}
}

static void collect_all(void)
{
	int len, opcode;

	nr_leaves = 0;
	for (len = 1; len <= 3; len++) {
		for (opcode = 0; opcode < 256; opcode++) {
			const struct opcode *op = top_entry(len, (u8)opcode);
			struct kvm_leaf at;

			set_map(&at, len, (u8)opcode);
			collect(&at, op, op->flags);
		}
	}
}

int kvm_leaf_count(void)
{
	if (nr_leaves < 0)
		collect_all();
	return nr_leaves;
}

void kvm_leaf_at(int index, struct kvm_leaf *out)
{
	if (nr_leaves < 0)
		collect_all();
	*out = all_leaves[index];
}

/* ---- names of flags and intercepts ------------------------------------------- */

/*
 * emulate.c's names, compiled against its own macros: a value that is not
 * one of these is left unnamed, which the table dump reports as an error.
 * Operand fields (Dst, Src, Src2) and the alignment field are values under a
 * mask; the other flags are single bits.
 */
static const struct {
	const char *name;
	u64 value, mask;
} flag_names[] = {
#define FIELD(name, mask) { #name, name, mask }
#define SINGLE(name) { #name, name, name }
	FIELD(ImplicitOps, DstMask), FIELD(DstReg, DstMask), FIELD(DstMem, DstMask),
	FIELD(DstAcc, DstMask), FIELD(DstDI, DstMask), FIELD(DstMem64, DstMask),
	FIELD(DstMem16, DstMask), FIELD(DstImmUByte, DstMask), FIELD(DstDX, DstMask),
	FIELD(DstAccLo, DstMask),
	FIELD(SrcReg, SrcMask), FIELD(SrcMem, SrcMask), FIELD(SrcMem16, SrcMask),
	FIELD(SrcMem32, SrcMask), FIELD(SrcImm, SrcMask), FIELD(SrcImmByte, SrcMask),
	FIELD(SrcOne, SrcMask), FIELD(SrcImmUByte, SrcMask), FIELD(SrcImmU, SrcMask),
	FIELD(SrcSI, SrcMask), FIELD(SrcXLat, SrcMask), FIELD(SrcImmFAddr, SrcMask),
	FIELD(SrcMemFAddr, SrcMask), FIELD(SrcAcc, SrcMask), FIELD(SrcImmU16, SrcMask),
	FIELD(SrcImm64, SrcMask), FIELD(SrcDX, SrcMask), FIELD(SrcMem8, SrcMask),
	FIELD(SrcAccHi, SrcMask),
	FIELD(Src2Mem, Src2Mask), FIELD(Src2CL, Src2Mask), FIELD(Src2ImmByte, Src2Mask),
	FIELD(Src2One, Src2Mask), FIELD(Src2Imm, Src2Mask), FIELD(Src2ES, Src2Mask),
	FIELD(Src2CS, Src2Mask), FIELD(Src2SS, Src2Mask), FIELD(Src2DS, Src2Mask),
	FIELD(Src2FS, Src2Mask), FIELD(Src2GS, Src2Mask),
	SINGLE(ByteOp), SINGLE(BitOp), SINGLE(MemAbs), SINGLE(String), SINGLE(Stack),
	SINGLE(Sse), SINGLE(ModRM), SINGLE(Mov), SINGLE(Prot), SINGLE(EmulateOnUD),
	SINGLE(NoAccess), SINGLE(Op3264), SINGLE(Undefined), SINGLE(Lock), SINGLE(Priv),
	SINGLE(No64), SINGLE(PageTable), SINGLE(NotImpl), SINGLE(Mmx),
	FIELD(Aligned, AlignMask), FIELD(Unaligned, AlignMask), FIELD(Avx, AlignMask),
	FIELD(Aligned16, AlignMask),
	SINGLE(Fastop), SINGLE(NoWrite), SINGLE(SrcWrite), SINGLE(NoMod), SINGLE(Intercept),
	SINGLE(CheckPerm), SINGLE(PrivUD), SINGLE(NearBranch), SINGLE(No16), SINGLE(IncSP),
	SINGLE(TwoMemOp), SINGLE(IsBranch),
#undef FIELD
#undef SINGLE
};

uint64_t kvm_flag_names(uint64_t flags, char *buf, unsigned size)
{
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(flag_names); i++) {
		if (flag_names[i].value && (flags & flag_names[i].mask) == flag_names[i].value) {
			append(buf, size, flag_names[i].name);
			flags &= ~flag_names[i].mask;
		}
	}
	return flags;
}

/* [x86_intercept_none] = "x86_intercept_none", ...: generated by build-kvm.sh
 * from enum x86_intercept in kvm_emulate.h. */
static const char *const intercept_names[nr_x86_intercepts] = {
#include "kvm_oracle_intercepts.h"
};

const char *kvm_intercept_name(unsigned intercept)
{
	return intercept < nr_x86_intercepts ? intercept_names[intercept] : NULL;
}
