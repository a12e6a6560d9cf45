#include "common/core/client_generation.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

namespace jobmon::routes {

namespace {

// The cut-off: clients up to this version json.loads() the downstream node ids.
constexpr std::int64_t kCutoff[] = {3, 4, 23};

bool is_blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Python's int() of a text, clamped to what the comparison needs (any number of more than 18
// digits is beyond every part of the cut-off); nullopt when int() refuses it.
std::optional<std::int64_t> python_int(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) return std::nullopt;
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digits += s[i];
    } else if (s[i] != '_' || !is_digit(s[i + 1])) {  // one underscore between two digits
      return std::nullopt;
    }
  }
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  std::int64_t value = digits.size() > 18 ? INT64_MAX : (digits.empty() ? 0 : std::stoll(digits));
  return negative ? -value : value;
}

}  // namespace

ClientGeneration client_generation(std::optional<std::string_view> version) {
  if (!version || version->empty()) return ClientGeneration::kJobmon34;
  std::string lower(*version);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("dev") != std::string::npos || lower.find("stage") != std::string::npos) {
    return ClientGeneration::kJobmon36;
  }
  std::vector<std::int64_t> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = version->find('.', start);
    auto part = python_int(version->substr(start, dot - start));
    if (!part) return ClientGeneration::kJobmon34;
    parts.push_back(*part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  const std::size_t n = std::max(parts.size(), std::size(kCutoff));
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t mine = i < parts.size() ? parts[i] : 0;
    const std::int64_t cut = i < std::size(kCutoff) ? kCutoff[i] : 0;
    if (mine != cut) return mine > cut ? ClientGeneration::kJobmon36 : ClientGeneration::kJobmon34;
  }
  return ClientGeneration::kJobmon34;
}

ClientGeneration client_generation(const api::Request& req) {
  const auto version = req.query_param("client_jobmon_version");
  if (!version) return ClientGeneration::kJobmon34;
  return client_generation(std::string_view(*version));
}

}  // namespace jobmon::routes
