#include "common/core/python_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "jobmon/wire.h"

namespace jobmon::routes {

namespace {

// Decodes one UTF-8 code point starting at s[i]; advances i. Invalid bytes decode as themselves.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + static_cast<std::size_t>(len) > s.size()) len = 1;
  std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_hex(std::string& out, const char* prefix, std::uint32_t v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, width, v);
  out += buf;
}

std::string python_str_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      append_hex(out, "\\x", u, 2);
    } else {
      out += c;  // printable ASCII and UTF-8 bytes of non-ASCII text, kept as Python 3 does
    }
  }
  out += quote;
  return out;
}

std::string json_dumps_string(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = next_code_point(s, i);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp < 0x10000)) {
          append_hex(out, "\\u", cp, 4);
        } else if (cp >= 0x10000) {
          std::uint32_t v = cp - 0x10000;
          append_hex(out, "\\u", 0xD800 + (v >> 10), 4);
          append_hex(out, "\\u", 0xDC00 + (v & 0x3FF), 4);
        } else {
          out += static_cast<char>(cp);
        }
    }
  }
  out += '"';
  return out;
}

std::string number_text(const api::JsonValue& v) {
  if (api::is_big_integer(v)) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return api::python_float_text(v.GetDouble());
}

// Shared walker: python_str and python_json_dumps differ only in scalars' spelling.
template <class StringFn, class Literals>
void write_python(const api::JsonValue& v, std::string& out, StringFn string_fn,
                  const Literals& lit) {
  if (v.IsObject()) {
    out += '{';
    bool first = true;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      if (!first) out += ", ";
      first = false;
      out += string_fn(std::string_view(it->name.GetString(), it->name.GetStringLength()));
      out += ": ";
      write_python(it->value, out, string_fn, lit);
    }
    out += '}';
  } else if (v.IsArray()) {
    out += '[';
    bool first = true;
    for (const auto& e : v.GetArray()) {
      if (!first) out += ", ";
      first = false;
      write_python(e, out, string_fn, lit);
    }
    out += ']';
  } else if (api::is_big_integer(v) || v.IsNumber()) {
    out += number_text(v);
  } else if (v.IsString()) {
    out += string_fn(std::string_view(v.GetString(), v.GetStringLength()));
  } else if (v.IsBool()) {
    out += v.GetBool() ? lit.true_text : lit.false_text;
  } else {
    out += lit.null_text;
  }
}

struct LiteralSpelling {
  const char* true_text;
  const char* false_text;
  const char* null_text;
};
constexpr LiteralSpelling kPython{"True", "False", "None"};
constexpr LiteralSpelling kJson{"true", "false", "null"};

// A small recursive-descent reader for Python literals (and JSON, a near subset).
class LiteralParser {
 public:
  LiteralParser(std::string_view text, api::JsonDocument& doc) : s_(text), doc_(doc) {}

  bool parse() {
    api::JsonValue v;
    if (!value(v, 0)) return false;
    skip_space();
    if (pos_ != s_.size()) return false;
    static_cast<api::JsonValue&>(doc_) = std::move(v);
    return true;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool value(api::JsonValue& out, int depth) {
    if (depth > kMaxDepth) return false;
    skip_space();
    if (pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '{') return dict(out, depth);
    if (c == '[') return sequence(out, depth, ']');
    if (c == '(') return sequence(out, depth, ')');
    if (c == '\'' || c == '"') return string(out);
    if (consume("True") || consume("true")) return out.SetBool(true), true;
    if (consume("False") || consume("false")) return out.SetBool(false), true;
    if (consume("None") || consume("null")) return out.SetNull(), true;
    return number(out);
  }

  bool dict(api::JsonValue& out, int depth) {
    ++pos_;
    out.SetObject();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
    while (true) {
      api::JsonValue key;
      skip_space();
      if (!value(key, depth + 1)) return false;
      if (!key.IsString()) {  // Python allows int keys; JSON objects need string names
        std::string k = key.IsNumber() ? number_text(key) : std::string();
        if (k.empty()) return false;
        key.SetString(k.c_str(), static_cast<rapidjson::SizeType>(k.size()), doc_.GetAllocator());
      }
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return false;
      ++pos_;
      api::JsonValue val;
      if (!value(val, depth + 1)) return false;
      out.AddMember(key, val, doc_.GetAllocator());
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
      return false;
    }
  }

  bool sequence(api::JsonValue& out, int depth, char close) {
    ++pos_;
    out.SetArray();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == close) return ++pos_, true;
    while (true) {
      api::JsonValue val;
      if (!value(val, depth + 1)) return false;
      out.PushBack(val, doc_.GetAllocator());
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == close) return ++pos_, true;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == close) return ++pos_, true;
      return false;
    }
  }

  bool string(api::JsonValue& out) {
    char quote = s_[pos_++];
    std::string text;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_++];
      if (c != '\\') {
        text += c;
        continue;
      }
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      switch (e) {
        case 'n':
          text += '\n';
          break;
        case 'r':
          text += '\r';
          break;
        case 't':
          text += '\t';
          break;
        case 'b':
          text += '\b';
          break;
        case 'f':
          text += '\f';
          break;
        case 'x':
        case 'u': {
          int width = e == 'x' ? 2 : 4;
          if (pos_ + static_cast<std::size_t>(width) > s_.size()) return false;
          unsigned cp = 0;
          auto r = std::from_chars(s_.data() + pos_, s_.data() + pos_ + width, cp, 16);
          if (r.ec != std::errc() || r.ptr != s_.data() + pos_ + width) return false;
          pos_ += static_cast<std::size_t>(width);
          append_utf8(text, cp);
          break;
        }
        default:
          text += e;  // \\, \', \", \/
      }
    }
    if (pos_ >= s_.size()) return false;
    ++pos_;
    out.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), doc_.GetAllocator());
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool number(api::JsonValue& out) {
    std::size_t start = pos_;
    if (pos_ < s_.size() && (s_[pos_] == '-' || s_[pos_] == '+')) ++pos_;
    bool is_float = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c >= '0' && c <= '9') {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' ||
                 ((c == '-' || c == '+') && (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E'))) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string text(s_.substr(start, pos_ - start));
    if (text.empty() || text == "-" || text == "+") return false;
    if (!is_float) {
      long long i = 0;
      auto r = std::from_chars(text.data() + (text[0] == '+'), text.data() + text.size(), i);
      if (r.ec == std::errc()) return out.SetInt64(i), true;
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return false;
    out.SetDouble(d);
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  api::JsonDocument& doc_;
};

}  // namespace

std::string python_str(const api::JsonValue& v) {
  std::string out;
  write_python(v, out, python_str_repr, kPython);
  return out;
}

std::string python_json_dumps(const api::JsonValue& v) {
  std::string out;
  write_python(v, out, json_dumps_string, kJson);
  return out;
}

bool parse_python_literal(std::string_view text, api::JsonDocument& out) {
  return LiteralParser(text, out).parse();
}

}  // namespace jobmon::routes
