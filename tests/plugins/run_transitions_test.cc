// Run-path routes one by one over HTTP, on every backend: each route's answer, its error cases,
// the rows it writes, and that sending the same request again (the client retries 5xx and 423,
// POSTs included) answers alike and writes nothing twice.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

class RunTransitions : public RunFixture {
 protected:
  // The database's clock in the form the server writes timestamps with.
  std::string now_sql() const {
    return GetParam() == "postgresql" ? "LOCALTIMESTAMP" : "CURRENT_TIMESTAMP";
  }
  bool in_future(const std::string& table, const std::string& column, int id) {
    return count("SELECT count(*) FROM " + table + " WHERE id = " + std::to_string(id) + " AND " +
                 column + " > " + now_sql()) == 1;
  }
  int errors_of(int ti_id) {
    return count("SELECT count(*) FROM task_instance_error_log WHERE task_instance_id = " +
                 std::to_string(ti_id));
  }
  static std::string invalid_usage(const std::string& field, const std::string& path) {
    return R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
           R"("exception_message":"\"')" +
           field + "' in request to /api/v2" + path + R"(\"","status_code":"400"}})";
  }
};

TEST_P(RunTransitions, WorkflowRunCreationAndStatus) {
  const std::string run_body =
      R"({"workflow_id":5,"user":"alice","jobmon_version":"3.6","next_report_increment":60})";
  EXPECT_EQ(ok("POST", "/workflow_run", run_body),
            R"({"workflow_run_id":null,"err_msg":"No workflow exists for ID 5"})");
  bind(1);  // workflow 1 with run 1, RUNNING
  EXPECT_TRUE(in_future("workflow_run", "heartbeat_date", 1));
  // A second run while the first is alive is refused, and not left behind.
  EXPECT_EQ(ok("POST", "/workflow_run",
               R"({"workflow_id":1,"user":"bob","jobmon_version":"3.6",)"
               R"("next_report_increment":60})"),
            R"({"workflow_run_id":null,"err_msg":"WorkflowRun 1 is currentlylinking, )"
            R"(WorkflowRun 2 will be aborted."})");
  EXPECT_EQ(count("SELECT count(*) FROM workflow_run"), 1);
  EXPECT_EQ(call("POST", "/workflow_run", R"({"workflow_id":1})").body,
            invalid_usage("user", "/workflow_run"));
  // Replays and refusals answer with the current status and change nothing.
  EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"R"})"), R"({"status":"R"})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"B"})"), R"({"status":"R"})");
  EXPECT_EQ(
      ok("POST", "/workflow_run/1/log_heartbeat", R"({"next_report_increment":60,"status":"R"})"),
      R"({"status":"R"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "R");
  EXPECT_EQ(call("PUT", "/workflow_run/99/update_status", R"({"status":"R"})").status, 404);
  EXPECT_EQ(
      call("POST", "/workflow_run/99/log_heartbeat", R"({"next_report_increment":60,"status":"R"})")
          .status,
      404);
  // The happy ending: the task is done, the run and its workflow follow.
  launch("1", "1", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_done", "{}"), R"({"status":"D"})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"D"})"), R"({"status":"D"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "D");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"D"})"), R"({"status":"D"})");
  // A DONE workflow links no new run.
  EXPECT_EQ(ok("POST", "/workflow_run",
               R"({"workflow_id":1,"user":"bob","jobmon_version":"3.6",)"
               R"("next_report_increment":60})"),
            R"({"workflow_run_id":null,"err_msg":"Workflow 1 is not in a resume-able state"})");
  EXPECT_EQ(count("SELECT count(*) FROM workflow_run"), 1);
}

TEST_P(RunTransitions, SyncStatusTriageAndHeartbeats) {
  bind(2);
  launch("1,2", "1,2", 1);
  const std::regex with_time(
      R"(^\{"status_updates":(.*),"time":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"\}$)");
  std::smatch m;
  auto sync = ok("POST", "/workflow_run/1/sync_status", R"({"task_instance_ids":[],"status":"O"})");
  ASSERT_TRUE(std::regex_match(sync, m, with_time)) << sync;
  EXPECT_EQ(m[1], R"({"O":[1,2]})");
  // log_running from an expired deadline: true when it set a new one. The reported fields are
  // stored either way.
  auto start = [&](int process_group, const std::string& node) {
    db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00' WHERE id = 1";
    ok("POST", "/task_instance/1/log_running",
       R"({"process_group_id":)" + std::to_string(process_group) +
           R"(,"next_report_increment":90,"nodename":")" + node + R"("})");
    EXPECT_EQ(scalar("SELECT process_group_id FROM task_instance WHERE id = 1"),
              std::to_string(process_group));
    EXPECT_EQ(scalar("SELECT nodename FROM task_instance WHERE id = 1"), node);
    return in_future("task_instance", "report_by_date", 1);
  };
  EXPECT_TRUE(start(1, "n1"));   // starting: the deadline is set with the transition
  EXPECT_FALSE(start(2, "n2"));  // a replay finds it RUNNING: no transition, no new deadline
  sync = ok("POST", "/workflow_run/1/sync_status", R"({"task_instance_ids":[1,2],"status":"O"})");
  ASSERT_TRUE(std::regex_match(sync, m, with_time)) << sync;
  EXPECT_EQ(m[1], R"({"R":[1]})");
  // The distributor's batch heartbeat moves the deadline of LAUNCHED instances only.
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00'";
  EXPECT_EQ(ok("POST", "/task_instance/log_report_by/batch",
               R"({"next_report_increment":60,"task_instance_ids":[2,1]})"),
            "{}");
  EXPECT_TRUE(in_future("task_instance", "report_by_date", 2));
  EXPECT_FALSE(in_future("task_instance", "report_by_date", 1));
  EXPECT_EQ(ok("POST", "/task_instance/log_report_by/batch", R"({"next_report_increment":60})"),
            "{}");
  // Triage: overdue RUNNING -> TRIAGING, overdue LAUNCHED -> NO_HEARTBEAT; Tasks untouched.
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00'";
  for (int replay = 0; replay < 2; ++replay) {
    EXPECT_EQ(ok("POST", "/workflow_run/1/set_status_for_triaging", "{}"), "{}");
    EXPECT_EQ(ti(1), "T");
    EXPECT_EQ(ti(2), "X");
    EXPECT_EQ(task(1), "R");
    EXPECT_EQ(task(2), "O");
  }
  // The distributor's verdict on the silent LAUNCHED instance, sent twice.
  for (int replay = 0; replay < 2; ++replay) {
    EXPECT_EQ(ok("POST", "/task_instance/2/log_known_error",
                 R"({"error_state":"E","error_message":"no heartbeat","distributor_id":123})"),
              R"({"message":""})");
  }
  EXPECT_EQ(ti(2), "E");
  EXPECT_EQ(task(2), "G");  // 1 of 2 attempts used: retried
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 2"), "123");
  EXPECT_EQ(errors_of(2), 1);
  // The TRIAGING worker reports again: back to RUNNING, with its deadline moved.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by",
               R"({"next_report_increment":90,"stdout":"/o","stderr":null})"),
            R"({"status":"R"})");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by", R"({"next_report_increment":90})"),
            R"({"status":"R"})");
  EXPECT_TRUE(in_future("task_instance", "report_by_date", 1));
  EXPECT_EQ(scalar("SELECT stdout FROM task_instance WHERE id = 1"), "/o");
  // Not overdue: log_unknown_error has nothing to do. Overdue: R -> U, the Task is retried.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_unknown_error",
               R"({"error_state":"U","error_message":"lost"})"),
            R"({"message":""})");
  EXPECT_EQ(errors_of(1), 0);
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00' WHERE id = 1";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_unknown_error",
               R"({"error_state":"U","error_message":"lost"})"),
            R"({"message":""})");
  EXPECT_EQ(ti(1), "U");
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_unknown_error",
               R"({"error_state":"U","error_message":"lost"})"),
            R"({"message":"Attempting to transition to existing state.Not transitioning task, )"
            R"(tid= 1 from U to U"})");
  EXPECT_EQ(errors_of(1), 1);
}

TEST_P(RunTransitions, ArrayBatchesAndDistributorIds) {
  bind(3);
  EXPECT_EQ(ok("POST", "/array/1/queue_task_batch",
               R"({"task_ids":[2,1],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"),
            R"({"tasks_by_status":{"Q":[1,2]}})");
  // Task 2 is already queued: only task 3 gets an instance, in a new batch starting at step 0.
  EXPECT_EQ(ok("POST", "/array/1/queue_task_batch",
               R"({"task_ids":[2,3],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"),
            R"({"tasks_by_status":{"Q":[2,3]}})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance"), 3);
  EXPECT_EQ(scalar("SELECT array_batch_num FROM task_instance WHERE task_id = 3"), "2");
  EXPECT_EQ(scalar("SELECT array_step_id FROM task_instance WHERE task_id = 3"), "0");
  EXPECT_EQ(scalar("SELECT array_step_id FROM task_instance WHERE task_id = 2"), "1");
  EXPECT_EQ(
      ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1,2,3]})"),
      R"({"task_instance_batches":[[1,"tt",1,1,[1,2]],[1,"tt",2,1,[3]]]})");
  for (int replay = 0; replay < 2; ++replay) {
    EXPECT_EQ(ok("POST", "/array/1/transition_to_launched",
                 R"({"batch_number":1,"next_report_increment":60})"),
              "{}");
  }
  EXPECT_EQ(ti(1), "O");
  EXPECT_EQ(task(2), "O");
  EXPECT_EQ(ti(3), "I");  // another batch
  EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE submitted_date IS NOT NULL"), 2);
  EXPECT_TRUE(in_future("task_instance", "report_by_date", 1));
  // Distributor ids: only this array's instances, only all-digit keys; a replay is harmless.
  for (int replay = 0; replay < 2; ++replay) {
    EXPECT_EQ(ok("POST", "/array/1/log_distributor_id", R"({"1":"a","2":"b","3":"c","x":"y"})"),
              R"({"success":true})");
  }
  EXPECT_EQ(ok("POST", "/array/2/log_distributor_id", R"({"1":"other"})"), R"({"success":true})");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 1"), "a");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 3"), "c");
  // Reads by position and limits.
  EXPECT_EQ(ok("GET", "/get_array_task_instance_id/1/2/0", ""), R"({"task_instance_id":3})");
  EXPECT_EQ(call("GET", "/get_array_task_instance_id/1/9/0", "").status, 404);
  EXPECT_EQ(ok("GET", "/array/1/get_array_max_concurrently_running", ""),
            R"({"max_concurrently_running":10})");
  EXPECT_EQ(ok("GET", "/workflow/1/get_array_max_concurrently_running/1", ""),
            R"({"max_concurrently_running":10})");
  EXPECT_EQ(call("GET", "/workflow/1/get_array_max_concurrently_running/1?array_id=99", "").status,
            404);
  EXPECT_EQ(call("GET", "/array/abc/get_array_max_concurrently_running", "").status, 422);
  // The second batch launches even though a resume reset its Task meanwhile (the distributor
  // has submitted it); the Task is left as it is.
  db_->sql() << "UPDATE task SET status = 'G' WHERE id = 3";
  ok("POST", "/array/1/transition_to_launched", R"({"batch_number":2,"next_report_increment":60})");
  EXPECT_EQ(ti(3), "O");
  EXPECT_EQ(task(3), "G");
  // Nothing in KILL_SELF: the kill route changes nothing.
  EXPECT_EQ(ok("POST", "/array/1/transition_to_killed", R"({"batch_number":1})"), "{}");
  EXPECT_EQ(ti(1), "O");
  EXPECT_EQ(task(1), "O");
}

TEST_P(RunTransitions, ReplaysOfDistributorReports) {
  bind(2);
  launch("1,2", "1,2", 1);
  db_->sql() << "UPDATE task_instance SET status = 'I' WHERE id = 2";
  db_->sql() << "UPDATE task SET status = 'I' WHERE id = 2";
  // Submission failed: I -> W, the Task is retried; the error is logged once however often the
  // report is sent.
  EXPECT_EQ(ok("POST", "/task_instance/2/log_no_distributor_id", R"({"no_id_err_msg":"qsub"})"),
            R"({"message":""})");
  EXPECT_EQ(ti(2), "W");
  EXPECT_EQ(task(2), "G");
  EXPECT_EQ(ok("POST", "/task_instance/2/log_no_distributor_id", R"({"no_id_err_msg":"qsub"})"),
            R"({"message":"Attempting to transition to existing state.Not transitioning task, )"
            R"(tid= 2 from W to W"})");
  EXPECT_EQ(errors_of(2), 1);
  const std::regex error_log(
      R"(^\{"task_instance_error_log":\[\[\d+,"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","qsub"\]\]\}$)");
  auto log = ok("GET", "/task_instance/2/task_instance_error_log", "");
  EXPECT_TRUE(std::regex_match(log, error_log)) << log;
  // A worker's error sent twice, its absent fields not wiped.
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90,"nodename":"n1"})");
  const std::string error =
      R"({"error_state":"Z","error_description":"oom","stderr_log":"/e","nodename":null})";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_error_worker_node", error), R"({"status":"Z"})");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_error_worker_node", error), R"({"status":"Z"})");
  EXPECT_EQ(errors_of(1), 1);
  EXPECT_EQ(task(1), "A");
  EXPECT_EQ(scalar("SELECT nodename FROM task_instance WHERE id = 1"), "n1");
  EXPECT_EQ(scalar("SELECT stderr_log FROM task_instance WHERE id = 1"), "/e");
  // The swarm requeues the adjusted task: a second attempt in a new batch.
  EXPECT_EQ(ok("POST", "/array/1/queue_task_batch",
               R"({"task_ids":[1,2],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"),
            R"({"tasks_by_status":{"Q":[1,2]}})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE array_batch_num = 2"), 2);
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 1"), "2");
}

TEST_P(RunTransitions, DownstreamTasks) {
  bind(3);
  db_->sql() << "DELETE FROM edge";
  ok("POST", "/dag/1/edges",
     R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
     R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]},)"
     R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[]}],"mark_created":true})");
  EXPECT_EQ(ok("POST", "/task/get_downstream_tasks", R"({"task_ids":[2,1],"dag_id":1})"),
            R"({"downstream_tasks":{"1":[1,"[2, 3]"],"2":[2,null]}})");
  EXPECT_EQ(ok("POST", "/task/get_downstream_tasks", R"({"task_ids":[1],"dag_id":7})"),
            R"({"downstream_tasks":{}})");
  EXPECT_EQ(call("POST", "/task/get_downstream_tasks", R"({"task_ids":[1],"dag_id":1})", "v3").body,
            R"({"downstream_tasks":{"1":[1,"[2, 3]"]}})");
  EXPECT_EQ(call("POST", "/task/get_downstream_tasks", R"({"task_ids":[1]})").body,
            invalid_usage("dag_id", "/task/get_downstream_tasks"));
}

// Bad input is answered 400 (a missing or mistyped field), 404 (an unknown instance or run) or
// 422 (a path parameter that is not an integer), and nothing is written.
TEST_P(RunTransitions, ErrorCasesOfEveryRoute) {
  bind(1);
  struct Case {
    const char* method;
    std::string path, body;
    int status;
    const char* missing;  // the field a 400 names
  };
  const std::vector<Case> cases = {
      {"PUT", "/workflow_run/1/update_status", "{}", 400, "status"},
      {"POST", "/workflow_run/1/log_heartbeat", R"({"status":"R"})", 400, "next_report_increment"},
      {"POST", "/workflow_run/1/sync_status", R"({"status":"R"})", 400, "task_instance_ids"},
      {"POST", "/array/1/queue_task_batch", R"({"task_ids":[1],"workflow_run_id":1})", 400,
       "task_resources_id"},
      {"POST", "/array/1/transition_to_launched", R"({"batch_number":1})", 400,
       "next_report_increment"},
      {"POST", "/array/1/transition_to_killed", "{}", 400, "batch_number"},
      {"POST", "/task_instance/1/log_running", R"({"next_report_increment":1})", 400,
       "process_group_id"},
      {"POST", "/task_instance/1/log_report_by", "{}", 400, "next_report_increment"},
      {"POST", "/task_instance/log_report_by/batch", R"({"task_instance_ids":[1]})", 400,
       "next_report_increment"},
      {"POST", "/task_instance/1/log_error_worker_node", R"({"error_description":"x"})", 400,
       "error_state"},
      {"POST", "/task_instance/1/log_no_distributor_id", "{}", 400, "no_id_err_msg"},
      {"POST", "/task_instance/1/log_distributor_id", R"({"next_report_increment":1})", 400,
       "distributor_id"},
      {"POST", "/task_instance/1/log_known_error", R"({"error_state":"E"})", 400, "error_message"},
      {"POST", "/task_instance/1/log_unknown_error", R"({"error_message":"x"})", 400,
       "error_state"},
      {"POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":"1"})", 400,
       "task_instance_ids"},
      {"POST", "/task_instance/1/log_running",
       R"({"process_group_id":"abc","next_report_increment":1})", 400, "process_group_id"},
      {"POST", "/task_instance/99/log_running",
       R"({"process_group_id":1,"next_report_increment":1})", 404, nullptr},
      {"POST", "/task_instance/99/log_report_by", R"({"next_report_increment":1})", 404, nullptr},
      {"POST", "/task_instance/99/log_done", "{}", 404, nullptr},
      {"POST", "/task_instance/99/log_error_worker_node",
       R"({"error_state":"E","error_description":"x"})", 404, nullptr},
      {"POST", "/task_instance/99/log_no_distributor_id", R"({"no_id_err_msg":"x"})", 404, nullptr},
      {"POST", "/task_instance/99/log_distributor_id",
       R"({"distributor_id":"1","next_report_increment":1})", 404, nullptr},
      {"POST", "/task_instance/99/log_known_error", R"({"error_state":"E","error_message":"x"})",
       404, nullptr},
      {"POST", "/task_instance/99/log_unknown_error", R"({"error_state":"U","error_message":"x"})",
       404, nullptr},
      {"PUT", "/workflow_run/99/terminate_task_instances", "{}", 404, nullptr},
      {"POST", "/array/x/queue_task_batch", "{}", 422, nullptr},
      {"POST", "/task_instance/x/log_running", "{}", 422, nullptr},
      {"PUT", "/workflow_run/x/update_status", "{}", 422, nullptr},
  };
  for (const auto& c : cases) {
    auto r = call(c.method, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.path << ": " << r.body;
    if (c.missing) {
      EXPECT_EQ(r.body, invalid_usage(c.missing, c.path));
    }
  }
  // A status letter no state machine has is bad input too.
  EXPECT_EQ(call("POST", "/task_instance/1/log_error_worker_node",
                 R"({"error_state":"Q9","error_description":"x"})")
                .status,
            400);
  // Reads of unknown ids answer empty.
  EXPECT_EQ(ok("GET", "/task_instance/99/task_instance_error_log", ""),
            R"({"task_instance_error_log":[]})");
  EXPECT_EQ(ok("POST", "/workflow_run/99/set_status_for_triaging", "{}"), "{}");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM workflow_run"), 1);
  EXPECT_EQ(task(1), "G");
}

INSTANTIATE_TEST_SUITE_P(Backends, RunTransitions, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
