#pragma once
// HTTP's case-insensitive text (header names, tokens such as "chunked") is ASCII.
#include <algorithm>
#include <cctype>
#include <string_view>

namespace jobmon::host {

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace jobmon::host
