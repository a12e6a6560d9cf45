// Every route answers a valid request with a success the API document describes: a tour of the
// routes the other suites reach only on one prefix, walked on /api/v3 (and /api/v2 for what only
// v2 has) over one bound, launched workflow. Each answer is checked against the document by the
// test client (tests/support/contract.h); scripts/contract-coverage then finds every route of
// the default deployment checked with a 2xx answer somewhere in the suites.
#include "run_fixture.h"

namespace jobmon::testing {
namespace {

class ContractTour : public RunHelpers {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>("sqlite");
    start({});
    v_ = "v3";
    bind(2);
    launch("1,2", "1,2", 1);
  }
};

TEST_F(ContractTour, EveryRouteAnswersAValidRequest) {
  // The swarm's and the distributor's reads and reports.
  ok("GET", "/array/1/get_array_max_concurrently_running", "");
  ok("GET", "/workflow/1/get_array_max_concurrently_running/1", "");
  ok("POST", "/task_instance/log_report_by/batch",
     R"({"next_report_increment":60,"task_instance_ids":[1,2]})");
  ok("POST", "/workflow_run/1/sync_status", R"({"task_instance_ids":[1],"status":"O"})");
  ok("POST", "/task_instance/1/log_distributor_id",
     R"({"distributor_id":"77","next_report_increment":60})");
  ok("POST", "/task_instance/2/log_known_error", R"({"error_state":"E","error_message":"boom"})");
  ok("POST", "/task_instance/1/log_unknown_error", R"({"error_state":"U","error_message":"x"})");
  ok("POST", "/task_instance/1/log_no_distributor_id", R"({"no_id_err_msg":"x"})");
  ok("POST", "/workflow_run/1/set_status_for_triaging", "");
  // The reaper's.
  ok("GET", "/lost_workflow_run?status=R&version=x", "");
  ok("PUT", "/workflow_run/1/reap", "");
  ok("PUT", "/workflow/1/fix_status_inconsistency", R"({"increase_step":10})");
  ok("GET", "/workflow/1/workflow_name_and_args", "");
  // The CLI's and the GUI's.
  ok("GET", "/workflow/1/workflow_tasks?limit=5", "");
  ok("GET", "/task_status?task_ids=1", "");
  ok("GET", "/task_table_viz/1?tt_name=tt", "");
  ok("GET", "/get_task_template_details?workflow_id=1&task_template_id=1", "");
  ok("GET", "/array/1/get_array_tasks?array_name=tt", "");
  ok("POST", "/workflow_validation", R"({"task_ids":[1]})");
  ok("GET", "/workflow_status/available_status", "");
  ok("GET", "/workflow/1/validate_username/alice", "");
  ok("GET", "/workflow/1/validate_for_workflow_reset/alice", "");
  ok("PUT", "/workflow/1/reset", "{}");
}

}  // namespace
}  // namespace jobmon::testing
