#include "dispatcher.h"

#include <charconv>
#include <chrono>

#include "error_mapping.h"
#include "http/url.h"
#include "jobmon/json.h"
#include "jobmon/orm/status_history.h"
#include "log.h"

namespace jobmon::host {

namespace {

// pydantic's lax int parsing of a path segment, restricted to what fits the database's
// 64-bit ids: optional sign, digits.
bool is_int64_text(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Dispatcher::Dispatcher(std::shared_ptr<const RouteTable> routes,
                       std::shared_ptr<const Authenticator> authenticator,
                       std::shared_ptr<const HttpPolicy> policy, std::shared_ptr<Metrics> metrics,
                       orm::Database* db, std::shared_ptr<const ApiDocs> docs)
    : routes_(std::move(routes)),
      authenticator_(std::move(authenticator)),
      policy_(std::move(policy)),
      metrics_(std::move(metrics)),
      db_(db),
      docs_(std::move(docs)),
      health_(db) {}

Lane Dispatcher::lane(const IncomingRequest& in) const {
  if (in.method == api::Method::kGet && in.raw_path == kReadinessPath) return Lane::kProbe;
  if (in.method == api::Method::kGet &&
      (in.raw_path == kLivenessPath || (metrics_ && in.raw_path == "/metrics"))) {
    return Lane::kNetwork;
  }
  if (policy_ && in.method_text == "OPTIONS") return Lane::kNetwork;  // preflights: no plugin
  if (docs_ && docs_->serves(in)) return Lane::kNetwork;              // documents held in memory
  return Lane::kHandler;
}

api::Response Dispatcher::dispatch(const IncomingRequest& in) const noexcept {
  const auto start = std::chrono::steady_clock::now();
  if (metrics_) metrics_->request_started();
  std::string where = in.method_text + " " + in.raw_path;
  const Route* matched = nullptr;
  std::vector<std::pair<std::string, std::string>> matched_params;
  api::Response r;
  try {
    std::optional<api::Response> early;
    if (policy_) early = policy_->preflight(in);
    if (!early && in.method == api::Method::kGet && in.raw_path == kLivenessPath) {
      early = health_.live();
    }
    if (!early && in.method == api::Method::kGet && in.raw_path == kReadinessPath) {
      early = health_.ready();
    }
    if (!early && metrics_ && in.method == api::Method::kGet && in.raw_path == "/metrics") {
      early =
          api::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics_->render(db_), {}};
    }
    if (!early && docs_) early = docs_->serve(in);
    r = early ? std::move(*early) : dispatch_unguarded(in, where, matched, matched_params);
  } catch (...) {
    r = current_exception_response(where);
  }
  if (request_log_enabled()) {  // building the entry is a dozen copies: only when it is written
    try {
      RequestLog entry = request_log_entry(in.method_text, in.raw_path, r.status, start);
      if (matched) {
        entry.route = matched->path_template;
        entry.plugin = matched->plugin;
        entry.path_params = matched_params;
      }
      if (in.header) {
        entry.structlog_context = in.header("X-Server-Structlog-Context").value_or("");
      }
      log_request(entry);
    } catch (...) {
      // Logging must never cost the answer.
    }
  }
  if (metrics_) {
    try {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics_->request_finished(matched ? matched->plugin : "",
                                 matched ? matched->path_template : "", r.status, seconds);
    } catch (...) {
      // Counting must never cost the answer.
    }
  }
  if (policy_) {
    try {
      policy_->decorate(in, r);
    } catch (...) {
      // Only allocation can fail here; the response is still worth sending.
    }
  }
  return r;
}

api::Response Dispatcher::refusal(const AuthResult& a, const std::string& where,
                                  const IncomingRequest& in) const {
  // The reason says what was wrong, never the credential itself.
  log_warning("authentication failed for " + where + " from " +
              (in.peer.empty() ? std::string("?") : in.peer) + ": " + a.reason);
  api::Response r = detail_response(a.status, a.detail);
  if (!a.www_authenticate.empty()) r.headers.emplace_back("WWW-Authenticate", a.www_authenticate);
  return r;
}

api::Response Dispatcher::redirect_or_not_found(const IncomingRequest& in,
                                                const std::string& path) const {
  // Starlette's redirect_slashes: the same path with the trailing slash toggled.
  if (path != "/") {
    std::string other = path.back() == '/' ? path.substr(0, path.size() - 1) : path + "/";
    RouteMatch m = routes_->match(in.method, split_path(other));
    if (m.kind != RouteMatch::Kind::kNotFound) {
      std::string location = "http://" + (in.host_header.empty() ? "localhost" : in.host_header);
      // Re-encode nothing: the redirect keeps the client's raw spelling of the rest.
      std::string raw = in.raw_path;
      raw = raw.back() == '/' ? raw.substr(0, raw.size() - 1) : raw + "/";
      location += raw;
      for (std::size_t i = 0; i < in.raw_query.size(); ++i) {
        location += (i == 0 ? "?" : "&") + in.raw_query[i].first + "=" + in.raw_query[i].second;
      }
      api::Response r;
      r.status = 307;
      r.content_type.clear();
      r.headers.emplace_back("Location", location);
      return r;
    }
  }
  return detail_response(404, "Not Found");
}

api::Response Dispatcher::dispatch_unguarded(
    const IncomingRequest& in, std::string& where, const Route*& matched,
    std::vector<std::pair<std::string, std::string>>& params) const {
  const std::string path = percent_decode(in.raw_path);
  where = in.method_text + " " + path;
  const RouteMatch match = routes_->match(in.method, split_path(path));
  if (match.kind == RouteMatch::Kind::kNotFound) return redirect_or_not_found(in, path);
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    return detail_response(405, "Method Not Allowed");
  }
  const Route& route = *match.route;
  matched = &route;
  params = match.params;

  // FastAPI resolves the router-level auth dependency before validating path parameters.
  AuthResult auth = authenticator_->authenticate(route.policy, Credentials{in.header, in.peer});
  if (!auth.user) return refusal(auth, where, in);
  api::Request req;
  req.user = std::move(*auth.user);

  std::vector<std::pair<std::string, std::string>> bad_ints;
  for (std::size_t i = 0; i < route.params.size(); ++i) {
    const std::string& value = match.params[i].second;
    if (route.params[i].is_int && !is_int64_text(value)) {
      bad_ints.emplace_back(route.params[i].name, value);
    }
    req.path_params.emplace(match.params[i].first, value);
  }
  if (!bad_ints.empty()) return int_parsing_response(bad_ints);

  req.method = route.method;
  req.path = path;
  req.route_template = route.path_template;
  for (const auto& [k, v] : in.raw_query) {
    req.query.insert_or_assign(percent_decode(k, true), percent_decode(v, true));
    req.query_items.emplace_back(percent_decode(k, true), percent_decode(v, true));
  }
  req.body = in.body;
  // The document must outlive the handler call; it lives on this frame.
  api::JsonDocument doc;
  if (!req.body.empty()) {
    api::JsonParseResult parsed = api::parse_json(req.body, doc);
    if (parsed.ok) {
      // The reference's logging middleware removes this key before any handler sees the body.
      if (doc.IsObject()) doc.RemoveMember("server_structlog_context");
      req.json = &doc;
    } else {
      req.json_error = parsed.error;
    }
  }
  // What this request changes is attributed to its route, plugin and user (the status history).
  const orm::AttributionScope attribution(
      orm::ChangeAttribution{route.path_template, route.plugin, req.user.username, {}});
  return route.handler(req);
}

}  // namespace jobmon::host
