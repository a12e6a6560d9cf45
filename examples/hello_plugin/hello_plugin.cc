// The smallest useful jobmond plugin: one route under its own prefix, answering JSON, with a
// path parameter and an optional query parameter. It requires the v3 plugin to show how a
// plugin states what it builds on (the host refuses to load it otherwise).
#include "jobmon/errors.h"
#include "jobmon/json.h"
#include "jobmon/plugin_api.h"

namespace {

constexpr const char* kRequires[] = {"v3", nullptr};

jobmon::api::Response greeting(const jobmon::api::Request& req) {
  jobmon::api::JsonWriter out;
  out.start_object().key("hello").string(req.query_param("name").value_or("world"));
  out.key("user").string(req.user.username).end_object();
  return jobmon::api::Response::json(out.str());
}

jobmon::api::Response square(const jobmon::api::Request& req) {
  const std::int64_t n = req.int_param("n");  // {n:int}: the host already answered 422 otherwise
  if (n > 3037000499 || n < -3037000499) throw jobmon::api::DetailError(400, "n is too large");
  jobmon::api::JsonWriter out;
  out.start_object().key("square").integer(n * n).end_object();
  return jobmon::api::Response::json(out.str());
}

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kNone);
  registry.add({jobmon::api::Method::kGet, "/greeting", greeting, "Say hello."});
  registry.add({jobmon::api::Method::kGet, "/square/{n:int}", square, "Square an integer."});
}

}  // namespace

JOBMON_DECLARE_PLUGIN("hello", "/api/hello", kRequires, register_routes)
