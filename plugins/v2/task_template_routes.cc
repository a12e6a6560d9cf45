#include "v2/task_template_routes.h"

namespace jobmon::routes::v2 {

GetTaskTemplateVersions::Answer GetTaskTemplateVersions::handle(const Context& ctx,
                                                                const api::In<>& in) {
  return {bind::task_template_versions(ctx, in.path_int("task_template_id"),
                                       bind::VersionChoice::kNewestOnly)};
}

}  // namespace jobmon::routes::v2
