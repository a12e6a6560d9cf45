#pragma once
// From a parsed HTTP request to a response, with no Pistache type in sight: routing, the 404 /
// 405 / 307 / 422 answers, authentication, request preparation (URL decoding, JSON body) and the
// exception guard around the plugin's handler. Immutable after construction; dispatch() is
// called concurrently from every server thread and never throws.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api_docs.h"
#include "auth.h"
#include "health.h"
#include "http_policy.h"
#include "jobmon/plugin_api.h"
#include "metrics.h"
#include "router.h"

namespace jobmon::host {

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

// Which thread answers a request (http_server.h): the network thread answers what needs neither
// plugin code nor the database, so that nothing waits behind a slow handler; the probe thread
// /readyz, whose database round trip must not wait behind the handlers either; the handler
// threads everything else.
enum class Lane { kNetwork, kProbe, kHandler };

class Dispatcher {
 public:
  // `policy` (CORS and security headers) may be null: responses are then left as routed.
  // `metrics` may be null: no /metrics route and nothing counted; `db` feeds its pool gauges and
  // /readyz (health.h), which is never ready without one. /livez is always served.
  Dispatcher(std::shared_ptr<const RouteTable> routes,
             std::shared_ptr<const Authenticator> authenticator,
             std::shared_ptr<const HttpPolicy> policy = nullptr,
             std::shared_ptr<Metrics> metrics = nullptr, orm::Database* db = nullptr,
             std::shared_ptr<const ApiDocs> docs = nullptr);

  api::Response dispatch(const IncomingRequest& in) const noexcept;

  // Where `in` is to be dispatched: kNetwork for /livez, /metrics, the API documents and CORS
  // preflights; kProbe for /readyz; kHandler for the rest.
  Lane lane(const IncomingRequest& in) const;

 private:
  // `matched` is set to the route that handled the request (null when none did), `params` to
  // its path parameters (name, value).
  api::Response dispatch_unguarded(const IncomingRequest& in, std::string& where,
                                   const Route*& matched,
                                   std::vector<std::pair<std::string, std::string>>& params) const;
  api::Response redirect_or_not_found(const IncomingRequest& in, const std::string& path) const;
  api::Response refusal(const AuthResult& a, const std::string& where,
                        const IncomingRequest& in) const;

  std::shared_ptr<const RouteTable> routes_;
  std::shared_ptr<const Authenticator> authenticator_;
  std::shared_ptr<const HttpPolicy> policy_;
  std::shared_ptr<Metrics> metrics_;
  orm::Database* db_ = nullptr;
  std::shared_ptr<const ApiDocs> docs_;
  Health health_;
};

}  // namespace jobmon::host
