// The CLI routes over HTTP against the real jobmond, on every backend (routes/v2|v3/cli at the
// reference commit): status tables in pandas' to_json form, DAG walks, status updates and
// resets with the database checked after each, resource statistics against values worked out
// by hand (and with scipy), and v2/v3 differences. The GUI's reads are in cli_viz_route_test.cc.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace jobmon::testing {
namespace {

class CliRoutes : public CliFixture {};

// Four tasks in four CLI states, retries from num_attempts (3 -> 2, 2 -> 1). The expected text
// is what the reference's pandas steps print for the same rows (pandas 1.5).
TEST_P(CliRoutes, WorkflowStatusIsThePandasTable) {
  sql("UPDATE workflow SET created_date = '2024-01-02 03:04:05' WHERE id = 1");
  sql("UPDATE task SET status = 'D', num_attempts = 1 WHERE id = 1");
  sql("UPDATE task SET status = 'R', num_attempts = 3 WHERE id = 2");
  sql("UPDATE task SET status = 'F', num_attempts = 2 WHERE id = 3");
  sql("UPDATE task SET status = 'G', num_attempts = 0 WHERE id = 4");
  const std::string table =
      R"j({"WF_ID":{"0":1},"WF_NAME":{"0":"w"},"WF_STATUS":{"0":"RUNNING"},)j"
      R"j("CREATED_DATE":{"0":1704164645000},"TASKS":{"0":4},"PENDING":{"0":"1 (25.0%)"},)j"
      R"j("SCHEDULED":{"0":"0 (0.0%)"},"RUNNING":{"0":"1 (25.0%)"},"DONE":{"0":"1 (25.0%)"},)j"
      R"j("FATAL":{"0":"1 (25.0%)"},"RETRIES":{"0":3}})j";
  auto expected = [](const std::string& t) {
    std::string escaped;
    for (char c : t) escaped += c == '"' ? std::string("\\\"") : std::string(1, c);
    return R"({"workflows":")" + escaped + "\"}";
  };
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/workflow_status?workflow_id=1&limit=5", ""), expected(table));
    EXPECT_EQ(ok("GET", "/workflow_status?user=alice", ""), expected(table));
    EXPECT_EQ(ok("GET", "/workflow_status?user=all", ""), expected(table));
    EXPECT_EQ(ok("GET", "/workflow_status?user=bob", ""),
              expected(R"({"WF_ID":{},"WF_NAME":{},"WF_STATUS":{},"CREATED_DATE":{},)"
                       R"("TASKS":{},"PENDING":{},"RUNNING":{},"DONE":{},"FATAL":{},)"
                       R"("RETRIES":{}})"));
  }
  fails(400, "GET", "/workflow_status?workflow_id=x");
  // pandas writes 100.0 for a whole workflow and rounds 66.66.. to 66.7.
  sql("UPDATE task SET status = 'D' WHERE id IN (2, 3, 4)");
  auto status = [&] { return ok("GET", "/workflow_status?workflow_id=1", ""); };
  EXPECT_NE(status().find(R"j(\"DONE\":{\"0\":\"4 (100.0%)\"})j"), std::string::npos);
  sql("DELETE FROM task WHERE id = 4");
  EXPECT_NE(status().find(R"j(\"3 (100.0%)\")j"), std::string::npos);
  sql("UPDATE task SET status = 'R' WHERE id = 3");
  EXPECT_NE(status().find(R"j(\"2 (66.7%)\")j"), std::string::npos);
}

TEST_P(CliRoutes, WorkflowTasksNewestFirstWithLimitAndStatus) {
  sql("UPDATE task SET status = 'D', num_attempts = 3 WHERE id = 1");
  EXPECT_EQ(ok("GET", "/workflow/1/workflow_tasks?limit=2", ""),
            R"({"workflow_tasks":"{\"TASK_ID\":{\"0\":4,\"1\":3},\"TASK_NAME\":{\"0\":\"task4\",)"
            R"(\"1\":\"task3\"},\"STATUS\":{\"0\":\"PENDING\",\"1\":\"PENDING\"},)"
            R"(\"RETRIES\":{\"0\":0,\"1\":0}}"})");
  EXPECT_EQ(ok("GET", "/workflow/1/workflow_tasks?limit=5&status=DONE", ""),
            R"({"workflow_tasks":"{\"TASK_ID\":{\"0\":1},\"TASK_NAME\":{\"0\":\"task1\"},)"
            R"(\"STATUS\":{\"0\":\"DONE\"},\"RETRIES\":{\"0\":2}}"})");
  EXPECT_EQ(
      ok("GET", "/workflow/1/workflow_tasks?limit=5&status=FATAL", ""),
      R"({"workflow_tasks":"{\"TASK_ID\":{},\"TASK_NAME\":{},\"STATUS\":{},\"RETRIES\":{}}"})");
  // limit 0 lists everything; a negative limit drops from the end, as Python's slice does.
  EXPECT_NE(ok("GET", "/workflow/1/workflow_tasks?limit=0", "").find(R"(\"3\":1)"),
            std::string::npos);
  EXPECT_EQ(ok("GET", "/workflow/1/workflow_tasks?limit=-3", ""),
            R"({"workflow_tasks":"{\"TASK_ID\":{\"0\":4},\"TASK_NAME\":{\"0\":\"task4\"},)"
            R"(\"STATUS\":{\"0\":\"PENDING\"},\"RETRIES\":{\"0\":0}}"})");
  EXPECT_EQ(fails(422, "GET", "/workflow/1/workflow_tasks"),
            R"({"detail":[{"type":"missing","loc":["query","limit"],"msg":"Field required",)"
            R"("input":null}]})");
  fails(422, "GET", "/workflow/1/workflow_tasks?limit=x");
  fails(400, "GET", "/workflow/1/workflow_tasks?limit=1&status=SLEEPING");
}

TEST_P(CliRoutes, TaskStatusListsInstancesWithTheirErrors) {
  run_task(1);
  ok("POST", "/task_instance/1/log_error_worker_node",
     R"({"error_state":"E","error_description":"boom /x"})");
  const std::string body = ok("GET", "/task_status?task_ids=1&task_ids=2", "");
  EXPECT_EQ(body,
            R"({"task_instance_status":"{\"TASK_ID\":{\"0\":1},\"task_status\":{\"0\":\"G\"},)"
            R"(\"TASK_INSTANCE_ID\":{\"0\":1},\"DISTRIBUTOR_ID\":{\"0\":null},)"
            R"(\"STATUS\":{\"0\":\"ERROR\"},\"RESOURCE_USAGE\":{\"0\":null},)"
            R"(\"STDOUT\":{\"0\":null},\"STDERR\":{\"0\":null},)"
            R"(\"ERROR_TRACE\":{\"0\":\"boom \\/x\"}}"})");
  EXPECT_EQ(ok("GET", "/task_status?task_ids=1&status=DONE", ""),
            R"({"task_instance_status":"{\"TASK_ID\":{},\"task_status\":{},)"
            R"(\"TASK_INSTANCE_ID\":{},\"DISTRIBUTOR_ID\":{},\"STATUS\":{},)"
            R"(\"RESOURCE_USAGE\":{},\"STDOUT\":{},\"STDERR\":{},\"ERROR_TRACE\":{}}"})");
  EXPECT_NE(ok("GET", "/task_status?task_ids=1&status=FATAL", "").find("ERROR"), std::string::npos);
  fails(422, "GET", "/task_status");
  fails(422, "GET", "/task_status?task_ids=a");
  fails(400, "GET", "/task_status?task_ids=1&status=LOST");
}

TEST_P(CliRoutes, WorkflowValidationAndUserChecks) {
  EXPECT_EQ(ok("POST", "/workflow_validation", R"({"task_ids":[]})"), R"({"validation":true})");
  EXPECT_EQ(ok("POST", "/workflow_validation", R"({"task_ids":[1,2]})"),
            R"({"validation":false,"workflow_status":"R"})");
  sql("UPDATE workflow SET status = 'F' WHERE id = 1");
  EXPECT_EQ(ok("POST", "/workflow_validation", R"({"task_ids":[1,"2"]})"),
            R"({"validation":true,"workflow_status":"F"})");
  EXPECT_EQ(ok("POST", "/workflow_validation", R"({"task_ids":[99]})"),
            R"({"validation":false,"workflow_status":null})");
  fails(400, "POST", "/workflow_validation", R"({})");

  EXPECT_EQ(ok("GET", "/workflow/1/validate_username/alice", ""), R"({"validation":true})");
  EXPECT_EQ(ok("GET", "/workflow/1/validate_username/bob", ""), R"({"validation":false})");
  EXPECT_EQ(ok("GET", "/workflow/1/validate_for_workflow_reset/alice", ""),
            R"({"workflow_run_id":null})");  // run 1 is R, not E
  sql("UPDATE workflow_run SET status = 'E' WHERE id = 1");
  EXPECT_EQ(ok("GET", "/workflow/1/validate_for_workflow_reset/alice", ""),
            R"({"workflow_run_id":1})");
  EXPECT_EQ(ok("GET", "/workflow/1/validate_for_workflow_reset/bob", ""),
            R"({"workflow_run_id":null})");
}

TEST_P(CliRoutes, WorkflowResetPartialThenFull) {
  sql("UPDATE task SET status = 'D', num_attempts = 1 WHERE id = 1");
  sql("UPDATE task SET status = 'F', num_attempts = 2 WHERE id = 2");
  sql("UPDATE workflow SET status = 'F' WHERE id = 1");
  // A resumed run that missed its heartbeat is terminated by the reset.
  sql("UPDATE workflow_run SET status = 'C', heartbeat_date = '2000-01-01 00:00:00' WHERE id = 1");
  EXPECT_EQ(ok("PUT", "/workflow/1/reset", R"({"partial_reset":true})"), "{}");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "G");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "T");
  EXPECT_EQ(task(1), "D");  // partial: DONE tasks stay
  EXPECT_EQ(task(2), "G");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 2"), "0");
  EXPECT_EQ(ok("PUT", "/workflow/1/reset", R"({"partial_reset":false})"), "{}");
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'G' AND num_attempts = 0"), 4);
  EXPECT_EQ(ok("PUT", "/workflow/99/reset", "{}"), "{}");  // nothing to reset
}

TEST_P(CliRoutes, UpdateStatusesRerunKillsLiveInstancesAndFailsADoneWorkflow) {
  run_task(1);
  launch("2", "2", 2);
  sql("UPDATE workflow SET status = 'D' WHERE id = 1");
  // v2 requires workflow_status (v3 reads it from the database when absent).
  EXPECT_NE(fails(400, "PUT", "/task/update_statuses",
                  R"({"task_ids":[1],"new_status":"G","workflow_id":1})")
                .find("problem with 'workflow_status'"),
            std::string::npos);
  fails(400, "PUT", "/task/update_statuses",
        R"({"task_ids":[1],"new_status":"Y","workflow_status":"D","workflow_id":1})");
  EXPECT_EQ(ok("PUT", "/task/update_statuses",
               R"({"task_ids":[1,"2"],"new_status":"G","workflow_status":"D","workflow_id":1})"),
            R"({"message":"updated to status G"})");
  EXPECT_EQ(ti(1), "K");  // R -> K through the state machine
  EXPECT_EQ(ti(2), "K");  // O -> K
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(task(2), "G");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "F");
  // Marking done: v2 leaves the workflow alone, v3 completes it when no task is left.
  EXPECT_EQ(ok("PUT", "/task/update_statuses",
               R"({"task_ids":[1,2,3,4],"new_status":"D","workflow_status":"F","workflow_id":1})"),
            R"({"message":"updated to status D"})");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'D'"), 4);
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "F");
  v_ = "v3";
  EXPECT_EQ(
      ok("PUT", "/task/update_statuses", R"({"task_ids":"all","new_status":"D","workflow_id":1})"),
      R"({"message":"updated to status D"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "D");
}

TEST_P(CliRoutes, UpdateStatusesRecursiveOnV3) {
  v_ = "v3";
  sql("UPDATE task SET status = 'D'");
  // A running workflow whose tasks downstream of 2 have started: refused, nothing written
  // (docs/compatibility.md, J10); once the workflow has failed, allowed.
  fails(400, "PUT", "/task/update_statuses",
        R"({"task_ids":[2],"new_status":"G","workflow_id":1,"recursive":true})");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'D'"), 4);
  sql("UPDATE workflow SET status = 'F'");
  ok("PUT", "/task/update_statuses",
     R"({"task_ids":[2],"new_status":"G","workflow_id":1,"recursive":true})");
  EXPECT_EQ(task(1), "D");
  EXPECT_EQ(task(2), "G");
  EXPECT_EQ(task(3), "D");
  EXPECT_EQ(task(4), "G");  // downstream of 2
  ok("PUT", "/task/update_statuses",
     R"({"task_ids":[4],"new_status":"D","workflow_id":1,"recursive":true})");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'D'"), 4);  // 4 and all upstream
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "D");
  fails(400, "PUT", "/task/update_statuses",
        R"({"task_ids":[4],"new_status":"Q","workflow_id":1,"recursive":true})");
  EXPECT_EQ(fails(400, "PUT", "/task/update_statuses",
                  R"({"task_ids":[98,99],"new_status":"G","workflow_id":1,"recursive":true})"),
            R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
            R"("exception_message":"'Task status cannot be updated because no valid workflow )"
            R"(was found for the given tasks.'","status_code":"400"}})");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'D'"), 4);  // unchanged
}

TEST_P(CliRoutes, DagWalks) {
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/task_dependencies/1", ""),
              R"({"up":[],"down":[[{"id":2,"status":"G","name":"task2"}],)"
              R"([{"id":3,"status":"G","name":"task3"}]]})");
    EXPECT_EQ(ok("GET", "/task_dependencies/4", ""),
              R"({"up":[[{"id":2,"status":"G","name":"task2"}],)"
              R"([{"id":3,"status":"G","name":"task3"}]],"down":[]})");
    EXPECT_EQ(ok("GET", "/task_dependencies/99", ""), R"({"up":[],"down":[]})");
    EXPECT_EQ(ok("POST", "/task/subdag", R"({"task_ids":[2],"task_status":null})"),
              R"({"workflow_id":1,"sub_task":{"2":["G","task2"],"4":["G","task4"]}})");
    EXPECT_EQ(ok("PUT", "/tasks_recursive/up", R"({"task_ids":[4]})"), R"({"task_ids":[1,2,3,4]})");
    EXPECT_EQ(ok("PUT", "/tasks_recursive/down", R"({"task_ids":[3]})"), R"({"task_ids":[3,4]})");
  }
  sql("UPDATE task SET status = 'D' WHERE id = 4");
  EXPECT_EQ(ok("POST", "/task/subdag", R"({"task_ids":[1],"task_status":["D"]})"),
            R"({"workflow_id":1,"sub_task":{"4":["D","task4"]}})");
  EXPECT_EQ(ok("POST", "/task/subdag", R"({"task_ids":[99]})"),
            R"({"workflow_id":null,"sub_task":null})");
  fails(400, "POST", "/task/subdag", R"({"task_ids":[]})");
  // Unknown ids: v2 answers them back; v3 wants the tasks of one workflow.
  v_ = "v2";
  EXPECT_EQ(ok("PUT", "/tasks_recursive/down", R"({"task_ids":[4,99]})"), R"({"task_ids":[4,99]})");
  v_ = "v3";
  fails(400, "PUT", "/tasks_recursive/down", R"({"task_ids":[99]})");
}

TEST_P(CliRoutes, ResourceUsageOfATaskAndStatisticsOfATemplate) {
  for (int i = 1; i <= 4; ++i) run_task(i);
  for (int i = 1; i <= 4; ++i) {
    ok("POST", "/task_instance/" + std::to_string(i) + "/log_done", R"({"nodename":"n"})");
  }
  // Measured usage (the worker reports these): runtimes 10, 20, 30 and an unmeasured 0.
  const char* usage[][3] = {
      {"10", "100", "50"}, {"20", "200", "60"}, {"30", "300", "70"}, {"0", "400", "80"}};
  for (int i = 0; i < 4; ++i) {
    sql(std::string("UPDATE task_instance SET wallclock = '") + usage[i][0] + "', maxrss = '" +
        usage[i][1] + "', maxpss = '" + usage[i][2] + "' WHERE id = " + std::to_string(i + 1));
  }
  v_ = "v2";
  EXPECT_EQ(ok("GET", "/task_resource_usage?task_id=1", ""),
            R"({"resource_usage":[1,"n","10","50"]})");
  EXPECT_EQ(ok("GET", "/task_resource_usage?task_id=1", "", "v3"),
            R"({"resource_usage":[1,"n","10","100"]})");
  EXPECT_EQ(ok("GET", "/task_resource_usage?task_id=99", ""),
            R"({"resource_usage":[null,null,null,null]})");
  fails(422, "GET", "/task_resource_usage");
  // Memory 100..400: mean 250, median 250, 95% t interval 250 -/+ 3.182 * 64.55 (scipy:
  // [44.57, 455.43]); runtimes 10, 20, 30 (the 0 left out): 20 -/+ 4.303 * 5.774.
  EXPECT_EQ(
      ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":1,"ci":0.95})"),
      "[4,100,400,250.0,10,30,20.0,250.0,20.0,[44.57,455.43],[-4.84,44.84]]");
  EXPECT_EQ(ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":1})"),
            "[4,100,400,250.0,10,30,20.0,250.0,20.0,[null,null],[null,null]]");
  EXPECT_EQ(ok("POST", "/task_template_resource_usage",
               R"({"task_template_version_id":1,"workflows":[2]})"),
            "[null,null,null,null,null,null,null,null,null,null,null]");
  // node_args: only the nodes with arg a = 1 or 2.
  EXPECT_EQ(ok("POST", "/task_template_resource_usage",
               R"({"task_template_version_id":1,"node_args":{"a":["1","2"]},"viz":true})"),
            R"([2,100,200,150.0,10,20,15.0,150.0,15.0,[null,null],[null,null],)"
            R"([{"r":"10","m":"100","node_id":1,"task_id":1},{"r":"20","m":"200","node_id":2,)"
            R"("task_id":2}]])");
  fails(400, "POST", "/task_template_resource_usage", R"({"workflows":[1]})");
  // v3 answers the 3.6 server's statistics of the instance rows (no interval without ci), their
  // formatted_stats, and the GUI's per-instance rows with viz (docs/compatibility.md, J4).
  v_ = "v3";
  sql("UPDATE task SET status_date = '2024-01-02 03:04:05'");
  EXPECT_EQ(ok("POST", "/task_template_resource_usage", R"({"task_template_version_id":1})"),
            R"({"num_tasks":4,"min_mem":100,"max_mem":400,"mean_mem":250.0,"min_runtime":10,)"
            R"("max_runtime":30,"mean_runtime":20.0,"median_mem":250.0,"median_runtime":20.0,)"
            R"("ci_mem":null,"ci_runtime":null,"result_viz":null,"formatted_stats":{)"
            R"("num_tasks":4,"min_mem":"100B","max_mem":"400B","mean_mem":"250.0B",)"
            R"("min_runtime":10,"max_runtime":30,"mean_runtime":20.0,"median_mem":"250.0B",)"
            R"("median_runtime":20.0,"ci_mem":null,"ci_runtime":null}})");
  EXPECT_EQ(ok("POST", "/task_template_resource_usage",
               R"({"task_template_version_id":1,"viz":true,"node_args":{"a":["3"]}})"),
            R"({"num_tasks":1,"min_mem":300,"max_mem":300,"mean_mem":300.0,"min_runtime":30,)"
            R"("max_runtime":30,"mean_runtime":30.0,"median_mem":300.0,"median_runtime":30.0,)"
            R"("ci_mem":null,"ci_runtime":null,"result_viz":[{"r":30.0,"m":300,"node_id":3,)"
            R"("task_id":3,"task_name":"task3","requested_resources":)"
            R"("{\"stdout\": \"/tmp/o\", \"runtime\": 60}","attempt_number_of_instance":1,)"
            R"("status":"D","task_status_date":"2024-01-02T03:04:05","task_command":"echo",)"
            R"("task_num_attempts":1,"task_max_attempts":2}],"formatted_stats":{"num_tasks":1,)"
            R"("min_mem":"300B","max_mem":"300B","mean_mem":"300.0B","min_runtime":30,)"
            R"("max_runtime":30,"mean_runtime":30.0,"median_mem":"300.0B","median_runtime":30.0,)"
            R"("ci_mem":null,"ci_runtime":null}})");
  fails(422, "POST", "/task_template_resource_usage", R"({"viz":true})");
}

TEST_P(CliRoutes, TemplateVersionsCoresAndQueues) {
  run_task(1);
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/get_task_template_version?task_id=1", ""),
              R"({"task_template_version_ids":[{"id":1,"name":"tt"}]})");
    EXPECT_EQ(ok("GET", "/get_task_template_version?workflow_id=1", ""),
              R"({"task_template_version_ids":[{"id":1,"name":"tt"}]})");
    // No num_cores requested: one core.
    EXPECT_EQ(ok("GET", "/get_requested_cores?task_template_version_ids=(1)", ""),
              R"({"core_info":[{"id":1,"min":1,"max":1,"avg":1}]})");
    EXPECT_EQ(ok("GET", "/get_most_popular_queue?task_template_version_ids=(1,%202)", ""),
              R"({"queue_info":[{"id":1,"queue":"null.q","queue_id":2}]})");
    EXPECT_NE(fails(400, "GET", "/get_requested_cores?task_template_version_ids=(1,x)", "")
                  .find("invalid literal for int() with base 10"),
              std::string::npos);
    fails(400, "GET", "/get_requested_cores?task_template_version_ids=()");
    fails(422, "GET", "/get_most_popular_queue");
  }
  EXPECT_EQ(ok("GET", "/get_task_template_version", "", "v3"),
            R"({"task_template_version_ids":[]})");
  v_ = "v2";
  fails(400, "GET", "/get_task_template_version", "");  // v2 wants one of the two
  // Cores from the requested resources, as Python's dict text or JSON: min, max, rounded mean.
  sql("UPDATE task_resources SET requested_resources = '{''num_cores'': 2}' WHERE id = 1");
  sql("INSERT INTO task_resources (id, queue_id, task_resources_type_id, requested_resources) "
      "VALUES (2, 2, 'O', '{\"num_cores\": 3}')");
  sql("UPDATE task SET task_resources_id = 2 WHERE id IN (3, 4)");
  EXPECT_EQ(ok("GET", "/get_requested_cores?task_template_version_ids=(1)", ""),
            R"({"core_info":[{"id":1,"min":2,"max":3,"avg":2}]})");  // mean 2.5 -> 2 (even)
}

TEST_P(CliRoutes, ArrayTasksWithTheirOutputPaths) {
  run_task(1);
  run_task(2);
  sql("UPDATE task_instance SET stdout = '/o/1', stderr = '/e/1' WHERE id = 1");
  EXPECT_EQ(ok("GET", "/array/1/get_array_tasks?array_name=tt&limit=1", ""),
            R"({"array_tasks":[{"TASK_ID":1,"TASK_NAME":"task1","ARRAY_NAME":"tt",)"
            R"("TASK_INSTANCE_ID":1,"OUTPUT_PATH":"/o/1","ERROR_PATH":"/e/1"}]})");
  EXPECT_EQ(ok("GET", "/array/1/get_array_tasks?array_name=&job_name=task2", ""),
            R"({"array_tasks":[{"TASK_ID":2,"TASK_NAME":"task2","ARRAY_NAME":"tt",)"
            R"("TASK_INSTANCE_ID":2,"OUTPUT_PATH":null,"ERROR_PATH":null}]})");
  EXPECT_EQ(ok("GET", "/array/1/get_array_tasks?array_name=other", ""), R"({"array_tasks":[]})");
  fails(422, "GET", "/array/1/get_array_tasks");
}

// A run that stops heartbeating: the reaper finds and reaps it (run E, workflow F); its
// instances are left as they were (the reference's reaper does not touch them: their
// distributor is gone with the run). The operator then reruns the tasks with the CLI, which kills
// the dead run's live instances, and resets the workflow.
TEST_P(CliRoutes, ReaperThenTheOperatorRerunsAndResets) {
  run_task(1);
  launch("2", "2", 2);
  const std::string lost = "/lost_workflow_run?status=R&version=jobmond-0.1.0";
  EXPECT_EQ(ok("GET", lost, ""), R"({"workflow_runs":[]})");
  sql("UPDATE workflow_run SET heartbeat_date = '2000-01-01 00:00:00' WHERE id = 1");
  EXPECT_EQ(ok("GET", lost, ""), R"({"workflow_runs":[[1,1]]})");
  EXPECT_EQ(ok("PUT", "/workflow_run/1/reap", ""), R"({"status":"E"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow_run WHERE id = 1"), "E");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "F");
  EXPECT_EQ(ti(1), "R");
  EXPECT_EQ(ti(2), "O");
  EXPECT_EQ(ok("GET", lost, ""), R"({"workflow_runs":[]})");  // reaped once
  // `jobmon update_task_status -t 1 2 -s G`: validations, then the update.
  EXPECT_EQ(ok("GET", "/workflow/1/validate_username/alice", ""), R"({"validation":true})");
  EXPECT_EQ(ok("POST", "/workflow_validation", R"({"task_ids":[1,2]})"),
            R"({"validation":true,"workflow_status":"F"})");
  ok("PUT", "/task/update_statuses",
     R"({"task_ids":[1,2],"new_status":"G","workflow_status":"F","workflow_id":1})");
  EXPECT_EQ(ti(1), "K");
  EXPECT_EQ(ti(2), "K");
  EXPECT_EQ(task(1), "G");
  EXPECT_EQ(task(2), "G");
  // `jobmon workflow_reset -w 1`: alice started the run that ended in error.
  EXPECT_EQ(ok("GET", "/workflow/1/validate_for_workflow_reset/alice", ""),
            R"({"workflow_run_id":1})");
  EXPECT_EQ(ok("PUT", "/workflow/1/reset", R"({"partial_reset":false})"), "{}");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "G");
  // Tasks already in G are left as they are (num_attempts included), as in the reference.
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'G'"), 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, CliRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
