// GET /metrics: scraped after real traffic and parsed as the Prometheus text format.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

// Every sample line as "name{labels}" -> value; fails the test on a line that is neither a
// sample nor a HELP/TYPE comment, or a sample whose family was not declared by a TYPE line.
std::map<std::string, double> parse_exposition(const std::string& text) {
  static const std::regex sample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? ([-+0-9.eE]+|\+Inf)$)");
  static const std::regex type(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$)");
  std::map<std::string, double> out;
  std::set<std::string> families;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, type)) {
      families.insert(m[1]);
    } else if (line.rfind("# HELP ", 0) == 0) {
      continue;
    } else if (std::regex_match(line, m, sample)) {
      std::string name = m[1];
      std::string family = std::regex_replace(name, std::regex("_(bucket|sum|count)$"), "");
      EXPECT_TRUE(families.count(name) || families.count(family)) << "undeclared: " << line;
      out[name + std::string(m[2])] = std::stod(m[3]);
    } else {
      ADD_FAILURE() << "not exposition format: '" << line << "'";
    }
  }
  return out;
}

class Metrics : public RunFixture {};

TEST_P(Metrics, CountsRequestsLatencyPoolAndTransitions) {
  bind(2);
  launch("1,2", "1,2", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"next_report_increment":60,"process_group_id":1})");
  ok("POST", "/task_instance/1/log_done", R"({"nodename":"n"})");
  // Refused: nothing is committed.
  EXPECT_EQ(call("POST", "/task_instance/2/log_running", "{}").status, 400);
  EXPECT_EQ(client_->get("/api/v2/nowhere").status, 404);

  HttpResponse r = client_->get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  auto m = parse_exposition(r.body);

  const std::string done =
      R"(plugin="v2",route="/api/v2/task_instance/{task_instance_id:int}/log_done")";
  const std::string running =
      R"(plugin="v2",route="/api/v2/task_instance/{task_instance_id:int}/log_running")";
  EXPECT_EQ(m["jobmond_http_requests_total{" + done + ",status=\"200\"}"], 1);
  EXPECT_EQ(m["jobmond_http_requests_total{" + running + ",status=\"200\"}"], 1);
  EXPECT_EQ(m["jobmond_http_requests_total{" + running + ",status=\"400\"}"], 1);
  EXPECT_EQ(m["jobmond_http_request_duration_seconds_count{" + running + "}"], 2);
  EXPECT_EQ(m["jobmond_http_request_duration_seconds_bucket{" + running + ",le=\"+Inf\"}"], 2);
  EXPECT_GT(m["jobmond_http_request_duration_seconds_sum{" + done + "}"], 0);
  EXPECT_EQ(m[R"(jobmond_http_requests_total{plugin="",route="",status="404"})"], 1);
  EXPECT_EQ(m["jobmond_http_requests_in_flight"], 1);  // this scrape
  EXPECT_EQ(m["jobmond_db_pool_connections"], 8);
  EXPECT_EQ(m["jobmond_db_pool_in_use"], 0);
  EXPECT_EQ(m["jobmond_db_pool_waiting"], 0);
  EXPECT_TRUE(m.count("jobmond_db_lock_retries_total"));
  EXPECT_TRUE(m.count("jobmond_db_lock_conflicts_total"));
  // Committed transitions only: the refused D -> R counts nothing.
  EXPECT_EQ(m[R"(jobmond_state_transitions_total{entity="task_instance",from="O",to="R"})"], 1);
  EXPECT_EQ(m[R"(jobmond_state_transitions_total{entity="task_instance",from="R",to="D"})"], 1);
  EXPECT_EQ(m[R"(jobmond_state_transitions_total{entity="task",from="R",to="D"})"], 1);
  EXPECT_EQ(m[R"(jobmond_state_transitions_total{entity="task_instance",from="I",to="O"})"], 2);
}

TEST_P(Metrics, JsonLogsCarryRouteIdsAndTheClientsContext) {
  bind(1);
  launch("1", "1", 1);
  start({"--log-format", "json"});
  HttpResponse r = client_->request(
      "POST", "/api/v2/task_instance/1/log_report_by", R"({"next_report_increment":60})",
      {{"X-Server-Structlog-Context", R"({"workflow_run_id":1,"task_instance_id":1,"x":"y"})"}});
  ASSERT_EQ(r.status, 200);
  // A forged context on a request answered 404: the log keeps the server's own fields.
  r = client_->request(
      "GET", "/api/v2/no_such_route", "",
      {{"X-Server-Structlog-Context",
        R"({"status":200,"method":"PUT","path":"/x","route":"/x","plugin":"v3","duration_ms":0,)"
        R"("event":"login","level":"ERROR","timestamp":"x","workflow_id":7,"workflow_id":8})"}});
  ASSERT_EQ(r.status, 404);
  client_->get("/api/v2/health");
  std::istringstream lines(server_->output());
  int requests = 0, forged = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;  // the "listening" line is for scripts
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    ASSERT_TRUE(d.HasMember("timestamp") && d.HasMember("level") && d.HasMember("event")) << line;
    std::set<std::string> keys;
    for (const auto& m : d.GetObject()) {
      EXPECT_TRUE(keys.insert(m.name.GetString()).second) << "repeated key in " << line;
    }
    if (std::string(d["event"].GetString()) != "request") continue;
    if (std::string(d["path"].GetString()) == "/api/v2/no_such_route") {
      ++forged;
      EXPECT_EQ(d["status"].GetInt(), 404);
      EXPECT_EQ(std::string(d["method"].GetString()), "GET");
      EXPECT_EQ(std::string(d["level"].GetString()), "INFO");
      EXPECT_EQ(d["workflow_id"].GetInt(), 7);  // a client id is kept, once
      continue;
    }
    if (std::string(d["path"].GetString()) != "/api/v2/task_instance/1/log_report_by") continue;
    ++requests;
    EXPECT_EQ(std::string(d["method"].GetString()), "POST");
    EXPECT_EQ(std::string(d["route"].GetString()),
              "/api/v2/task_instance/{task_instance_id:int}/log_report_by");
    EXPECT_EQ(std::string(d["plugin"].GetString()), "v2");
    EXPECT_EQ(d["status"].GetInt(), 200);
    EXPECT_TRUE(d["duration_ms"].IsNumber());
    EXPECT_EQ(d["task_instance_id"].GetInt(), 1);  // path parameter, as a number
    EXPECT_EQ(d["workflow_run_id"].GetInt(), 1);   // from the client's context
    EXPECT_FALSE(d.HasMember("x"));                // not a key the Jobmon client sends
  }
  EXPECT_EQ(requests, 1);
  EXPECT_EQ(forged, 1);

  start({"--log-level", "warning"});
  client_->get("/api/v2/health");
  EXPECT_EQ(server_->output().find("/api/v2/health"), std::string::npos) << server_->output();
}

INSTANTIATE_TEST_SUITE_P(Backends, Metrics, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
