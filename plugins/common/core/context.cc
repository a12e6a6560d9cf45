#include "common/core/context.h"

namespace jobmon::routes {

void register_routes(api::Registry& registry, const Context& ctx,
                     std::span<const RouteMaker> table) {
  for (RouteMaker make : table) registry.add(make(ctx));
}

}  // namespace jobmon::routes
