// The bind area's route table. Paths with a literal segment where another has a parameter
// (/task_template/id/{..} beside /task_template/{id}/versions) are told apart by the router,
// which prefers literal segments.
#include "common/bind/bind.h"

namespace jobmon::routes::bind {

namespace {
constexpr RouteMaker kRoutes[] = {
    route<GetClusterByName>, route<GetQueueByName>,
    route<AddDag>,           route<AddNodes>,
    route<AddTaskTemplate>,  route<AddTaskTemplateVersion>,
    route<GetTaskResources>, route<AddTool>,
    route<GetToolVersions>,  route<GetToolResourceUsage>,
    route<AddToolVersion>,   route<GetTaskTemplates>,
};
constexpr RouteMaker kV2Forms[] = {route<AddEdges>};
}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }
std::span<const RouteMaker> v2_forms() { return kV2Forms; }

}  // namespace jobmon::routes::bind
