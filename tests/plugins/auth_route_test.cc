// Authentication and authorization against the real jobmond and plugins, on every backend:
// bearer tokens and trusted headers on /api/v3 and compat, v2 left open, the ownership rule
// on each route that has it (owner, non-owner, admin), security headers and CORS, and logs
// that never show a credential.
#include <gtest/gtest.h>

#include "run_fixture.h"
#include "test_tokens.h"

namespace jobmon::testing {
namespace {

const std::string kSecret = "auth-route-test-secret-0123456789-abcdefgh";

class AuthRoutes : public RunFixture {
 protected:
  void start_bearer() {
    secret_file_ = write_temp_file("route-secret", kSecret);
    start({"--auth-mode", "bearer", "--auth-jwt-secret-file", secret_file_, "--auth-jwt-audience",
           "jobmon", "--auth-admin-group", "jobmon-admins", "--cors-allowed-origins",
           "https://jobmon.example.org"});
  }
  static std::string token(const std::string& email, const std::string& groups = "[]",
                           std::int64_t exp_in = 600) {
    return sign_token("HS256", kSecret,
                      R"({"email":")" + email + R"(","aud":"jobmon","groups":)" + groups +
                          R"(,"exp":)" + std::to_string(now_seconds() + exp_in) + "}");
  }
  HttpResponse as(const std::string& bearer_token, const std::string& method,
                  const std::string& path, const std::string& body = "",
                  std::map<std::string, std::string> headers = {}) {
    if (!bearer_token.empty()) headers["Authorization"] = "Bearer " + bearer_token;
    return client_->request(method, path, body, headers);
  }

  std::string secret_file_;
};

TEST_P(AuthRoutes, BearerProtectsV3AndLeavesV2Open) {
  start_bearer();
  bind(1);  // through /api/v2, without any token
  HttpResponse r = as("", "GET", "/api/v3/health");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Not authenticated"})");
  EXPECT_EQ(r.header("www-authenticate"), R"(Bearer realm="jobmon")");

  const std::string expired = token("alice@example.org", "[]", -600);
  r = as(expired, "GET", "/api/v3/health");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("www-authenticate"),
            R"(Bearer realm="jobmon", error="invalid_token", error_description="token expired")");
  EXPECT_EQ(as("x.y.z", "GET", "/api/v3/health").status, 401);
  const std::string forged = sign_token("HS256", std::string(48, 'k'),
                                        R"({"email":"alice@example.org","aud":"jobmon","exp":)" +
                                            std::to_string(now_seconds() + 60) + "}");
  EXPECT_EQ(as(forged, "GET", "/api/v3/health").status, 401);
  const std::string wrong_audience =
      sign_token("HS256", kSecret,
                 R"({"email":"alice@example.org","aud":"other","exp":)" +
                     std::to_string(now_seconds() + 60) + "}");
  EXPECT_EQ(as(wrong_audience, "GET", "/api/v3/health").status, 401);

  EXPECT_EQ(as(token("alice@example.org"), "GET", "/api/v3/health").status, 200);
  // compat routes follow v3's policy.
  EXPECT_EQ(as("", "POST", "/api/v3/array/1/transition_to_killed", R"({"batch_number":1})").status,
            401);
  // v2 neither needs nor checks a token.
  EXPECT_EQ(as("", "GET", "/api/v2/health").status, 200);
  EXPECT_EQ(as(expired, "GET", "/api/v2/health").status, 200);

  // Failures are logged with the reason and the client, never the token or the secret.
  const std::string log = server_->output();
  EXPECT_NE(log.find("authentication failed for GET /api/v3/health from 127.0.0.1: token expired"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find(expired), std::string::npos);
  EXPECT_EQ(log.find(forged), std::string::npos);
  EXPECT_EQ(log.find(kSecret), std::string::npos);
}

TEST_P(AuthRoutes, OnlyTheOwnerOrAnAdminChangesAWorkflow) {
  start_bearer();
  bind(2);  // workflow 1, whose newest run is alice's
  launch("1", "1", 1);
  const std::string alice = token("alice@example.org");
  const std::string mallory = token("mallory@example.org", R"(["users"])");
  const std::string admin = token("root@example.org", R"(["users","jobmon-admins"])");
  const std::string unauthorized = R"({"detail":"Unauthorized."})";

  struct Case {
    const char* method;
    const char* path;
    const char* body;
  };
  const Case cases[] = {
      {"PUT", "/api/v3/workflow/1/update_max_concurrently_running", R"({"max_tasks":7})"},
      {"PUT", "/api/v3/workflow/1/update_array_max_concurrently_running",
       R"({"max_tasks":4,"task_template_version_id":1})"},
      {"POST", "/api/v3/array/1/transition_to_killed", R"({"batch_number":1})"},
      {"POST", "/api/v3/workflow/1/set_resume", R"({"reset_running_jobs":true})"},
  };
  for (const Case& c : cases) {
    HttpResponse r = as(mallory, c.method, c.path, c.body);
    EXPECT_EQ(r.status, 401) << c.path << ": " << r.body;
    EXPECT_EQ(r.body, unauthorized) << c.path;
  }
  // Nothing changed.
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "10");
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM \"array\" WHERE id = 1"), "10");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "R");
  EXPECT_EQ(ti(1), "O");

  // The owner, then an admin, may.
  EXPECT_EQ(as(alice, cases[0].method, cases[0].path, cases[0].body).status, 200);
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "7");
  EXPECT_EQ(as(admin, cases[1].method, cases[1].path, cases[1].body).status, 200);
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM \"array\" WHERE id = 1"), "4");
  EXPECT_EQ(as(admin, "PUT", cases[0].path, R"({"max_tasks":8})").status, 200);
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "8");
  EXPECT_EQ(as(alice, cases[2].method, cases[2].path, cases[2].body).status, 200);
  EXPECT_EQ(as(alice, cases[3].method, cases[3].path, cases[3].body).status, 200);
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "C");  // cold resume

  // v2 has no ownership rule and no authentication.
  EXPECT_EQ(
      as("", "PUT", "/api/v2/workflow/1/update_max_concurrently_running", R"({"max_tasks":9})")
          .status,
      200);
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "9");
}

TEST_P(AuthRoutes, TrustedHeadersOnlyFromTheProxy) {
  // 127.0.0.1 (this test) is not the proxy: the headers are a spoof and are ignored.
  start({"--auth-mode", "trusted_header", "--auth-trusted-proxies", "10.0.0.0/8"});
  bind(1);
  std::map<std::string, std::string> alice = {{"X-Forwarded-User", "alice"},
                                              {"X-Forwarded-Email", "alice@example.org"}};
  HttpResponse r = as("", "GET", "/api/v3/health", "", alice);
  EXPECT_EQ(r.status, 401);
  EXPECT_FALSE(r.header("www-authenticate").empty());
  EXPECT_NE(server_->output().find("did not come through a trusted proxy"), std::string::npos);

  // Now 127.0.0.1 is the proxy.
  start({"--auth-mode", "trusted_header", "--auth-trusted-proxies", "127.0.0.1/32",
         "--auth-admin-group", "ops"});
  EXPECT_EQ(as("", "GET", "/api/v3/health").status, 401);
  EXPECT_EQ(as("", "GET", "/api/v3/health", "", alice).status, 200);
  const char* path = "/api/v3/workflow/1/update_max_concurrently_running";
  EXPECT_EQ(as("", "PUT", path, R"({"max_tasks":3})", {{"X-Forwarded-User", "mallory"}}).status,
            401);
  EXPECT_EQ(as("", "PUT", path, R"({"max_tasks":3})", alice).status, 200);
  EXPECT_EQ(as("", "PUT", path, R"({"max_tasks":5})",
               {{"X-Forwarded-User", "mallory"}, {"X-Forwarded-Groups", "users,ops"}})
                .status,
            200);
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "5");
}

TEST_P(AuthRoutes, AdminRoutesNeedTheAdminGroup) {
  start({"--plugins", "v2,v3,compat,admin", "--auth-mode", "trusted_header",
         "--auth-trusted-proxies", "127.0.0.1/32", "--auth-admin-group", "ops"});
  bind(1);
  const char* path = "/api/admin/tasks/kill";
  const std::string body = R"({"task_ids":[1],"reason":"stuck"})";
  EXPECT_EQ(as("", "POST", path, body).status, 401);
  EXPECT_EQ(as("", "POST", path, body, {{"X-Forwarded-User", "alice"}}).status, 403);
  EXPECT_EQ(scalar("SELECT status FROM task WHERE id = 1"), "G");
  EXPECT_NE(server_->output().find("is not in the admin group 'ops'"), std::string::npos);
  EXPECT_EQ(as("", "POST", path, body, {{"X-Forwarded-User", "bob"}, {"X-Forwarded-Groups", "ops"}})
                .status,
            200);
  EXPECT_EQ(scalar("SELECT status FROM task WHERE id = 1"), "F");
  EXPECT_EQ(scalar("SELECT username FROM jobmond_admin_status_history WHERE entity = 'task'"),
            "bob");
  // The document says what the routes need.
  const std::string doc = as("", "GET", "/api/openapi.json").body;
  EXPECT_NE(doc.find("not in the admin group (--auth-admin-group)"), std::string::npos);
}

TEST_P(AuthRoutes, SecurityHeadersAndOpenCorsWhenAuthIsOff) {
  HttpResponse r = as("", "GET", "/api/v2/health", "", {{"Origin", "https://anywhere.example"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_EQ(r.header("access-control-allow-credentials"), "");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_NE(r.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(r.header("strict-transport-security"), "");  // plain HTTP
  r = as("", "GET", "/api/v2/health", "", {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(r.header("strict-transport-security"), "max-age=31556926; includeSubDomains");
  // Errors carry them too.
  EXPECT_EQ(as("", "GET", "/api/v2/nowhere").header("x-frame-options"), "DENY");

  r = as("", "OPTIONS", "/api/v3/workflow_run", "",
         {{"Origin", "https://anywhere.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_NE(r.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(r.header("access-control-allow-headers").find("Authorization"), std::string::npos);
}

TEST_P(AuthRoutes, CorsWithCredentialsForConfiguredOriginsWhenAuthIsOn) {
  start_bearer();
  HttpResponse r = as("", "GET", "/api/v2/health", "", {{"Origin", "https://jobmon.example.org"}});
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://jobmon.example.org");
  EXPECT_EQ(r.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(r.header("vary"), "Origin");
  r = as("", "GET", "/api/v2/health", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.header("access-control-allow-origin"), "");
  r = as("", "OPTIONS", "/api/v3/health", "",
         {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Disallowed CORS origin");
  // A preflight needs no token (browsers never send one), an allowed origin gets its answer.
  r = as("", "OPTIONS", "/api/v3/health", "",
         {{"Origin", "https://jobmon.example.org"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://jobmon.example.org");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
