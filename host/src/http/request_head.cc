#include "http/request_head.h"

#include <algorithm>
#include <array>
#include <utility>

#include "ascii.h"

namespace jobmon::host {

namespace {

// How a header name is read. Pistache builds a typed header for the names of its registry;
// where that can fail or change the meaning (a port out of range, an unknown media type, a
// Connection of "clo" taken for close), only the values checked here are plain.
enum class Kind {
  kRaw,            // Pistache keeps it as sent
  kAnyValue,       // typed, and Pistache takes any value (User-Agent, Authorization)
  kHost,           // host[:port]
  kContentLength,  // digits
  kConnection,     // close or keep-alive
  kAccept,         // */* or application/json
  kContentType,    // JSON
  kNotPlain,       // any other typed header, Transfer-Encoding, cookies: Pistache reads it
};

struct KnownName {
  std::string_view name;
  Kind kind;
};

// Pistache 0.0.5's header registry, and the two names its parser reads as cookies.
// request_head_test.cc checks that the registry holds no other name.
constexpr std::array<KnownName, 21> kKnownNames = {{
    {"host", Kind::kHost},
    {"content-length", Kind::kContentLength},
    {"content-type", Kind::kContentType},
    {"connection", Kind::kConnection},
    {"accept", Kind::kAccept},
    {"user-agent", Kind::kAnyValue},
    {"authorization", Kind::kAnyValue},
    {"transfer-encoding", Kind::kNotPlain},
    {"expect", Kind::kNotPlain},
    {"date", Kind::kNotPlain},
    {"server", Kind::kNotPlain},
    {"allow", Kind::kNotPlain},
    {"location", Kind::kNotPlain},
    {"cache-control", Kind::kNotPlain},
    {"content-encoding", Kind::kNotPlain},
    {"access-control-allow-origin", Kind::kNotPlain},
    {"access-control-allow-headers", Kind::kNotPlain},
    {"access-control-expose-headers", Kind::kNotPlain},
    {"access-control-allow-methods", Kind::kNotPlain},
    {"cookie", Kind::kNotPlain},
    {"set-cookie", Kind::kNotPlain},
}};

Kind kind_of(std::string_view name) {
  for (const auto& known : kKnownNames) {
    if (iequals_ascii(name, known.name)) return known.kind;
  }
  return Kind::kRaw;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 9110 token characters (header names).
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alnum(c) && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Visible ASCII; with `blanks`, spaces and tabs too.
bool is_printable(std::string_view s, bool blanks) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool visible = u > 0x20 && u < 0x7f;
    if (!visible && !(blanks && (c == ' ' || c == '\t'))) return false;
  }
  return true;
}

bool is_plain_host(std::string_view value) {
  const std::size_t colon = value.find(':');
  const std::string_view host = value.substr(0, colon);
  if (host.empty()) return false;
  for (char c : host) {
    if (!is_alnum(c) && c != '.' && c != '-') return false;
  }
  if (colon == std::string_view::npos) return true;
  const std::string_view port = value.substr(colon + 1);
  unsigned long long n = 0;
  return port.size() <= 5 && parse_ascii_number(port, 10, n) && n <= 65535;
}

bool is_plain_value(Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::kRaw:
    case Kind::kAnyValue:
      return true;
    case Kind::kHost:
      return is_plain_host(value);
    case Kind::kContentLength: {
      unsigned long long length = 0;
      return parse_ascii_number(value, 10, length);
    }
    case Kind::kConnection:
      return iequals_ascii(value, "close") || iequals_ascii(value, "keep-alive");
    case Kind::kAccept:
      return value == "*/*" || value == "application/json";
    case Kind::kContentType:
      return value == "application/json" || value == "application/json; charset=utf-8" ||
             value == "application/json; charset=UTF-8";
    case Kind::kNotPlain:
      return false;
  }
  return false;
}

// The methods a route may have (api::Method), as sent.
constexpr std::array<std::pair<std::string_view, api::Method>, 5> kRouteMethods = {{
    {"GET", api::Method::kGet},
    {"POST", api::Method::kPost},
    {"PUT", api::Method::kPut},
    {"DELETE", api::Method::kDelete},
    {"PATCH", api::Method::kPatch},
}};

// "METHOD SP target SP HTTP/1.x" with a method a route may have.
bool read_request_line(std::string_view line, PlainHead& out) {
  if (line.size() > kMaxRequestLineBytes) return false;
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return false;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return false;
  out.method = line.substr(0, sp1);
  const auto known = std::find_if(kRouteMethods.begin(), kRouteMethods.end(),
                                  [&](const auto& m) { return m.first == out.method; });
  if (known == kRouteMethods.end()) return false;
  out.route_method = known->second;
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (target.empty() || !is_printable(target, false)) return false;
  const std::size_t question = target.find('?');
  out.path = target.substr(0, question);
  out.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1") {
    out.http10 = false;
  } else if (version == "HTTP/1.0") {
    out.http10 = true;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> PlainHead::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals_ascii(h.name, name)) return h.value;
  }
  return std::nullopt;
}

std::optional<PlainHead> read_plain_head(std::string_view head) {
  PlainHead out;
  std::size_t eol = head.find("\r\n");
  if (eol == std::string_view::npos || !read_request_line(head.substr(0, eol), out)) {
    return std::nullopt;
  }
  std::optional<std::string_view> connection;
  std::string_view rest = head.substr(eol + 2);
  while (true) {
    eol = rest.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;  // no blank line
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    PlainHeader h{line.substr(0, colon), line.substr(colon + 1)};
    while (!h.value.empty() && h.value.front() == ' ') h.value.remove_prefix(1);
    if (!is_token(h.name) || !is_printable(h.value, true)) return std::nullopt;
    const Kind kind = kind_of(h.name);
    if (!is_plain_value(kind, h.value) || out.header(h.name)) return std::nullopt;
    if (kind == Kind::kContentLength) {
      parse_ascii_number(h.value, 10, out.content_length);  // checked by is_plain_value
    } else if (kind == Kind::kConnection) {
      connection = h.value;
    }
    out.headers.push_back(h);
  }
  if (!rest.empty()) return std::nullopt;  // more than a head
  out.keep_alive = connection ? iequals_ascii(*connection, "keep-alive") : !out.http10;
  return out;
}

}  // namespace jobmon::host
