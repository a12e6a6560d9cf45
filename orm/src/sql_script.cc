#include "sql_script.h"

#include <algorithm>
#include <cctype>

namespace jobmon::orm::detail {

namespace {

std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

bool is_transaction_control(const std::string& stmt) {
  std::string upper;
  for (char c : stmt) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "BEGIN" || upper == "BEGIN TRANSACTION" || upper == "COMMIT" ||
         upper == "START TRANSACTION";
}

}  // namespace

std::vector<std::string> split_sql_script(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  auto finish = [&] {
    std::string stmt = trimmed(current);
    current.clear();
    if (!stmt.empty() && !is_transaction_control(stmt)) out.push_back(std::move(stmt));
  };
  std::size_t i = 0;
  const std::size_t n = script.size();
  while (i < n) {
    char c = script[i];
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted run, copied verbatim; a doubled quote is an escaped quote, not the end.
      std::size_t j = i + 1;
      while (j < n) {
        if (script[j] == c) {
          if (j + 1 < n && script[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      j = std::min(j + 1, n);
      current.append(script.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < n && script[i + 1] == '-') {
      auto eol = script.find('\n', i);
      i = eol == std::string_view::npos ? n : eol;  // keep the newline as a separator
    } else if (c == '/' && i + 1 < n && script[i + 1] == '*') {
      auto end = script.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
      current += ' ';
    } else if (c == ';') {
      finish();
      ++i;
    } else {
      current += c;
      ++i;
    }
  }
  finish();
  return out;
}

}  // namespace jobmon::orm::detail
