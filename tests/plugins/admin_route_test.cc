// The admin plugin over HTTP on every backend (docs/plugins.md, "The admin plugin"): the status
// history every plugin's routes leave once it is loaded, and its audited kills, resets and
// limits, replayed as the Jobmon client retries.
#include <gtest/gtest.h>

#include <string>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

class AdminRoutes : public RunHelpers, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    start({"--plugins", "v2,v3,admin", "--admin-open", "true"});
  }
  std::string admin(const std::string& method, const std::string& path, const std::string& body,
                    int status = 200) {
    auto r = client_->request(method, "/api/admin" + path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << ": " << r.body;
    return r.body;
  }
  int history_rows(const std::string& where = "1 = 1") {
    return count("SELECT count(*) FROM jobmond_admin_status_history WHERE " + where);
  }
};

TEST_P(AdminRoutes, EveryPluginsStatusChangesAreRecordedWithRouteAndUser) {
  bind(1);
  launch("1", "1", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  ok("POST", "/task_instance/1/log_done", R"({"next_report_increment":90})", "v3");
  // Newest first: the v3 log_done (R -> D), then v2's log_running (O -> R), then the launch.
  const std::string page = admin("GET", "/history?task_instance_id=1&page_size=2", "");
  EXPECT_NE(page.find(R"("entity":"task_instance","entity_id":1,"field":"status","from":"R",)"
                      R"("to":"D")"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find(R"("route":"/api/v3/task_instance/{task_instance_id:int}/log_done",)"
                      R"("plugin":"v3","user":"anonymous","reason":null)"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find(R"("from":"O","to":"R")"), std::string::npos) << page;
  EXPECT_NE(page.find(R"("total":4,"page":1,"page_size":2)"), std::string::npos) << page;
  // The task's rows come with its instance's; the workflow's with everything under it.
  EXPECT_EQ(history_rows("entity = 'task' AND entity_id = 1 AND to_value = 'D'"), 1);
  const std::string all = admin("GET", "/history?workflow_id=1&page_size=1000", "");
  EXPECT_NE(all.find(R"("entity":"workflow_run","entity_id":1)"), std::string::npos) << all;
  EXPECT_NE(all.find(R"("entity":"task","entity_id":1)"), std::string::npos) << all;
  EXPECT_EQ(admin("GET", "/history?workflow_id=2", ""),
            R"({"history":[],"total":0,"page":1,"page_size":100})");
}

TEST_P(AdminRoutes, KillsAreAtomicRecordedWithTheirReasonAndSafeToReplay) {
  bind(3);
  launch("1,2", "1,2", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  EXPECT_EQ(admin("POST", "/task_instance/1/kill", R"({"reason":"runaway memory"})"),
            R"({"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[1],)"
            R"("fatal_task_ids":[]})");
  EXPECT_EQ(ti(1), "K");
  // A retry finds nothing left to do.
  EXPECT_EQ(admin("POST", "/task_instance/1/kill", R"({"reason":"runaway memory"})"),
            R"({"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[],)"
            R"("fatal_task_ids":[]})");
  EXPECT_EQ(history_rows("entity = 'task_instance' AND entity_id = 1 AND to_value = 'K'"), 1);
  EXPECT_EQ(scalar("SELECT reason FROM jobmond_admin_status_history WHERE entity = "
                   "'task_instance' AND entity_id = 1 AND to_value = 'K'"),
            "runaway memory");
  EXPECT_EQ(scalar("SELECT route FROM jobmond_admin_status_history WHERE to_value = 'K'"),
            "/api/admin/task_instance/{task_instance_id:int}/kill");
  // Task 2's instance is launched (K); task 3 never started (straight to F).
  EXPECT_EQ(admin("POST", "/tasks/kill", R"({"task_ids":[2,3,999],"reason":"wrong inputs"})"),
            R"({"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[2],)"
            R"("fatal_task_ids":[3]})");
  EXPECT_EQ(ti(2), "K");
  EXPECT_EQ(task(3), "F");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log WHERE description LIKE "
                  "'Admin kill: wrong inputs.%'"),
            1);
  // The distributor stops the batch as it does for any KILL_SELF instance.
  EXPECT_EQ(ok("POST", "/array/1/transition_to_killed", R"({"batch_number":1})"), "{}");
  EXPECT_EQ(task(1), "F");
  EXPECT_EQ(task(2), "F");
  // The distributor's changes are attributed to its route, not to the admin.
  EXPECT_EQ(scalar("SELECT count(*) FROM jobmond_admin_status_history WHERE entity = 'task' AND "
                   "entity_id = 1 AND to_value = 'F' AND reason IS NULL AND route = "
                   "'/api/v2/array/{array_id:int}/transition_to_killed'"),
            "1");
  admin("POST", "/tasks/kill", R"({"task_ids":[998],"reason":"x"})", 404);
  admin("POST", "/task_instance/77/kill", R"({"reason":"x"})", 404);
}

TEST_P(AdminRoutes, KillingAWorkflowStopsItsRunWhoseSwarmStopsItsInstances) {
  bind(2);
  launch("1", "1", 1);
  const std::string out = admin("POST", "/workflow/1/kill", R"({"reason":"maintenance"})");
  EXPECT_EQ(out, R"({"killed":{"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[],)"
                 R"("fatal_task_ids":[]},"stopped_workflow_run_ids":[1]})");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "C");
  EXPECT_EQ(ti(1), "O");  // the swarm's to stop
  EXPECT_EQ(scalar("SELECT reason FROM jobmond_admin_status_history WHERE entity = "
                   "'workflow_run' AND to_value = 'C'"),
            "maintenance");
  // The swarm reads COLD_RESUME, has its instances terminated, and ends its run.
  ok("PUT", "/workflow_run/1/terminate_task_instances", "{}");
  EXPECT_EQ(ti(1), "K");
  ok("PUT", "/workflow_run/1/update_status", R"({"status":"T"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "H");
  // No run left to stop: a second kill stops the live instances itself.
  EXPECT_EQ(admin("POST", "/workflow/1/kill", R"({"reason":"maintenance"})"),
            R"({"killed":{"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[],)"
            R"("fatal_task_ids":[]},"stopped_workflow_run_ids":[]})");
  admin("POST", "/workflow/5/kill", R"({"reason":"x"})", 404);
}

TEST_P(AdminRoutes, KillingAWorkflowWithoutALiveRunKillsItsInstances) {
  bind(2);
  launch("1", "1", 1);
  ok("PUT", "/workflow_run/1/update_status", R"({"status":"E"})");  // its swarm gave up
  EXPECT_EQ(admin("POST", "/workflow/1/kill", R"({"reason":"leftovers"})"),
            R"({"killed":{"fatal_task_instance_ids":[],"kill_self_task_instance_ids":[1],)"
            R"("fatal_task_ids":[]},"stopped_workflow_run_ids":[]})");
  EXPECT_EQ(ti(1), "K");
}

TEST_P(AdminRoutes, ResetsAndLimitsAreRecordedOnce) {
  bind(2);
  admin("POST", "/tasks/kill", R"({"task_ids":[1],"reason":"stop"})");
  EXPECT_EQ(task(1), "F");
  EXPECT_EQ(admin("POST", "/tasks/reset", R"({"task_ids":[1,2],"reason":"fixed the input"})"),
            R"({"reset_task_ids":[1]})");
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 1"), "0");
  EXPECT_EQ(admin("POST", "/tasks/reset", R"({"task_ids":[1,2],"reason":"fixed the input"})"),
            R"({"reset_task_ids":[]})");

  EXPECT_EQ(admin("PUT", "/workflow/1/max_concurrently_running",
                  R"({"max_concurrently_running":3,"reason":"cluster busy"})"),
            R"({"previous":10,"max_concurrently_running":3})");
  EXPECT_EQ(admin("PUT", "/workflow/1/max_concurrently_running",
                  R"({"max_concurrently_running":3,"reason":"cluster busy"})"),
            R"({"previous":3,"max_concurrently_running":3})");
  EXPECT_EQ(admin("PUT", "/array/1/max_concurrently_running",
                  R"({"max_concurrently_running":7,"reason":"cluster busy"})"),
            R"({"previous":10,"max_concurrently_running":7})");
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow WHERE id = 1"), "3");
  EXPECT_EQ(history_rows("field = 'max_concurrently_running'"), 2);
  const std::string page = admin("GET", "/history?workflow_id=1&user=anonymous&page_size=2", "");
  EXPECT_NE(page.find(R"("entity":"array","entity_id":1,"field":"max_concurrently_running",)"
                      R"("from":"10","to":"7")"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find(R"("reason":"cluster busy")"), std::string::npos) << page;
  EXPECT_EQ(admin("GET", "/history?user=nobody", ""),
            R"({"history":[],"total":0,"page":1,"page_size":100})");
  EXPECT_NE(admin("GET", "/history?since=2000-01-01&until=2999-12-31T23:59:59", "")
                .find(R"("total":)" + std::to_string(history_rows())),
            std::string::npos);
  admin("PUT", "/array/9/max_concurrently_running",
        R"({"max_concurrently_running":1,"reason":"x"})", 404);
}

TEST_P(AdminRoutes, BadInputIsRefusedAndChangesNothing) {
  bind(1);
  const int before = history_rows();
  admin("POST", "/tasks/kill", R"({"task_ids":[1]})", 400);
  admin("POST", "/tasks/kill", R"({"task_ids":[1],"reason":"   "})", 400);
  admin("POST", "/tasks/kill", R"({"task_ids":"1","reason":"x"})", 400);
  admin("POST", "/tasks/kill", R"({"task_ids":[1],"reason":")" + std::string(1001, 'r') + R"("})",
        400);
  admin("PUT", "/workflow/1/max_concurrently_running",
        R"({"max_concurrently_running":-1,"reason":"x"})", 400);
  admin("GET", "/history?page_size=0", "", 422);
  admin("GET", "/history?since=yesterday", "", 400);
  admin("GET", "/history?task_id=x", "", 422);
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(history_rows(), before);
  // A page past the end is empty, however far.
  EXPECT_NE(
      admin("GET", "/history?page=1000000000000000&page_size=1000", "").find(R"("history":[])"),
      std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminRoutes, ::testing::ValuesIn(http_test_backends()));

// Without the admin plugin nothing is recorded and no table of its is made.
class WithoutAdmin : public RunHelpers, public ::testing::WithParamInterface<std::string> {};

TEST_P(WithoutAdmin, NothingIsRecorded) {
  db_ = std::make_unique<TestDatabase>(GetParam());
  start({});
  bind(1);
  launch("1", "1", 1);
  EXPECT_EQ(ti(1), "O");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE id = 1"), 1);
  auto r = client_->request("GET", "/api/admin/history", "");
  EXPECT_EQ(r.status, 404) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, WithoutAdmin, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
