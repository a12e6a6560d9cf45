// The three deployment modes with the real v2/v3/compat plugins, and the shared root routes
// (docs/api-contract.md §5.0) on every version a deployment serves.
#include <gtest/gtest.h>

#include <regex>

#include "http_client.h"
#include "jobmond_process.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::JobmondProcess;

void expect_shared_routes(HttpClient& client, const std::string& version) {
  const std::string prefix = "/api/" + version;
  HttpResponse r = client.get(prefix + "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"msg":"Yes, I am alive"})");
  EXPECT_EQ(r.header("content-type"), "application/json");

  r = client.get(prefix + "/time?client_jobmon_version=3.4.0");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(
      std::regex_match(r.body, std::regex(R"(\{"time":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"\})")))
      << r.body;

  r = client.get(prefix + "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"OK"})");

  r = client.get(prefix + "/test_bad");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("content-type"), "application/custom+json");
  EXPECT_NE(r.body.find(R"("status_code":"500")"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("blip_bloop_table"), std::string::npos) << r.body;

  r = client.get(prefix + "/api_version");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"status\":\"" + version + "\"}");

  r = client.get(prefix);
  EXPECT_EQ(r.status, 307);
  EXPECT_NE(r.header("location").find(prefix + "/"), std::string::npos);

  r = client.post(prefix + "/health", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"detail":"Method Not Allowed"})");
}

TEST(DeploymentTest, V2Only) {
  JobmondProcess server({"--plugins", "v2"});
  HttpClient client(server.port());
  expect_shared_routes(client, "v2");
  HttpResponse r = client.get("/api/v3/health");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Not Found"})");
}

TEST(DeploymentTest, V3WithCompat) {
  JobmondProcess server({"--plugins", "v3,compat"});
  HttpClient client(server.port());
  expect_shared_routes(client, "v3");
  EXPECT_EQ(client.get("/api/v2/health").status, 404);
}

TEST(DeploymentTest, DefaultServesBoth) {
  JobmondProcess server;
  HttpClient client(server.port());
  expect_shared_routes(client, "v2");
  expect_shared_routes(client, "v3");
  EXPECT_EQ(client.get("/api/v4/health").status, 404);
}

TEST(DeploymentTest, AuthEnabledProtectsV3Only) {
  JobmondProcess server({"--auth-enabled", "yes", "--auth-mode", "trusted_header",
                         "--auth-trusted-proxies", "10.9.9.9"});
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/api/v2/health").status, 200);
  HttpResponse r = client.get("/api/v3/health");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Not authenticated"})");
}

TEST(DeploymentTest, AuthEnabledWithoutAModeDoesNotStart) {
  try {
    JobmondProcess server({"--auth-enabled", "yes"});
    FAIL() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("JOBMON__AUTH__MODE"), std::string::npos) << e.what();
  }
}

TEST(DeploymentTest, CompatNeedsV3First) {
  try {
    JobmondProcess server({"--plugins", "compat,v3"});
    FAIL() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("requires plugin 'v3'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace jobmon::host
