#pragma once
// HTTP's case-insensitive text (header names, tokens such as "chunked") is ASCII.
#include <algorithm>
#include <string_view>

namespace jobmon::host {

// Not std::tolower: that one is a call per character and asks the C locale.
inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

}  // namespace jobmon::host
