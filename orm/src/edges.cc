#include "jobmon/orm/edges.h"

#include <cctype>
#include <charconv>
#include <string_view>

#include "jobmon/orm/warnings.h"

namespace jobmon::orm {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A JSON array of integers, the whole of `s`.
std::optional<std::vector<std::int64_t>> int_array(std::string_view s) {
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') return std::nullopt;
  std::vector<std::int64_t> ids;
  std::string_view rest = trimmed(s.substr(1, s.size() - 2));
  while (!rest.empty()) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    if (ec != std::errc() || end == rest.data()) return std::nullopt;
    ids.push_back(id);
    rest = trimmed(rest.substr(static_cast<std::size_t>(end - rest.data())));
    if (rest.empty()) break;
    if (rest.front() != ',') return std::nullopt;
    rest = trimmed(rest.substr(1));
    if (rest.empty()) return std::nullopt;  // "[1, ]"
  }
  return ids;
}

// The content of a JSON string, the whole of `s` ("..." with JSON's escapes).
std::optional<std::string> json_string(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 >= s.size()) return std::nullopt;
    switch (s[i]) {
      case '"':
      case '\\':
      case '/':
        out += s[i];
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
      case 'f':
        out += ' ';
        break;  // neither can be part of a readable list
      case 'u': {
        unsigned code = 0;
        if (i + 5 >= s.size()) return std::nullopt;
        auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 5, code, 16);
        if (ec != std::errc() || end != s.data() + i + 5) return std::nullopt;
        out += code < 0x80 ? static_cast<char>(code) : '?';  // only ASCII can matter here
        i += 4;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

// One level of the stored text: null/blank, an array, or (up to `depth` more times) a string
// holding one of those.
StoredNodeIds read_level(std::string_view text, int depth) {
  text = trimmed(text);
  if (text.empty() || text == "null") return {};
  if (auto ids = int_array(text)) return {std::move(ids), false};
  if (depth > 0) {
    if (auto inner = json_string(text)) return read_level(*inner, depth - 1);
  }
  return {std::nullopt, true};
}

}  // namespace

StoredNodeIds read_node_ids(const std::optional<std::string>& stored) {
  if (!stored) return {};
  // The cell, a string of it (3.4), or a string of that string (a double-encoded cell).
  return read_level(*stored, 2);
}

std::optional<std::vector<std::int64_t>> node_ids_or_warn(const std::optional<std::string>& stored,
                                                          const std::string& where) {
  StoredNodeIds read = read_node_ids(stored);
  if (read.unreadable) {
    warn("unreadable node id list in " + where + ", read as no edges: " + stored->substr(0, 200));
  }
  return std::move(read.ids);
}

std::string python_int_list_text(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

std::string stored_node_ids(const std::vector<std::int64_t>& ids, EdgeForm form) {
  if (ids.empty()) return "null";
  const std::string list = python_int_list_text(ids);
  // The list's text has no character JSON escapes: quoting it is the JSON string.
  return form == EdgeForm::kJsonArray ? list : "\"" + list + "\"";
}

}  // namespace jobmon::orm
