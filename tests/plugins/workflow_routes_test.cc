// Every workflow and task route over HTTP on every backend: success shapes, error answers, the
// v2/v3 differences, and the reference bugs fixed (docs/compatibility.md, "Workflow and task
// routes").
#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "workflow_task_fixture.h"

namespace jobmon::testing {
namespace {

using WorkflowRoutes = WorkflowTaskFixture;

std::string invalid_usage(const std::string& message) {
  return R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
         R"("exception_message":")" +
         message + R"(","status_code":"400"}})";
}

// ---- POST /workflow, GET /workflow/{workflow_args_hash}, workflow_attributes ----------------

TEST_P(WorkflowRoutes, ArgsHashPathIsReadLikePythonInt) {
  bind_workflow(1);
  ok("POST", "/workflow",
     R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":42,"task_hash":-7,)"
     R"("description":null,"name":null,"workflow_args":null,"max_concurrently_running":1,)"
     R"("workflow_attributes":null})");
  const std::string match = R"({"matching_workflows":[["-7",1,"4242"]]})";
  EXPECT_EQ(ok("GET", "/workflow/42", ""), match);
  EXPECT_EQ(ok("GET", "/workflow/%20+0_042%20", ""), match);  // sign, spaces, "_", zeros
  EXPECT_EQ(ok("GET", "/workflow/00", "", "v3"), R"({"matching_workflows":[]})");
  EXPECT_EQ(ok("GET", "/workflow/-0", ""), R"({"matching_workflows":[]})");
  for (const char* bad : {"12ab", "4__2", "_42", "42_", "+-4", "4%202", "get_tasks"}) {
    auto r = call("GET", std::string("/workflow/") + bad, "");
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.header("content-type"), "application/custom+json");
  }
  EXPECT_EQ(call("GET", "/workflow/12ab", "").body,
            invalid_usage("\\\"invalid literal for int() with base 10: '12ab' in request to "
                          "/api/v2/workflow/12ab\\\""));
  // The literal is quoted as Python's repr() quotes it, and the message again
  // (docs/api-contract.md §3.1).
  EXPECT_EQ(call("GET", "/workflow/a'b", "").body,
            invalid_usage(R"('invalid literal for int() with base 10: \"a\\'b\" in request )"
                          R"(to /api/v2/workflow/a\\'b')"));
  // Nullable text columns stay NULL; the negative task hash is kept as text.
  EXPECT_EQ(scalar("SELECT name FROM workflow WHERE id = 2"), "NULL");
  EXPECT_EQ(scalar("SELECT task_hash FROM workflow WHERE id = 2"), "-7");
}

TEST_P(WorkflowRoutes, WorkflowBindUpdatesTheFoundRowAndUpsertsAttributes) {
  bind_workflow(1);
  EXPECT_EQ(ok("POST", "/workflow",
               std::string(R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":)") +
                   kWorkflowArgsHash + R"(,"task_hash":)" + kWorkflowTaskHash +
                   R"(,"description":"new","name":"wf2","workflow_args":"other",)"
                   R"("max_concurrently_running":3,"workflow_attributes":{"k":1,"k":2}})"),
            R"({"workflow_id":1,"status":"G","newly_created":false})");
  EXPECT_EQ(scalar("SELECT description FROM workflow"), "new");
  EXPECT_EQ(scalar("SELECT name FROM workflow"), "wf2");
  EXPECT_EQ(scalar("SELECT workflow_args FROM workflow"), "a");  // not updated (reference)
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM workflow"), "3");
  // A name given twice keeps its last value (json.loads), without a 500 on PostgreSQL.
  EXPECT_EQ(scalar("SELECT value FROM workflow_attribute"), "2");
  EXPECT_EQ(ok("PUT", "/workflow/1/workflow_attributes",
               R"({"workflow_attributes":{"k":"3","t":true,"f":1.5}})"),
            "{}");
  EXPECT_EQ(scalar("SELECT a.value FROM workflow_attribute a JOIN workflow_attribute_type t ON "
                   "a.workflow_attribute_type_id = t.id WHERE t.name = 'k'"),
            "3");
  EXPECT_EQ(scalar("SELECT a.value FROM workflow_attribute a JOIN workflow_attribute_type t ON "
                   "a.workflow_attribute_type_id = t.id WHERE t.name = 't'"),
            "True");
  EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute_type"), 3);
  EXPECT_EQ(ok("PUT", "/workflow/1/workflow_attributes", R"({"workflow_attributes":{}})"), "{}");
}

TEST_P(WorkflowRoutes, WorkflowBindRejectsBadInputAndWritesNothing) {
  bind_workflow(1);
  auto r = call("POST", "/workflow", R"({"tool_version_id":1,"workflow_args_hash":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, invalid_usage("\\\"'dag_id' in request to /api/v2/workflow\\\""));
  std::string big(151, '9');
  EXPECT_EQ(call("POST", "/workflow",
                 R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":)" + big +
                     R"(,"task_hash":1,"max_concurrently_running":1})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/workflow",
                 R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":"x","task_hash":1,)"
                 R"("max_concurrently_running":1})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/workflow",
                 R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":5,"task_hash":1,)"
                 R"("max_concurrently_running":1,"workflow_attributes":{"a":[1]}})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/workflow/1/workflow_attributes",
                 R"({"workflow_attributes":{"a":")" + std::string(256, 'v') + R"("}})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/workflow/1/workflow_attributes", "{}").status, 400);
  EXPECT_EQ(call("PUT", "/workflow/x/workflow_attributes", R"({"workflow_attributes":{}})").status,
            422);
  EXPECT_EQ(count("SELECT count(*) FROM workflow"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute_type"), 0);
}

// ---- task binds ------------------------------------------------------------------------------

TEST_P(WorkflowRoutes, TaskBindRejectsBadInputAndWritesNothing) {
  bind_workflow(2);
  // Nine elements instead of ten; a non-integer node; a name too long for task.name.
  EXPECT_EQ(call("PUT", "/task/bind_tasks_no_args",
                 R"({"workflow_id":1,"mark_created":true,"tasks":{"1":[1,"7",null,null,"n","c",)"
                 R"(1,false,{}]}})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/task/bind_tasks_no_args",
                 R"({"workflow_id":1,"mark_created":true,"tasks":{"1":["x","7",null,null,"n",)"
                 R"("c",1,false,{},[]]}})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/task/bind_tasks_no_args",
                 R"({"workflow_id":1,"mark_created":true,"tasks":{"1":[1,"7",null,null,")" +
                     std::string(256, 'n') + R"(","c",1,false,{},[]]}})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/task/bind_tasks_no_args",
                 R"({"workflow_id":1,"mark_created":true,"tasks":{"1":[1,"7","x",null,"n",)"
                 R"("c",1,false,{},[]]}})")
                .status,
            400);
  auto r = call("PUT", "/task/bind_tasks_no_args", R"({"workflow_id":1,"tasks":{}})");
  EXPECT_EQ(r.body,
            invalid_usage("\\\"'mark_created' in request to /api/v2/task/bind_tasks_no_args\\\""));
  EXPECT_EQ(count("SELECT count(*) FROM task"), 0);
  EXPECT_EQ(scalar("SELECT created_date FROM workflow"), "NULL");
  // Task args: the reference's message when the database refuses a value (NULL, > 2048).
  ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 1));
  r = call("PUT", "/task/bind_task_args", R"({"task_args":[[1,1,null]]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Task Args are constrained to 1000 characters"), std::string::npos);
  EXPECT_EQ(call("PUT", "/task/bind_task_args",
                 R"({"task_args":[[1,1,")" + std::string(2049, 'v') + R"("]]})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/task/bind_task_args", R"({"task_args":[[1,1]]})").status, 400);
  EXPECT_EQ(count("SELECT count(*) FROM task_arg"), 0);
  // 2048 characters fit, counted as characters (two bytes each here).
  std::string wide;
  for (int i = 0; i < 2048; ++i) wide += "\xc3\xa9";
  ok("PUT", "/task/bind_task_args", R"({"task_args":[[1,1,")" + wide + R"("]]})");
  EXPECT_EQ(scalar("SELECT val FROM task_arg"), wide);
  EXPECT_EQ(ok("PUT", "/task/bind_task_args", R"({"task_args":[]})"), "{}");
  // Task attributes: the reference's messages for over-long names and values.
  r = call("PUT", "/task/bind_task_attributes",
           R"({"task_attributes":{"1":{")" + std::string(256, 'a') + R"(":"v"}}})");
  EXPECT_NE(r.body.find("Attribute type names are constrained to 255 characters"),
            std::string::npos)
      << r.body;
  r = call("PUT", "/task/bind_task_attributes",
           R"({"task_attributes":{"1":{"a":")" + std::string(256, 'v') + R"("}}})");
  EXPECT_NE(r.body.find("Task Attributes are constrained to 255 characters"), std::string::npos)
      << r.body;
  EXPECT_EQ(call("PUT", "/task/bind_task_attributes", R"({"task_attributes":{"x":{}}})").status,
            400);
  EXPECT_EQ(count("SELECT count(*) FROM task_attribute_type"), 0);
  // Resources: a missing queue id or a type id longer than its column.
  EXPECT_EQ(call("POST", "/task/bind_resources",
                 R"({"task_resources_type_id":"O","requested_resources":{}})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/task/bind_resources",
                 R"({"queue_id":1,"task_resources_type_id":"OO","requested_resources":{}})")
                .status,
            400);
  EXPECT_EQ(count("SELECT count(*) FROM task_resources"), 0);
}

TEST_P(WorkflowRoutes, RepeatedEntriesInOneRequestBindOnce) {
  bind_workflow(2);
  // Two task hashes naming the same (node, task args hash): one task, both keys answered.
  EXPECT_EQ(ok("PUT", "/task/bind_tasks_no_args",
               R"({"workflow_id":1,"mark_created":true,"tasks":{)"
               R"("11":[1,"7",null,null,"a","c",1,false,{},[]],)"
               R"("12":[1,"7",null,null,"a","c",1,false,{},[]]}})"),
            R"({"tasks":{"11":[1,"G"],"12":[1,"G"]}})");
  EXPECT_EQ(count("SELECT count(*) FROM task"), 1);
  // One task named by "1" and "01": one row per (task, attribute), last value kept.
  ok("PUT", "/task/bind_task_attributes",
     R"({"task_attributes":{"1":{"a":"x","b":"y"},"01":{"a":"z"}}})");
  EXPECT_EQ(count("SELECT count(*) FROM task_attribute"), 2);
  EXPECT_EQ(scalar("SELECT a.value FROM task_attribute a JOIN task_attribute_type t ON "
                   "a.task_attribute_type_id = t.id WHERE t.name = 'a'"),
            "z");
  // Empty names are skipped; a request with only those writes nothing.
  EXPECT_EQ(ok("PUT", "/task/bind_task_attributes", R"({"task_attributes":{"1":{"":"x"}}})"), "{}");
  EXPECT_EQ(count("SELECT count(*) FROM task_attribute_type"), 2);
}

TEST_P(WorkflowRoutes, ConcurrentAttributeBindersGetOneTypeRowEach) {
  bind_tasks(4);
  std::atomic<int> failures{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c(server_->port());
      std::string task = std::to_string(t + 1);
      for (int round = 0; round < 3; ++round) {
        std::string names =
            R"({"n)" + std::to_string(round) + R"(":")" + task + R"(","shared":"s"})";
        auto a = c.put("/api/v2/task/bind_task_attributes",
                       R"({"task_attributes":{")" + task + "\":" + names + "}}");
        auto w = c.put("/api/v3/workflow/1/workflow_attributes",
                       R"({"workflow_attributes":{"w)" + std::to_string(round) + R"(":"x"}})");
        if (a.status != 200 || w.status != 200) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM task_attribute_type"), 4);  // n0, n1, n2, shared
  EXPECT_EQ(count("SELECT count(*) FROM task_attribute"), 16);
  EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute_type"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM workflow_attribute"), 3);
}

// ---- resume: set_resume, is_resumable, set_resume_state --------------------------------------

TEST_P(WorkflowRoutes, SetResumeMovesTheActiveRunThroughTheStateMachine) {
  bind_tasks(2);
  start_run("alice", "R");
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""), R"({"workflow_is_resumable":false})");
  EXPECT_EQ(ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":true})"), "{}");
  EXPECT_EQ(statuses("workflow_run"), "C");  // R -> COLD_RESUME; no cascade to the workflow
  EXPECT_EQ(statuses("workflow"), "R");
  EXPECT_NE(scalar("SELECT status_date FROM workflow_run"), "NULL");
  // A replay finds no active run and changes nothing.
  EXPECT_EQ(ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":true})"), "{}");
  EXPECT_EQ(statuses("workflow_run"), "C");
  // The resumed run terminates; a new run, BOUND, is asked for a hot resume through v3 (with
  // authentication disabled there is no owner check).
  ok("PUT", "/workflow_run/1/update_status", R"({"status":"T"})");
  EXPECT_EQ(statuses("workflow"), "H");
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", "", "v3"),
            R"({"workflow_is_resumable":true,"pending_kill_self":0})");
  start_run("bob", "B");
  EXPECT_EQ(ok("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":false})", "v3"), "{}");
  EXPECT_EQ(statuses("workflow_run"), "TH");
  // Unknown workflow: 200 {} in both versions; bad input: 400, nothing changed.
  EXPECT_EQ(ok("POST", "/workflow/9/set_resume", R"({"reset_running_jobs":true})"), "{}");
  EXPECT_EQ(ok("POST", "/workflow/9/set_resume", R"({"reset_running_jobs":true})", "v3"), "{}");
  EXPECT_EQ(call("POST", "/workflow/1/set_resume", "{}").status, 400);
  EXPECT_EQ(call("POST", "/workflow/1/set_resume", R"({"reset_running_jobs":"x"})", "v3").status,
            400);
  EXPECT_EQ(statuses("workflow_run"), "TH");
}

TEST_P(WorkflowRoutes, ResumabilityAndMissingWorkflowsInBothVersions) {
  bind_workflow(1);
  // Not yet created (no task chunk marked it): not resumable.
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""), R"({"workflow_is_resumable":false})");
  ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 1, false, /*mark_created=*/false));
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""), R"({"workflow_is_resumable":false})");
  ok("PUT", "/task/bind_tasks_no_args", tasks_body(1, 1));
  EXPECT_EQ(ok("GET", "/workflow/1/is_resumable", ""), R"({"workflow_is_resumable":true})");
  for (const char* v : {"v2", "v3"}) {
    auto r = call("GET", "/workflow/5/is_resumable", "", v);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, R"({"detail":"Workflow with ID 5 not found in database."})");
    r = call("GET", "/workflow/5/get_max_concurrently_running", "", v);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.body, R"({"error":"Workflow with ID 5 not found in database."})");
    EXPECT_EQ(call("GET", "/workflow/x/is_resumable", "", v).status, 422);
  }
}

TEST_P(WorkflowRoutes, SetResumeStateResetsTasksOnly) {
  bind_tasks(5);
  start_run("alice", "R");
  // An alive run: refused with the reference's message, nothing changed.
  EXPECT_EQ(
      ok("POST", "/task/1/set_resume_state", R"({"reset_if_running":true})"),
      R"({"err_msg":"Workflow 1 is not resumable. Please set the appropriate resume state."})");
  ok("PUT", "/workflow_run/1/update_status", R"({"status":"E"})");
  db_->sql() << "UPDATE task SET status = 'D' WHERE id = 1";
  db_->sql() << "UPDATE task SET status = 'R', num_attempts = 1 WHERE id = 2";
  db_->sql() << "UPDATE task SET status = 'F', num_attempts = 3 WHERE id = 3";
  db_->sql() << "UPDATE task SET status = 'Q', num_attempts = 1 WHERE id = 5";
  db_->sql() << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, "
                "task_resources_id, array_batch_num, array_step_id, status) VALUES "
                "(1, 1, 1, 2, 1, 1, 0, 'R')";
  EXPECT_EQ(ok("POST", "/task/1/set_resume_state", R"({"reset_if_running":false})"), "{}");
  EXPECT_EQ(statuses("task"), "DRGGG");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 2"), "1");
  EXPECT_EQ(scalar("SELECT num_attempts FROM task WHERE id = 3"), "0");
  EXPECT_EQ(ok("POST", "/task/1/set_resume_state", R"({"reset_if_running":true})", "v3"), "{}");
  EXPECT_EQ(statuses("task"), "DGGGG");
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE num_attempts = 0"), 5);
  EXPECT_EQ(statuses("task_instance"), "R");  // instances are not touched here
  EXPECT_EQ(ok("POST", "/task/77/set_resume_state", R"({"reset_if_running":true})"), "{}");
  EXPECT_EQ(call("POST", "/task/1/set_resume_state", "{}").status, 400);
}

TEST_P(WorkflowRoutes, MostRecentInstanceError) {
  bind_tasks(1);
  EXPECT_EQ(ok("GET", "/task/1/most_recent_ti_error", ""),
            R"({"error_description":"","task_instance_id":null})");
  start_run("alice", "R");
  for (int ti = 1; ti <= 2; ++ti) {
    db_->sql() << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, "
                  "task_resources_id, array_batch_num, array_step_id, status) VALUES (" +
                      std::to_string(ti) + ", 1, 1, 1, 1, " + std::to_string(ti) + ", 0, 'E')";
  }
  db_->sql() << "INSERT INTO task_instance_error_log (task_instance_id, description) VALUES "
                "(1, 'first'), (2, 'Traceback \"x\"')";
  EXPECT_EQ(ok("GET", "/task/1/most_recent_ti_error", "", "v3"),
            R"({"error_description":"Traceback \"x\"","task_instance_id":2})");
  EXPECT_EQ(call("GET", "/task/x/most_recent_ti_error", "").status, 422);
}

// ---- limits ----------------------------------------------------------------------------------

TEST_P(WorkflowRoutes, ConcurrencyLimitsOfWorkflowsAndArrays) {
  bind_tasks(1);
  EXPECT_EQ(ok("GET", "/workflow/1/get_max_concurrently_running", ""),
            R"({"max_concurrently_running":10})");
  for (const char* v : {"v2", "v3"}) {
    EXPECT_EQ(ok("PUT", "/workflow/1/update_max_concurrently_running", R"({"max_tasks":"20"})", v),
              R"({"message":"Workflow ID 1 max concurrently running updated to 20"})");
    EXPECT_EQ(ok("PUT", "/workflow/8/update_max_concurrently_running", R"({"max_tasks":20})", v),
              R"({"message":"No update performed for workflow ID 8, max_concurrently_running )"
              R"(is 20"})");
    EXPECT_EQ(call("PUT", "/workflow/1/update_max_concurrently_running", "{}", v).status, 400);
  }
  EXPECT_EQ(ok("GET", "/workflow/1/get_max_concurrently_running", "", "v3"),
            R"({"max_concurrently_running":20})");
  // v3 only: the array limit; success answers a message (the reference answered 500).
  EXPECT_EQ(ok("PUT", "/workflow/1/update_array_max_concurrently_running",
               R"({"max_tasks":4,"task_template_version_id":1})", "v3"),
            R"({"message":"Workflow ID 1 array max concurrently running updated to 4"})");
  EXPECT_EQ(scalar("SELECT max_concurrently_running FROM \"array\""), "4");
  EXPECT_EQ(ok("PUT", "/workflow/1/update_array_max_concurrently_running",
               R"({"max_tasks":4,"task_template_version_id":9})", "v3"),
            R"({"message":"Error updating max_concurrently_running for array ID 1."})");
  EXPECT_EQ(
      call("PUT", "/workflow/1/update_array_max_concurrently_running", R"({"max_tasks":4})", "v3")
          .status,
      400);
  auto v2 = call("PUT", "/workflow/1/update_array_max_concurrently_running",
                 R"({"max_tasks":4,"task_template_version_id":1})", "v2");
  EXPECT_EQ(v2.status, 404);
  EXPECT_EQ(v2.body, R"({"detail":"Not Found"})");
}

// ---- swarm reads ------------------------------------------------------------------------------

TEST_P(WorkflowRoutes, TaskStatusUpdatesUseTheDatabaseClock) {
  bind_tasks(3);
  const std::regex time_form(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
  for (const char* v : {"v2", "v3"}) {
    auto all = parse(ok("POST", "/workflow/1/task_status_updates", "{}", v));
    EXPECT_TRUE(std::regex_match(std::string(all["time"].GetString()), time_form));
    EXPECT_EQ(all["tasks_by_status"]["G"].Size(), 3u);
  }
  db_->sql() << "UPDATE task SET status = 'D', status_date = '2100-01-01 00:00:00' WHERE id = 2";
  db_->sql() << "UPDATE task SET status_date = '2000-01-01 00:00:00' WHERE id <> 2";
  EXPECT_EQ(ok("POST", "/workflow/1/task_status_updates", R"({"last_sync":"2050-01-01 00:00:00"})")
                .substr(0, 36),
            R"({"tasks_by_status":{"D":[2]},"time":)");
  // The time is the database's now, in the form the client sends back.
  auto now = parse(ok("GET", "/time", ""));
  auto updates = parse(ok("POST", "/workflow/1/task_status_updates", R"({"last_sync":null})"));
  EXPECT_EQ(std::string(updates["time"].GetString()).substr(0, 10),
            std::string(now["time"].GetString()).substr(0, 10));
  EXPECT_EQ(ok("POST", "/workflow/9/task_status_updates", "{}").substr(0, 29),
            R"({"tasks_by_status":{},"time":)");
  auto bad = call("POST", "/workflow/1/task_status_updates", R"({"last_sync":"yesterday"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_P(WorkflowRoutes, SwarmStartupReads) {
  bind_tasks(3);
  EXPECT_EQ(ok("GET", "/workflow/1/fetch_workflow_metadata", ""), R"({"workflow":[1,1,10]})");
  EXPECT_EQ(ok("GET", "/workflow/2/fetch_workflow_metadata", "", "v3"), R"({"workflow":[]})");
  const std::string row =
      R"(,"G",3,"{'memory': 0.5, 'runtime': 0.5}","[]","{\"runtime\": 60}","sequential",)"
      R"("null.q",10])";
  db_->sql() << "UPDATE task SET status = 'D' WHERE id = 2";
  EXPECT_EQ(ok("GET", "/workflow/get_tasks/1?max_task_id=0&chunk_size=5", ""),
            R"({"tasks":{"1":[1)" + row + R"(,"3":[1)" + row + "}}");
  EXPECT_EQ(ok("GET", "/workflow/get_tasks/1?max_task_id=1&chunk_size=1", "", "v3"),
            R"({"tasks":{"3":[1)" + row + "}}");
  EXPECT_EQ(ok("GET", "/workflow/get_tasks/7?max_task_id=0&chunk_size=5", ""), R"({"tasks":{}})");
  auto missing = call("GET", "/workflow/get_tasks/1?max_task_id=0", "");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body,
            R"({"detail":[{"type":"missing","loc":["query","chunk_size"],"msg":"Field required",)"
            R"("input":null}]})");
  auto not_int = call("GET", "/workflow/get_tasks/1?max_task_id=x&chunk_size=5", "");
  EXPECT_EQ(not_int.status, 422);
  EXPECT_EQ(not_int.body,
            R"({"detail":[{"type":"int_parsing","loc":["query","max_task_id"],"msg":"Input )"
            R"(should be a valid integer, unable to parse string as an integer","input":"x"}]})");
  auto labels = parse(ok("GET", "/workflow_status/available_status", ""));
  std::set<std::string> got;
  for (const auto& l : labels["available_statuses"].GetArray()) got.insert(l.GetString());
  EXPECT_EQ(got, (std::set<std::string>{"ABORTED", "DONE", "FAILED", "HALTED", "INSTANTIATING",
                                        "LAUNCHED", "QUEUED", "REGISTERING", "RUNNING"}));
}

// ---- v3 task_template_dag --------------------------------------------------------------------

TEST_P(WorkflowRoutes, TaskTemplateDagFollowsThePandasSteps) {
  v_ = "v3";
  // Templates A, B, C; nodes a(A) -> b1(B), b2(B) -> c(C): docs/api-contract.md §5.12's example.
  ok("POST", "/tool", R"({"name":"t"})");
  ok("POST", "/tool_version", R"({"tool_id":1})");
  for (const char* name : {"A", "B", "C"}) {
    auto tt =
        parse(ok("POST", "/task_template",
                 std::string(R"({"tool_version_id":1,"task_template_name":")") + name + "\"}"));
    ok("POST",
       "/task_template/" + std::to_string(tt["task_template_id"].GetInt64()) + "/add_version",
       R"({"command_template":"x {i}","arg_mapping_hash":1,"node_args":["i"],"task_args":[],)"
       R"("op_args":[]})");
  }
  ok("POST", "/nodes",
     R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"1","node_args":{}},)"
     R"({"task_template_version_id":2,"node_args_hash":"2","node_args":{}},)"
     R"({"task_template_version_id":2,"node_args_hash":"3","node_args":{}},)"
     R"({"task_template_version_id":3,"node_args_hash":"4","node_args":{}}]})");
  ok("POST", "/dag", R"({"dag_hash":1})");
  ok("POST", "/dag/1/edges",
     R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
     R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[4]},)"
     R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[4]},)"
     R"({"node_id":4,"upstream_node_ids":[2,3],"downstream_node_ids":[]}],"mark_created":true})");
  ok("POST", "/workflow",
     R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":1,"task_hash":1,)"
     R"("max_concurrently_running":1})");
  EXPECT_EQ(ok("GET", "/workflow/1/task_template_dag", ""),
            R"({"tt_dag":[{"name":"A","downstream_task_template_id":"B"},)"
            R"({"name":"B","downstream_task_template_id":"C"},)"
            R"({"name":"A","downstream_task_template_id":null},)"
            R"({"name":"B","downstream_task_template_id":null},)"
            R"({"name":"C","downstream_task_template_id":null}]})");
  // A workflow whose DAG has no edges: an empty list; an unknown one: 404 (both 500 before).
  ok("POST", "/dag", R"({"dag_hash":2})");
  ok("POST", "/workflow",
     R"({"tool_version_id":1,"dag_id":2,"workflow_args_hash":2,"task_hash":2,)"
     R"("max_concurrently_running":1})");
  EXPECT_EQ(ok("GET", "/workflow/2/task_template_dag", ""), R"({"tt_dag":[]})");
  auto missing = call("GET", "/workflow/3/task_template_dag", "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"detail":"Workflow with ID 3 not found in database."})");
  EXPECT_EQ(call("GET", "/workflow/abc/task_template_dag", "").status, 400);
  EXPECT_EQ(call("GET", "/workflow/1/task_template_dag", "", "v2").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
