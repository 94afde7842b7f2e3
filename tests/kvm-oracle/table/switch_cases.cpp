#include "switch_cases.h"

#include <cctype>
#include <cstdlib>

namespace {

// The text with comments, string and character literals blanked (same
// length), so braces and "case" are only ever code.
std::string code_only(const std::string &s)
{
	std::string out = s;
	for (size_t i = 0; i < s.size(); i++) {
		size_t end = i;
		if (s.compare(i, 2, "/*") == 0) {
			end = s.find("*/", i + 2);
			end = end == std::string::npos ? s.size() : end + 2;
		} else if (s.compare(i, 2, "//") == 0) {
			end = s.find('\n', i);
			end = end == std::string::npos ? s.size() : end;
		} else if (s[i] == '"' || s[i] == '\'') {
			end = i + 1;
			while (end < s.size() && s[end] != s[i])
				end += s[end] == '\\' ? 2 : 1;
			end = std::min(end + 1, s.size());
		}
		if (end == i)
			continue;
		for (size_t j = i; j < end; j++)
			if (out[j] != '\n')
				out[j] = ' ';
		i = end - 1;
	}
	return out;
}

// "0x70 ... 0x7f" or "0xcc": the labels of one case; false if not numbers.
bool parse_label(std::string text, int *lo, int *hi)
{
	auto number = [](const std::string &t, int *v) {
		size_t a = t.find_first_not_of(" \t\n"), b = t.find_last_not_of(" \t\n");
		if (a == std::string::npos)
			return false;
		const std::string n = t.substr(a, b - a + 1);
		char *end = nullptr;
		*v = int(strtol(n.c_str(), &end, 0));
		return *end == 0 && *v >= 0 && *v <= 0xff;
	};
	const size_t dots = text.find("...");
	if (dots == std::string::npos)
		return number(text, lo) && number(text, hi);
	return number(text.substr(0, dots), lo) && number(text.substr(dots + 3), hi);
}

// The top-level case labels of the switch whose "{" is at `open`.
bool collect_cases(const std::string &code, size_t open, int length,
                   std::set<std::pair<int, int>> *out, std::string *error)
{
	int depth = 0;
	for (size_t i = open; i < code.size(); i++) {
		if (code[i] == '{')
			depth++;
		else if (code[i] == '}' && --depth == 0)
			return true;
		else if (depth == 1 && code.compare(i, 4, "case") == 0 &&
		         (i == 0 || !isalnum(static_cast<unsigned char>(code[i - 1]))) &&
		         !isalnum(static_cast<unsigned char>(code[i + 4]))) {
			const size_t colon = code.find(':', i);
			int lo, hi;
			if (colon == std::string::npos ||
			    !parse_label(code.substr(i + 4, colon - i - 4), &lo, &hi)) {
				*error = "unreadable case label: " + code.substr(i, 40);
				return false;
			}
			for (int op = lo; op <= hi; op++)
				out->insert({length, op});
			i = colon;
		}
	}
	*error = "unterminated switch";
	return false;
}

} // namespace

bool emulated_by_switch(const std::string &emulate_c, std::set<std::pair<int, int>> *out,
                        std::string *error)
{
	const std::string code = code_only(emulate_c);
	const size_t fn = code.find("int x86_emulate_insn(");
	if (fn == std::string::npos) {
		*error = "no x86_emulate_insn() in emulate.c";
		return false;
	}
	static const struct {
		const char *label;
		int length;
		bool required;
	} kSwitches[] = {
	    {"special_insn:", 1, true}, {"twobyte_insn:", 2, true}, {"threebyte_insn:", 3, false}};
	for (const auto &sw : kSwitches) {
		const size_t label = code.find(sw.label, fn);
		const size_t at = label == std::string::npos ? label : code.find("switch", label);
		const size_t open = at == std::string::npos ? at : code.find('{', at);
		if (open == std::string::npos ||
		    code.substr(at, open - at).find("ctxt->b") == std::string::npos) {
			if (!sw.required)
				continue;
			*error = std::string("no switch (ctxt->b) after ") + sw.label;
			return false;
		}
		if (!collect_cases(code, open, sw.length, out, error))
			return false;
	}
	return true;
}
