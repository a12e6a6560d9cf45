// /api/v3 serving the Jobmon 3.4 and 3.6 clients at once (issue 26; docs/compatibility.md,
// "Client generations" and "Jobmon 3.6 clients"), over HTTP on every backend: what each
// generation is answered and what each stores, v2's 3.4 contract, the routes 3.6 added and the
// behaviours it changed.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

constexpr const char* k36 = "?client_jobmon_version=3.6.0";
constexpr const char* k34 = "?client_jobmon_version=3.4.23";

class ClientGenerations : public RunFixture {
 protected:
  // Three tasks on nodes 1 -> {2, 3}, bound through `v` with the given client version query.
  void bind_dag(const char* v, const std::string& version) {
    v_ = v;
    bind(3);
    db_->sql() << "DELETE FROM edge";
    db_->sql() << "UPDATE dag SET created_date = NULL";
    ok("POST", "/dag/1/edges" + version,
       R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
       R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]},)"
       R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[]}],"mark_created":true})");
  }
  // Stores `text` as a node's list, bound (MySQL reads backslashes in literals).
  void store(const char* column, int node, const std::string& text) {
    db_->sql() << std::string("UPDATE edge SET ") + column +
                      " = :t WHERE node_id = " + std::to_string(node),
        soci::use(text);
  }
  std::string stored_down(int node) {
    return scalar("SELECT downstream_node_ids FROM edge WHERE node_id = " + std::to_string(node));
  }
  void fresh_database() {
    client_.reset();
    server_.reset();
    db_ = std::make_unique<TestDatabase>(GetParam());
    start({});
  }
  std::string downstream(const char* v, const std::string& version) {
    return ok("POST", "/task/get_downstream_tasks" + version, R"({"task_ids":[1,2],"dag_id":1})",
              v);
  }
};

// The form of the generation that bound the DAG: 3.6 clients on v3 store arrays, 3.4 clients
// (and callers that name no version) the 3.4 string; v2 always the 3.4 string.
TEST_P(ClientGenerations, EdgesAreStoredInTheBindingGenerationsForm) {
  bind_dag("v3", k36);
  EXPECT_EQ(stored_down(1).find('"'), std::string::npos) << stored_down(1);
  EXPECT_NE(stored_down(1).find("[2,"), std::string::npos) << stored_down(1);
  EXPECT_EQ(stored_down(2), "null");
  for (const std::string& version : {std::string(k34), std::string("")}) {
    db_->sql() << "DELETE FROM edge";
    ok("POST", "/dag/1/edges" + version,
       R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]}],)"
       R"("mark_created":true})",
       "v3");
    EXPECT_EQ(stored_down(1), R"("[2, 3]")") << version;
  }
  db_->sql() << "DELETE FROM edge";
  ok("POST", std::string("/dag/1/edges") + k36,
     R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]}],)"
     R"("mark_created":true})",
     "v2");
  EXPECT_EQ(stored_down(1), R"("[2, 3]")");
}

// get_downstream_tasks answers each generation its form, whatever form is stored; v2 answers
// the 3.4 text to every caller.
TEST_P(ClientGenerations, DownstreamNodeIdsInTheCallersForm) {
  for (const char* binder : {k34, k36}) {
    bind_dag("v3", binder);
    const std::string text = R"({"downstream_tasks":{"1":[1,"[2, 3]"],"2":[2,null]}})";
    EXPECT_EQ(downstream("v3", k36), R"({"downstream_tasks":{"1":[1,[2,3]],"2":[2,null]}})");
    EXPECT_EQ(downstream("v3", "?client_jobmon_version=3.6.1.dev11"),
              R"({"downstream_tasks":{"1":[1,[2,3]],"2":[2,null]}})");
    EXPECT_EQ(downstream("v3", k34), text);
    EXPECT_EQ(downstream("v3", "?client_jobmon_version=3.6.0rc1"), text);
    EXPECT_EQ(downstream("v3", ""), text);
    EXPECT_EQ(downstream("v2", k36), text);
    EXPECT_EQ(downstream("v2", ""), text);
    fresh_database();
  }
}

// Cells another server (or a hand) wrote: double-encoded lists are read, anything unreadable is
// no edges for every reader (logged), never a 500.
TEST_P(ClientGenerations, EveryReaderAcceptsEveryStoredForm) {
  bind_dag("v3", k34);
  store("downstream_node_ids", 1, R"("\"[2, 3]\"")");
  store("upstream_node_ids", 2, "[1]");
  EXPECT_EQ(downstream("v3", k36), R"({"downstream_tasks":{"1":[1,[2,3]],"2":[2,null]}})");
  EXPECT_EQ(downstream("v2", ""), R"({"downstream_tasks":{"1":[1,"[2, 3]"],"2":[2,null]}})");
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/task_dependencies/1", ""),
              R"({"up":[],"down":[[{"id":2,"status":"G","name":"task2"}],)"
              R"([{"id":3,"status":"G","name":"task3"}]]})");
    EXPECT_EQ(ok("GET", "/task_dependencies/2", ""),
              R"({"up":[[{"id":1,"status":"G","name":"task1"}]],"down":[]})");
    EXPECT_EQ(ok("PUT", "/tasks_recursive/down", R"({"task_ids":[1]})"), R"({"task_ids":[1,2,3]})");
  }
  EXPECT_EQ(ok("GET", "/workflow/1/task_template_dag", "", "v3"),
            R"({"tt_dag":[{"name":"tt","downstream_task_template_id":"tt"},)"
            R"({"name":"tt","downstream_task_template_id":null}]})");
  // Not a list: no edges. MySQL and PostgreSQL refuse text that is not JSON in the column, so
  // the odd cell is JSON of another shape there.
  store("downstream_node_ids", 1, R"({"a": [2]})");
  EXPECT_EQ(downstream("v3", k36), R"({"downstream_tasks":{"1":[1,null],"2":[2,null]}})");
  EXPECT_EQ(downstream("v3", k34), R"({"downstream_tasks":{"1":[1,null],"2":[2,null]}})");
  EXPECT_EQ(ok("GET", "/task_dependencies/1", "", "v3"), R"({"up":[],"down":[]})");
  EXPECT_EQ(ok("GET", "/workflow/1/task_template_dag", "", "v3"),
            R"({"tt_dag":[{"name":"tt","downstream_task_template_id":null}]})");
  EXPECT_NE(server_->output().find("unreadable node id list in edge of dag 1, node 1"),
            std::string::npos);
}

// ---- The routes Jobmon 3.6 added, and the answers it extended -------------------------------

// A cold resume of run 1: task 1's instance RUNNING, task 2's LAUNCHED, task 3's QUEUED (batch 2),
// the run in C.
class ResumeRoutes : public ClientGenerations {
 protected:
  void arrange_cold_resume(const char* v) {
    v_ = v;
    bind(3);
    launch("1,2", "1,2", 1);
    ok("POST", "/task_instance/1/log_running",
       R"({"process_group_id":1,"next_report_increment":90})");
    ok("POST", "/array/1/queue_task_batch",
       R"({"task_ids":[3],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})");
    ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":true})");
    ASSERT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "C");
  }
  std::string error_of(int ti) {
    return scalar("SELECT description FROM task_instance_error_log WHERE task_instance_id = " +
                  std::to_string(ti));
  }
};

// Queued and instantiated instances fail (no worker will report on them), launched and running
// ones are told to kill themselves; v3 counts them, v2 answers as 3.4 did; a replay moves none.
TEST_P(ResumeRoutes, TerminateTaskInstancesOfAColdResume) {
  arrange_cold_resume("v3");
  EXPECT_EQ(ok("PUT", std::string("/workflow_run/1/terminate_task_instances") + k36, "{}"),
            R"({"workflow_run_id":1,"num_terminated":3})");
  EXPECT_EQ(ti(1), "K");
  EXPECT_EQ(ti(2), "K");
  EXPECT_EQ(ti(3), "F");
  EXPECT_EQ(task(3), "Q");  // Q -> E is no Task transition: the resume resets it
  EXPECT_EQ(error_of(1), "Workflow resume requested. Setting to KILL_SELF from status: R");
  EXPECT_EQ(error_of(3),
            "Workflow resume requested. Setting to ERROR_FATAL from status: Q (no worker to clean "
            "up)");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/terminate_task_instances", "{}"),
            R"({"workflow_run_id":1,"num_terminated":0})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/terminate_task_instances", "{}", "v2"),
            R"({"workflow_run_id":1})");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 3);
  EXPECT_EQ(call("PUT", "/workflow_run/9/terminate_task_instances", "{}").status, 404);
}

TEST_P(ResumeRoutes, HotResumeLeavesRunningInstances) {
  v_ = "v3";
  bind(2);
  launch("1,2", "1,2", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":false})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/terminate_task_instances", "{}"),
            R"({"workflow_run_id":1,"num_terminated":1})");
  EXPECT_EQ(ti(1), "R");
  EXPECT_EQ(ti(2), "K");
}

// is_resumable counts the KILL_SELF instances on v3; force_cleanup_kill_self ends them and the
// resumed runs, once.
TEST_P(ResumeRoutes, ForceCleanupEndsKillSelfAndTheResumedRun) {
  arrange_cold_resume("v3");
  ok("PUT", "/workflow_run/1/terminate_task_instances", "{}");
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""),
            R"({"workflow_is_resumable":false,"pending_kill_self":2})");
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", "", "v2"), R"({"workflow_is_resumable":false})");
  EXPECT_EQ(ok("POST", "/workflow/1/force_cleanup_kill_self", "{}"),
            R"({"num_cleaned_up":2,"num_workflow_runs_finalized":1})");
  EXPECT_EQ(ti(1), "F");
  EXPECT_EQ(ti(2), "F");
  EXPECT_EQ(task(1), "F");  // the Task follows where it can, as transition_to_killed does
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "T");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "H");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log WHERE description = 'Force "
                  "cleanup: User requested resume while KILL_SELF pending. Jobs may have been "
                  "externally terminated (scancel, node failure).'"),
            2);
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""),
            R"({"workflow_is_resumable":true,"pending_kill_self":0})");
  EXPECT_EQ(ok("POST", "/workflow/1/force_cleanup_kill_self", "{}"),
            R"({"num_cleaned_up":0,"num_workflow_runs_finalized":0})");
  EXPECT_EQ(ok("POST", "/workflow/99/force_cleanup_kill_self", "{}"),
            R"({"num_cleaned_up":0,"num_workflow_runs_finalized":0})");
  EXPECT_EQ(call("POST", "/workflow/1/force_cleanup_kill_self", "{}", "v2").status, 404);
}

// The reaper cleans up a dead resume and waits while a worker may still see KILL_SELF (v3 says
// how many, v2 only the status); once none can, the run ends (docs/compatibility.md W2).
TEST_P(ResumeRoutes, ReapWaitsForKillSelfThenTerminates) {
  arrange_cold_resume("v3");
  db_->sql() << "UPDATE workflow_run SET heartbeat_date = '2000-01-01 00:00:00'";
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", "{}"), R"({"status":"C","kill_self_remaining":2})");
  EXPECT_EQ(ti(3), "F");
  EXPECT_EQ(error_of(2), "Reaper: Workflow resume cleanup. Setting to KILL_SELF from status: O");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", "{}", "v2"), R"({"status":"C"})");
  // A worker sees its kill: one left.
  EXPECT_EQ(ok("POST", "/task_instance/1/log_running",
               R"({"process_group_id":1,"next_report_increment":90})")
                    .find(R"([1,"F",)") != std::string::npos,
            true);
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", "{}"), R"({"status":"C","kill_self_remaining":1})");
  // With no grace left, the other is given up and the run ends.
  start({"--heartbeat-task-instance-interval", "0"});
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00'";
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", "{}"), R"({"status":"T"})");
  EXPECT_EQ(ti(2), "F");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "H");
}

// Scaled by each task's resource_scales, once per task_resources row, tasks to E; a replay
// scales nothing again (docs/compatibility.md, "Jobmon 3.6 clients").
TEST_P(ResumeRoutes, IncreaseResourcesOfResourceErrors) {
  v_ = "v3";
  bind(3);
  launch("1,2,3", "1,2,3", 1);
  ok("POST", "/task/bind_resources",
     R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":{"memory":1,"runtime":60}})");
  db_->sql() << "UPDATE task SET task_resources_id = 1";
  db_->sql() << "UPDATE task SET task_resources_id = 2 WHERE id = 2";
  db_->sql() << "UPDATE task_instance SET task_resources_id = 2 WHERE id = 2";
  db_->sql() << "UPDATE task_resources SET requested_resources = '{\"memory\": 2, \"runtime\": "
                "120}' WHERE id = 1";
  db_->sql() << "UPDATE task SET resource_scales = '{''memory'': 0.5, ''runtime'': 0.2}', "
                "num_attempts = 1, status = 'E' WHERE id IN (1, 3)";
  db_->sql() << "UPDATE task SET resource_scales = '{''memory'': [4, 8, 16], ''runtime'': [240, "
                "480]}', num_attempts = 2, status = 'F' WHERE id = 2";
  db_->sql() << "UPDATE task_instance SET status = 'Z'";
  EXPECT_EQ(ok("POST", "/workflow/1/increase_resources", "{}"),
            R"({"updated_task_count":3,"updated_task_ids":[1,2,3]})");
  EXPECT_EQ(scalar("SELECT requested_resources FROM task_resources WHERE id = 1"),
            R"({"memory": 3, "runtime": 144})");  // shared by tasks 1 and 3: scaled once
  EXPECT_EQ(scalar("SELECT requested_resources FROM task_resources WHERE id = 2"),
            R"({"memory": 8, "runtime": 480})");
  EXPECT_EQ(count("SELECT count(*) FROM task_resources WHERE task_resources_type_id = 'A'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'E'"), 3);
  EXPECT_EQ(ok("POST", "/workflow/1/increase_resources", "{}"),
            R"({"updated_task_count":0,"updated_task_ids":[]})");
  EXPECT_EQ(scalar("SELECT requested_resources FROM task_resources WHERE id = 1"),
            R"({"memory": 3, "runtime": 144})");
  EXPECT_EQ(ok("POST", "/workflow/7/increase_resources", "{}"),
            R"({"updated_task_count":0,"updated_task_ids":[]})");
}

// ---- Behaviours 3.6 changed --------------------------------------------------------------

// 3.6 clients' overdue launched instances are triaged only after the grace; 3.4 clients' (and
// v2's) at once.
TEST_P(ResumeRoutes, TriageGraceForTheCallersGeneration) {
  v_ = "v3";
  bind(2);
  launch("1,2", "1,2", 1);
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00'";
  ok("POST", std::string("/workflow_run/1/set_status_for_triaging") + k36, "{}");
  EXPECT_EQ(ti(1), "O");  // launched just now: within 2 x 3.1 x 90 s
  db_->sql() << "UPDATE task_instance SET status_date = '2000-01-01 00:00:00' WHERE id = 1";
  ok("POST", std::string("/workflow_run/1/set_status_for_triaging") + k36, "{}");
  EXPECT_EQ(ti(1), "X");
  EXPECT_EQ(ti(2), "O");
  ok("POST", std::string("/workflow_run/1/set_status_for_triaging") + k34, "{}");
  EXPECT_EQ(ti(2), "X");
}

TEST_P(ResumeRoutes, TriageGraceReadsTheHeartbeatSettings) {
  v_ = "v3";
  bind(1);
  launch("1", "1", 1);
  start({"--heartbeat-task-instance-interval", "0"});
  db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00'";
  ok("POST", std::string("/workflow_run/1/set_status_for_triaging") + k36, "{}");
  EXPECT_EQ(ti(1), "X");
  ok("POST", "/workflow_run/1/set_status_for_triaging", "{}", "v2");
}

// An error report for an instance whose Task already finished fails the instance and leaves the
// Task (the 3.6 suite's test_no_heartbeat_to_error_when_task_done).
TEST_P(ResumeRoutes, ErrorReportOnAFinishedTask) {
  for (const char* v : {"v3", "v2"}) {
    fresh_database();
    v_ = v;
    bind(1);
    launch("1", "1", 1);
    db_->sql() << "UPDATE task SET status = 'D'";
    db_->sql() << "UPDATE task_instance SET status = 'X', distributor_id = '123'";
    EXPECT_EQ(ok("POST", "/task_instance/1/log_known_error",
                 R"({"error_state":"E","error_message":"lost","distributor_id":"123"})"),
              R"({"message":""})");
    EXPECT_EQ(ti(1), "F");
    EXPECT_EQ(task(1), "D");
    EXPECT_EQ(
        ok("POST", "/task_instance/1/log_known_error",
           R"({"error_state":"E","error_message":"lost"})"),
        R"({"message":"Illegal state transition. Not transitioning task, tid=1, from F to E"})");
    EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 1);
  }
}

// log_distributor_id: the id and deadline always; 3.6's messages on v3, 3.4's on v2.
TEST_P(ResumeRoutes, LogDistributorIdMessages) {
  v_ = "v3";
  bind(2);
  ok("POST", "/array/1/queue_task_batch",
     R"({"task_ids":[1,2],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})");
  ok("POST", "/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1,2]})");
  const std::string body = R"({"distributor_id":"77","next_report_increment":60})";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_distributor_id", body),
            R"({"message":"Task instance transitioned to LAUNCHED"})");
  EXPECT_EQ(ok("POST", "/task_instance/1/log_distributor_id", body),
            R"({"message":"Unable to transition to launched from O"})");
  EXPECT_EQ(ok("POST", "/task_instance/2/log_distributor_id", body, "v2"), R"({"message":""})");
  db_->sql() << "UPDATE task_instance SET status = 'D', distributor_id = NULL WHERE id = 1";
  EXPECT_EQ(ok("POST", "/task_instance/1/log_distributor_id", body),
            R"({"message":"Task instance in final state, no transition needed"})");
  EXPECT_EQ(ti(1), "D");
  EXPECT_EQ(scalar("SELECT distributor_id FROM task_instance WHERE id = 1"), "77");
  EXPECT_EQ(
      ok("POST", "/task_instance/1/log_distributor_id", body, "v2"),
      R"({"message":"Illegal state transition. Not transitioning task, tid=1, from D to O"})");
}

// PUT /task/update_statuses checks on the server on v3 (the 3.6 client no longer asks first);
// v2 keeps 3.4's unchecked update.
TEST_P(ResumeRoutes, StatusUpdatesAreCheckedOnV3) {
  v_ = "v3";
  bind_dag("v3", k36);  // workflow 1 RUNNING, tasks 1 -> {2, 3}
  launch("2", "1", 1);
  ok("POST", "/task_instance/1/log_running",
     R"({"process_group_id":1,"next_report_increment":90})");
  auto refused =
      call("PUT", "/task/update_statuses", R"({"task_ids":[1],"new_status":"G","workflow_id":1})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("Task status updates are only allowed when the workflow is in "
                              "FAILED, DONE, ABORTED, or HALTED status"),
            std::string::npos)
      << refused.body;
  auto other =
      call("PUT", "/task/update_statuses", R"({"task_ids":[1],"new_status":"G","workflow_id":2})");
  EXPECT_EQ(other.status, 400);
  EXPECT_NE(other.body.find("no valid workflow was found"), std::string::npos) << other.body;
  EXPECT_EQ(call("PUT", "/task/update_statuses", "{}").status, 400);
  EXPECT_EQ(task(1), "G");
  // Task 2 has no downstream task: allowed.
  EXPECT_EQ(
      ok("PUT", "/task/update_statuses", R"({"task_ids":[2],"new_status":"D","workflow_id":1})"),
      R"({"message":"updated to status D"})");
  // v2 does not check.
  EXPECT_EQ(ok("PUT", "/task/update_statuses",
               R"({"task_ids":[1],"new_status":"D","workflow_id":1,"workflow_status":"R"})", "v2"),
            R"({"message":"updated to status D"})");
  // An ended workflow may change.
  db_->sql() << "UPDATE workflow SET status = 'F'";
  EXPECT_EQ(
      ok("PUT", "/task/update_statuses", R"({"task_ids":[1],"new_status":"G","workflow_id":1})"),
      R"({"message":"updated to status G"})");
}

// The full statistics and formatted_stats, byte for byte as the 3.6 suite compares them.
TEST_P(ResumeRoutes, TemplateResourceUsageStatistics) {
  v_ = "v3";
  bind(3);
  const std::string body = R"({"task_template_version_id":1,"ci":"0.95"})";
  EXPECT_EQ(ok("POST", "/task_template_resource_usage", body),
            R"({"num_tasks":0,"min_mem":null,"max_mem":null,"mean_mem":null,"min_runtime":null,)"
            R"("max_runtime":null,"mean_runtime":null,"median_mem":null,"median_runtime":null,)"
            R"("ci_mem":null,"ci_runtime":null,"result_viz":null,"formatted_stats":{)"
            R"("num_tasks":0,"min_mem":null,"max_mem":null,"mean_mem":null,"min_runtime":null,)"
            R"("max_runtime":null,"mean_runtime":null,"median_mem":null,"median_runtime":null,)"
            R"("ci_mem":null,"ci_runtime":null}})");
  EXPECT_NE(ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":9})")
                .find(R"({"num_tasks":null,)"),
            std::string::npos);
  launch("1,2,3", "1,2,3", 1);
  for (int i = 1; i <= 3; ++i) {
    db_->sql() << "UPDATE task_instance SET status = 'D', maxrss = '" + std::to_string(i * 300) +
                      "', wallclock = '" + std::to_string(i * 10) +
                      "' WHERE id = " + std::to_string(i);
  }
  const std::string stats =
      R"("num_tasks":3,"min_mem":300,"max_mem":900,"mean_mem":600.0,"min_runtime":10,)"
      R"("max_runtime":30,"mean_runtime":20.0,"median_mem":600.0,"median_runtime":20.0,)"
      R"("ci_mem":[-145.24,1345.24],"ci_runtime":[-4.84,44.84],)";
  const std::string formatted =
      R"("formatted_stats":{"num_tasks":3,"min_mem":"300B","max_mem":"900B",)"
      R"("mean_mem":"600.0B","min_runtime":10,"max_runtime":30,"mean_runtime":20.0,)"
      R"("median_mem":"600.0B","median_runtime":20.0,"ci_mem":[-145.24,1345.24],)"
      R"("ci_runtime":[-4.84,44.84]}})";
  EXPECT_EQ(ok("POST", "/task_template_resource_usage", body),
            "{" + stats + R"("result_viz":null,)" + formatted);
  EXPECT_EQ(
      ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":1,"ci":0.95})"),
      "{" + stats + R"("result_viz":null,)" + formatted);
  // Zero spread: no interval (3.6 answered 500).
  db_->sql() << "UPDATE task_instance SET maxrss = '500', wallclock = '7'";
  auto flat = ok("POST", "/task_template_resource_usage", body);
  EXPECT_NE(flat.find(R"("ci_mem":[null,null],"ci_runtime":[null,null])"), std::string::npos)
      << flat;
  auto viz =
      ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":1,"viz":true})");
  EXPECT_NE(
      viz.find(R"("result_viz":[{"r":7.0,"m":500,"node_id":1,"task_id":1,"task_name":"task1",)"),
      std::string::npos)
      << viz;
  EXPECT_EQ(
      call("POST", "/task_template_resource_usage", R"({"task_template_version_id":1,"ci":"x"})")
          .status,
      400);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResumeRoutes, ::testing::ValuesIn(http_test_backends()));

INSTANTIATE_TEST_SUITE_P(Backends, ClientGenerations, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
