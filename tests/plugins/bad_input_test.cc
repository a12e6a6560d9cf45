// Hostile and broken input against the real server, route by route (issue "Reliability"): for
// every JSON route of v2, v3 and compat, every top-level body field replaced by values of every
// wrong type (and removed), broken bodies (truncated, not JSON, duplicate keys, invalid UTF-8,
// deep nesting), and bad path ids. Every answer is below 500; every 4xx changed nothing in the
// database; the server keeps serving.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <tuple>

#include "database_snapshot.h"
#include "run_fixture.h"

namespace jobmon::testing {
namespace {

struct RouteCase {
  const char* version;  // "v2" or "v3"
  const char* method;
  const char* path;  // with ids of the fixture's workflow; {id} marks the id that gets mutated
  const char* body;  // a valid body in the client's shape
};

// Ids: workflow 1, array 1, tasks 1-3, task instances 1-2 (1 running), run 1, dag 1.
constexpr RouteCase kRoutes[] = {
    {"v2", "POST", "/tool", R"({"name":"t2"})"},
    {"v2", "POST", "/tool_version", R"({"tool_id":1})"},
    {"v2", "POST", "/task_template", R"({"tool_version_id":1,"task_template_name":"tt2"})"},
    {"v2", "POST", "/task_template/{1}/add_version",
     R"({"node_args":["b"],"task_args":[],"op_args":[],"command_template":"echo {b}","arg_mapping_hash":2})"},
    {"v2", "POST", "/nodes",
     R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"77","node_args":{"1":"77"}}]})"},
    {"v2", "POST", "/dag", R"({"dag_hash":123})"},
    {"v2", "POST", "/dag/{1}/edges",
     R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[]}],"mark_created":true})"},
    {"v2", "POST", "/workflow",
     R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":8,"task_hash":9,"description":"d","name":"w2","workflow_args":"","max_concurrently_running":10,"workflow_attributes":{}})"},
    {"v2", "POST", "/array",
     R"({"workflow_id":1,"task_template_version_id":1,"max_concurrently_running":10,"name":"tt"})"},
    {"v2", "POST", "/task/bind_resources",
     R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":{"runtime":60}})"},
    {"v2", "PUT", "/task/bind_tasks_no_args",
     R"({"workflow_id":1,"mark_created":true,"tasks":{"h9":[1,"0",1,1,"task9","echo",2,false,{"memory":1},[]]}})"},
    {"v2", "PUT", "/task/bind_task_args", R"({"task_args":[[1,1,"v"]]})"},
    {"v2", "PUT", "/task/bind_task_attributes", R"({"task_attributes":{"1":{"color":"red"}}})"},
    {"v2", "POST", "/task_resources/{1}", R"({})"},
    {"v2", "PUT", "/workflow/{1}/workflow_attributes", R"({"workflow_attributes":{"a":"b"}})"},
    {"v2", "POST", "/workflow_run",
     R"({"workflow_id":1,"user":"alice","jobmon_version":"3.6","next_report_increment":60})"},
    {"v2", "PUT", "/workflow_run/{1}/update_status", R"({"status":"E"})"},
    {"v2", "POST", "/workflow_run/{1}/log_heartbeat",
     R"({"next_report_increment":60,"status":"R"})"},
    {"v2", "POST", "/workflow_run/{1}/sync_status", R"({"task_instance_ids":[1],"status":"R"})"},
    {"v2", "POST", "/workflow_run/{1}/set_status_for_triaging", R"({})"},
    {"v2", "PUT", "/workflow_run/{1}/terminate_task_instances", R"({})"},
    {"v2", "POST", "/array/{1}/queue_task_batch",
     R"({"task_ids":[3],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"},
    {"v2", "POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[2]})"},
    {"v2", "POST", "/array/{1}/transition_to_launched",
     R"({"batch_number":1,"next_report_increment":60})"},
    {"v2", "POST", "/array/{1}/log_distributor_id", R"({"2":"123_2"})"},
    {"v2", "POST", "/array/{1}/transition_to_killed", R"({"batch_number":1})"},
    {"v2", "POST", "/task_instance/{2}/log_running",
     R"({"next_report_increment":60,"nodename":"n","process_group_id":7,"distributor_id":"5"})"},
    {"v2", "POST", "/task_instance/{1}/log_report_by", R"({"next_report_increment":90})"},
    {"v2", "POST", "/task_instance/log_report_by/batch",
     R"({"next_report_increment":60,"task_instance_ids":[1,2]})"},
    {"v2", "POST", "/task_instance/{1}/log_done", R"({"nodename":"n2","distributor_id":"5"})"},
    {"v2", "POST", "/task_instance/{1}/log_error_worker_node",
     R"({"error_state":"E","error_description":"boom","nodename":"n"})"},
    {"v2", "POST", "/task_instance/{2}/log_no_distributor_id", R"({"no_id_err_msg":"qsub"})"},
    {"v2", "POST", "/task_instance/{2}/log_distributor_id",
     R"({"distributor_id":"5","next_report_increment":60})"},
    {"v2", "POST", "/task_instance/{1}/log_known_error",
     R"({"error_state":"E","error_message":"x","nodename":"n"})"},
    {"v2", "POST", "/task_instance/{1}/log_unknown_error",
     R"({"error_state":"U","error_message":"x"})"},
    {"v2", "POST", "/task/{1}/set_resume_state", R"({"reset_if_running":true})"},
    {"v2", "POST", "/workflow/{1}/set_resume", R"({"reset_running_jobs":true})"},
    {"v2", "PUT", "/workflow/{1}/update_max_concurrently_running", R"({"max_tasks":20})"},
    {"v2", "POST", "/workflow/{1}/task_status_updates", R"({"last_sync":"2020-01-01 00:00:00"})"},
    {"v2", "POST", "/task/get_downstream_tasks", R"({"task_ids":[1],"dag_id":1})"},
    {"v2", "PUT", "/workflow/{0}/fix_status_inconsistency", R"({"increase_step":10})"},
    {"v3", "PUT", "/workflow/{1}/update_array_max_concurrently_running",
     R"({"max_tasks":4,"task_template_version_id":1})"},
    {"v3", "POST", "/workflow/{1}/set_resume", R"({"reset_running_jobs":false})"},
    {"v3", "POST", "/array/{1}/transition_to_killed", R"({"batch_number":1})"},
    {"v3", "POST", "/task_template/{1}/add_version",
     R"({"node_args":["c"],"task_args":[],"op_args":[],"command_template":"echo {c}","arg_mapping_hash":3})"},
    // CLI routes (the `jobmon` command-line tool and the GUI).
    {"v2", "POST", "/workflow_validation", R"({"task_ids":[1]})"},
    {"v2", "POST", "/task/subdag", R"({"task_ids":[1],"task_status":["G"]})"},
    {"v2", "PUT", "/task/update_statuses",
     R"({"task_ids":[3],"new_status":"G","workflow_status":"R","workflow_id":1})"},
    {"v3", "PUT", "/task/update_statuses",
     R"({"task_ids":[3],"new_status":"D","workflow_id":1,"recursive":true})"},
    {"v2", "PUT", "/tasks_recursive/down", R"({"task_ids":[1]})"},
    {"v2", "PUT", "/workflow/{1}/reset", R"({"partial_reset":true})"},
    {"v2", "POST", "/task_template_resource_usage",
     R"({"task_template_version_id":1,"workflows":[1],"node_args":{"a":["1"]},"ci":0.9,"viz":true})"},
    {"v3", "POST", "/task_template_resource_usage",
     R"({"task_template_version_id":1,"workflows":[1],"node_args":{"a":["1"]},"viz":true})"},
};

const std::string kLongText = "\"" + std::string(5000, 'x') + "\"";  // wider than any column

// Values of every JSON type, and the edges of each.
const char* const kWrongValues[] = {
    kLongText.c_str(),
    R"("x")",
    R"("")",
    "\"\xff\xfe\"",
    "{}",
    "[]",
    R"([{"a":[]}])",
    "true",
    "null",
    "-1",
    "0",
    "1.5",
    "123456789012345678901234567890",
    "-9223372036854775809",
    "1e400",
};

// Broken whole bodies.
std::vector<std::string> broken_bodies(const std::string& valid) {
  std::vector<std::string> out = {
      valid.substr(0, valid.size() / 2),  // truncated
      "not json",
      "[]",
      R"("a string")",
      "42",
      "{",
      "{\"\xc3\x28\":1}",                                   // invalid UTF-8 in a key
      std::string(100000, '[') + std::string(100000, ']'),  // nesting far past the depth limit
      "{\"a\":" + std::string(70, '{') + std::string(70, '}') + "}",
  };
  // Duplicate keys: the valid body with its first key repeated with a wrong value.
  if (valid.size() > 2 && valid[1] == '"') {
    const std::size_t colon = valid.find(':');
    out.push_back("{" + valid.substr(1, colon - 1) + ":{\"dup\":[1]}," + valid.substr(1));
  }
  return out;
}

std::string with_field(const std::string& valid, const std::string& key, const char* value) {
  rapidjson::Document doc;
  doc.Parse(valid.c_str());
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  std::string out = "{";
  bool first = true;
  for (auto& m : doc.GetObject()) {
    const std::string name(m.name.GetString(), m.name.GetStringLength());
    if (name == key && value == nullptr) continue;  // removed
    if (!first) out += ",";
    first = false;
    out += "\"" + name + "\":";
    if (name == key) {
      out += value;
    } else {
      buf.Clear();
      w.Reset(buf);
      m.value.Accept(w);
      out += buf.GetString();
    }
  }
  return out + "}";
}

std::vector<std::string> keys_of(const std::string& valid) {
  rapidjson::Document doc;
  doc.Parse(valid.c_str());
  std::vector<std::string> keys;
  for (auto& m : doc.GetObject()) keys.emplace_back(m.name.GetString(), m.name.GetStringLength());
  return keys;
}

// The path with its marked id replaced ("{1}" -> replacement, or the id itself).
std::string path_with(const char* path, const std::string* replacement) {
  std::string p = path;
  const std::size_t open = p.find('{');
  if (open == std::string::npos) return p;
  const std::size_t close = p.find('}', open);
  const std::string id = p.substr(open + 1, close - open - 1);
  return p.substr(0, open) + (replacement ? *replacement : id) + p.substr(close + 1);
}

class BadInput : public RunHelpers,
                 public ::testing::WithParamInterface<std::tuple<std::string, int>> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(std::get<0>(GetParam()));
    start({});
    bind(3);
    launch("1,2", "1,2", 1);
    ok("POST", "/task_instance/1/log_running",
       R"({"next_report_increment":60,"process_group_id":1})");
  }
  std::string backend() const { return std::get<0>(GetParam()); }

  // Sends one request; fails on a 5xx, and on a 4xx that changed the database.
  void expect_harmless(const RouteCase& rc, const std::string& path, const std::string& body,
                       const std::string& what) {
    const std::string before = database_snapshot(db_->sql());
    HttpResponse r = client_->request(rc.method, std::string("/api/") + rc.version + path, body);
    ++sent_;
    ASSERT_LT(r.status, 500) << rc.method << " " << path << " (" << what << "): " << r.body
                             << "\nbody: " << body.substr(0, 300);
    if (r.status >= 400) {
      ASSERT_EQ(database_snapshot(db_->sql()), before)
          << rc.method << " " << path << " (" << what << ") answered " << r.status
          << " but changed the database; body: " << body.substr(0, 300);
    }
  }

  int sent_ = 0;
};

TEST_P(BadInput, EveryWrongValueIsRefusedOrHarmless) {
  const RouteCase& rc = kRoutes[std::get<1>(GetParam())];
  const std::string path = path_with(rc.path, nullptr);
  for (const std::string& key : keys_of(rc.body)) {
    expect_harmless(rc, path, with_field(rc.body, key, nullptr), "without " + key);
    for (const char* value : kWrongValues) {
      expect_harmless(rc, path, with_field(rc.body, key, value), key + " = " + value);
    }
  }
  for (const std::string& body : broken_bodies(rc.body)) {
    expect_harmless(rc, path, body, "broken body");
  }
  if (std::string(rc.path).find('{') != std::string::npos) {
    for (std::string id : {"-1", "0", "99999999", "abc", "1.0", "9223372036854775808", "%00"}) {
      expect_harmless(rc, path_with(rc.path, &id), rc.body, "path id " + id);
    }
  }
  // Still serving, and the database is sound.
  EXPECT_EQ(client_->get("/api/v2/health").status, 200);
  if (backend() == "sqlite") {
    EXPECT_EQ(scalar("PRAGMA integrity_check"), "ok");
  }
  EXPECT_GT(sent_, 5);
}

// 10 MB bodies against a 1 MiB limit: 413 before the body is read, nothing written, and the
// server (and the connection) keep serving.
class BigBodies : public RunFixture {};

TEST_P(BigBodies, TenMegabytesAgainstAOneMegabyteLimitIs413) {
  start({"--max-body-bytes", "1048576"});
  bind(1);
  const std::string before = database_snapshot(db_->sql());
  std::string tasks = R"({"workflow_id":1,"tasks":{"h":[1,"0",1,1,")" +
                      std::string(10u << 20, 'x') + R"(","echo",1,false,{},[]]}})";
  HttpResponse r = call("PUT", "/task/bind_tasks_no_args", tasks);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("detail"), std::string::npos) << r.body.substr(0, 200);
  EXPECT_EQ(database_snapshot(db_->sql()), before);
  EXPECT_EQ(call("GET", "/health", "").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, BigBodies, ::testing::ValuesIn(http_test_backends()));

std::vector<std::tuple<std::string, int>> all_cases() {
  std::vector<std::tuple<std::string, int>> out;
  for (const std::string& b : http_test_backends()) {
    for (int i = 0; i < static_cast<int>(std::size(kRoutes)); ++i) out.emplace_back(b, i);
  }
  return out;
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<std::string, int>>& info) {
  const RouteCase& rc = kRoutes[std::get<1>(info.param)];
  std::string name = std::get<0>(info.param) + "_" + rc.version + "_" + rc.method;
  for (const char* c = rc.path; *c; ++c)
    name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Routes, BadInput, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace jobmon::testing
