#pragma once
// The fixture of the run-path HTTP suites: a fresh database per test and backend, a jobmond on
// it, and the client's own bind/queue/launch requests to arrange a bound, running workflow.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::testing {

// The helpers, for suites with their own parameters; RunFixture below is the usual one.
class RunHelpers : public ::testing::Test {
 protected:
  void start(std::vector<std::string> args) {
    client_.reset();
    server_.reset();
    server_ = std::make_unique<JobmondProcess>(std::move(args), db_->uri());
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  // `v` defaults to the fixture's version (v_, "v2" unless a test sets it).
  HttpResponse call(const std::string& method, const std::string& path, const std::string& body,
                    const char* v = nullptr) {
    return client_->request(method, std::string("/api/") + (v ? v : v_) + path, body);
  }
  std::string ok(const std::string& method, const std::string& path, const std::string& body,
                 const char* v = nullptr) {
    auto r = call(method, path, body, v);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.body;
  }
  std::string scalar(const std::string& sql) {
    std::string v;
    soci::indicator ind = soci::i_ok;
    db_->sql() << sql, soci::into(v, ind);
    return ind == soci::i_null ? "NULL" : v;
  }
  int count(const std::string& sql) {
    int n = 0;
    db_->sql() << sql, soci::into(n);
    return n;
  }

  // A bound workflow with `n` tasks of max_attempts `attempts` in one array, and a run in state
  // R, through the client's own requests. Ids: workflow 1, array 1, tasks 1..n, run 1.
  // `edges`: the edges_to_add JSON array (default: node 1 alone).
  void bind(int n, int attempts = 2, const std::string& edges = "") {
    ok("POST", "/tool", R"({"name":"t"})");
    ok("POST", "/tool_version", R"({"tool_id":1})");
    ok("POST", "/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})");
    ok("POST", "/task_template/1/add_version",
       R"({"node_args":["a"],"task_args":[],"op_args":[],"command_template":"echo {a}",)"
       R"("arg_mapping_hash":1})");
    std::string nodes = R"({"nodes":[)";
    for (int i = 1; i <= n; ++i) {
      nodes += std::string(i > 1 ? "," : "") + R"({"task_template_version_id":1,)" +
               R"("node_args_hash":")" + std::to_string(i) + R"(","node_args":{"1":")" +
               std::to_string(i) + R"("}})";
    }
    ok("POST", "/nodes", nodes + "]}");
    ok("POST", "/dag", R"({"dag_hash":99})");
    ok("POST", "/dag/1/edges",
       R"({"edges_to_add":)" +
           (edges.empty() ? R"([{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[]}])"
                          : edges) +
           R"(,"mark_created":true})");
    ok("POST", "/workflow",
       R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":5,"task_hash":6,"description":"d",)"
       R"("name":"w","workflow_args":"","max_concurrently_running":10,"workflow_attributes":{}})");
    ok("POST", "/array",
       R"({"workflow_id":1,"task_template_version_id":1,"max_concurrently_running":10,"name":"tt"})");
    EXPECT_EQ(ok("POST", "/task/bind_resources",
                 R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":)"
                 R"({"stdout":"/tmp/o","runtime":60}})"),
              "1");
    std::string tasks = R"({"workflow_id":1,"mark_created":true,"tasks":{)";
    for (int i = 1; i <= n; ++i) {
      tasks += std::string(i > 1 ? "," : "") + "\"h" + std::to_string(i) + "\":[" +
               std::to_string(i) + R"(,"0",1,1,"task)" + std::to_string(i) + R"(","echo",)" +
               std::to_string(attempts) + R"(,false,{"memory":0.5},[]])";
    }
    ok("PUT", "/task/bind_tasks_no_args", tasks + "}}");
    EXPECT_EQ(ok("POST", "/workflow_run",
                 R"({"workflow_id":1,"user":"alice","jobmon_version":"3.6",)"
                 R"("next_report_increment":60})"),
              R"({"workflow_run_id":1,"status":"L"})");
    EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"B"})"), R"({"status":"B"})");
    EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"I"})"), R"({"status":"I"})");
    EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"O"})"), R"({"status":"O"})");
    EXPECT_EQ(
        ok("POST", "/workflow_run/1/log_heartbeat", R"({"next_report_increment":60,"status":"R"})"),
        R"({"status":"R"})");
  }
  // queue -> instantiate -> launch the given tasks as batch `batch`; returns their instance ids.
  void launch(const std::string& task_ids, const std::string& ti_ids, int batch) {
    ok("POST", "/array/1/queue_task_batch",
       R"({"task_ids":[)" + task_ids +
           R"(],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})");
    ok("POST", "/task_instance/instantiate_task_instances",
       R"({"task_instance_ids":[)" + ti_ids + "]}");
    ok("POST", "/array/1/transition_to_launched",
       R"({"batch_number":)" + std::to_string(batch) + R"(,"next_report_increment":60})");
  }
  std::string ti(int id) {
    return scalar("SELECT status FROM task_instance WHERE id = " + std::to_string(id));
  }
  std::string task(int id) {
    return scalar("SELECT status FROM task WHERE id = " + std::to_string(id));
  }

  const char* v_ = "v2";
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<JobmondProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

// Parameterised by backend ("sqlite", "postgresql"): a fresh database and a jobmond on it.
class RunFixture : public RunHelpers, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    start({});
  }
};

}  // namespace jobmon::testing
