// The reaper's routes, in the order the API documents them.
#include "common/reaper/reaper.h"

namespace jobmon::routes::reaper {

namespace {
constexpr RouteMaker kRoutes[] = {route<FixWfInconsistency>, route<GetWfNameAndArgs>,
                                  route<GetLostWorkflowRuns>};
constexpr RouteMaker kV3Forms[] = {route<ReapWorkflowRun>};
}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }
std::span<const RouteMaker> v3_forms() { return kV3Forms; }

}  // namespace jobmon::routes::reaper
