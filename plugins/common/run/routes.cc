// The run routes every API version serves, in the order the API documents them.
#include "common/run/run.h"

namespace jobmon::routes::run {

namespace {

// task_status_updates reads its body itself (without a JSON body it answers every task), so its
// request schema is added to what route<> documents.
api::RouteSpec task_status_updates(const Context& ctx) {
  api::RouteSpec spec = route<TaskStatusUpdates>(ctx);
  spec.request_schema = api::schema_text<TaskStatusUpdates::Sync>(false);
  return spec;
}

constexpr RouteMaker kRoutes[] = {
    route<AddWorkflowRun>,
    route<LogWorkflowRunStatusUpdate>,
    route<LogWorkflowRunHeartbeat>,
    route<TaskInstancesStatusCheck>,
    route<RecordArrayBatchNum>,
    route<TransitionArrayToLaunched>,
    route<TransitionToKilled>,
    route<LogArrayDistributorId>,
    route<GetArrayMaxConcurrentlyRunning>,
    route<GetWorkflowArrayMaxConcurrentlyRunning>,
    route<LogRunning>,
    route<LogTiReportBy>,
    route<LogTiReportByBatch>,
    route<LogDone>,
    route<LogErrorWorkerNode>,
    route<LogNoDistributorId>,
    route<LogKnownError>,
    route<LogUnknownError>,
    route<InstantiateTaskInstances>,
    route<GetTaskInstanceErrorLog>,
    route<GetArrayTaskInstanceId>,
    route<GetMaxConcurrentlyRunning>,
    task_status_updates,
    route<FetchWorkflowMetadata>,
    route<GetTasksFromWorkflow>,
    route<SetResume>,
    route<UpdateMaxRunning>,
    route<GetAvailableWorkflowStatuses>,
    route<SetTaskResumeState>,
    route<GetMostRecentTiError>,
};

constexpr RouteMaker kV2Forms[] = {route<GetDownstreamTasks>, route<SetStatusForTriaging>};
constexpr RouteMaker kV3Forms[] = {route<TerminateWorkflowRun>, route<WorkflowIsResumable>,
                                   route<LogDistributorId>};

}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }
std::span<const RouteMaker> v2_forms() { return kV2Forms; }
std::span<const RouteMaker> v3_forms() { return kV3Forms; }

}  // namespace jobmon::routes::run
