// The names of this program's own functions, from its ELF symbol table:
// dladdr() sees only exported symbols, and emulate.c's handlers are static.
#pragma once

#include <cstdint>
#include <map>
#include <string>

class ElfSymbols {
public:
	// Reads /proc/self/exe; false when it has no symbol table (stripped).
	bool load();
	// The symbol that starts exactly at addr, or "" (see elf_symbols.cpp for
	// which one wins when several do).
	std::string name_at(const void *addr) const;

private:
	struct Symbol {
		std::string name;
		int rank;
	};
	std::map<uintptr_t, Symbol> by_address_;
};
