#include "jobmon/errors.h"

#include "jobmon/json.h"

namespace jobmon::api {

// Out-of-line destructors are the key functions: typeinfo and vtables live in this library only,
// so a plugin's throw is caught by type in the host.
HttpError::HttpError(int status, std::string message)
    : std::runtime_error(std::move(message)), status_(status) {}
HttpError::~HttpError() = default;

DetailError::DetailError(int status, std::string detail) : HttpError(status, std::move(detail)) {}
DetailError::~DetailError() = default;

InvalidUsage::InvalidUsage(std::string message, int status)
    : HttpError(status, std::move(message)) {}
InvalidUsage::~InvalidUsage() = default;

ServerError::ServerError(std::string message, int status) : HttpError(status, std::move(message)) {}
ServerError::~ServerError() = default;

JsonError::JsonError(int status, std::string json_body) : HttpError(status, std::move(json_body)) {}
JsonError::~JsonError() = default;

std::string field_error_message(const std::string& field, const std::string& path) {
  // The reference formats f"{exc} in request to {path}" with exc a KeyError: str(KeyError(k)) is
  // repr(k).
  return python_repr(field) + " in request to " + path;
}

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, unsigned value) {
  out += "\\x";
  out += kHex[(value >> 4) & 0xF];
  out += kHex[value & 0xF];
}

}  // namespace

std::string python_repr(const std::string& s) {
  // CPython's unicode_repr: single quotes unless the text has a single quote and no double quote.
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out;
  out.reserve(s.size() + 2);
  out += quote;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, c);
    } else if (c == 0xC2 && i + 1 < s.size()) {
      // U+0080..U+00A0 and U+00AD are not printable for Python: shown as \x escapes.
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if ((next >= 0x80 && next <= 0xA0) || next == 0xAD) {
        append_hex_escape(out, next);
        ++i;
      } else {
        out += static_cast<char>(c);
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::string custom_error_body(const std::string& type, const std::string& message, int status) {
  JsonWriter w;
  w.start_object().key("error").start_object();
  w.key("type").string(type);
  w.key("exception_message").string(message);
  w.key("status_code").string(std::to_string(status));
  w.end_object().end_object();
  return w.str();
}

}  // namespace jobmon::api
