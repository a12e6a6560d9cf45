// v2's forms of the CLI routes (plugins/v2/cli_routes.h) against v3's (common/cli/cli.h), one
// test per translation: the same database rows, what each form answers. The routes are made and
// called as the plugins register them (parsing, handler, answer), without HTTP; the rows come
// from the CLI fixture's bound workflow.
#include <gtest/gtest.h>

#include <memory>

#include "cli_fixture.h"
#include "common/cli/cli.h"
#include "common/core/ownership.h"
#include "jobmon/errors.h"
#include "jobmon/orm/database.h"
#include "v2/cli_routes.h"

namespace jobmon::testing {
namespace {

namespace cli = routes::cli;
namespace v2 = routes::v2;

const routes::ApiPolicy kPolicy{.name = "test", .ownership = routes::anyone_may_change};

class CliTranslations : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    orm::DatabaseConfig config;
    config.uri = db_->uri();
    config.pool_size = 2;
    database_ = orm::Database::open(config);
  }

  // A request for `path` ("/x/{id}" with its parameters already split out).
  struct Call {
    std::map<std::string, std::string, std::less<>> path_params;
    std::vector<std::pair<std::string, std::string>> query;
    std::string body;
  };

  // The answer of the route `make` builds, as the host would send it (status and body).
  std::pair<int, std::string> answer(routes::RouteMaker make, const Call& call) {
    const routes::Context ctx{*database_, kPolicy};
    api::RouteSpec spec = make(ctx);
    api::Request req;
    req.path = spec.path;
    req.path_params = call.path_params;
    req.query_items = call.query;
    for (const auto& [k, v] : call.query) req.query[k] = v;
    req.body = call.body;
    api::JsonDocument doc;
    if (!call.body.empty() && api::parse_json(call.body, doc).ok) req.json = &doc;
    try {
      api::Response r = spec.handler(req);
      return {r.status, r.body};
    } catch (const api::HttpError& e) {
      return {e.status(), e.what()};
    }
  }
  using CliFixture::ok;
  std::string ok(routes::RouteMaker make, const Call& call) {
    auto [status, body] = answer(make, call);
    EXPECT_EQ(status, 200) << body;
    return body;
  }

  std::unique_ptr<orm::Database> database_;
};

TEST_P(CliTranslations, WorkflowDetailsDatesAndRunKeys) {
  sql("UPDATE workflow SET created_date = '2024-01-02 03:04:05', status_date = NULL");
  sql("UPDATE workflow_run SET heartbeat_date = '2024-01-04 05:06:07'");
  const Call call{{{"workflow_id", "1"}}, {}, ""};
  EXPECT_EQ(ok(routes::route<v2::WfDetailsByWfId>, call),
            R"([{"wf_name":"w","wf_args":"","wf_created_date":"2024-01-02 03:04:05",)"
            R"("wf_status_date":"None","tool_name":"t","wf_status":"R","wf_status_desc":)"
            R"("Workflow has a WorkflowRun that is running.","wfr_jobmon_version":"3.6"}])");
  EXPECT_EQ(ok(routes::route<cli::WfDetailsByWfId>, call),
            R"([{"wf_name":"w","wf_args":"","wf_created_date":"2024-01-02T03:04:05",)"
            R"("wf_status_date":null,"tool_name":"t","wf_status":"R","wf_status_desc":)"
            R"("Workflow has a WorkflowRun that is running.","wfr_jobmon_version":"3.6",)"
            R"("wfr_heartbeat_date":)"
            R"("2024-01-04T05:06:07","wfr_user":"alice"}])");
}

TEST_P(CliTranslations, InstanceDetailsWithoutV3sDatesAndQueue) {
  run_task(1);
  sql("UPDATE task_instance SET submitted_date = '2024-01-02 03:04:05', "
      "status_date = '2024-01-02 03:05:00'");
  const Call call{{{"task_id", "1"}}, {}, ""};
  const std::string common =
      R"({"taskinstances":[{"ti_id":1,"ti_status":"RUNNING","ti_stdout":null,"ti_stderr":null,)"
      R"("ti_stdout_log":null,"ti_stderr_log":null,"ti_distributor_id":null,)"
      R"("ti_nodename":"node1","ti_error_log_description":null,"ti_wallclock":null,)"
      R"("ti_maxrss":null,"ti_resources":"{\"stdout\": \"/tmp/o\", \"runtime\": 60}")";
  EXPECT_EQ(ok(routes::route<v2::GetTaskDetails>, call), common + "}]}");
  EXPECT_EQ(ok(routes::route<cli::GetTaskDetails>, call),
            common + R"(,"ti_submit_date":"2024-01-02T03:04:05","ti_status_date":)"
                     R"("2024-01-02T03:05:00","ti_queue_name":"null.q"}]})");
}

TEST_P(CliTranslations, TaskDetailsWithoutV3sTemplate) {
  sql("UPDATE task SET status_date = '2024-01-02 03:04:05' WHERE id = 2");
  const Call call{{{"task_id", "2"}}, {}, ""};
  const std::string common =
      R"({"task_details":[{"task_status":"G","workflow_id":1,"task_name":"task2",)"
      R"("task_command":"echo","task_status_date":"2024-01-02T03:04:05")";
  EXPECT_EQ(ok(routes::route<v2::GetTaskDetailsViz>, call), common + "}]}");
  EXPECT_EQ(ok(routes::route<cli::GetTaskDetailsViz>, call),
            common + R"(,"task_template_id":1}]})");
}

TEST_P(CliTranslations, TemplateStatusLabels) {
  // Q is SCHEDULED in v2's template view, PENDING in v3's; O is SCHEDULED in both.
  sql("UPDATE task SET status = 'Q' WHERE id = 1");
  sql("UPDATE task SET status = 'O' WHERE id = 2");
  sql("UPDATE task SET status = 'K' WHERE id = 3");
  const Call call{{{"workflow_id", "1"}}, {}, ""};
  const std::string head = R"({"1":{"id":1,"name":"tt","tasks":4,)";
  const std::string tail =
      R"("MAXC":10,"num_attempts_min":0,"num_attempts_max":0,"num_attempts_avg":0.0,)"
      R"("task_template_version_id":1}})";
  EXPECT_EQ(ok(routes::route<v2::GetWorkflowTtStatusViz>, call),
            head + R"("PENDING":1,"SCHEDULED":3,"RUNNING":0,"DONE":0,"FATAL":0,)" + tail);
  EXPECT_EQ(ok(routes::route<cli::GetWorkflowTtStatusViz>, call),
            head + R"("PENDING":3,"SCHEDULED":1,"RUNNING":0,"DONE":0,"FATAL":0,)" + tail);
  EXPECT_EQ(v2::template_label('I'), "PENDING");  // no v2 label: the workflow view's
  EXPECT_EQ(v2::template_label('G'), "PENDING");
}

TEST_P(CliTranslations, TemplateVersionsNeedATaskOrWorkflowInV2) {
  const Call none{{}, {}, ""};
  EXPECT_EQ(answer(routes::route<v2::GetTaskTemplateVersionForTasks>, none).first, 400);
  EXPECT_EQ(ok(routes::route<cli::GetTaskTemplateVersionForTasks>, none),
            R"({"task_template_version_ids":[]})");
  const Call task{{}, {{"task_id", "1"}}, ""};
  EXPECT_EQ(ok(routes::route<v2::GetTaskTemplateVersionForTasks>, task),
            ok(routes::route<cli::GetTaskTemplateVersionForTasks>, task));
}

TEST_P(CliTranslations, UpdateStatusesRequiredKeysAllAndCompletion) {
  const auto v2_update = routes::route_reading_own_body<v2::UpdateTaskStatuses>;
  const auto v3_update = routes::route_reading_own_body<cli::UpdateTaskStatuses>;
  // v2 checks task_ids first and requires workflow_status; v3 checks workflow_id first.
  const Call bare{{}, {}, R"({"new_status":"D"})"};
  EXPECT_NE(answer(v2_update, bare).second.find("problem with 'task_ids'"), std::string::npos);
  EXPECT_NE(answer(v3_update, bare).second.find("problem with 'workflow_id'"), std::string::npos);
  const Call no_wf_status{{}, {}, R"({"task_ids":[1,2,3],"new_status":"D","workflow_id":1})"};
  EXPECT_NE(answer(v2_update, no_wf_status).second.find("problem with 'workflow_status'"),
            std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'D'"), 0);
  // v2 takes task_ids "all" for an id list it cannot read.
  EXPECT_EQ(answer(v2_update, {{},
                               {},
                               R"({"task_ids":"all","new_status":"D",)"
                               R"("workflow_status":"R","workflow_id":1})"})
                .first,
            400);
  // The same update of three of four tasks, then of the last: v3 completes the workflow.
  EXPECT_EQ(ok(v2_update, {{},
                           {},
                           R"({"task_ids":[1,2,3],"new_status":"D",)"
                           R"("workflow_status":"R","workflow_id":1})"}),
            R"({"message":"updated to status D"})");
  EXPECT_EQ(ok(v2_update, {{},
                           {},
                           R"({"task_ids":4,"new_status":"D",)"
                           R"("workflow_status":null,"workflow_id":1})"}),
            R"({"message":"updated to status D"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "R");
  sql("UPDATE task SET status = 'G' WHERE id = 4");
  // v3 checks first (docs/compatibility.md, J10): tasks downstream of the given ones have
  // started in a running workflow, so refused; in a failed one, allowed.
  EXPECT_EQ(
      answer(v3_update, {{}, {}, R"({"task_ids":"all","new_status":"D","workflow_id":1})"}).first,
      400);
  EXPECT_EQ(scalar("SELECT status FROM task WHERE id = 4"), "G");
  sql("UPDATE workflow SET status = 'F'");
  EXPECT_EQ(ok(v3_update, {{}, {}, R"({"task_ids":"all","new_status":"D","workflow_id":1})"}),
            R"({"message":"updated to status D"})");
  EXPECT_EQ(scalar("SELECT status FROM workflow WHERE id = 1"), "D");
}

TEST_P(CliTranslations, TasksRecursiveUnknownIds) {
  const Call call{{{"direction", "down"}}, {}, R"({"task_ids":[3,99]})"};
  EXPECT_EQ(ok(routes::route<v2::GetTasksRecursive>, call), R"({"task_ids":[3,4,99]})");
  EXPECT_EQ(ok(routes::route<cli::GetTasksRecursive>, call), R"({"task_ids":[3,4]})");
  const Call unknown{{{"direction", "up"}}, {}, R"({"task_ids":[98,99]})"};
  EXPECT_EQ(ok(routes::route<v2::GetTasksRecursive>, unknown), R"({"task_ids":[98,99]})");
  EXPECT_EQ(answer(routes::route<cli::GetTasksRecursive>, unknown).first, 400);
}

TEST_P(CliTranslations, ResourceUsageMemoryColumn) {
  run_task(1);
  ok("POST", "/task_instance/1/log_done", R"({"nodename":"n"})");
  sql("UPDATE task_instance SET wallclock = '10', maxrss = '100', maxpss = '50' WHERE id = 1");
  const Call call{{}, {{"task_id", "1"}}, ""};
  EXPECT_EQ(ok(routes::route<v2::GetTaskResourceUsage>, call),
            R"({"resource_usage":[1,"n","10","50"]})");
  EXPECT_EQ(ok(routes::route<cli::GetTaskResourceUsage>, call),
            R"({"resource_usage":[1,"n","10","100"]})");
}

TEST_P(CliTranslations, TemplateResourceUsageStatisticsOrRows) {
  for (int i = 1; i <= 2; ++i) {
    run_task(i);
    ok("POST", "/task_instance/" + std::to_string(i) + "/log_done", R"({"nodename":"n"})");
  }
  sql("UPDATE task_instance SET wallclock = '10', maxrss = '100' WHERE id = 1");
  sql("UPDATE task_instance SET wallclock = '20.5', maxrss = '300' WHERE id = 2");
  const Call call{{}, {}, R"({"task_template_version_id":1,"viz":true})"};
  EXPECT_EQ(ok(routes::route<v2::GetTaskTemplateResourceUsage>, call),
            R"([2,100,300,200.0,10,20,15.0,200.0,15.0,[null,null],[null,null],)"
            R"([{"r":"10","m":"100","node_id":1,"task_id":1},)"
            R"({"r":"20.5","m":"300","node_id":2,"task_id":2}]])");
  // v3: the 3.6 server's statistics (unrounded), its per-instance rows and formatted_stats.
  sql("UPDATE task SET status_date = '2024-01-02 03:04:05'");
  const std::string row_tail =
      R"("requested_resources":"{\"stdout\": \"/tmp/o\", \"runtime\": 60}",)"
      R"("attempt_number_of_instance":1,"status":"D","task_status_date":"2024-01-02T03:04:05",)"
      R"("task_command":"echo","task_num_attempts":1,"task_max_attempts":2})";
  EXPECT_EQ(
      ok(routes::route_reading_own_body<cli::GetTaskTemplateResourceUsage>, call),
      R"({"num_tasks":2,"min_mem":100,"max_mem":300,"mean_mem":200.0,"min_runtime":10,)"
      R"("max_runtime":20,"mean_runtime":15.25,"median_mem":200.0,"median_runtime":15.25,)"
      R"("ci_mem":null,"ci_runtime":null,"result_viz":[{"r":10.0,"m":100,"node_id":1,)"
      R"("task_id":1,"task_name":"task1",)" +
          row_tail + R"(,{"r":20.5,"m":300,"node_id":2,"task_id":2,"task_name":"task2",)" +
          row_tail +
          R"(],"formatted_stats":{"num_tasks":2,"min_mem":"100B","max_mem":"300B",)"
          R"("mean_mem":"200.0B","min_runtime":10,"max_runtime":20,"mean_runtime":15.25,)"
          R"("median_mem":"200.0B","median_runtime":15.25,"ci_mem":null,"ci_runtime":null}})");
  // No instance: v2's eleven nulls; v3's statistics all null (no such version: no task).
  const Call none{{}, {}, R"({"task_template_version_id":7})"};
  EXPECT_EQ(ok(routes::route<v2::GetTaskTemplateResourceUsage>, none),
            "[null,null,null,null,null,null,null,null,null,null,null]");
  EXPECT_EQ(ok(routes::route_reading_own_body<cli::GetTaskTemplateResourceUsage>, none),
            R"({"num_tasks":null,"min_mem":null,"max_mem":null,"mean_mem":null,)"
            R"("min_runtime":null,"max_runtime":null,"mean_runtime":null,"median_mem":null,)"
            R"("median_runtime":null,"ci_mem":null,"ci_runtime":null,"result_viz":null,)"
            R"("formatted_stats":{"num_tasks":null,"min_mem":null,"max_mem":null,)"
            R"("mean_mem":null,"min_runtime":null,"max_runtime":null,"mean_runtime":null,)"
            R"("median_mem":null,"median_runtime":null,"ci_mem":null,"ci_runtime":null}})");
  // A body without the version: v2's 400, v3's FastAPI 422 naming the body.
  const Call missing{{}, {}, R"({"viz":true})"};
  EXPECT_EQ(answer(routes::route<v2::GetTaskTemplateResourceUsage>, missing).first, 400);
  EXPECT_EQ(answer(routes::route_reading_own_body<cli::GetTaskTemplateResourceUsage>, missing),
            std::make_pair(422, std::string(R"({"detail":[{"type":"missing","loc":["body",)"
                                            R"("task_template_version_id"],"msg":)"
                                            R"("Field required","input":{"viz":true}}]})")));
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTranslations, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
