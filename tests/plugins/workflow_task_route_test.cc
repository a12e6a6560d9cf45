// Workflow and task bind routes over HTTP on every backend: the client's bind sequence checked
// against the rows it leaves, repeat and concurrent binds, 500-task chunks, 78-digit hashes.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::testing {
namespace {

constexpr const char* kArgsHash =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";
constexpr const char* kTaskHash =
    "904625697166532776746648320380374280103671755200316906558262375061821325312";

class WorkflowTaskRoutes : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<JobmondProcess>(std::vector<std::string>{}, db_->uri());
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  std::string ok(const std::string& method, const std::string& path, const std::string& body,
                 HttpClient* c = nullptr) {
    auto r = (c ? c : client_.get())->request(method, "/api/v2" + path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.body;
  }
  std::string scalar(const std::string& sql) {
    std::string v;
    soci::indicator ind = soci::i_ok;
    db_->sql() << sql, soci::into(v, ind);
    return ind == soci::i_null ? "NULL" : v;
  }
  std::string workflow_body() {
    return std::string(R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":)") + kArgsHash +
           R"(,"task_hash":)" + kTaskHash +
           R"(,"description":"d","name":"wf","workflow_args":"a","max_concurrently_running":5,)"
           R"("workflow_attributes":{"release":"1","n":2}})";
  }
  // The chunk the client sends: {"h<i>": [node, args hash, array, resources, name, command,
  // max_attempts, reset_if_running, resource_scales, fallback_queues]}.
  static std::string tasks_body(int from, int to, bool reset = false) {
    std::string body = R"({"workflow_id":1,"mark_created":true,"tasks":{)";
    for (int i = from; i <= to; ++i) {
      body += std::string(i > from ? "," : "") + "\"" + std::to_string(1000 + i) + "\":[" +
              std::to_string(i) + R"(,"77",1,1,"t)" + std::to_string(i) + R"(","echo )" +
              std::to_string(i) + R"(",3,)" + (reset ? "true" : "false") +
              R"(,{"memory":0.5,"runtime":1.25},["all.q"]])";
    }
    return body + "}}";
  }
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<JobmondProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_P(WorkflowTaskRoutes, WorkflowIsFoundByItsHashesAndKeepsThemVerbatim) {
  ok("POST", "/dag", R"({"dag_hash":4242})");
  EXPECT_EQ(ok("POST", "/workflow", workflow_body()),
            R"({"workflow_id":1,"status":"G","newly_created":true})");
  EXPECT_EQ(ok("POST", "/workflow", workflow_body()),
            R"({"workflow_id":1,"status":"G","newly_created":false})");
  EXPECT_EQ(scalar("SELECT workflow_args_hash FROM workflow WHERE id = 1"), kArgsHash);
  EXPECT_EQ(scalar("SELECT task_hash FROM workflow WHERE id = 1"), kTaskHash);
  EXPECT_EQ(ok("GET", std::string("/workflow/") + kArgsHash, ""),
            std::string(R"({"matching_workflows":[[")") + kTaskHash + R"(",1,"4242"]]})");
  // Python int() normalisation of the path: leading zeros and "_" separators.
  EXPECT_EQ(ok("GET", "/workflow/0004_242", ""), R"({"matching_workflows":[]})");
  auto bad = client_->get("/api/v2/workflow/12ab");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("invalid literal for int() with base 10: '12ab'"), std::string::npos);
  EXPECT_EQ(scalar("SELECT value FROM workflow_attribute a JOIN workflow_attribute_type t ON "
                   "a.workflow_attribute_type_id = t.id WHERE t.name = 'n'"),
            "2");
  ok("PUT", "/workflow/1/workflow_attributes", R"({"workflow_attributes":{"n":"3"}})");
  EXPECT_EQ(scalar("SELECT value FROM workflow_attribute a JOIN workflow_attribute_type t ON "
                   "a.workflow_attribute_type_id = t.id WHERE t.name = 'n'"),
            "3");
}

TEST_P(WorkflowTaskRoutes, TasksBindInChunksAndRebindWithTheResetRule) {
  ok("POST", "/dag", R"({"dag_hash":4242})");
  ok("POST", "/workflow", workflow_body());
  auto first = ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 500));
  EXPECT_NE(first.find(R"("1001":[1,"G"])"), std::string::npos);
  EXPECT_NE(first.find(R"("1500":[500,"G"])"), std::string::npos);
  EXPECT_EQ(scalar("SELECT count(*) FROM task"), "500");
  EXPECT_EQ(scalar("SELECT resource_scales FROM task WHERE id = 1"),
            "{'memory': 0.5, 'runtime': 1.25}");
  EXPECT_EQ(scalar("SELECT fallback_queues FROM task WHERE id = 1"), "['all.q']");
  EXPECT_NE(scalar("SELECT created_date FROM workflow WHERE id = 1"), "NULL");
  // Re-bind: same ids; DONE stays DONE, RUNNING stays unless reset_if_running, others reset.
  db_->sql() << "UPDATE task SET status = 'D' WHERE id = 1";
  db_->sql() << "UPDATE task SET status = 'R', num_attempts = 2 WHERE id = 2";
  db_->sql() << "UPDATE task SET status = 'F', num_attempts = 3 WHERE id = 3";
  auto again = ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 3));
  EXPECT_EQ(again, R"({"tasks":{"1001":[1,"D"],"1002":[2,"R"],"1003":[3,"G"]}})");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 3"), "0");
  EXPECT_EQ(ok("PUT", "/task/bind_tasks_no_args", tasks_body(2, 2, true)),
            R"({"tasks":{"1002":[2,"G"]}})");
  EXPECT_EQ(scalar("SELECT count(*) FROM task"), "500");
  // A malformed task entry is a client error and binds nothing.
  auto bad = client_->put("/api/v2/task/bind_tasks_no_args",
                          R"({"workflow_id":1,"mark_created":false,"tasks":{"x":[1,2]}})");
  EXPECT_EQ(bad.status, 400);
}

TEST_P(WorkflowTaskRoutes, ArgsAttributesResourcesAndArrays) {
  ok("POST", "/dag", R"({"dag_hash":4242})");
  ok("POST", "/workflow", workflow_body());
  ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 2));
  ok("PUT", "/task/bind_task_args", R"({"task_args":[[1,1,"x"],[2,1,5]]})");
  ok("PUT", "/task/bind_task_args", R"({"task_args":[[1,1,"changed"]]})");  // existing kept
  EXPECT_EQ(scalar("SELECT val FROM task_arg WHERE task_id = 1"), "x");
  EXPECT_EQ(scalar("SELECT val FROM task_arg WHERE task_id = 2"), "5");
  ok("PUT", "/task/bind_task_attributes", R"({"task_attributes":{"1":{"a":"1","b":"2"}}})");
  ok("PUT", "/task/bind_task_attributes", R"({"task_attributes":{"1":{"a":"9"}}})");  // upsert
  EXPECT_EQ(scalar("SELECT value FROM task_attribute a JOIN task_attribute_type t ON "
                   "a.task_attribute_type_id = t.id WHERE t.name = 'a'"),
            "9");
  EXPECT_EQ(
      ok("POST", "/task/bind_resources",
         R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":{"cores":1,"q":"é"}})"),
      "1");
  EXPECT_EQ(scalar("SELECT requested_resources FROM task_resources WHERE id = 1"),
            R"({"cores": 1, "q": "\u00e9"})");
  EXPECT_EQ(
      ok("POST", "/array",
         R"({"workflow_id":1,"task_template_version_id":1,"max_concurrently_running":4,"name":"x"})"),
      R"({"array_id":1})");
  EXPECT_EQ(ok("POST", "/array",
               R"({"workflow_id":1,"task_template_version_id":1,"max_concurrently_running":8})"),
            R"({"array_id":1})");
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM \"array\" WHERE id = 1"), "8");
}

// PostgreSQL receives a chunk's text as one array per column (orm/src/insert_rows.h): quotes,
// backslashes, braces, commas and the word NULL must arrive as sent.
TEST_P(WorkflowTaskRoutes, TaskTextArrivesAsSent) {
  ok("POST", "/dag", R"({"dag_hash":4242})");
  ok("POST", "/workflow", workflow_body());
  const std::vector<std::string> texts = {R"(a\"b)", R"(c\\d)", "{e,f}", "NULL", "", "'q'"};
  std::string body = R"({"workflow_id":1,"mark_created":false,"tasks":{)";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    body += std::string(i ? "," : "") + "\"" + std::to_string(i) + "\":[" + std::to_string(i + 1) +
            ",\"" + texts[i] + "\",null,null,\"" + texts[i] + "\",\"" + texts[i] +
            R"(",1,false,{},[]])";
  }
  ok("PUT", "/task/bind_tasks_no_args", body + "}}");
  EXPECT_EQ(scalar("SELECT count(*) FROM task WHERE name = command AND name = task_args_hash"),
            "6");
  EXPECT_EQ(scalar("SELECT count(DISTINCT name) FROM task"), "6");
  EXPECT_EQ(scalar("SELECT count(*) FROM task WHERE array_id IS NULL"), "6");
  EXPECT_EQ(scalar("SELECT count(*) FROM task WHERE name = 'NULL'"), "1");
  std::string args = R"({"task_args":[)", attributes = R"({"task_attributes":{)";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    args += std::string(i ? "," : "") + "[" + std::to_string(i + 1) + ",1,\"" + texts[i] + "\"]";
    attributes += std::string(i ? "," : "") + "\"" + std::to_string(i + 1) + "\":{\"a\":\"" +
                  texts[i] + "\"}";
  }
  ok("PUT", "/task/bind_task_args", args + "]}");
  ok("PUT", "/task/bind_task_attributes", attributes + "}}");
  ok("PUT", "/task/bind_task_attributes", R"({"task_attributes":{"1":{"b":null}}})");
  EXPECT_EQ(scalar("SELECT count(*) FROM task t JOIN task_arg a ON a.task_id = t.id WHERE "
                   "a.val = t.name"),
            "6");
  EXPECT_EQ(scalar("SELECT count(*) FROM task t JOIN task_attribute a ON a.task_id = t.id WHERE "
                   "a.value = t.name"),
            "6");
  EXPECT_EQ(scalar("SELECT count(*) FROM task_attribute WHERE value IS NULL"), "1");
}

TEST_P(WorkflowTaskRoutes, ConcurrentBindsOfOneWorkflowGetOneRowSet) {
  ok("POST", "/dag", R"({"dag_hash":4242})");
  std::atomic<int> failures{0};
  std::vector<std::string> results(5);
  std::vector<std::jthread> threads;
  for (int t = 0; t < 5; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(server_->port());
      auto wf = c.post("/api/v2/workflow", workflow_body());
      auto tasks = c.put("/api/v2/task/bind_tasks_no_args", tasks_body(1, 50));
      if (wf.status != 200 || tasks.status != 200) ++failures;
      results[static_cast<std::size_t>(t)] = tasks.body;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM workflow"), "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM task"), "50");
  EXPECT_EQ(std::set<std::string>(results.begin(), results.end()).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowTaskRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
