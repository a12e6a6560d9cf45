// The root area's route table (root.h).
#include "common/root/root.h"

namespace jobmon::routes::root {

namespace {
constexpr RouteMaker kRoutes[] = {route<IsAlive>, route<DatabaseTime>, route<Health>,
                                  route<TestBad>, route<ApiVersionName>};
}  // namespace

std::span<const RouteMaker> routes() { return kRoutes; }

}  // namespace jobmon::routes::root
