#pragma once
// The plugin API: the only host header a route plugin includes (with json.h and errors.h).
//
// Contract (see docs/plugins.md):
//  * A plugin is a shared library exporting two symbols through Boost.DLL aliases:
//      jobmon_plugin_descriptor  (const jobmon::api::PluginDescriptor)
//      jobmon_plugin_register    (void(jobmon::api::Registry&))
//    Use JOBMON_DECLARE_PLUGIN below rather than writing them by hand.
//  * The host reads the descriptor first and refuses the plugin unless api_version and
//    build_signature equal its own, and every plugin it requires is already loaded.
//  * register() runs once, on the host's main thread, before the server accepts connections.
//    Handlers are called concurrently from several server threads; they must only capture
//    host-owned objects (the Registry's database) or objects the plugin owns for its lifetime.
//  * The host keeps the library loaded until every handler it registered is destroyed.
//  * No Pistache type crosses this boundary: requests and responses are the plain types below.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobmon/json.h"

namespace jobmon::orm {
class Database;
}

namespace jobmon::api {

// Bumped whenever a type in this header, json.h, errors.h, wire.h or route.h changes shape.
inline constexpr int kPluginApiVersion = 5;

enum class Method { kGet, kPost, kPut, kDelete, kPatch };
std::string_view method_name(Method m);

// Who is calling. With authentication disabled every request carries the reference's anonymous
// user (username "anonymous", email "anonymous@localhost", group "anonymous").
struct User {
  std::string username;  // local part of the e-mail, as the reference compares it
  std::string email;
  std::vector<std::string> groups;
  bool anonymous = true;
  bool is_admin = false;  // member of the configured admin group
};

// One HTTP request as a handler sees it. Owned by the host; valid for the duration of the call.
struct Request {
  Method method = Method::kGet;
  std::string path;  // URL path without the query string, e.g. /api/v2/task/12/most_recent_ti_error
  std::string route_template;  // the registered template, e.g. /api/v2/task/{task_id:int}/...
  // Path parameters by name. Parameters declared {name:int} are already validated (the host
  // answers 422 otherwise), so int_param() cannot fail for them.
  std::map<std::string, std::string, std::less<>> path_params;
  std::map<std::string, std::string, std::less<>> query;  // last value wins
  // Every query item in order, repeats kept (?status=C&status=H), decoded.
  std::vector<std::pair<std::string, std::string>> query_items;
  std::string body;  // raw body as received
  // The body parsed as JSON (big integers kept verbatim; the key server_structlog_context
  // removed). Null when the body is empty; json_error() says why when it did not parse.
  const JsonDocument* json = nullptr;
  std::string json_error;
  User user;

  const std::string& param(std::string_view name) const;  // throws std::out_of_range
  std::int64_t int_param(std::string_view name) const;    // for {name:int} parameters
  std::optional<std::string> query_param(std::string_view name) const;
  std::vector<std::string> query_values(std::string_view name) const;  // every value, in order
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra response headers (name, value), e.g. WWW-Authenticate or Location.
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(std::string body, int status = 200);
};

using Handler = std::function<Response(const Request&)>;

// How the host treats a route before its handler runs.
enum class AuthPolicy {
  kNone,         // v2: never authenticated
  kRequireUser,  // v3 and compat: a user is required when authentication is enabled
  // Administrative routes (the admin plugin): a user of the admin group (--auth-admin-group).
  // The host refuses a plugin that asks for it when authentication is disabled or no admin
  // group is configured, unless jobmond runs with --admin-open (then any user may call them).
  kRequireAdmin,
};

// One answer of a route for the OpenAPI document: its status, a description and the JSON
// Schema (text) of its body; an empty schema is any JSON. The host documents its own answers
// (400, 401, 403, 404, 422, 423, 500, 503 in their shapes) for every route by itself.
struct AnswerSpec {
  int status = 200;
  std::string description;
  std::string schema;
};

// What Registry::add takes. route.h's make_route() fills it from a route declaration; a plugin
// may also fill it by hand.
struct RouteSpec {
  Method method = Method::kGet;
  // Path relative to the plugin's prefix, e.g. "/task/{task_id:int}/most_recent_ti_error".
  // Segments: literal, {name} (any one segment) or {name:int} (validated as an integer).
  std::string path;
  Handler handler;
  std::string summary;  // one line, for logs and the OpenAPI document
  // For the OpenAPI document (/api/openapi.json). `query`: the query parameters the handler
  // reads, as a JSON array of OpenAPI parameter objects without "in". `request_schema`: the
  // JSON Schema (text) of the body; empty when the route reads no body.
  std::string query;
  std::string request_schema;
  std::vector<AnswerSpec> answers;
};

// Host-owned; handed to a plugin's register function.
class Registry {
 public:
  virtual ~Registry() = default;
  // Adds a route under the plugin's prefix. A method+path already registered by any plugin
  // makes the host refuse to start (it throws; the plugin must not catch it).
  virtual void add(RouteSpec route) = 0;
  virtual void set_auth_policy(AuthPolicy policy) = 0;  // applies to every route of this plugin
  // The database every handler works on. Owned by the host; outlives every handler.
  virtual orm::Database& database() = 0;
};

// The descriptor's layout is frozen: the host reads api_version before anything else, so a
// plugin built against another API version is refused instead of misread.
struct PluginDescriptor {
  int api_version;               // kPluginApiVersion the plugin was compiled with
  const char* name;              // "v2", "v3", "compat", ...
  const char* build_signature;   // JOBMOND_BUILD_SIGNATURE of the plugin's build
  const char* route_prefix;      // e.g. "/api/v3"
  const char* const* requires_;  // null-terminated list of plugin names, or nullptr
};

using RegisterFunction = void(Registry&);

}  // namespace jobmon::api

// Declares a plugin's two exported symbols. Use once, in the plugin's own translation unit:
//   JOBMON_DECLARE_PLUGIN("compat", "/api/v3", kRequires, register_routes)
// where kRequires is a null-terminated `const char* const[]` (or nullptr) and register_routes is
// a `void(jobmon::api::Registry&)`.
#define JOBMON_DECLARE_PLUGIN(NAME, PREFIX, REQUIRES, REGISTER)                         \
  extern "C" __attribute__((visibility("default")))                                     \
  const jobmon::api::PluginDescriptor jobmon_plugin_descriptor{                         \
      jobmon::api::kPluginApiVersion, NAME, JOBMOND_BUILD_SIGNATURE, PREFIX, REQUIRES}; \
  extern "C" __attribute__((visibility("default"))) void jobmon_plugin_register(        \
      jobmon::api::Registry& registry) {                                                \
    REGISTER(registry);                                                                 \
  }
