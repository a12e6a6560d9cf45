// The host's health checks (/livez, /readyz) and what they must not wait for: served whatever
// plugins are loaded and however requests are authenticated, answered while a route handler is
// stuck (on a sleep, or on another process's SQLite write lock) with the one handler thread of the
// SQLite default, and /readyz saying why the database is not ready.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "http_client.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::JobmondProcess;
using Clock = std::chrono::steady_clock;

void expect_healthy(JobmondProcess& server) {
  HttpClient client(server.port());
  HttpResponse r = client.get("/livez");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"alive"})");
  r = client.get("/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"status":"ready"})");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");  // decorated like every answer
}

TEST(HealthTest, ServedWhateverPluginsAndNeverAuthenticated) {
  {
    JobmondProcess v2({"--plugins", "v2"});
    expect_healthy(v2);
  }
  // Every route authenticated: /api/v2 is not loaded and /api/v3 wants a token.
  const std::string secret = "/tmp/jobmond-health-secret-" + std::to_string(::getpid());
  std::ofstream(secret) << std::string(40, 's');
  {
    JobmondProcess v3(
        {"--plugins", "v3,compat", "--auth-mode", "bearer", "--auth-jwt-secret-file", secret});
    EXPECT_EQ(HttpClient(v3.port()).get("/api/v3/health").status, 401);
    expect_healthy(v3);
  }
  ::unlink(secret.c_str());
  // Not under any plugin's prefix: /livez is the host's, a POST is no probe.
  JobmondProcess fixtures({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good"});
  expect_healthy(fixtures);
  EXPECT_EQ(HttpClient(fixtures.port()).post("/livez", "{}").status, 404);
}

// The time `path` takes to answer on a connection of its own.
std::chrono::milliseconds answer_time(int port, const std::string& path, int expected_status) {
  HttpClient client(port);
  const auto start = Clock::now();
  EXPECT_EQ(client.get(path).status, expected_status) << path;
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(HealthTest, ProbesAndMetricsDoNotWaitBehindASlowHandler) {
  JobmondProcess server(
      {"--threads", "1", "--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good"});
  const int port = server.port();
  auto slow = std::async(std::launch::async, [port] {  // sleeps 1 s in its handler
    return HttpClient(port).get("/fixture/slow").status;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_LT(answer_time(port, "/livez", 200).count(), 300);
  EXPECT_LT(answer_time(port, "/metrics", 200).count(), 300);
  EXPECT_LT(answer_time(port, "/readyz", 200).count(), 300);
  EXPECT_EQ(slow.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the slow request was over before the probes: they proved nothing";
  EXPECT_EQ(slow.get(), 200);
}

// The issue's case: with the SQLite default of one handler thread, a write waiting for another
// process's write lock used to hold up every other request, probes included.
TEST(HealthTest, ProbesDoNotWaitBehindAWriterWaitingForAnotherProcesssLock) {
  JobmondProcess server({"--threads", "1", "--plugins", "v2"});
  const int port = server.port();
  soci::session other("sqlite3", "db=" + server.work_dir() + "/jobmon.sqlite timeout=10");
  other << "BEGIN IMMEDIATE";  // another process's writer
  auto write = std::async(std::launch::async, [port] {
    return HttpClient(port).post("/api/v2/tool", R"({"name":"waits-for-the-lock"})").status;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LT(answer_time(port, "/livez", 200).count(), 300);
  EXPECT_LT(answer_time(port, "/metrics", 200).count(), 300);
  EXPECT_EQ(write.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  other << "COMMIT";
  EXPECT_EQ(write.get(), 200);
}

// A database that answers but takes no writes: ready no more, saying why; alive all the same.
void expect_not_ready(JobmondProcess& server, const std::string& log_says) {
  HttpClient client(server.port());
  HttpResponse r = client.get("/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, R"({"status":"unavailable","reason":"database takes no writes"})");
  EXPECT_EQ(client.get("/livez").status, 200);
  EXPECT_NE(server.output().find("not ready: database takes no writes: " + log_says),
            std::string::npos)
      << server.output();
}

TEST(HealthTest, ReadinessFailsWhenTheSqliteFileCanNoLongerBeWritten) {
  // As root, jobmond runs as nobody: no permission stops root.
  std::vector<std::string> as_nobody;
  if (::geteuid() == 0) {
    as_nobody = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  }
  JobmondProcess server({"--plugins", "v2"}, "", as_nobody);
  const std::string file = server.work_dir() + "/jobmon.sqlite";
  EXPECT_EQ(HttpClient(server.port()).get("/readyz").status, 200);
  ASSERT_EQ(::chmod(file.c_str(), 0444), 0);
  expect_not_ready(server, "SQLite database: " + file + ": Permission denied");
  ASSERT_EQ(::chmod(file.c_str(), 0666), 0);
  EXPECT_EQ(HttpClient(server.port()).get("/readyz").status, 200);
}

TEST(HealthTest, ReadinessFailsOnAReadOnlyPostgresql) {
  if (std::getenv("JOBMON_TEST_POSTGRES_URI") == nullptr) {
    GTEST_SKIP() << "PostgreSQL only (JOBMON_TEST_POSTGRES_URI)";
  }
  testing::TestDatabase db("postgresql");
  {
    orm::DatabaseConfig config;  // the schema, while the database still takes writes
    config.uri = db.uri();
    orm::Database::open(config);
  }
  const std::string read_only = db.uri() + (db.uri().find('?') == std::string::npos ? "?" : "&") +
                                "options=-c%20default_transaction_read_only%3Don";
  JobmondProcess server({"--plugins", "v2"}, read_only);
  expect_not_ready(server, "PostgreSQL takes no writes");
}

}  // namespace
}  // namespace jobmon::host
