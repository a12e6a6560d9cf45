// jobmond over real sockets, with the fixture plugins: error shapes, keep-alive, body limit,
// exception guard, graceful shutdown. Each test starts its own server on port 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::JobmondProcess;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> fixture_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins",
                                   "fixture_good,fixture_secure"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

constexpr const char* kGeneric500 =
    R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.ServerError'>",)"
    R"("exception_message":"Unexpected Jobmon Server Error","status_code":"500"}})";

TEST(HttpServerTest, RoutingErrorShapes) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());

  HttpResponse r = client.get("/nowhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(r.header("content-type"), "application/json");

  r = client.post("/fixture/slow", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"detail":"Method Not Allowed"})");

  r = client.request("HEAD", "/fixture/slow", "");
  EXPECT_EQ(r.status, 405);

  r = client.get("/fixture/items/abc");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body,
            R"({"detail":[{"type":"int_parsing","loc":["path","item_id"],)"
            R"("msg":"Input should be a valid integer, unable to parse string as an integer",)"
            R"("input":"abc"}]})");

  r = client.get("/fixture/items/special");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"special":true})");

  r = client.get("/fixture/items/12?client_jobmon_version=3.4.0&x=a%20b");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("params":{"item_id":"12"})"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("x":"a b")"), std::string::npos) << r.body;

  r = client.get("/fixture/redirect_target?client_jobmon_version=3");
  EXPECT_EQ(r.status, 307);
  EXPECT_NE(r.header("location").find("/fixture/redirect_target/?client_jobmon_version=3"),
            std::string::npos)
      << r.header("location");
}

// A fixed --port (what operators and load balancers use) serves on exactly that port, once:
// Pistache's serveThreaded() binds by itself, so an extra bind() before it broke fixed ports.
TEST(HttpServerTest, FixedPortIsServed) {
  int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(probe, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  ::close(probe);
  JobmondProcess server(fixture_args({"--port", std::to_string(port)}));
  EXPECT_EQ(server.port(), port);
  HttpClient client(port);
  EXPECT_EQ(client.get("/fixture/slow").status, 200) << server.output();
}

TEST(HttpServerTest, KeepAliveHeaderOnEveryResponse) {
  JobmondProcess server(fixture_args({"--max-body-bytes", "1024"}));
  HttpClient client(server.port());
  EXPECT_EQ(lower(client.get("/fixture/").header("connection")), "keep-alive");
  EXPECT_EQ(lower(client.get("/nowhere").header("connection")), "keep-alive");
  EXPECT_EQ(lower(client.post("/fixture/slow", "").header("connection")), "keep-alive");
  EXPECT_EQ(lower(client.get("/fixture/throw_int").header("connection")), "keep-alive");
  EXPECT_EQ(lower(client.post("/fixture/echo", std::string(4096, ' ')).header("connection")),
            "keep-alive");
  HttpResponse closing = client.request("GET", "/fixture/", "", {{"Connection", "close"}});
  EXPECT_EQ(closing.status, 200);
  EXPECT_EQ(lower(closing.header("connection")), "close");
}

TEST(HttpServerTest, BodyOverLimitIs413AndConnectionStaysUsable) {
  JobmondProcess server(fixture_args({"--max-body-bytes", "1024"}));
  HttpClient client(server.port());
  // Big enough to arrive in several reads: refused from Content-Length, rest discarded.
  std::string big = "[" + std::string(200000, ' ') + "]";
  HttpResponse r = client.post("/fixture/echo", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_NE(r.body.find(R"("detail":)"), std::string::npos) << r.body;
  r = client.get("/fixture/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"msg":"fixture alive"})");
  // Just over the limit, in one read.
  r = client.post("/fixture/echo", std::string(1025, ' '));
  EXPECT_EQ(r.status, 413);
  r = client.post("/fixture/echo", "[" + std::string(1000, ' ') + "]");
  EXPECT_EQ(r.status, 200);
}

TEST(HttpServerTest, DefaultLimitTakesBigBodies) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());
  std::string body = "{\"tasks\":[";
  for (int i = 0; i < 20000; ++i) body += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  body += "]}";
  ASSERT_GT(body.size(), 100000u);
  HttpResponse r = client.post("/fixture/echo", body);
  EXPECT_EQ(r.status, 200);
}

TEST(HttpServerTest, ExceptionsNeverLeakAndNeverKillTheServer) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());

  HttpResponse r = client.get("/fixture/throw_int");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("content-type"), "application/custom+json");
  EXPECT_EQ(r.body, kGeneric500);

  r = client.get("/fixture/throw_sql");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, kGeneric500);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);

  r = client.get("/fixture/bad_query");  // a real database error from the orm
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("blip_bloop"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos) << r.body;

  r = client.get("/fixture/");
  EXPECT_EQ(r.status, 200);
  // The real cause is in the log, not in the body.
  EXPECT_NE(server.output().find("hunter2"), std::string::npos);
}

TEST(HttpServerTest, ErrorContract) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());
  HttpResponse r = client.get("/fixture/detail");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, R"({"detail":"I'm a teapot"})");

  r = client.get("/fixture/invalid");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/custom+json");
  EXPECT_EQ(r.body,
            R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
            R"("exception_message":"\"'name' in request to /fixture/invalid\"",)"
            R"("status_code":"400"}})");

  r = client.get("/fixture/server_error");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find(R"("exception_message":"'something broke'")"), std::string::npos);

  r = client.get("/fixture/json_error");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"Workflow 5 not found"})");

  r = client.get("/fixture/not_found");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Workflow 5 not found"})");

  r = client.get("/fixture/locked");
  EXPECT_EQ(r.status, 423);
  EXPECT_NE(r.body.find(R"("status_code":"423")"), std::string::npos);

  r = client.get("/fixture/unavailable");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("db.example"), std::string::npos);
}

TEST(HttpServerTest, BodyPreparation) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());
  const std::string digits =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  HttpResponse r =
      client.post("/fixture/echo", "{\"workflow_args_hash\":" + digits +
                                       ",\"server_structlog_context\":{\"workflow_id\":3}}");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"json\":{\"workflow_args_hash\":" + digits + "}"), std::string::npos)
      << r.body;
  r = client.request("PUT", "/fixture/echo", "{bad",
                     {{"X-Server-Structlog-Context", R"({"workflow_run_id":1})"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("json":null)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Expecting property name enclosed in double quotes"), std::string::npos)
      << r.body;
}

TEST(HttpServerTest, AuthDisabledByDefault) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());
  HttpResponse r = client.get("/secure/whoami");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"username":"anonymous","email":"anonymous@localhost","groups":["anonymous"]})");
}

TEST(HttpServerTest, AuthEnabledRefusesUserRoutesWithoutAUser) {
  JobmondProcess server(fixture_args(
      {"--auth-enabled", "true", "--auth-mode", "trusted_header", "--auth-admin-group", "ops"}));
  HttpClient client(server.port());
  HttpResponse r = client.get("/secure/whoami");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Not authenticated"})");
  EXPECT_EQ(r.header("www-authenticate"), R"(Proxy realm="jobmon")");
  EXPECT_EQ(client.get("/fixture/").status, 200);  // kNone routes stay open
  // The handler sees the user the proxy (this test, on 127.0.0.1) named.
  r = client.request("GET", "/secure/whoami", "",
                     {{"X-Forwarded-Email", "eve.x@example.org"}, {"X-Forwarded-Groups", "a,ops"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, r.body.find(R"(,"groups")")),
            R"({"username":"eve.x","email":"eve.x@example.org")");
  EXPECT_NE(r.body.find(R"("groups":["a","ops"])"), std::string::npos) << r.body;
}

TEST(HttpServerTest, GracefulShutdownFinishesRequestInFlight) {
  JobmondProcess server(fixture_args());
  const int port = server.port();
  auto slow = std::async(std::launch::async, [port] {
    HttpClient client(port);
    return client.get("/fixture/slow");
  });
  // Let the request reach its handler (it sleeps 1 s), then ask the server to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(server.pid(), SIGTERM);
  HttpResponse r = slow.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"slow":true})");
  int status = server.terminate();
  ASSERT_NE(status, -1) << server.output();
  EXPECT_TRUE(WIFEXITED(status)) << server.output();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.output();
  EXPECT_NE(server.output().find("GET /fixture/slow 200"), std::string::npos) << server.output();
}

// Request lines are written by the log's own thread, after the answers: a SIGTERM right after
// a burst of requests still leaves every one of them in the log.
TEST(HttpServerTest, SigtermLosesNoRequestLine) {
  const std::string log = "/tmp/jobmond-lines-" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  JobmondProcess server(fixture_args({"--log-file", log}));
  const int port = server.port();
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      HttpClient client(port);
      for (int i = 0; i < 250; ++i) {
        if (client.get("/fixture/items/" + std::to_string(t * 1000 + i)).status == 200) ++answered;
      }
    });
  }
  for (auto& c : clients) c.join();
  ::kill(server.pid(), SIGTERM);
  const int status = server.terminate();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::ifstream in(log);
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find(" INFO GET /fixture/items/") != std::string::npos &&
        line.find(" 200 ") != std::string::npos) {
      ++lines;
    }
  }
  EXPECT_EQ(answered.load(), 1000);
  EXPECT_EQ(lines, answered.load());
  std::remove(log.c_str());
}

TEST(HttpServerTest, SigintExitsZero) {
  JobmondProcess server(fixture_args());
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/fixture/").status, 200);
  ::kill(server.pid(), SIGINT);
  int status = server.terminate();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// logrotate renames the log file and sends SIGHUP: jobmond goes on serving and logging, into a
// new file of the same name. Without --log-file there is nothing to reopen, and nothing stops.
TEST(HttpServerTest, SighupReopensTheLogFile) {
  const std::string log = "/tmp/jobmond-sighup-" + std::to_string(::getpid()) + ".log";
  JobmondProcess server(fixture_args({"--log-file", log}));
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/fixture/items/1").status, 200);
  ASSERT_EQ(std::rename(log.c_str(), (log + ".1").c_str()), 0);
  ::kill(server.pid(), SIGHUP);
  // The reopen happens on the main thread; the first line after it goes to the new file.
  std::string reopened;
  for (int i = 0; i < 100 && reopened.find("log file reopened") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::ifstream in(log);
    reopened.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_NE(reopened.find("received SIGHUP: log file reopened"), std::string::npos) << reopened;
  EXPECT_EQ(client.get("/fixture/items/2").status, 200);
  // The request's line is written a moment after its answer (by the log's own thread).
  auto whole = [](const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  std::string after = whole(log);
  for (int i = 0; i < 100 && after.find("GET /fixture/items/2 ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = whole(log);
  }
  // Everything logged before the signal was written to the old file before the reopen.
  const std::string before = whole(log + ".1");
  EXPECT_NE(before.find("GET /fixture/items/1 200"), std::string::npos) << before;
  EXPECT_NE(after.find("GET /fixture/items/2 200"), std::string::npos) << after;
  EXPECT_EQ(after.find("GET /fixture/items/1 "), std::string::npos) << after;
  const int status = server.terminate();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::remove(log.c_str());
  std::remove((log + ".1").c_str());

  JobmondProcess plain(fixture_args());
  ::kill(plain.pid(), SIGHUP);
  const std::string said = "received SIGHUP: logging to stderr, nothing to reopen";
  for (int i = 0; i < 100 && plain.output().find(said) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(plain.output().find(said), std::string::npos) << plain.output();
  EXPECT_EQ(HttpClient(plain.port()).get("/fixture/items/3").status, 200);
}

TEST(HttpServerTest, StartupLogsPluginsAndRedactedDatabase) {
  JobmondProcess server(fixture_args());
  std::string out = server.output();
  EXPECT_NE(out.find("plugin fixture_good loaded from"), std::string::npos) << out;
  EXPECT_NE(out.find("routes under /fixture"), std::string::npos) << out;
  EXPECT_NE(out.find("database sqlite"), std::string::npos) << out;
  EXPECT_TRUE(
      std::regex_search(out, std::regex(R"(jobmond listening on http://127\.0\.0\.1:\d+)")));
}

TEST(HttpServerTest, RefusesBrokenPluginAtStartup) {
  try {
    JobmondProcess server({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins",
                           "fixture_good,fixture_duplicate_route"});
    FAIL() << "started with a duplicate route";
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("fixture_duplicate_route.so"), std::string::npos) << msg;
    EXPECT_NE(msg.find("duplicate route GET /fixture/slow"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace jobmon::host
