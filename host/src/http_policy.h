#pragma once
// What every response carries regardless of route: the reference's security headers and its
// CORS policy (Starlette's CORSMiddleware as the reference configures it): every origin
// without credentials when authentication is off; the configured origins, with credentials,
// when it is on. CORS preflights (OPTIONS with Access-Control-Request-Method) are answered here,
// before routing.
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

struct IncomingRequest;

class HttpPolicy {
 public:
  HttpPolicy(const CorsConfig& cors, bool auth_enabled);

  // The answer to a CORS preflight, or nullopt when `in` is not one; decorate() then adds the
  // security headers, as to every answer.
  std::optional<api::Response> preflight(const IncomingRequest& in) const;
  // Adds the security and CORS headers to a routed response.
  void decorate(const IncomingRequest& in, api::Response& r) const;

 private:
  bool origin_allowed(const std::string& origin) const;
  void add_allow_origin(const std::string& origin, api::Response& r) const;

  bool any_origin_;  // auth disabled: "*", no credentials
  std::vector<std::string> origins_;
};

}  // namespace jobmon::host
