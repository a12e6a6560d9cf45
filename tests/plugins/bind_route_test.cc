// Bind-path routes over HTTP against the real jobmond, on every backend: tools, tool versions,
// task templates and their versions, clusters, queues, task resources and tool resource usage.
// Exact response shapes, the reference's errors, v2/v3 differences and the database rows.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "bind_fixture.h"

namespace jobmon::testing {
namespace {

TEST_P(BindRoutes, ToolIsGetOrCreate) {
  EXPECT_EQ(post("/tool", R"({"name":"my_tool"})").body, R"({"tool":[1,"my_tool"]})");
  EXPECT_EQ(post("/tool", R"({"name":"my_tool"})").body, R"({"tool":[1,"my_tool"]})");
  EXPECT_EQ(post("/tool", R"({"name":"my_tool"})", "v3").body, R"({"tool":[1,"my_tool"]})");
  EXPECT_EQ(post("/tool", R"({"name":"other"})", "v3").body, R"({"tool":[2,"other"]})");
  EXPECT_EQ(count("SELECT count(*) FROM tool"), 2);
  auto ok = post("/tool", R"({"name":"my_tool"})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("content-type"), "application/json");
  expect_invalid(post("/tool", R"({"nom":"x"})"), "name", "/api/v2/tool");
  expect_invalid(post("/tool", R"({"nom":"x"})", "v3"), "name", "/api/v3/tool");
  EXPECT_EQ(count("SELECT count(*) FROM tool"), 2);
}

TEST_P(BindRoutes, ToolVersionsAreAlwaysNew) {
  post("/tool", R"({"name":"t"})");
  EXPECT_EQ(get("/tool/1/tool_versions").body, R"({"tool_versions":[]})");
  EXPECT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[1,1]})");
  EXPECT_EQ(post("/tool_version", R"({"tool_id":1})", "v3").body, R"({"tool_version":[2,1]})");
  EXPECT_EQ(get("/tool/1/tool_versions").body, R"({"tool_versions":[[1,1],[2,1]]})");
  EXPECT_EQ(get("/tool/1/tool_versions", "v3").body, R"({"tool_versions":[[1,1],[2,1]]})");
  EXPECT_EQ(get("/tool/9/tool_versions").body, R"({"tool_versions":[]})");
  expect_422(get("/tool/abc/tool_versions"), "tool_id", "abc");
  expect_422(get("/tool/abc/tool_versions", "v3"), "tool_id", "abc");

  expect_invalid(post("/tool_version", R"({})"), "tool_id", "/api/v2/tool_version");
  expect_invalid(post("/tool_version", R"({"tool_id":"x"})"), "tool_id", "/api/v2/tool_version");
  // Unknown tool: the reference ends in 500 NoResultFound; we answer 404 and write nothing.
  auto unknown = post("/tool_version", R"({"tool_id":77})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"detail":"Tool with ID 77 not found"})");
  EXPECT_EQ(count("SELECT count(*) FROM tool_version"), 2);
}

TEST_P(BindRoutes, TaskTemplatesAreGetOrCreate) {
  post("/tool", R"({"name":"t"})");
  post("/tool_version", R"({"tool_id":1})");
  post("/tool_version", R"({"tool_id":1})");
  EXPECT_EQ(get("/tool_version/2/task_templates").body, R"({"task_templates":[]})");
  auto tt = R"({"tool_version_id":2,"task_template_name":"tt"})";
  EXPECT_EQ(post("/task_template", tt).body, R"({"task_template_id":1})");
  EXPECT_EQ(post("/task_template", tt, "v3").body, R"({"task_template_id":1})");
  // The name is unique per tool version only.
  EXPECT_EQ(post("/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})").body,
            R"({"task_template_id":2})");
  EXPECT_EQ(post("/task_template", R"({"tool_version_id":"2","task_template_name":"u"})").body,
            R"({"task_template_id":3})");  // the reference calls int() on the id
  EXPECT_EQ(get("/tool_version/2/task_templates").body,
            R"({"task_templates":[[1,2,"tt"],[3,2,"u"]]})");
  EXPECT_EQ(get("/tool_version/2/task_templates", "v3").body,
            R"({"task_templates":[[1,2,"tt"],[3,2,"u"]]})");
  expect_422(get("/tool_version/x/task_templates"), "tool_version_id", "x");

  expect_invalid(post("/task_template", R"({"tool_version_id":2})"), "task_template_name",
                 "/api/v2/task_template");
  expect_invalid(post("/task_template", R"({"task_template_name":"x"})", "v3"), "tool_version_id",
                 "/api/v3/task_template");
  auto unknown = post("/task_template", R"({"tool_version_id":9,"task_template_name":"x"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"detail":"ToolVersion with ID 9 not found"})");
  EXPECT_EQ(count("SELECT count(*) FROM task_template"), 3);
}

const char* kVersion1 =
    R"({"node_args":["a","b"],"task_args":["c"],"op_args":[],)"
    R"("command_template":" run {a} {b} {c}\n","arg_mapping_hash":)"
    R"(115792089237316195423570985008687907853269984665640564039457584007913129639935})";
const char* kWire1 = R"([1,"run {a} {b} {c}",["a","b"],["c"],[],{"a":1,"b":2,"c":3},1])";
const char* kVersion2 =
    R"({"node_args":["a"],"task_args":[],"op_args":["d"],"command_template":"run {a} {d}",)"
    R"("arg_mapping_hash":" 7 "})";
const char* kWire2 = R"([2,"run {a} {d}",["a"],[],["d"],{"a":1,"d":4},1])";

TEST_P(BindRoutes, TemplateVersionsAreGetOrCreate) {
  template_fixture();
  const std::string one = std::string(R"({"task_template_version":)") + kWire1 + "}";
  EXPECT_EQ(post("/task_template/1/add_version", kVersion1).body, one);
  EXPECT_EQ(post("/task_template/1/add_version", kVersion1).body, one);
  EXPECT_EQ(post("/task_template/1/add_version", kVersion1, "v3").body, one);
  EXPECT_EQ(post("/task_template/1/add_version", kVersion2).body,
            std::string(R"({"task_template_version":)") + kWire2 + "}");
  // Stored: the trimmed command, the hash digit for digit (and a string hash trimmed), one map
  // row per argument with its type (1 node, 2 task, 3 op), one arg row per name.
  EXPECT_EQ(count("SELECT count(*) FROM task_template_version"), 2);
  EXPECT_EQ(text("SELECT arg_mapping_hash FROM task_template_version WHERE id = 1"), kHash78);
  EXPECT_EQ(text("SELECT arg_mapping_hash FROM task_template_version WHERE id = 2"), "7");
  EXPECT_EQ(text("SELECT command_template FROM task_template_version WHERE id = 1"),
            "run {a} {b} {c}");
  EXPECT_EQ(count("SELECT count(*) FROM arg"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM template_arg_map"), 5);
  EXPECT_EQ(count("SELECT sum(arg_id * 10 + arg_type_id) FROM template_arg_map WHERE "
                  "task_template_version_id = 1"),
            11 + 21 + 32);
  EXPECT_EQ(count("SELECT sum(arg_id * 10 + arg_type_id) FROM template_arg_map WHERE "
                  "task_template_version_id = 2"),
            11 + 43);

  // One name in two lists is one argument mapped twice (with two types).
  auto both =
      post("/task_template/1/add_version", R"({"node_args":["a"],"task_args":["a"],"op_args":[],)"
                                           R"("command_template":"x {a}","arg_mapping_hash":8})");
  EXPECT_EQ(both.body, R"({"task_template_version":[3,"x {a}",["a"],["a"],[],{"a":1},1]})");
}

TEST_P(BindRoutes, TemplateVersionsDifferBetweenV2AndV3) {
  template_fixture();
  EXPECT_EQ(get("/task_template/1/versions", "v2").body, R"({"task_template_versions":[]})");
  EXPECT_EQ(get("/task_template/1/versions", "v3").body, R"({"task_template_versions":[]})");
  post("/task_template/1/add_version", kVersion1);
  post("/task_template/1/add_version", kVersion2);
  // v2: the newest version only; v3: all of them.
  EXPECT_EQ(get("/task_template/1/versions", "v2").body,
            std::string(R"({"task_template_versions":[)") + kWire2 + "]}");
  EXPECT_EQ(get("/task_template/1/versions", "v3").body,
            std::string(R"({"task_template_versions":[)") + kWire1 + "," + kWire2 + "]}");
  EXPECT_EQ(get("/task_template/7/versions", "v3").body, R"({"task_template_versions":[]})");
  expect_422(get("/task_template/x/versions"), "task_template_id", "x");

  // GET /task_template/id/{ttv}: v3 only, a bare integer.
  auto id = get("/task_template/id/2", "v3");
  EXPECT_EQ(id.status, 200);
  EXPECT_EQ(id.header("content-type"), "application/json");
  EXPECT_EQ(id.body, "1");
  auto v2 = get("/task_template/id/2", "v2");
  EXPECT_EQ(v2.status, 404);
  EXPECT_EQ(v2.body, R"({"detail":"Not Found"})");
  auto unknown = get("/task_template/id/99", "v3");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"detail":"TaskTemplateVersion with ID 99 not found"})");
  expect_422(get("/task_template/id/x", "v3"), "task_template_version_id", "x");
}

TEST_P(BindRoutes, AddVersionRejectsBadInput) {
  template_fixture();
  const std::string path = "/api/v2/task_template/1/add_version";
  expect_invalid(post("/task_template/1/add_version",
                      R"({"node_args":[],"task_args":[],"op_args":[],"arg_mapping_hash":1})"),
                 "command_template", path);
  expect_invalid(post("/task_template/1/add_version",
                      R"({"node_args":[],"task_args":[],"op_args":[],"command_template":5,)"
                      R"("arg_mapping_hash":1})"),
                 "command_template", path);
  expect_invalid(
      post("/task_template/1/add_version",
           R"({"node_args":[],"op_args":[],"command_template":"x","arg_mapping_hash":1})"),
      "task_args", path);
  expect_invalid(post("/task_template/1/add_version",
                      R"({"node_args":[],"task_args":[],"op_args":[],"command_template":"x"})"),
                 "arg_mapping_hash", path);
  // The same name twice in one list: the reference ends in 500 NoResultFound; 400 here.
  expect_invalid(
      post("/task_template/1/add_version", R"({"node_args":["a","a"],"task_args":[],"op_args":[],)"
                                           R"("command_template":"x","arg_mapping_hash":1})"),
      "node_args", path);
  expect_422(post("/task_template/x/add_version", kVersion1), "task_template_id", "x");
  auto unknown = post("/task_template/5/add_version", kVersion1);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"detail":"TaskTemplate with ID 5 not found"})");
  // Nothing was written by any of them.
  EXPECT_EQ(count("SELECT count(*) FROM task_template_version"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM arg"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM template_arg_map"), 0);
}

TEST_P(BindRoutes, ClusterAndQueueLookups) {
  EXPECT_EQ(get("/cluster/sequential").body, R"({"cluster":[2,"sequential","sequential",null]})");
  EXPECT_EQ(get("/cluster/sequential", "v3").body,
            R"({"cluster":[2,"sequential","sequential",null]})");
  EXPECT_EQ(get("/cluster/nowhere").body, R"({"cluster":null})");
  // connection_parameters is returned as the stored text; names travel URL-encoded.
  db_->sql() << "INSERT INTO cluster (id, name, cluster_type_id, connection_parameters) VALUES "
                "(10, 'my slurm', 1, '{\"partition\": \"all.q\"}')";
  EXPECT_EQ(get("/cluster/my%20slurm").body,
            R"({"cluster":[10,"my slurm","dummy","{\"partition\": \"all.q\"}"]})");
  EXPECT_EQ(get("/cluster/2/queue/null.q").body, R"({"queue":[2,"null.q","{}"]})");
  EXPECT_EQ(get("/cluster/3/queue/null.q", "v3").body,
            R"({"queue":[3,"null.q","{\"cores\": (1,20)}"]})");
  EXPECT_EQ(get("/cluster/2/queue/none.q").body, R"({"queue":null})");
  EXPECT_EQ(get("/cluster/99/queue/null.q").body, R"({"queue":null})");
  expect_422(get("/cluster/x/queue/null.q"), "cluster_id", "x");
}

TEST_P(BindRoutes, TaskResourcesReadBothStoredForms) {
  auto add = [&](const std::string& queue, const std::string& text) {
    db_->sql() << "INSERT INTO task_resources (queue_id, task_resources_type_id, "
                  "requested_resources) VALUES (" +
                      queue + ", 'O', :t)",
        soci::use(text);
  };
  add("2", R"({"memory": 1, "runtime": 60, "x": true, "y": null, "z": false})");  // JSON
  add("2", R"({'cores': 2, 'q': ('a', 1), 'on': True, 'off': None})");            // Python literal
  add("NULL", R"({"memory": 1})");                                                // no queue
  add("2", R"({"stdout": "/tmp/\u00e9", "memory": 1.5})");  // json.dumps escapes non-ASCII
  // The reference answered 500 for the first (JSON true/null); we read both forms.
  EXPECT_EQ(post("/task_resources/1", "").body,
            R"({"requested_resources":{"memory":1,"runtime":60,"x":true,"y":null,"z":false},)"
            R"("queue_name":"null.q"})");
  EXPECT_EQ(post("/task_resources/2", "{}", "v3").body,
            R"({"requested_resources":{"cores":2,"q":["a",1],"on":true,"off":null},)"
            R"("queue_name":"null.q"})");
  EXPECT_EQ(post("/task_resources/3", "").body,
            R"({"requested_resources":null,"queue_name":null})");
  EXPECT_EQ(post("/task_resources/4", "").body,
            R"({"requested_resources":{"stdout":"/tmp/é","memory":1.5},"queue_name":"null.q"})");
  EXPECT_EQ(post("/task_resources/99", "").body,
            R"({"requested_resources":null,"queue_name":null})");
  expect_422(post("/task_resources/x", ""), "task_resources_id", "x");
}

TEST_P(BindRoutes, ToolResourceUsageValidatesDates) {
  auto usage = [&](const std::string& query) { return get("/tool/t/tool_resource_usage" + query); };
  auto expect_error = [&](const HttpResponse& r, const std::string& message) {
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.body, R"({"error":")" + message + R"("})");
  };
  const std::string both = "Both start_date and end_date are required.";
  const std::string form = "Dates must be in 'YYYY-MM-DD' format.";
  const std::string week = "Date range must be within one week.";
  expect_error(usage(""), both);
  expect_error(usage("?start_date=2024-07-01"), both);
  expect_error(usage("?start_date=&end_date=2024-07-01"), both);
  expect_error(usage("?start_date=2024/07/01&end_date=2024-07-02"), form);
  expect_error(usage("?start_date=2024-13-01&end_date=2024-07-02"), form);
  expect_error(usage("?start_date=2024-02-30&end_date=2024-03-02"), form);
  expect_error(usage("?start_date=24-07-01&end_date=2024-07-02"), form);
  expect_error(usage("?start_date=2024-07-01&end_date=2024-07-02T00"), form);
  expect_error(usage("?start_date=2024-07-01&end_date=2024-07-09"), week);
  EXPECT_EQ(usage("?start_date=2024-07-01&end_date=2024-07-08").body, "[]");  // 7 days
  EXPECT_EQ(usage("?start_date=2024-07-09&end_date=2024-07-01").body, "[]");  // negative passes
  EXPECT_EQ(usage("?start_date=2024-7-1&end_date=2024-07-03").body, "[]");    // as strptime
  EXPECT_EQ(usage("?start_date=2024-02-28&end_date=2024-03-01").body, "[]");  // leap year
}

TEST_P(BindRoutes, ToolResourceUsageListsDoneInstances) {
  auto& sql = db_->sql();
  sql << "INSERT INTO tool (id, name) VALUES (1, 'usage_tool')";
  sql << "INSERT INTO tool_version (id, tool_id) VALUES (1, 1)";
  sql << "INSERT INTO workflow (id, tool_version_id, dag_id, workflow_args_hash, task_hash, "
         "max_concurrently_running, created_date, status) VALUES "
         "(1, 1, 1, '1', '1', 10, '2024-07-02 10:00:00', 'D'), "
         "(2, 1, 1, '2', '2', 10, '2024-08-02 10:00:00', 'D')";
  sql << "INSERT INTO task_resources (id, queue_id, task_resources_type_id, requested_resources) "
         "VALUES (1, 2, 'O', '{\"runtime\": 60}')";
  sql << "INSERT INTO task (id, workflow_id, node_id, task_args_hash, name, command, "
         "task_resources_id, num_attempts, max_attempts, status) VALUES "
         "(1, 1, 1, 'h', 'a', 'c', 1, 1, 3, 'D'), (2, 1, 2, 'h', 'b', 'c', 1, 1, 3, 'R'), "
         "(3, 2, 1, 'h', 'c', 'c', 1, 1, 3, 'D')";
  sql << "INSERT INTO node_arg (node_id, arg_id, val) VALUES (1, 1, '--x 1'), (2, 1, '--x 2')";
  sql << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, task_resources_id, "
         "array_batch_num, array_step_id, wallclock, maxrss, status) VALUES "
         "(1, 1, 1, 1, 1, 1, 0, '20', '50844672', 'D'), (2, 1, 1, 1, 1, 2, 0, NULL, NULL, 'E'), "
         "(3, 1, 1, 2, 1, 1, 1, '5', '1', 'D'), (4, 1, 1, 3, 1, 1, 0, '7', '7', 'D')";
  // Only DONE instances of DONE tasks of workflows created in the range, one row per node arg.
  EXPECT_EQ(
      get("/tool/usage_tool/tool_resource_usage?start_date=2024-07-01&end_date=2024-07-05").body,
      R"([{"ti_id":1,"ti_wallclock":"20","ti_maxrss":"50844672","node_arg_val":"--x 1",)"
      R"("ti_requested_resources":"{\"runtime\": 60}"}])");
  EXPECT_EQ(
      get("/tool/other/tool_resource_usage?start_date=2024-07-01&end_date=2024-07-05", "v3").body,
      "[]");
  EXPECT_EQ(
      get("/tool/usage_tool/tool_resource_usage?start_date=2024-07-03&end_date=2024-07-05").body,
      "[]");
}

INSTANTIATE_TEST_SUITE_P(bind, BindRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
