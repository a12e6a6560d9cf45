#pragma once
// A request as the server read it, before routing: what the dispatcher, the HTTP policy (CORS,
// security headers) and the API documents look at. Its own header so that those do not include
// the dispatcher, which includes them.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

// Reads one request header by (case-insensitive) name.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct IncomingRequest {
  std::optional<api::Method> method;  // nullopt: a method no route has (HEAD, OPTIONS, ...)
  std::string method_text;            // as received, for logs
  std::string raw_path;               // still percent-encoded, no query string
  std::vector<std::pair<std::string, std::string>> raw_query;  // still encoded, in order
  std::string host_header;                                     // for redirects
  std::string body;
  HeaderLookup header;  // may be empty
  std::string peer;     // the client's address (for trusted-proxy checks and logs)
};

}  // namespace jobmon::host
