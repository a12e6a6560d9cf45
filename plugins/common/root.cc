#include "jobmon/routes/root.h"

#include "jobmon/json.h"
#include "jobmon/orm/database.h"

namespace jobmon::routes {

api::Response is_alive(const Context&, const api::Request&) {
  return api::Response::json(R"({"msg":"Yes, I am alive"})");
}

api::Response get_database_time(const Context& ctx, const api::Request&) {
  api::JsonWriter out;
  out.start_object().key("time").string(orm::database_now(ctx.db)).end_object();
  return api::Response::json(out.str());
}

api::Response health(const Context& ctx, const api::Request&) {
  // A real round trip: a database that cannot answer makes this a 5xx.
  orm::database_now(ctx.db);
  return api::Response::json(R"({"status":"OK"})");
}

api::Response test_bad(const Context& ctx, const api::Request&) {
  orm::run_deliberately_bad_query(ctx.db);  // always throws; the host answers 500
}

api::Response api_version(const Context& ctx, const api::Request&) {
  return api::Response::json(ctx.version == ApiVersion::kV2 ? R"({"status":"v2"})"
                                                            : R"({"status":"v3"})");
}

}  // namespace jobmon::routes

namespace jobmon::routes {

namespace {
using api::Method;
constexpr RouteEntry kRootRoutes[] = {
    {Method::kGet, "/", is_alive, "Liveness check that returns a fixed message.", nullptr,
     "msg:string", nullptr},
    {Method::kGet, "/time", get_database_time, "Return the database's current time as a string.",
     nullptr, "time:string", nullptr},
    {Method::kGet, "/health", health, "Check database connectivity.", nullptr, "status:string",
     nullptr},
    {Method::kGet, "/test_bad", test_bad, "Deliberately fail with a database error (500)."},
    {Method::kGet, "/api_version", api_version, "The API version served under this prefix.",
     nullptr, "version:string", nullptr},
};
}  // namespace

std::span<const RouteEntry> root_routes() { return kRootRoutes; }

}  // namespace jobmon::routes
