#pragma once
// The fixture of the workflow/task HTTP suites: a fresh database per test and backend, a jobmond
// on it (default plugins: v2, v3, compat; authentication disabled), and the Jobmon client's own
// bind requests, in its order, to arrange a bound workflow.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "http_client.h"
#include "jobmon/json.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::testing {

// SHA-256-sized hashes as the client sends them (JSON integers of 78 digits, or their text).
inline constexpr const char* kWorkflowArgsHash =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";
inline constexpr const char* kWorkflowTaskHash =
    "904625697166532776746648320380374280103671755200316906558262375061821325312";

class WorkflowTaskFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<JobmondProcess>(std::vector<std::string>{}, db_->uri());
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // `v` defaults to the fixture's version (v_).
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
  // The response parsed (big integers kept as text, as the server reads them).
  static api::JsonDocument parse(const std::string& body) {
    api::JsonDocument doc;
    EXPECT_TRUE(api::parse_json(body, doc).ok) << body;
    return doc;
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
  // Status letters of every row of `table`, in id order, e.g. "GGD".
  std::string statuses(const std::string& table) {
    std::vector<std::string> rows(1000);
    std::vector<soci::indicator> ind(1000);
    db_->sql() << "SELECT status FROM " + table + " ORDER BY id", soci::into(rows, ind);
    std::string out;
    for (const auto& s : rows) out += s;
    return out;
  }

  // The bind path up to the workflow row, as the client sends it: tool, version, template and
  // its version, `n` nodes in a chain, the DAG and its edges, then POST /workflow. Ids: tool 1,
  // tool version 1, template 1, version 1, nodes 1..n, dag 1, workflow 1.
  void bind_workflow(int n) {
    ok("POST", "/tool", R"({"name":"wt_tool"})");
    ok("POST", "/tool_version", R"({"tool_id":1})");
    ok("POST", "/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})");
    ok("POST", "/task_template/1/add_version",
       R"({"command_template":"echo {i}","arg_mapping_hash":7,"node_args":["i"],)"
       R"("task_args":[],"op_args":[]})");
    std::string nodes = R"({"nodes":[)";
    std::string edges = R"({"edges_to_add":[)";
    for (int i = 1; i <= n; ++i) {
      std::string s = std::to_string(i);
      nodes += std::string(i > 1 ? "," : "") + R"({"task_template_version_id":1,)" +
               R"("node_args_hash":")" + s + R"(","node_args":{"1":)" + s + "}}";
      edges += std::string(i > 1 ? "," : "") + R"({"node_id":)" + s + R"(,"upstream_node_ids":)" +
               (i > 1 ? "[" + std::to_string(i - 1) + "]" : "[]") + R"(,"downstream_node_ids":)" +
               (i < n ? "[" + std::to_string(i + 1) + "]" : "[]") + "}";
    }
    ok("POST", "/nodes", nodes + "]}");
    ok("POST", "/dag", R"({"dag_hash":4242})");
    ok("POST", "/dag/1/edges", edges + R"(],"mark_created":true})");
    ok("POST", "/workflow", workflow_body());
  }
  static std::string workflow_body(int max_running = 10) {
    return std::string(R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":)") +
           kWorkflowArgsHash + R"(,"task_hash":)" + kWorkflowTaskHash +
           R"(,"description":"d","name":"wf","workflow_args":"a","max_concurrently_running":)" +
           std::to_string(max_running) + R"(,"workflow_attributes":{}})";
  }
  // The client's bind_tasks_no_args chunk for tasks from..to of workflow 1 (node i, array 1,
  // resources 1): {"<task hash>": [node, args hash, array, resources, name, command,
  // max_attempts, reset_if_running, resource_scales, fallback_queues]}.
  static std::string tasks_body(int from, int to, bool reset = false, bool mark_created = true) {
    std::string body = std::string(R"({"workflow_id":1,"mark_created":)") +
                       (mark_created ? "true" : "false") + R"(,"tasks":{)";
    for (int i = from; i <= to; ++i) {
      std::string s = std::to_string(i);
      body += std::string(i > from ? "," : "") + "\"" + std::to_string(1000 + i) + "\":[" + s +
              R"(,"77",1,1,"t)" + s + R"(","echo )" + s + R"(",3,)" + (reset ? "true" : "false") +
              R"(,{"memory":0.5,"runtime":0.5},[]])";
    }
    return body + "}}";
  }
  // A bound workflow with `n` tasks (array 1, resources 1) and no run yet.
  void bind_tasks(int n) {
    bind_workflow(n);
    ok("POST", "/array",
       R"({"task_template_version_id":1,"workflow_id":1,"max_concurrently_running":10,)"
       R"("name":"tt"})");
    ok("POST", "/task/bind_resources",
       R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":{"runtime":60}})");
    ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, n));
  }
  // POST /workflow_run and its moves to `status` (B or R) through the client's own requests.
  void start_run(const std::string& user, const std::string& status) {
    auto r = parse(ok("POST", "/workflow_run",
                      R"({"workflow_id":1,"user":")" + user +
                          R"(","jobmon_version":"3.6","next_report_increment":60})"));
    ASSERT_TRUE(r["workflow_run_id"].IsInt64()) << "run refused";
    std::string id = std::to_string(r["workflow_run_id"].GetInt64());
    ok("PUT", "/workflow_run/" + id + "/update_status", R"({"status":"B"})");
    if (status == "B") return;
    ok("PUT", "/workflow_run/" + id + "/update_status", R"({"status":"I"})");
    ok("PUT", "/workflow_run/" + id + "/update_status", R"({"status":"O"})");
    ok("POST", "/workflow_run/" + id + "/log_heartbeat",
       R"({"next_report_increment":60,"status":"R"})");
  }

  const char* v_ = "v2";
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<JobmondProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace jobmon::testing
