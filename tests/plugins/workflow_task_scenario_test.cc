// The Jobmon client binding a small workflow, request by request in the client's order and
// shapes (client/tool.py, task_template*.py, dag.py, workflow.py, array.py, task_resources.py),
// on v2 and v3, then the rows it leaves; then the client binding the same workflow again (a
// resume), which must find every row again and reset tasks by the reference's rule.
#include <string>

#include "workflow_task_fixture.h"

namespace jobmon::testing {
namespace {

// A second 78-digit value: the task-args hash the client sends as a string.
constexpr const char* kTaskArgsHash =
    "57896044618658097711785492504343953926634992332820282019728792003956564819967";

class WorkflowBindScenario : public WorkflowTaskFixture {
 protected:
  struct Ids {
    std::int64_t task_template_version = 0, arg = 0, cluster = 0, queue = 0, dag = 0, workflow = 0,
                 array = 0, resources = 0;
    std::vector<std::int64_t> nodes, tasks;
    std::string workflow_status, dag_created;
    bool newly_created = false;
  };

  // One bind of a 3-task chain a -> b -> c, as Workflow.bind() and _bind_tasks() send it.
  Ids client_bind() {
    Ids ids;
    // Tool and ToolVersion (tool.py): get-or-create the tool, look for versions, create one.
    auto tool = parse(ok("POST", "/tool", R"({"name":"wt_tool"})"));
    std::string tool_id = std::to_string(tool["tool"][0].GetInt64());
    // The newest existing version is used; a new one is made only when there is none.
    auto versions = parse(ok("GET", "/tool/" + tool_id + "/tool_versions", ""));
    std::string tv_id;
    if (versions["tool_versions"].Empty()) {
      auto tv = parse(ok("POST", "/tool_version", R"({"tool_id":)" + tool_id + "}"));
      tv_id = std::to_string(tv["tool_version"][0].GetInt64());
    } else {
      const auto& list = versions["tool_versions"];
      tv_id = std::to_string(list[list.Size() - 1][0].GetInt64());
    }
    ok("GET", "/tool_version/" + tv_id + "/task_templates", "");
    // TaskTemplate and its version (task_template.py, task_template_version.py).
    auto tt = parse(ok("POST", "/task_template",
                       R"({"tool_version_id":)" + tv_id + R"(,"task_template_name":"tt"})"));
    std::string tt_id = std::to_string(tt["task_template_id"].GetInt64());
    ok("GET", "/task_template/" + tt_id + "/versions", "");
    auto ttv = parse(ok("POST", "/task_template/" + tt_id + "/add_version",
                        R"({"command_template":"run {i} --x {x}","arg_mapping_hash":9,)"
                        R"("node_args":["i"],"task_args":["x"],"op_args":[]})"));
    const auto& version = ttv["task_template_version"];
    ids.task_template_version = version[0].GetInt64();
    std::int64_t node_arg = version[5]["i"].GetInt64();
    ids.arg = version[5]["x"].GetInt64();
    std::string ttv_id = std::to_string(ids.task_template_version);
    // Cluster and queue (core/cluster.py).
    auto cluster = parse(ok("GET", "/cluster/sequential", ""));
    ids.cluster = cluster["cluster"][0].GetInt64();
    auto queue = parse(ok("GET", "/cluster/" + std::to_string(ids.cluster) + "/queue/null.q", ""));
    ids.queue = queue["queue"][0].GetInt64();
    // Workflow.validate(): workflows with the same args.
    ok("GET", std::string("/workflow/") + kWorkflowArgsHash, "");
    // Dag.bind(): nodes (node args hash as a string), the DAG, its edges.
    std::string nodes = R"({"nodes":[)";
    for (int i = 1; i <= 3; ++i) {
      nodes += std::string(i > 1 ? "," : "") + R"({"task_template_version_id":)" + ttv_id +
               R"(,"node_args_hash":")" + kTaskArgsHash + std::to_string(i) +
               R"(","node_args":{")" + std::to_string(node_arg) + R"(":)" + std::to_string(i) +
               "}}";
    }
    auto bound_nodes = parse(ok("POST", "/nodes", nodes + "]}"));
    for (int i = 1; i <= 3; ++i) {
      std::string key = ttv_id + ":" + kTaskArgsHash + std::to_string(i);
      EXPECT_TRUE(bound_nodes["nodes"].HasMember(key.c_str())) << key;
      ids.nodes.push_back(bound_nodes["nodes"][key.c_str()].GetInt64());
    }
    auto dag = parse(ok("POST", "/dag", R"({"dag_hash":2305843009213693951})"));
    ids.dag = dag["dag_id"].GetInt64();
    ids.dag_created = dag["created_date"].IsNull() ? "" : dag["created_date"].GetString();
    if (ids.dag_created.empty()) {
      auto n = [&](std::size_t i) { return std::to_string(ids.nodes[i]); };
      ok("POST", "/dag/" + std::to_string(ids.dag) + "/edges",
         R"({"edges_to_add":[)"
         R"({"node_id":)" +
             n(0) + R"(,"upstream_node_ids":[],"downstream_node_ids":[)" + n(1) + "]}," +
             R"({"node_id":)" + n(1) + R"(,"upstream_node_ids":[)" + n(0) +
             R"(],"downstream_node_ids":[)" + n(2) + "]}," + R"({"node_id":)" + n(2) +
             R"(,"upstream_node_ids":[)" + n(1) +
             R"(],"downstream_node_ids":[]}],)"
             R"("mark_created":true})");
    }
    // Workflow.bind(): the workflow row with its attributes (78-digit hashes as JSON numbers).
    auto wf = parse(ok("POST", "/workflow",
                       R"({"tool_version_id":)" + tv_id + R"(,"dag_id":)" +
                           std::to_string(ids.dag) + R"(,"workflow_args_hash":)" +
                           kWorkflowArgsHash + R"(,"task_hash":)" + kWorkflowTaskHash +
                           R"(,"description":"","name":"scenario","workflow_args":"wf_args",)"
                           R"("max_concurrently_running":10000,)"
                           R"("workflow_attributes":{"release":"7","listed":null}})"));
    ids.workflow = wf["workflow_id"].GetInt64();
    ids.workflow_status = wf["status"].GetString();
    ids.newly_created = wf["newly_created"].GetBool();
    std::string wf_id = std::to_string(ids.workflow);
    // _bind_tasks(): the array and the resources are bound lazily, then one chunk of tasks.
    auto array = parse(ok("POST", "/array",
                          R"({"task_template_version_id":)" + ttv_id + R"(,"workflow_id":)" +
                              wf_id + R"(,"max_concurrently_running":10000,"name":"tt"})"));
    ids.array = array["array_id"].GetInt64();
    ids.resources = parse(ok("POST", "/task/bind_resources",
                             R"({"queue_id":)" + std::to_string(ids.queue) +
                                 R"(,"task_resources_type_id":"O","requested_resources":)"
                                 R"({"runtime":60,"memory":1.5,"queue":"null.q"}})"))
                        .GetInt64();
    std::string tasks = R"({"workflow_id":)" + wf_id + R"(,"tasks":{)";
    for (int i = 1; i <= 3; ++i) {
      tasks += std::string(i > 1 ? "," : "") + "\"" + std::to_string(-1234567890123 * i) + "\":[" +
               std::to_string(ids.nodes[static_cast<std::size_t>(i - 1)]) + ",\"" + kTaskArgsHash +
               "\"," + std::to_string(ids.array) + "," + std::to_string(ids.resources) +
               R"(,"tt_)" + std::to_string(i) + R"(","run )" + std::to_string(i) +
               R"( --x a",3,true,{"memory":0.5,"runtime":0.5},["all.q"]])";
    }
    auto bound = parse(ok("PUT", "/task/bind_tasks_no_args", tasks + R"(},"mark_created":true})"));
    for (int i = 1; i <= 3; ++i) {
      const auto& t = bound["tasks"][std::to_string(-1234567890123 * i).c_str()];
      ids.tasks.push_back(t[0].GetInt64());
    }
    // _bind_task_args() and _bind_task_attributes() (task ids as object keys).
    std::string args = R"({"task_args":[)";
    std::string attributes = R"({"task_attributes":{)";
    for (std::size_t i = 0; i < 3; ++i) {
      std::string t = std::to_string(ids.tasks[i]);
      args += std::string(i ? "," : "") + "[" + t + "," + std::to_string(ids.arg) + R"(,"a"])";
      attributes += std::string(i ? "," : "") + "\"" + t +
                    "\":" + (i == 0 ? R"({"phase":"1","flag":null})" : "{}");
    }
    ok("PUT", "/task/bind_task_args", args + "]}");
    ok("PUT", "/task/bind_task_attributes", attributes + "}}");
    return ids;
  }

  void check_first_bind(const Ids& ids) {
    EXPECT_EQ(ids.workflow_status, "G");
    EXPECT_TRUE(ids.newly_created);
    EXPECT_EQ(ids.tasks, (std::vector<std::int64_t>{1, 2, 3}));
    // The workflow row: hashes verbatim, created_date set by the last chunk.
    EXPECT_EQ(scalar("SELECT workflow_args_hash FROM workflow"), kWorkflowArgsHash);
    EXPECT_EQ(scalar("SELECT task_hash FROM workflow"), kWorkflowTaskHash);
    EXPECT_NE(scalar("SELECT created_date FROM workflow"), "NULL");
    EXPECT_EQ(scalar("SELECT status FROM workflow"), "G");
    EXPECT_EQ(scalar("SELECT description FROM workflow"), "");
    // Attributes: a value sent as null is stored as NULL, as the reference does.
    EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute"), 2);
    EXPECT_EQ(scalar("SELECT a.value FROM workflow_attribute a JOIN workflow_attribute_type t "
                     "ON a.workflow_attribute_type_id = t.id WHERE t.name = 'release'"),
              "7");
    EXPECT_EQ(scalar("SELECT a.value FROM workflow_attribute a JOIN workflow_attribute_type t "
                     "ON a.workflow_attribute_type_id = t.id WHERE t.name = 'listed'"),
              "NULL");
    // Tasks: every column the bind writes, the text columns as Python literals.
    for (int i = 1; i <= 3; ++i) {
      std::string where = " FROM task WHERE id = " + std::to_string(i);
      EXPECT_EQ(scalar("SELECT node_id" + where), std::to_string(ids.nodes[i - 1]));
      EXPECT_EQ(scalar("SELECT task_args_hash" + where), kTaskArgsHash);
      EXPECT_EQ(scalar("SELECT name" + where), "tt_" + std::to_string(i));
      EXPECT_EQ(scalar("SELECT command" + where), "run " + std::to_string(i) + " --x a");
    }
    EXPECT_EQ(count("SELECT count(*) FROM task WHERE workflow_id = 1 AND array_id = 1 AND "
                    "task_resources_id = 1 AND max_attempts = 3 AND num_attempts = 0 AND "
                    "status = 'G' AND status_date IS NOT NULL"),
              3);
    EXPECT_EQ(scalar("SELECT resource_scales FROM task WHERE id = 2"),
              "{'memory': 0.5, 'runtime': 0.5}");
    EXPECT_EQ(scalar("SELECT fallback_queues FROM task WHERE id = 2"), "['all.q']");
    // Resources as Python json.dumps text; args; attributes with NULL for a null value.
    EXPECT_EQ(scalar("SELECT requested_resources FROM task_resources WHERE id = 1"),
              R"({"runtime": 60, "memory": 1.5, "queue": "null.q"})");
    EXPECT_EQ(scalar("SELECT task_resources_type_id FROM task_resources WHERE id = 1"), "O");
    EXPECT_EQ(count("SELECT count(*) FROM task_arg WHERE val = 'a' AND arg_id = " +
                    std::to_string(ids.arg)),
              3);
    EXPECT_EQ(scalar("SELECT a.value FROM task_attribute a JOIN task_attribute_type t ON "
                     "a.task_attribute_type_id = t.id WHERE a.task_id = 1 AND t.name = 'phase'"),
              "1");
    EXPECT_EQ(scalar("SELECT a.value FROM task_attribute a JOIN task_attribute_type t ON "
                     "a.task_attribute_type_id = t.id WHERE a.task_id = 1 AND t.name = 'flag'"),
              "NULL");
    EXPECT_EQ(count("SELECT count(*) FROM task_attribute"), 2);
  }

  // The same client binding again: every id found again, one new resources row (the reference
  // never deduplicates them), tasks reset by the rule.
  void check_second_bind(const Ids& first) {
    // Task 1 finished, task 2 is running (kept: reset_if_running is sent as true by the
    // client's default, so it is reset too), task 3 failed.
    db_->sql() << "UPDATE task SET status = 'D' WHERE id = 1";
    db_->sql() << "UPDATE task SET status = 'R', num_attempts = 1 WHERE id = 2";
    db_->sql() << "UPDATE task SET status = 'F', num_attempts = 3 WHERE id = 3";
    EXPECT_EQ(ok("GET", std::string("/workflow/") + kWorkflowArgsHash, ""),
              std::string(R"({"matching_workflows":[[")") + kWorkflowTaskHash +
                  R"(",1,"2305843009213693951"]]})");
    Ids again = client_bind();
    EXPECT_FALSE(again.newly_created);
    EXPECT_EQ(again.workflow, first.workflow);
    EXPECT_EQ(again.dag, first.dag);
    EXPECT_EQ(again.nodes, first.nodes);
    EXPECT_EQ(again.array, first.array);
    EXPECT_EQ(again.tasks, first.tasks);
    EXPECT_EQ(again.resources, 2);
    EXPECT_EQ(statuses("task"), "DGG");
    EXPECT_EQ(count("SELECT count(*) FROM task WHERE num_attempts = 0"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM workflow"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM task"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM task_arg"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute"), 2);
    // Existing tasks keep their array, resources and literal columns (the reference's rule).
    EXPECT_EQ(count("SELECT count(*) FROM task WHERE task_resources_id = 1"), 3);
  }
};

TEST_P(WorkflowBindScenario, ClientBindOnV2AndRebind) {
  Ids ids = client_bind();
  check_first_bind(ids);
  check_second_bind(ids);
}

TEST_P(WorkflowBindScenario, ClientBindOnV3AndRebind) {
  v_ = "v3";
  Ids ids = client_bind();
  check_first_bind(ids);
  check_second_bind(ids);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowBindScenario, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
