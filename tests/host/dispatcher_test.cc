// The dispatcher without sockets: routing answers, request preparation and the exception guard.
#include "dispatcher.h"

#include <gtest/gtest.h>

#include <map>

#include "jobmon/errors.h"
#include "jobmon/orm/errors.h"

namespace jobmon::host {
namespace {

using api::Method;

class DispatcherTest : public ::testing::Test {
 protected:
  void add(Method m, const std::string& path, api::Handler h,
           api::AuthPolicy policy = api::AuthPolicy::kNone) {
    Route r;
    r.method = m;
    r.path_template = path;
    r.handler = std::move(h);
    r.policy = policy;
    r.plugin = "test";
    table_->add(std::move(r));
  }
  api::Response get(const std::string& path, bool auth_enabled = false) {
    return run(Method::kGet, path, "", {}, auth_enabled);
  }
  api::Response run(std::optional<Method> m, const std::string& path, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> query = {},
                    bool auth_enabled = false) {
    // Enabled: a trusted-header mode whose proxy the test's (empty) peer never is.
    AuthConfig config;
    if (auth_enabled) {
      config.mode = AuthMode::kTrustedHeader;
      config.trusted_proxies = {"10.0.0.0/8"};
    }
    std::shared_ptr<const Authenticator> auth = make_authenticator(config);
    Dispatcher d(table_, auth);
    IncomingRequest in;
    in.method = m;
    in.method_text = "GET";
    in.raw_path = path;
    in.raw_query = std::move(query);
    in.host_header = "127.0.0.1:9";
    in.body = body;
    return d.dispatch(in);
  }

  std::shared_ptr<RouteTable> table_ = std::make_shared<RouteTable>();
  api::Request last_;
};

TEST_F(DispatcherTest, RoutingAnswers) {
  add(Method::kGet, "/api/v2/", [](const api::Request&) { return api::Response::json("{}"); });
  add(Method::kGet, "/api/v2/task/{task_id:int}/x/{b:int}",
      [](const api::Request&) { return api::Response::json("{}"); });

  api::Response r = get("/nowhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(r.content_type, "application/json");

  r = run(Method::kPost, "/api/v2/", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"detail":"Method Not Allowed"})");

  r = run(Method::kGet, "/api/v2", "", {{"client_jobmon_version", "3.4"}});
  EXPECT_EQ(r.status, 307);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Location");
  EXPECT_EQ(r.headers[0].second, "http://127.0.0.1:9/api/v2/?client_jobmon_version=3.4");

  r = get("/api/v2/task/abc/x/1.5");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body,
            R"({"detail":[{"type":"int_parsing","loc":["path","task_id"],)"
            R"("msg":"Input should be a valid integer, unable to parse string as an integer",)"
            R"("input":"abc"},{"type":"int_parsing","loc":["path","b"],)"
            R"("msg":"Input should be a valid integer, unable to parse string as an integer",)"
            R"("input":"1.5"}]})");
  EXPECT_EQ(get("/api/v2/task/-7/x/+8").status, 200);
}

TEST_F(DispatcherTest, RequestPreparation) {
  api::Request seen;
  bool had_json = false;
  add(Method::kPost, "/p/{name}", [&](const api::Request& req) {
    seen = req;
    had_json = req.json != nullptr;
    if (had_json) seen.body = api::to_json(*req.json);  // the prepared document, as JSON
    return api::Response::json("{}");
  });
  api::Response r = run(Method::kPost, "/p/a%20b", R"({"x":1,"server_structlog_context":{"k":2}})",
                        {{"q", "a+b%26c"}, {"client_jobmon_version", "3"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(had_json);
  EXPECT_EQ(seen.body, R"({"x":1})");
  EXPECT_EQ(seen.path, "/p/a b");
  EXPECT_EQ(seen.param("name"), "a b");
  EXPECT_EQ(seen.query_param("q"), "a b&c");
  EXPECT_EQ(seen.route_template, "/p/{name}");
  EXPECT_EQ(seen.user.username, "anonymous");
  EXPECT_EQ(seen.user.email, "anonymous@localhost");

  r = run(Method::kPost, "/p/x", "not json");
  EXPECT_FALSE(had_json);
  EXPECT_EQ(seen.json_error, "Expecting value: line 1 column 1 (char 0)");
  EXPECT_EQ(seen.body, "not json");

  r = run(Method::kPost, "/p/x", "");
  EXPECT_FALSE(had_json);
  EXPECT_TRUE(seen.json_error.empty());
}

TEST_F(DispatcherTest, ExceptionMapping) {
  add(Method::kGet, "/int", [](const api::Request&) -> api::Response { throw 42; });
  add(Method::kGet, "/std", [](const api::Request&) -> api::Response {
    throw std::runtime_error("near \"SELEC\": syntax error while executing SELECT password");
  });
  add(Method::kGet, "/invalid", [](const api::Request& r) -> api::Response {
    throw api::InvalidUsage(api::field_error_message("name", r.path));
  });
  add(Method::kGet, "/server",
      [](const api::Request&) -> api::Response { throw api::ServerError("bad thing"); });
  add(Method::kGet, "/detail",
      [](const api::Request&) -> api::Response { throw api::DetailError(401, "Unauthorized."); });
  add(Method::kGet, "/json",
      [](const api::Request&) -> api::Response { throw api::JsonError(404, R"({"error":"x"})"); });
  add(Method::kGet, "/notfound",
      [](const api::Request&) -> api::Response { throw orm::NotFound("Task 3 not found"); });
  add(Method::kGet, "/locked", [](const api::Request&) -> api::Response {
    throw orm::LockConflict("deadlock on SELECT ... secret");
  });
  add(Method::kGet, "/unavailable", [](const api::Request&) -> api::Response {
    throw orm::DatabaseUnavailable("could not connect to server: password=xyz");
  });
  add(Method::kGet, "/dberror", [](const api::Request&) -> api::Response {
    throw orm::DatabaseError("no such table: blip_bloop_table");
  });

  const std::string generic =
      R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.ServerError'>",)"
      R"("exception_message":"Unexpected Jobmon Server Error","status_code":"500"}})";
  for (const char* path : {"/int", "/std", "/dberror"}) {
    api::Response r = get(path);
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(r.content_type, "application/custom+json") << path;
    EXPECT_EQ(r.body, generic) << path;
  }

  api::Response r = get("/invalid");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/custom+json");
  EXPECT_EQ(r.body,
            R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
            R"("exception_message":"\"'name' in request to /invalid\"","status_code":"400"}})");

  r = get("/server");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find(R"("exception_message":"'bad thing'")"), std::string::npos) << r.body;

  r = get("/detail");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Unauthorized."})");

  r = get("/json");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"x"})");

  r = get("/notfound");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Task 3 not found"})");

  r = get("/locked");
  EXPECT_EQ(r.status, 423);
  EXPECT_EQ(r.content_type, "application/custom+json");
  EXPECT_NE(r.body.find(R"("status_code":"423")"), std::string::npos);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);

  r = get("/unavailable");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("password"), std::string::npos);
}

TEST_F(DispatcherTest, AuthPolicy) {
  add(
      Method::kGet, "/open",
      [](const api::Request& r) { return api::Response::json(r.user.email); },
      api::AuthPolicy::kNone);
  add(
      Method::kGet, "/closed/{id:int}",
      [](const api::Request& r) { return api::Response::json(r.user.email); },
      api::AuthPolicy::kRequireUser);
  EXPECT_EQ(get("/closed/1").body, "anonymous@localhost");
  EXPECT_EQ(get("/open", true).status, 200);
  api::Response r = get("/closed/1", true);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Not authenticated"})");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "WWW-Authenticate");
  // The auth dependency runs before path validation, as in FastAPI.
  EXPECT_EQ(get("/closed/abc", true).status, 401);
}

// Every answer, a CORS preflight's included, carries each security header exactly once.
TEST_F(DispatcherTest, SecurityHeadersOnceOnEveryAnswer) {
  add(Method::kGet, "/open", [](const api::Request&) { return api::Response::json("{}"); });
  Dispatcher d(table_, make_authenticator(AuthConfig{}),
               std::make_shared<const HttpPolicy>(CorsConfig{}, false));
  IncomingRequest in;
  in.raw_path = "/open";
  const std::map<std::string, std::string> headers = {{"Origin", "https://gui.example"},
                                                      {"Access-Control-Request-Method", "GET"}};
  in.header = [&headers](std::string_view name) -> std::optional<std::string> {
    auto it = headers.find(std::string(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  };
  for (const char* method : {"OPTIONS", "GET"}) {
    in.method_text = method;
    in.method = std::string(method) == "GET" ? std::optional<Method>(Method::kGet) : std::nullopt;
    const api::Response r = d.dispatch(in);
    EXPECT_EQ(r.status, 200) << method;
    std::map<std::string, int> count;
    for (const auto& [name, value] : r.headers) ++count[name];
    for (const char* name : {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                             "Referrer-Policy", "Access-Control-Allow-Origin"}) {
      EXPECT_EQ(count[name], 1) << method << " " << name;
    }
  }
}

}  // namespace
}  // namespace jobmon::host
