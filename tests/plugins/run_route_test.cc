// Run-path routes over HTTP against the real jobmond, on every backend: the client/distributor/
// worker lifecycle with the database checked after each step, replays, the kill path and its
// deployment matrix and the reference bugs fixed. More in run_transitions_test.cc (every route's
// answers and replays) and run_race_test.cc (PostgreSQL races on one Task).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string_view>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

class RunRoutes : public RunFixture {
 protected:
  void full_lifecycle();
};

// The client/distributor/worker sequence on v2, then the same on v3 (one handler per route).
TEST_P(RunRoutes, FullLifecycleWithRetryAndDone) { full_lifecycle(); }
TEST_P(RunRoutes, FullLifecycleOnV3) {
  v_ = "v3";
  full_lifecycle();
}

void RunRoutes::full_lifecycle() {
  bind(2, 2);
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "R");
  EXPECT_EQ(ok("POST", "/array/1/queue_task_batch",
               R"({"task_ids":[1,2],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"),
            R"({"tasks_by_status":{"Q":[1,2]}})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE status = 'Q' AND array_batch_num = 1"),
            2);
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 1"), "1");
  EXPECT_EQ(
      ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1,2]})"),
      R"({"task_instance_batches":[[1,"tt",1,1,[1,2]]]})");
  EXPECT_EQ(task(1), "I");
  ok("POST", "/array/1/transition_to_launched", R"({"batch_number":1,"next_report_increment":60})");
  EXPECT_EQ(ti(1), "O");
  EXPECT_EQ(task(1), "O");
  EXPECT_EQ(ok("POST", "/array/1/log_distributor_id", R"({"1":"123_1","2":"123_2"})"),
            R"({"success":true})");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 2"), "123_2");
  EXPECT_EQ(ok("GET", "/get_array_task_instance_id/1/1/1", ""), R"({"task_instance_id":2})");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_running",
               R"({"process_group_id":"77","next_report_increment":90,"nodename":"n1"})"),
            R"({"task_instance":[1,"R",1,1,"task1","echo",1,"/tmp/o",null]})");
  EXPECT_EQ(task(1), "R");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by", R"({"next_report_increment":90})"),
            R"({"status":"R"})");
  EXPECT_EQ(scalar("SELECT nodename FROM task_instance WHERE id = 1"), "n1");  // kept
  // First attempt fails: the task goes back to REGISTERING for a retry.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_error_worker_node",
               R"({"error_state":"E","error_description":"boom"})"),
            R"({"status":"E"})");
  EXPECT_EQ(task(1), "G");
  EXPECT_NE(ok("GET", "/task_instance/1/task_instance_error_log", "").find("boom"),
            std::string::npos);
  EXPECT_EQ(ok("GET", "/task/1/most_recent_ti_error", ""),
            R"({"error_description":"boom","task_instance_id":1})");
  // Second attempt (batch 2) succeeds.
  launch("1", "3", 2);
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 1"), "2");
  ok("POST", "/task_instance/3/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  EXPECT_EQ(ok("POST", "/task_instance/3/log_done", R"({"nodename":"n2"})"), R"({"status":"D"})");
  EXPECT_EQ(task(1), "D");
  // Task 2 fails twice: out of attempts, ERROR_FATAL.
  ok("POST", "/task_instance/2/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  ok("POST", "/task_instance/2/log_error_worker_node",
     R"({"error_state":"E","error_description":"x"})");
  launch("2", "4", 3);
  ok("POST", "/task_instance/4/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  ok("POST", "/task_instance/4/log_error_worker_node",
     R"({"error_state":"E","error_description":"y"})");
  EXPECT_EQ(task(2), "F");
  auto updates = ok("POST", "/workflow/1/task_status_updates", "{}");
  EXPECT_NE(updates.find(R"("tasks_by_status":{"D":[1],"F":[2]})"), std::string::npos) << updates;
  EXPECT_EQ(ok("PUT", "/workflow_run/1/update_status", R"({"status":"E"})"), R"({"status":"E"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "F");
  // v3 adds the 3.6 server's pending_kill_self (docs/compatibility.md, J3).
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""),
            std::string_view(v_) == "v3" ? R"({"workflow_is_resumable":true,"pending_kill_self":0})"
                                         : R"({"workflow_is_resumable":true})");
}

TEST_P(RunRoutes, ReplayedTransitionsWriteNothingTwice) {
  bind(1);
  const std::string queue =
      R"({"task_ids":[1],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})";
  ok("POST", "/array/1/queue_task_batch", queue);
  EXPECT_EQ(ok("POST", "/array/1/queue_task_batch", queue), R"({"tasks_by_status":{"Q":[1]}})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance"), 1);  // no second batch
  auto inst =
      ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1]})");
  EXPECT_EQ(ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1]})"),
            inst);
  ok("POST", "/array/1/transition_to_launched", R"({"batch_number":1,"next_report_increment":60})");
  ok("POST", "/array/1/transition_to_launched", R"({"batch_number":1,"next_report_increment":60})");
  const std::string running = R"({"process_group_id":1,"next_report_increment":90})";
  ok("POST", "/task_instance/1/log_running", running);
  EXPECT_NE(ok("POST", "/task_instance/1/log_running", running).find(R"([1,"R",)"),
            std::string::npos);
  const std::string error = R"({"error_state":"E","error_description":"boom"})";
  ok("POST", "/task_instance/1/log_error_worker_node", error);
  EXPECT_EQ(ok("POST", "/task_instance/1/log_error_worker_node", error), R"({"status":"E"})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 1);
  EXPECT_EQ(task(1), "G");
  launch("1", "2", 2);
  ok("POST", "/task_instance/2/log_running", running);
  EXPECT_EQ(ok("POST", "/task_instance/2/log_done", "{}"), R"({"status":"D"})");
  EXPECT_EQ(ok("POST", "/task_instance/2/log_done", "{}"), R"({"status":"D"})");
  EXPECT_EQ(task(1), "D");
}

TEST_P(RunRoutes, KillPathMovesInstancesAndTasksToFatal) {
  bind(2);
  launch("1,2", "1,2", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  // The swarm asks for a cold resume; the run's instances of LAUNCHED/RUNNING tasks go K.
  ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":true})");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "C");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/terminate_task_instances", "{}"),
            R"({"workflow_run_id":1})");  // v2: the 3.4 answer
  EXPECT_EQ(ti(1), "K");
  EXPECT_EQ(ti(2), "K");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 2);
  ok("PUT", "/workflow_run/1/terminate_task_instances", "{}");  // replay: nothing more
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 2);
  // The distributor kills the batch: instances and their (running/launched) tasks go F at once.
  EXPECT_EQ(ok("POST", "/array/1/transition_to_killed", R"({"batch_number":1})"), "{}");
  EXPECT_EQ(ti(1), "F");
  EXPECT_EQ(task(1), "F");
  EXPECT_EQ(ti(2), "F");
  EXPECT_EQ(task(2), "F");
  // A worker reporting late for a killed instance changes nothing.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_done", "{}"), R"({"status":"F"})");
}

TEST_P(RunRoutes, KillRouteDeploymentMatrix) {
  const std::string body = R"({"batch_number":1})";
  EXPECT_EQ(call("POST", "/array/1/transition_to_killed", body, "v2").status, 200);
  EXPECT_EQ(call("POST", "/array/1/transition_to_killed", body, "v3").status, 200);
  start({"--plugins", "v3"});  // a v3 route again (Jobmon 3.6), compat not needed
  EXPECT_EQ(call("POST", "/array/1/transition_to_killed", body, "v3").status, 200);
  start({"--plugins", "v3,compat"});
  EXPECT_EQ(call("POST", "/array/1/transition_to_killed", body, "v3").status, 200);
  start({"--plugins", "v2"});
  EXPECT_EQ(call("POST", "/array/1/transition_to_killed", body, "v2").status, 200);
}

TEST_P(RunRoutes, ReferenceBugsAreFixed) {
  bind(1);
  launch("1", "1", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90,"distributor_id":"d1"})");
  // A TRIAGING worker that reports again returns to RUNNING (the reference answered 500), and an
  // absent optional field no longer wipes the stored one.
  db_->sql() << "UPDATE task_instance SET status = 'T' WHERE id = 1";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by", R"({"next_report_increment":90})"),
            R"({"status":"R"})");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 1"), "d1");
  // log_unknown_error on an instance that is not overdue: nothing to do, not a 500.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_unknown_error",
               R"({"error_state":"U","error_message":"lost"})"),
            R"({"message":""})");
  EXPECT_EQ(ti(1), "R");
  // A refused workflow run leaves no orphan row behind.
  auto refused =
      ok("POST", "/workflow_run",
         R"({"workflow_id":1,"user":"bob","jobmon_version":"3.6","next_report_increment":60})");
  EXPECT_NE(refused.find(R"("workflow_run_id":null)"), std::string::npos) << refused;
  EXPECT_EQ(count("SELECT count(*) FROM workflow_run"), 1);
  // v3's array limit update answers with a message (the reference answered 500 on success).
  EXPECT_EQ(call("PUT", "/workflow/1/update_array_max_concurrently_running",
                 R"({"max_tasks":3,"task_template_version_id":1})", "v3")
                .body,
            R"({"message":"Workflow ID 1 array max concurrently running updated to 3"})");
  EXPECT_EQ(ok("GET", "/array/1/get_array_max_concurrently_running", ""),
            R"({"max_concurrently_running":3})");
}

// A worker resends its stdout, stderr and distributor_id with every heartbeat: when they are as
// stored, the heartbeat writes the deadline alone (a trigger on those columns sees no write, on
// the backends whose triggers can watch columns); a changed one is written, to the byte.
TEST_P(RunRoutes, HeartbeatRewritesOnlyWhatChanged) {
  bind(1, 1);
  ok("POST", "/array/1/queue_task_batch",
     R"({"task_ids":[1],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})");
  ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1]})");
  ok("POST", "/array/1/transition_to_launched", R"({"batch_number":1,"next_report_increment":60})");
  const std::string fields = R"("stdout":"/o/1","stderr":"/e/1","distributor_id":"42")";
  // The worker's log_running sends no stdout or stderr: its first heartbeat stores them.
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":"7","next_report_increment":90,"nodename":"n1","distributor_id":"42"})");
  const bool watched = GetParam() != "mysql";  // MySQL triggers cannot name columns
  db_->sql() << "CREATE TABLE fields_written (n INTEGER)";
  if (GetParam() == "sqlite") {
    db_->sql() << "CREATE TRIGGER fields_written_t AFTER UPDATE OF distributor_id, stdout, stderr "
                  "ON task_instance BEGIN INSERT INTO fields_written VALUES (1); END";
  } else if (GetParam() == "postgresql") {
    db_->sql() << "CREATE FUNCTION fields_written_f() RETURNS trigger AS $$ BEGIN INSERT INTO "
                  "fields_written VALUES (1); RETURN NULL; END $$ LANGUAGE plpgsql";
    db_->sql() << "CREATE TRIGGER fields_written_t AFTER UPDATE OF distributor_id, stdout, stderr "
                  "ON task_instance FOR EACH ROW EXECUTE FUNCTION fields_written_f()";
  }
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00' WHERE id = 1";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by",
                 R"({"next_report_increment":90,)" + fields + "}"),
              R"({"status":"R"})");
  }
  EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE id = 1 AND report_by_date > "
                  "'2001-01-01 00:00:00' AND stdout = '/o/1' AND stderr = '/e/1'"),
            1);
  if (watched) {  // the first heartbeat wrote them, the resends nothing
    EXPECT_EQ(count("SELECT count(*) FROM fields_written"), 1);
  }
  // A changed field (only in case: MySQL's collation would call it equal) is written.
  EXPECT_EQ(
      ok("POST", "/task_instance/1/log_report_by",
         R"({"next_report_increment":90,"stdout":"/O/1","stderr":"/e/1","distributor_id":"42"})"),
      R"({"status":"R"})");
  EXPECT_EQ(scalar("SELECT stdout FROM task_instance WHERE id = 1"), "/O/1");
  if (watched) {
    EXPECT_EQ(count("SELECT count(*) FROM fields_written"), 2);
  }
  // Without fields, the deadline alone.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by", R"({"next_report_increment":90})"),
            R"({"status":"R"})");
  if (watched) {
    EXPECT_EQ(count("SELECT count(*) FROM fields_written"), 2);
  }
  // TRIAGING still comes back to RUNNING, its fields written.
  db_->sql() << "UPDATE task_instance SET status = 'T' WHERE id = 1";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_report_by",
               R"({"next_report_increment":90,"stdout":"/o/2"})"),
            R"({"status":"R"})");
  EXPECT_EQ(scalar("SELECT stdout FROM task_instance WHERE id = 1"), "/o/2");
}

TEST_P(RunRoutes, BadInputIsAClientErrorAndChangesNothing) {
  bind(1);
  EXPECT_EQ(call("POST", "/task_instance/1/log_error_worker_node", R"({"error_state":"E"})").status,
            400);
  EXPECT_EQ(call("POST", "/array/1/queue_task_batch", R"({"task_ids":"x"})").status, 400);
  EXPECT_EQ(call("POST", "/task_instance/abc/log_done", "{}").status, 422);
  EXPECT_EQ(call("GET", "/workflow/get_tasks/1", "").status, 422);
  EXPECT_EQ(call("PUT", "/workflow_run/1/update_status", R"({"status":"?"})").status, 400);
  EXPECT_EQ(call("POST", "/task_instance/999/log_done", "{}").status, 404);
  EXPECT_EQ(call("GET", "/workflow/77/is_resumable", "", "v3").body,
            R"({"detail":"Workflow with ID 77 not found in database."})");
  EXPECT_EQ(call("GET", "/workflow/77/get_max_concurrently_running", "", "v3").body,
            R"({"error":"Workflow with ID 77 not found in database."})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance"), 0);
}

TEST_P(RunRoutes, MessageHelperRoutesAnswerWithTheReferenceTexts) {
  bind(2);
  launch("1,2", "1,2", 1);
  db_->sql() << "UPDATE task_instance SET status = 'I' WHERE id = 2";
  db_->sql() << "UPDATE task SET status = 'I' WHERE id = 2";
  EXPECT_EQ(ok("POST", "/task_instance/2/log_distributor_id",
               R"({"distributor_id":"55","next_report_increment":30})"),
            R"({"message":""})");
  EXPECT_EQ(ti(2), "O");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 2"), "55");
  EXPECT_EQ(ok("POST", "/task_instance/2/log_distributor_id",
               R"({"distributor_id":"55","next_report_increment":30})"),
            R"({"message":"Attempting to transition to existing state.Not transitioning task, )"
            R"(tid= 2 from O to O"})");
  EXPECT_EQ(
      ok("POST", "/task_instance/2/log_no_distributor_id", R"({"no_id_err_msg":"qsub"})"),
      R"({"message":"Illegal state transition. Not transitioning task, tid=2, from O to W"})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log WHERE description = 'qsub'"), 1);
  EXPECT_EQ(ok("POST", "/task_instance/1/log_known_error",
               R"({"error_state":"Z","error_message":"oom","nodename":"n9"})"),
            R"({"message":""})");
  EXPECT_EQ(ti(1), "Z");
  EXPECT_EQ(task(1), "A");  // a resource error asks for more resources
  EXPECT_EQ(scalar("SELECT nodename FROM task_instance WHERE id = 1"), "n9");
}

TEST_P(RunRoutes, SwarmReadsAndResumeState) {
  bind(2);
  EXPECT_EQ(ok("GET", "/workflow/1/fetch_workflow_metadata", ""), R"({"workflow":[1,1,10]})");
  EXPECT_EQ(ok("GET", "/workflow/9/fetch_workflow_metadata", ""), R"({"workflow":[]})");
  EXPECT_EQ(ok("GET", "/workflow/get_tasks/1?max_task_id=0&chunk_size=1", ""),
            R"({"tasks":{"1":[1,"G",2,"{'memory': 0.5}","[]",)"
            R"("{\"stdout\": \"/tmp/o\", \"runtime\": 60}","sequential","null.q",10]}})");
  EXPECT_NE(ok("GET", "/workflow/get_tasks/1?max_task_id=1&chunk_size=10", "").find(R"({"2":[)"),
            std::string::npos);
  EXPECT_EQ(ok("POST", "/task/get_downstream_tasks", R"({"task_ids":[1],"dag_id":1})"),
            R"({"downstream_tasks":{"1":[1,null]}})");
  EXPECT_EQ(ok("GET", "/workflow/1/get_max_concurrently_running", ""),
            R"({"max_concurrently_running":10})");
  EXPECT_EQ(ok("PUT", "/workflow/1/update_max_concurrently_running", R"({"max_tasks":20})"),
            R"({"message":"Workflow ID 1 max concurrently running updated to 20"})");
  auto statuses = ok("GET", "/workflow_status/available_status", "");
  EXPECT_NE(statuses.find(R"("DONE")"), std::string::npos) << statuses;
  // The run is alive: not resumable, and set_resume_state refuses.
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""), R"({"workflow_is_resumable":false})");
  EXPECT_EQ(
      ok("POST", "/task/1/set_resume_state", R"({"reset_if_running":true})"),
      R"({"err_msg":"Workflow 1 is not resumable. Please set the appropriate resume state."})");
  ok("PUT", "/workflow_run/1/update_status", R"({"status":"E"})");
  db_->sql() << "UPDATE task SET status = 'F', num_attempts = 2 WHERE id = 1";
  EXPECT_EQ(ok("POST", "/task/1/set_resume_state", R"({"reset_if_running":true})"), "{}");
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 1"), "0");
}

TEST_P(RunRoutes, TemplateDagAndResourceUsage) {
  bind(3);
  db_->sql() << "DELETE FROM edge";
  ok("POST", "/dag/1/edges",
     R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
     R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]},)"
     R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[]}],"mark_created":true})");
  EXPECT_EQ(call("GET", "/workflow/1/task_template_dag", "", "v3").body,
            R"({"tt_dag":[{"name":"tt","downstream_task_template_id":"tt"},)"
            R"({"name":"tt","downstream_task_template_id":null}]})");
  EXPECT_EQ(call("GET", "/workflow/1/task_template_dag", "", "v2").status, 404);
  EXPECT_EQ(call("GET", "/workflow/8/task_template_dag", "", "v3").status, 404);
  // Resource usage: validation first, then DONE instances of the tool's workflows.
  EXPECT_EQ(call("GET", "/tool/t/tool_resource_usage", "").body,
            R"({"error":"Both start_date and end_date are required."})");
  EXPECT_EQ(
      call("GET", "/tool/t/tool_resource_usage?start_date=2025-13-01&end_date=2025-12-02", "").body,
      R"({"error":"Dates must be in 'YYYY-MM-DD' format."})");
  EXPECT_EQ(
      call("GET", "/tool/t/tool_resource_usage?start_date=2025-01-01&end_date=2025-01-09", "").body,
      R"({"error":"Date range must be within one week."})");
  launch("1", "1", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  ok("POST", "/task_instance/1/log_done", "{}");
  db_->sql() << "UPDATE task_instance SET wallclock = '20', maxrss = '5084'";
  db_->sql() << "UPDATE workflow SET created_date = '2025-07-02 10:00:00'";
  EXPECT_EQ(ok("GET", "/tool/t/tool_resource_usage?start_date=2025-07-01&end_date=2025-07-08", ""),
            R"([{"ti_id":1,"ti_wallclock":"20","ti_maxrss":"5084","node_arg_val":"1",)"
            R"("ti_requested_resources":"{\"stdout\": \"/tmp/o\", \"runtime\": 60}"}])");
  EXPECT_EQ(ok("GET", "/tool/t/tool_resource_usage?start_date=2025-07-03&end_date=2025-07-08", ""),
            "[]");
}

TEST_P(RunRoutes, ReaperFindsAndReapsLostRuns) {
  bind(1);
  const std::string lost_r = "/lost_workflow_run?status=R&version=jobmond-0.1.0";
  EXPECT_EQ(ok("GET", lost_r, ""), R"({"workflow_runs":[]})");  // still heartbeating
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", ""), R"({"status":""})");
  db_->sql() << "UPDATE workflow_run SET heartbeat_date = '2000-01-01 00:00:00'";
  EXPECT_EQ(ok("GET", lost_r, ""), R"({"workflow_runs":[[1,1]]})");
  EXPECT_EQ(ok("GET", "/lost_workflow_run?status=R&version=3.4.0", ""), R"({"workflow_runs":[]})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", ""), R"({"status":"E"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "E");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "F");
  // A resumed run that went silent: the reaper asks for C and H at once.
  db_->sql() << "UPDATE workflow_run SET status = 'H'";
  db_->sql() << "UPDATE workflow SET status = 'R'";  // as a resume of a running workflow leaves it
  EXPECT_EQ(ok("GET", "/lost_workflow_run?status=C&status=H&version=jobmond-0.1.0", ""),
            R"({"workflow_runs":[[1,1]]})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", ""), R"({"status":"T"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "H");
  EXPECT_EQ(call("GET", "/lost_workflow_run?version=x", "").status, 422);
  EXPECT_EQ(ok("GET", "/workflow/1/workflow_name_and_args", ""),
            R"({"workflow_name":"w","workflow_args":""})");
  EXPECT_EQ(ok("GET", "/workflow/5/workflow_name_and_args", ""),
            R"({"workflow_name":null,"workflow_args":null})");
  // A FAILED workflow whose tasks are all DONE is set right.
  db_->sql() << "UPDATE workflow SET status = 'F'";
  db_->sql() << "UPDATE task SET status = 'D'";
  EXPECT_EQ(ok("PUT", "/workflow/0/fix_status_inconsistency", R"({"increase_step":10})"),
            R"({"wfid":0})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "D");
}

INSTANTIATE_TEST_SUITE_P(Backends, RunRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
