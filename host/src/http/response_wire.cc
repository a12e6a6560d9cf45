#include "http/response_wire.h"

#include <pistache/http_defs.h>

#include <string_view>

#include "ascii.h"

namespace jobmon::host {

namespace {

bool owned_by_host(std::string_view name) {
  return iequals_ascii(name, "Connection") || iequals_ascii(name, "Content-Length") ||
         iequals_ascii(name, "Content-Type");
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

std::string serialize_response(bool http10, const api::Response& r, bool keep_alive) {
  std::string out;
  std::size_t headers_size = 0;
  for (const auto& [name, value] : r.headers) headers_size += name.size() + value.size() + 4;
  out.reserve(128 + headers_size + r.content_type.size() + r.body.size());
  out.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(r.status));
  out.push_back(' ');
  out.append(Pistache::Http::codeString(static_cast<Pistache::Http::Code>(r.status)));
  out.append("\r\n");
  for (const auto& [name, value] : r.headers) {
    if (!owned_by_host(name)) append_header(out, name, value);
  }
  if (!r.content_type.empty()) append_header(out, "Content-Type", r.content_type);
  append_header(out, "Connection", keep_alive ? "Keep-Alive" : "Close");
  append_header(out, "Content-Length", std::to_string(r.body.size()));
  out.append("\r\n");
  out.append(r.body);
  return out;
}

}  // namespace jobmon::host
