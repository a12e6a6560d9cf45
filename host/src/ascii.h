#pragma once
// HTTP's case-insensitive text (header names, tokens such as "chunked") is ASCII.
#include <algorithm>
#include <string_view>

namespace jobmon::host {

// Not std::tolower: that one is a call per character and asks the C locale.
inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Digits of `s` in `base` (10 or 16), one to 15 of them and nothing else (so no overflow).
inline bool parse_ascii_number(std::string_view s, int base, unsigned long long& out) {
  if (s.empty() || s.size() > 15) return false;
  out = 0;
  for (char c : s) {
    const char l = lower_ascii(c);
    int digit;
    if (l >= '0' && l <= '9') {
      digit = l - '0';
    } else if (base == 16 && l >= 'a' && l <= 'f') {
      digit = l - 'a' + 10;
    } else {
      return false;
    }
    out = out * static_cast<unsigned long long>(base) + static_cast<unsigned long long>(digit);
  }
  return true;
}

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

}  // namespace jobmon::host
