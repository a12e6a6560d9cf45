// Bind-path routes over HTTP against the real jobmond, on every backend: exact response shapes,
// errors, v2/v3 differences, idempotent and race-safe get-or-create, and the stored text forms.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <set>
#include <thread>

#include "http_client.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::testing {
namespace {

class BindRoutes : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<JobmondProcess>(std::vector<std::string>{}, db_->uri());
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  HttpResponse post(const std::string& path, const std::string& body, const char* v = "v2") {
    return client_->post(std::string("/api/") + v + path, body);
  }
  HttpResponse get(const std::string& path, const char* v = "v2") {
    return client_->get(std::string("/api/") + v + path);
  }
  // tool -> tool_version -> task_template; returns the template id.
  long long template_fixture() {
    EXPECT_EQ(post("/tool", R"({"name":"t"})").status, 200);
    EXPECT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[1,1]})");
    auto r = post("/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})");
    EXPECT_EQ(r.body, R"({"task_template_id":1})");
    return 1;
  }
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<JobmondProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_P(BindRoutes, ToolIsGetOrCreate) {
  EXPECT_EQ(post("/tool", R"({"name":"my_tool"})").body, R"({"tool":[1,"my_tool"]})");
  EXPECT_EQ(post("/tool", R"({"name":"my_tool"})").body, R"({"tool":[1,"my_tool"]})");
  EXPECT_EQ(post("/tool", R"({"name":"other"})", "v3").body, R"({"tool":[2,"other"]})");
  auto bad = post("/tool", R"({"nom":"x"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.header("content-type"), "application/custom+json");
  EXPECT_EQ(bad.body,
            R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
            R"("exception_message":"\"'name' in request to /api/v2/tool\"","status_code":"400"}})");
}

TEST_P(BindRoutes, ToolVersionsAndTemplates) {
  post("/tool", R"({"name":"t"})");
  EXPECT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[1,1]})");
  EXPECT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[2,1]})");
  EXPECT_EQ(get("/tool/1/tool_versions").body, R"({"tool_versions":[[1,1],[2,1]]})");
  EXPECT_EQ(get("/tool/abc/tool_versions").status, 422);
  EXPECT_EQ(post("/tool_version", R"({"tool_id":77})").status, 404);
  auto tt = R"({"tool_version_id":2,"task_template_name":"tt"})";
  EXPECT_EQ(post("/task_template", tt).body, R"({"task_template_id":1})");
  EXPECT_EQ(post("/task_template", tt).body, R"({"task_template_id":1})");
  EXPECT_EQ(get("/tool_version/2/task_templates").body, R"({"task_templates":[[1,2,"tt"]]})");
  EXPECT_EQ(post("/task_template", R"({"tool_version_id":9,"task_template_name":"x"})").status,
            404);
  EXPECT_EQ(post("/task_template", R"({"tool_version_id":2})").status, 400);
}

TEST_P(BindRoutes, TemplateVersionsDifferBetweenV2AndV3) {
  template_fixture();
  const char* v1 =
      R"({"node_args":["a","b"],"task_args":["c"],"op_args":[],"command_template":" run {a} {b} {c} ",)"
      R"("arg_mapping_hash":115792089237316195423570985008687907853269984665640564039457584007913129639935})";
  const char* expected_v1 = R"([1,"run {a} {b} {c}",["a","b"],["c"],[],{"a":1,"b":2,"c":3},1])";
  EXPECT_EQ(post("/task_template/1/add_version", v1).body,
            std::string(R"({"task_template_version":)") + expected_v1 + "}");
  EXPECT_EQ(post("/task_template/1/add_version", v1).body,  // the same version again
            std::string(R"({"task_template_version":)") + expected_v1 + "}");
  const char* v2 =
      R"({"node_args":["a"],"task_args":[],"op_args":["d"],"command_template":"run {a} {d}",)"
      R"("arg_mapping_hash":7})";
  const char* expected_v2 = R"([2,"run {a} {d}",["a"],[],["d"],{"a":1,"d":4},1])";
  EXPECT_EQ(post("/task_template/1/add_version", v2).status, 200);
  EXPECT_EQ(get("/task_template/1/versions", "v2").body,
            std::string(R"({"task_template_versions":[)") + expected_v2 + "]}");
  EXPECT_EQ(get("/task_template/1/versions", "v3").body,
            std::string(R"({"task_template_versions":[)") + expected_v1 + "," + expected_v2 + "]}");
  EXPECT_EQ(get("/task_template/id/2", "v3").body, "1");
  EXPECT_EQ(get("/task_template/id/2", "v2").status, 404);
  EXPECT_EQ(get("/task_template/id/99", "v3").status, 404);
  EXPECT_EQ(post("/task_template/5/add_version", v2).status, 404);
  // One name twice in a list is bad input, not a server error.
  EXPECT_EQ(
      post("/task_template/1/add_version", R"({"node_args":["a","a"],"task_args":[],"op_args":[],)"
                                           R"("command_template":"x","arg_mapping_hash":1})")
          .status,
      400);
}

TEST_P(BindRoutes, ClusterAndQueueLookups) {
  EXPECT_EQ(get("/cluster/sequential").body, R"({"cluster":[2,"sequential","sequential",null]})");
  EXPECT_EQ(get("/cluster/nowhere").body, R"({"cluster":null})");
  EXPECT_EQ(get("/cluster/2/queue/null.q").body, R"({"queue":[2,"null.q","{}"]})");
  EXPECT_EQ(get("/cluster/3/queue/null.q").body, R"({"queue":[3,"null.q","{\"cores\": (1,20)}"]})");
  EXPECT_EQ(get("/cluster/2/queue/none.q").body, R"({"queue":null})");
  EXPECT_EQ(get("/cluster/x/queue/null.q").status, 422);
}

TEST_P(BindRoutes, TaskResourcesReadBothStoredForms) {
  db_->sql()
      << "INSERT INTO task_resources (queue_id, task_resources_type_id, "
         "requested_resources) VALUES (2, 'O', '{\"memory\": 1, \"runtime\": 60, \"x\": true}')";
  db_->sql() << "INSERT INTO task_resources (queue_id, task_resources_type_id, "
                "requested_resources) VALUES (2, 'O', '{''cores'': 2}')";
  EXPECT_EQ(post("/task_resources/1", "").body,
            R"({"requested_resources":{"memory":1,"runtime":60,"x":true},"queue_name":"null.q"})");
  EXPECT_EQ(post("/task_resources/2", "").body,
            R"({"requested_resources":{"cores":2},"queue_name":"null.q"})");
  EXPECT_EQ(post("/task_resources/3", "").body,
            R"({"requested_resources":null,"queue_name":null})");
}

TEST_P(BindRoutes, DagNodesAndEdges) {
  EXPECT_EQ(post("/dag", R"({"dag_hash":1234567890123456789})").body,
            R"({"dag_id":1,"created_date":null})");
  const char* hash =
      "99999999999999999999999999999999999999999999999999999999999999999999999999999";
  std::string nodes = std::string(R"({"nodes":[{"task_template_version_id":1,"node_args_hash":")") +
                      hash + R"(","node_args":{"1":"x","2":5}},)" +
                      R"({"task_template_version_id":1,"node_args_hash":"42","node_args":{}}]})";
  auto r = post("/nodes", nodes);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(std::string("\"1:") + hash + "\":1"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("1:42":2)"), std::string::npos) << r.body;
  EXPECT_EQ(post("/nodes", nodes).body, r.body);  // idempotent
  int args = 0;
  db_->sql() << "SELECT count(*) FROM node_arg", soci::into(args);
  EXPECT_EQ(args, 2);

  EXPECT_EQ(
      post(
          "/dag/1/edges",
          R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2]},)"
          R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]}],"mark_created":true})")
          .body,
      "{}");
  std::string up, down;
  db_->sql() << "SELECT upstream_node_ids, downstream_node_ids FROM edge WHERE node_id = 1",
      soci::into(up), soci::into(down);
  EXPECT_EQ(up, "null");
  EXPECT_EQ(down, "\"[2]\"");
  auto dag = post("/dag", R"({"dag_hash":1234567890123456789})");
  EXPECT_NE(dag.body.find(R"("created_date":"20)"), std::string::npos) << dag.body;
  EXPECT_EQ(post("/dag/1/edges", R"({"mark_created":true})").status, 400);
  EXPECT_EQ(post("/nodes", R"({"nodes":[]})").status, 400);
}

TEST_P(BindRoutes, ConcurrentBindersGetTheSameIds) {
  std::atomic<int> bad{0};
  std::vector<std::string> bodies(6);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(server_->port());
      std::string out;
      for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
               {"/tool", R"({"name":"raced"})"},
               {"/dag", R"({"dag_hash":77})"},
               {"/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"5",)"
                          R"("node_args":{"1":"v"}}]})"}}) {
        auto r = c.post("/api/v2" + path, body);
        if (r.status != 200) ++bad;
        out += r.body;
      }
      bodies[static_cast<std::size_t>(t)] = out;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(std::set<std::string>(bodies.begin(), bodies.end()).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, BindRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
