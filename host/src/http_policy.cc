#include "http_policy.h"

#include <algorithm>

#include "dispatcher.h"

namespace jobmon::host {

namespace {

// The reference's SecurityHeadersMiddleware, minus its Swagger-specific CSP sources. HSTS is
// sent only when the request reached us over TLS (a TLS-terminating proxy says so in
// X-Forwarded-Proto): over plain HTTP browsers ignore it anyway.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src * data:; connect-src 'self'; script-src 'self'; "
     "style-src 'self' 'unsafe-inline'"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"X-XSS-Protection", "1; mode=block"},
};
constexpr const char* kHsts = "max-age=31556926; includeSubDomains";
constexpr const char* kAllowMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
constexpr const char* kAllowHeaders =
    "Accept, Accept-Language, Authorization, Content-Language, Content-Type, X-Requested-With";

std::optional<std::string> header(const IncomingRequest& in, std::string_view name) {
  if (!in.header) return std::nullopt;
  return in.header(name);
}

}  // namespace

HttpPolicy::HttpPolicy(const CorsConfig& cors, bool auth_enabled)
    : any_origin_(!auth_enabled), origins_(cors.allowed_origins) {}

bool HttpPolicy::origin_allowed(const std::string& origin) const {
  return any_origin_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

void HttpPolicy::add_allow_origin(const std::string& origin, api::Response& r) const {
  if (any_origin_) {
    r.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return;
  }
  r.headers.emplace_back("Access-Control-Allow-Origin", origin);
  r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  r.headers.emplace_back("Vary", "Origin");
}

std::optional<api::Response> HttpPolicy::preflight(const IncomingRequest& in) const {
  if (in.method_text != "OPTIONS") return std::nullopt;
  auto origin = header(in, "Origin");
  auto method = header(in, "Access-Control-Request-Method");
  if (!origin || !method) return std::nullopt;
  api::Response r;
  r.content_type = "text/plain; charset=utf-8";
  if (!origin_allowed(*origin)) {
    r.status = 400;
    r.body = "Disallowed CORS origin";
  } else {
    r.status = 200;
    r.body = "OK";
    add_allow_origin(*origin, r);
    r.headers.emplace_back("Access-Control-Allow-Methods", kAllowMethods);
    r.headers.emplace_back("Access-Control-Allow-Headers", kAllowHeaders);
    r.headers.emplace_back("Access-Control-Max-Age", "600");
  }
  return r;  // the security headers come with decorate(), as on every answer
}

void HttpPolicy::decorate(const IncomingRequest& in, api::Response& r) const {
  if (in.method_text != "OPTIONS") {
    if (auto origin = header(in, "Origin"); origin && origin_allowed(*origin)) {
      add_allow_origin(*origin, r);
    }
  }
  for (const auto& [name, value] : kSecurityHeaders) r.headers.emplace_back(name, value);
  auto proto = header(in, "X-Forwarded-Proto");
  if (proto && *proto == "https") r.headers.emplace_back("Strict-Transport-Security", kHsts);
}

}  // namespace jobmon::host
