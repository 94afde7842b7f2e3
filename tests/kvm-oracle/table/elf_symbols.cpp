#include "elf_symbols.h"

#include <elf.h>
#include <link.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

// The load address of the main program (0 unless it is position-independent):
// dl_iterate_phdr reports the program first.
int first_object(struct dl_phdr_info *info, size_t, void *data)
{
	*static_cast<uintptr_t *>(data) = info->dlpi_addr;
	return 1;
}

// Several symbols may start at one address: a fastop block ("em_add", global,
// untyped) begins with its first size variant ("addb_al_dl", a local
// function).  The name the C code uses is the global one; otherwise a
// function beats an untyped label.
int rank(const Elf64_Sym &s)
{
	return (ELF64_ST_BIND(s.st_info) == STB_GLOBAL ? 2 : 0) +
	       (ELF64_ST_TYPE(s.st_info) == STT_FUNC ? 1 : 0);
}

} // namespace

bool ElfSymbols::load()
{
	std::ifstream in("/proc/self/exe", std::ios::binary);
	const std::vector<char> file((std::istreambuf_iterator<char>(in)),
	                             std::istreambuf_iterator<char>());
	if (file.size() < sizeof(Elf64_Ehdr))
		return false;
	Elf64_Ehdr eh;
	memcpy(&eh, file.data(), sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_shoff + uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr) > file.size())
		return false;
	std::vector<Elf64_Shdr> sections(eh.e_shnum);
	memcpy(sections.data(), file.data() + eh.e_shoff, eh.e_shnum * sizeof(Elf64_Shdr));

	uintptr_t bias = 0;
	dl_iterate_phdr(first_object, &bias);
	for (const Elf64_Shdr &sh : sections) {
		if (sh.sh_type != SHT_SYMTAB || sh.sh_link >= sections.size())
			continue;
		const Elf64_Shdr &strtab = sections[sh.sh_link];
		if (sh.sh_offset + sh.sh_size > file.size() ||
		    strtab.sh_offset + strtab.sh_size > file.size())
			return false;
		for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size;
		     off += sizeof(Elf64_Sym)) {
			Elf64_Sym s;
			memcpy(&s, file.data() + sh.sh_offset + off, sizeof(s));
			const unsigned type = ELF64_ST_TYPE(s.st_info);
			if (s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE ||
			    (type != STT_FUNC && type != STT_NOTYPE) ||
			    s.st_name >= strtab.sh_size ||
			    !(sections[s.st_shndx].sh_flags & SHF_EXECINSTR))
				continue;
			const char *name = file.data() + strtab.sh_offset + s.st_name;
			if (!*name)
				continue;
			const uintptr_t addr = bias + s.st_value;
			auto it = by_address_.find(addr);
			if (it == by_address_.end() || rank(s) > it->second.rank)
				by_address_[addr] = Symbol{name, rank(s)};
		}
		return !by_address_.empty();
	}
	return false;
}

std::string ElfSymbols::name_at(const void *addr) const
{
	auto it = by_address_.find(reinterpret_cast<uintptr_t>(addr));
	return it == by_address_.end() ? "" : it->second.name;
}
