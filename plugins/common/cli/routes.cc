// The CLI area's route tables (cli.h says which is which).
#include "common/cli/cli.h"

namespace jobmon::routes::cli {

namespace {

constexpr RouteMaker kRoutes[] = {
    // CLI: workflows
    route<GetWorkflowValidationStatus>,
    route<GetWorkflowTasks>,
    route<GetWorkflowUserValidation>,
    route<GetWorkflowRunForWorkflowReset>,
    route_reading_own_body<ResetWorkflow>,
    route<GetWorkflowStatus>,
    route<GetArrayTaskInstances>,
    // CLI: tasks
    route<GetTaskStatus>,
    route<GetTaskSubdag>,
    route<GetTaskDependencies>,
    // CLI: task templates
    route<GetRequestedCores>,
    route<GetMostPopularQueue>,
    // The GUI's reads
    route<GetWorkflowStatusViz>,
    route<WorkflowsByUserForm>,
    route<TaskDetailsByWfId>,
    route<GetTaskTemplateDetailsForWorkflow>,
};

constexpr RouteMaker kV2Forms[] = {
    route<GetTtErrorLogViz>,
    route<GetTtErrorLogVizOfInstance>,
};

constexpr RouteMaker kV3Forms[] = {
    route_reading_own_body<UpdateTaskStatuses>,
    route<GetTasksRecursive>,
    route<GetTaskResourceUsage>,
    route<GetTaskTemplateVersionForTasks>,
    route_reading_own_body<GetTaskTemplateResourceUsage>,
    route<WfDetailsByWfId>,
    route<GetTaskDetails>,
    route<GetTaskDetailsViz>,
    route<GetWorkflowTtStatusViz>,
};

}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }
std::span<const RouteMaker> v3_forms() { return kV3Forms; }
std::span<const RouteMaker> v2_forms() { return kV2Forms; }

}  // namespace jobmon::routes::cli
