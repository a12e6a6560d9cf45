#pragma once
// The fixture of the CLI route suites: a fresh database per test and backend, a jobmond on it,
// and a bound, running workflow whose DAG has a shape worth walking:
//
//   task 1 -> task 2 -> task 4
//          -> task 3 ->
//
// Ids: workflow 1 (user alice's run 1), dag 1, nodes = tasks 1-4, array 1, template 1 "tt",
// template version 1, task_resources 1 (queue 2, "null.q" of the sequential cluster).
#include <string>

#include "run_fixture.h"

namespace jobmon::testing {

class CliFixture : public RunHelpers, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    start({});
    bind(4, 2,
         R"([{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
         R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[4]},)"
         R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[4]},)"
         R"({"node_id":4,"upstream_node_ids":[2,3],"downstream_node_ids":[]}])");
  }
  void sql(const std::string& statement) { db_->sql() << statement; }
  // The answer of a request that must fail with `status`.
  std::string fails(int status, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    auto r = call(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << ": " << r.body;
    return r.body;
  }
  // Task i's first instance, launched and running (instance id = task id when launched in order).
  void run_task(int task) {
    const std::string id = std::to_string(task);
    launch(id, id, task);
    ok("POST", "/task_instance/" + id + "/log_running",
       R"({"process_group_id":"7","next_report_increment":90,"nodename":"node)" + id + R"("})");
  }
};

}  // namespace jobmon::testing
