// The workflow area's route table.
#include "common/workflow/workflow.h"

namespace jobmon::routes::workflow {

namespace {
constexpr RouteMaker kRoutes[] = {
    route<AddArray>,
    route<BindTaskResources>,
    route<BindTasksNoArgs>,
    route<BindTaskArgs>,
    route<BindTaskAttributes>,
    route<BindWorkflow>,
    route<GetMatchingWorkflowsByWorkflowArgs>,
    route<UpdateWorkflowAttributes>,
};
}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }

}  // namespace jobmon::routes::workflow
