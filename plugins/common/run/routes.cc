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
    route<SetStatusForTriaging>,
    route<TerminateWorkflowRun>,
    route<RecordArrayBatchNum>,
    route<TransitionArrayToLaunched>,
    route<LogArrayDistributorId>,
    route<GetArrayMaxConcurrentlyRunning>,
    route<GetWorkflowArrayMaxConcurrentlyRunning>,
    route<LogRunning>,
    route<LogTiReportBy>,
    route<LogTiReportByBatch>,
    route<LogDone>,
    route<LogErrorWorkerNode>,
    route<LogNoDistributorId>,
    route<LogDistributorId>,
    route<LogKnownError>,
    route<LogUnknownError>,
    route<InstantiateTaskInstances>,
    route<GetTaskInstanceErrorLog>,
    route<GetArrayTaskInstanceId>,
    route<WorkflowIsResumable>,
    route<GetMaxConcurrentlyRunning>,
    task_status_updates,
    route<FetchWorkflowMetadata>,
    route<GetTasksFromWorkflow>,
    route<GetDownstreamTasks>,
    route<SetResume>,
    route<UpdateMaxRunning>,
    route<GetAvailableWorkflowStatuses>,
    route<SetTaskResumeState>,
    route<GetMostRecentTiError>,
};

}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }

}  // namespace jobmon::routes::run
