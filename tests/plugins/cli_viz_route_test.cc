// The GUI's reads among the CLI routes over HTTP, on every backend, v2 and v3 (routes/v2|v3/cli
// *_viz, get_task_template_details, tt_error_log_viz with its clustering).
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace jobmon::testing {
namespace {

class CliVizRoutes : public CliFixture {
 protected:
  // Tasks 1-4 in D, R, F, G with 1, 3, 2, 0 attempts, and fixed dates.
  void mixed_states() {
    sql("UPDATE task SET status = 'D', num_attempts = 1 WHERE id = 1");
    sql("UPDATE task SET status = 'R', num_attempts = 3 WHERE id = 2");
    sql("UPDATE task SET status = 'F', num_attempts = 2 WHERE id = 3");
    sql("UPDATE task SET status = 'G', num_attempts = 0 WHERE id = 4");
    sql("UPDATE task SET status_date = '2024-01-02 03:04:05'");
    sql("UPDATE workflow SET created_date = '2024-01-02 03:04:05', status_date = "
        "'2024-01-03 00:00:00'");
    sql("UPDATE workflow_run SET heartbeat_date = '2024-01-04 05:06:07'");
  }
  // Instances 1 and 2 (tasks 1 and 2) each report one error, in the same words (case and
  // punctuation aside), so that they cluster into one group.
  void two_errors_of_the_same_words() {
    run_task(1);
    run_task(2);
    ok("POST", "/task_instance/1/log_error_worker_node",
       R"({"error_state":"E","error_description":"disk full on node"})");
    ok("POST", "/task_instance/2/log_error_worker_node",
       R"({"error_state":"E","error_description":"Disk full, on node!"})");
  }
  bool has(const std::string& body, const std::string& part) {
    return body.find(part) != std::string::npos;
  }
};

TEST_P(CliVizRoutes, WorkflowStatusViz) {
  mixed_states();
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/workflow_status_viz?workflow_ids=1&workflow_ids=7", ""),
              R"({"1":{"id":1,"tasks":4,"PENDING":1,"SCHEDULED":0,"RUNNING":1,"DONE":1,)"
              R"("FATAL":1,"MAXC":10,"num_attempts_avg":1.5,"num_attempts_min":0,)"
              R"("num_attempts_max":3},"7":{"id":7,"tasks":0,"PENDING":0,"SCHEDULED":0,)"
              R"("RUNNING":0,"DONE":0,"FATAL":0,"MAXC":0,"num_attempts_avg":0.0,)"
              R"("num_attempts_min":0,"num_attempts_max":0}})");
  }
  EXPECT_EQ(ok("GET", "/workflow_status_viz", ""), "{}");
}

TEST_P(CliVizRoutes, TemplateStatusVizWithEachVersionsLabels) {
  mixed_states();
  sql("UPDATE task SET status = 'Q' WHERE id = 4");  // v2's template view: SCHEDULED
  const std::string tail =
      R"("MAXC":10,"num_attempts_min":0,"num_attempts_max":3,"num_attempts_avg":1.5,)"
      R"("task_template_version_id":1}})";
  EXPECT_EQ(ok("GET", "/workflow_tt_status_viz/1", ""),
            R"({"1":{"id":1,"name":"tt","tasks":4,"PENDING":0,"SCHEDULED":1,"RUNNING":1,)"
            R"("DONE":1,"FATAL":1,)" +
                tail);
  v_ = "v3";
  EXPECT_EQ(ok("GET", "/workflow_tt_status_viz/1", ""),
            R"({"1":{"id":1,"name":"tt","tasks":4,"PENDING":1,"SCHEDULED":0,"RUNNING":1,)"
            R"("DONE":1,"FATAL":1,)" +
                tail);
  EXPECT_EQ(ok("GET", "/workflow_tt_status_viz/9", ""), "{}");
  // Without an array for the template's version the limit is "NA".
  sql("DELETE FROM \"array\" WHERE id = 1");
  EXPECT_TRUE(has(ok("GET", "/workflow_tt_status_viz/1", ""), R"("MAXC":"NA")"));
}

TEST_P(CliVizRoutes, TaskTableAndTaskDetails) {
  mixed_states();
  const std::string first_task =
      R"({"tasks":[{"task_id":1,"task_name":"task1","task_status":"DONE",)"
      R"("task_command":"echo","task_num_attempts":1,"task_status_date":)"
      R"("2024-01-02 03:04:05","task_max_attempts":2},{)";
  EXPECT_EQ(ok("GET", "/task_table_viz/1?tt_name=tt", "").substr(0, first_task.size()), first_task);
  EXPECT_EQ(ok("GET", "/task_table_viz/1?tt_name=other", ""), R"({"tasks":[]})");
  fails(422, "GET", "/task_table_viz/1");
  EXPECT_EQ(ok("GET", "/task/get_task_details_viz/2", ""),
            R"({"task_details":[{"task_status":"R","workflow_id":1,"task_name":"task2",)"
            R"("task_command":"echo","task_status_date":"2024-01-02T03:04:05"}]})");
  EXPECT_EQ(ok("GET", "/task/get_task_details_viz/2", "", "v3"),
            R"({"task_details":[{"task_status":"R","workflow_id":1,"task_name":"task2",)"
            R"("task_command":"echo","task_status_date":"2024-01-02T03:04:05",)"
            R"("task_template_id":1}]})");
  EXPECT_EQ(ok("GET", "/task/get_task_details_viz/99", ""), R"({"task_details":[]})");
}

TEST_P(CliVizRoutes, WorkflowDetailsV2AndV3) {
  mixed_states();
  std::string v2 = ok("GET", "/workflow_details_viz/1", "");
  EXPECT_TRUE(has(v2, R"([{"wf_name":"w","wf_args":"","wf_created_date":"2024-01-02 03:04:05",)"
                      R"("wf_status_date":"2024-01-03 00:00:00","tool_name":"t","wf_status":"R",)"))
      << v2;
  EXPECT_TRUE(has(v2, R"("wfr_jobmon_version":"3.6"}])")) << v2;
  std::string v3 = ok("GET", "/workflow_details_viz/1", "", "v3");
  EXPECT_TRUE(has(v3, R"("wf_created_date":"2024-01-02T03:04:05")")) << v3;
  EXPECT_TRUE(has(v3, R"("wfr_jobmon_version":"3.6","wfr_heartbeat_date":"2024-01-04T05:06:07",)"
                      R"("wfr_user":"alice"}])"))
      << v3;
  EXPECT_EQ(ok("GET", "/workflow_details_viz/9", ""), "[]");
}

TEST_P(CliVizRoutes, TaskInstanceDetails) {
  run_task(1);
  ok("POST", "/task_instance/1/log_error_worker_node",
     R"({"error_state":"E","error_description":"boom"})");
  std::string v2 = ok("GET", "/task/get_ti_details_viz/1", "");
  EXPECT_TRUE(has(v2, R"({"taskinstances":[{"ti_id":1,"ti_status":"ERROR","ti_stdout":null,)"))
      << v2;
  EXPECT_TRUE(has(v2, R"("ti_nodename":"node1","ti_error_log_description":"boom",)")) << v2;
  EXPECT_FALSE(has(v2, "ti_queue_name"));
  std::string v3 = ok("GET", "/task/get_ti_details_viz/1", "", "v3");
  EXPECT_TRUE(has(v3, R"("ti_queue_name":"null.q"}]})")) << v3;
  EXPECT_EQ(ok("GET", "/task/get_ti_details_viz/2", ""), R"({"taskinstances":[]})");
}

TEST_P(CliVizRoutes, TaskTemplateDetails) {
  EXPECT_EQ(ok("GET", "/get_task_template_details?workflow_id=1&task_template_id=1", ""),
            R"({"task_template_id":1,"task_template_name":"tt","task_template_version_id":1})");
  EXPECT_EQ(fails(404, "GET", "/get_task_template_details?workflow_id=1&task_template_id=2"),
            R"({"detail":"Task Template not found for the given workflow."})");
  fails(422, "GET", "/get_task_template_details?workflow_id=0&task_template_id=1");
  fails(422, "GET", "/get_task_template_details?workflow_id=1");
}

TEST_P(CliVizRoutes, ErrorLogsPagedAndClustered) {
  two_errors_of_the_same_words();
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    std::string all = ok("GET", "/tt_error_log_viz/1/1", "");
    EXPECT_TRUE(has(all, R"({"error_logs":[{"task_id":2,"task_instance_id":2,)"
                         R"("task_instance_err_id":2,"error_time":")"))
        << all;
    EXPECT_TRUE(has(all, R"("error":"disk full on node","task_instance_stderr_log":"None",)"
                         R"("workflow_run_id":1,"workflow_id":1}],"total_count":2,"page":1,)"
                         R"("page_size":10})"))
        << all;
    std::string second = ok("GET", "/tt_error_log_viz/1/1?page=2&page_size=1", "");
    EXPECT_TRUE(has(second, R"({"error_logs":[{"task_id":1,)")) << second;
    EXPECT_TRUE(has(second, R"("total_count":2,"page":2,"page_size":1})")) << second;
    EXPECT_TRUE(has(ok("GET", "/tt_error_log_viz/1/1/2?just_recent_errors=True", ""),
                    R"("total_count":1,)"));
    // The same words (case and punctuation aside) make one group: score 4 * 0.5 / 4.
    std::string clustered = ok("GET", "/tt_error_log_viz/1/1?cluster_errors=true", "");
    EXPECT_TRUE(has(clustered, R"({"error_logs":[{"error_score":0.5,"group_instance_count":2,)"
                               R"("task_instance_ids":[1,2],"task_ids":[1,2],)"
                               R"("sample_error":"Disk full, on node!","first_error_time":")"))
        << clustered;
    EXPECT_TRUE(has(clustered, R"("workflow_run_id":1,"workflow_id":1}],"total_count":1,)"))
        << clustered;
  }
  EXPECT_EQ(ok("GET", "/tt_error_log_viz/1/2", ""),
            R"({"error_logs":[],"total_count":0,"page":1,"page_size":10})");
  fails(400, "GET", "/tt_error_log_viz/1/1?page=0");
}

// v3 answers Jobmon 3.6 clients in the 3.6 server's form: every key of every item, oldest
// first, ISO times, groups made from every log before paging, the newest run's newest error per
// task, one instance's logs as stored.
TEST_P(CliVizRoutes, ErrorLogsInThe36FormForLaterClients) {
  two_errors_of_the_same_words();
  v_ = "v3";
  const std::string v36 = "client_jobmon_version=3.6.0";
  const std::string unused =
      R"("error_score":null,"group_instance_count":null,"task_instance_ids":null,)"
      R"("task_ids":null,"sample_error":null,"first_error_time":null})";
  std::string all = ok("GET", "/tt_error_log_viz/1/1?" + v36, "");
  EXPECT_TRUE(has(all, R"({"error_logs":[{"task_id":1,"task_instance_id":1,)"
                       R"("task_instance_err_id":1,"error_time":")"))
      << all;
  const auto time = all.find(R"("error_time":")") + 14;
  EXPECT_EQ(all.substr(time + 10, 1), "T") << all;
  EXPECT_TRUE(has(all, R"("error":"Disk full, on node!","task_instance_stderr_log":"None",)"
                       R"("workflow_run_id":1,"workflow_id":1,)" +
                           unused + R"(],"total_count":2,"page":1,"page_size":10})"))
      << all;

  // Groups come from every log, then are paged: one group of both logs on a page of one.
  std::string clustered =
      ok("GET", "/tt_error_log_viz/1/1?cluster_errors=true&page_size=1&" + v36, "");
  EXPECT_TRUE(has(clustered,
                  R"({"error_logs":[{"task_id":null,"task_instance_id":null,)"
                  R"("task_instance_err_id":null,"error_time":null,"error":null,)"
                  R"("task_instance_stderr_log":null,"workflow_run_id":1,"workflow_id":1,)"
                  R"("error_score":0.5,"group_instance_count":2,"task_instance_ids":[1,2],)"
                  R"("task_ids":[1,2],"sample_error":"disk full on node","first_error_time":")"))
      << clustered;
  EXPECT_TRUE(has(clustered, R"("}],"total_count":1,"page":1,"page_size":1})")) << clustered;

  // One instance's logs: no task or instance named, the texts as stored.
  std::string one = ok("GET", "/tt_error_log_viz/1/1/2?" + v36, "");
  EXPECT_TRUE(has(one, R"({"error_logs":[{"task_id":null,"task_instance_id":null,)"
                       R"("task_instance_err_id":2,)"))
      << one;
  EXPECT_TRUE(has(one, R"("error":"Disk full, on node!","task_instance_stderr_log":null,)")) << one;

  // A later error of task 1: the newest run's newest error per task, oldest first.
  sql("INSERT INTO task_instance_error_log (task_instance_id, error_time, description) "
      "VALUES (1, '2030-01-01 00:00:00', 'later')");
  std::string recent = ok("GET", "/tt_error_log_viz/1/1?just_recent_errors=true&" + v36, "");
  EXPECT_TRUE(has(recent, R"({"error_logs":[{"task_id":2,"task_instance_id":2,)")) << recent;
  EXPECT_TRUE(has(recent, R"({"task_id":1,"task_instance_id":1,"task_instance_err_id":3,)"
                          R"("error_time":"2030-01-01T00:00:00","error":"later",)"))
      << recent;
  EXPECT_TRUE(has(recent, R"("total_count":2,)")) << recent;
  EXPECT_TRUE(has(ok("GET", "/tt_error_log_viz/1/1?" + v36, ""), R"("total_count":3,)"));

  // A template without tasks in the workflow: nothing; 3.4 clients keep the 3.4 form.
  EXPECT_EQ(ok("GET", "/tt_error_log_viz/1/2?" + v36, ""),
            R"({"error_logs":[],"total_count":0,"page":1,"page_size":10})");
  EXPECT_TRUE(has(ok("GET", "/tt_error_log_viz/1/1", ""),
                  R"({"error_logs":[{"task_id":1,"task_instance_id":1,"task_instance_err_id":3,)"));
  fails(400, "GET", "/tt_error_log_viz/1/1?page=0&" + v36);
  // A page beyond any offset, or of any size, is a page like another (no overflow).
  EXPECT_TRUE(
      has(ok("GET", "/tt_error_log_viz/1/1?page=9007199254740993&page_size=9007199254740993&" + v36,
             ""),
          R"({"error_logs":[],"total_count":3,)"));
  EXPECT_TRUE(has(ok("GET", "/tt_error_log_viz/1/1?page_size=9007199254740993&" + v36, ""),
                  R"("total_count":3,"page":1,"page_size":9007199254740993})"));
  v_ = "v2";
  EXPECT_TRUE(
      has(ok("GET", "/tt_error_log_viz/1/1?page=9007199254740993&page_size=9007199254740993", ""),
          R"({"error_logs":[],"total_count":3,)"));
}

TEST_P(CliVizRoutes, WorkflowOverviewFilters) {
  mixed_states();
  const std::string row =
      R"({"workflows":[{"wf_id":1,"wf_name":"w","wf_submitted_date":"2024-01-02T03:04:05",)"
      R"("wf_status_date":"2024-01-03T00:00:00","wf_args":"","wfr_count":1,)"
      R"("wf_status":"RUNNING","wf_tool":"t","PENDING":0,"SCHEDULED":0,"RUNNING":0,"DONE":0,)"
      R"("FATAL":0}]})";
  for (const char* v : {"v2", "v3"}) {
    v_ = v;
    EXPECT_EQ(ok("GET", "/workflow_overview_viz", ""), row);
    EXPECT_EQ(ok("GET", "/workflow_overview_viz?user=alice&tool=t&wf_name=w&status=R", ""), row);
    EXPECT_EQ(ok("GET", "/workflow_overview_viz?wf_id=1&date_submitted=2024-01-01", ""), row);
    EXPECT_EQ(ok("GET", "/workflow_overview_viz?user=bob", ""), R"({"workflows":[]})");
    EXPECT_EQ(ok("GET", "/workflow_overview_viz?date_submitted_end=2023-12-31", ""),
              R"({"workflows":[]})");
  }
  fails(400, "GET", "/workflow_overview_viz?wf_id=abc");
  // Only workflows with tasks on a real cluster's queue are listed (cluster 1 is the dummy).
  sql("UPDATE task_resources SET queue_id = 1");
  EXPECT_EQ(ok("GET", "/workflow_overview_viz", ""), R"({"workflows":[]})");
}

INSTANTIATE_TEST_SUITE_P(Backends, CliVizRoutes, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
