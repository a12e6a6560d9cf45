// The reaper's routes, in the order the API documents them.
#include "common/reaper/reaper.h"

namespace jobmon::routes::reaper {

namespace {
constexpr RouteMaker kRoutes[] = {route<FixWfInconsistency>, route<GetWfNameAndArgs>,
                                  route<GetLostWorkflowRuns>, route<ReapWorkflowRun>};
}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }

}  // namespace jobmon::routes::reaper
