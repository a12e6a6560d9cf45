// v2's forms of the CLI routes (cli_routes.h says how each differs), over the area's shared work.
#include "v2/cli_routes.h"

#include <string_view>

#include "jobmon/errors.h"

namespace jobmon::routes::v2 {

UpdateTaskStatuses::Answer UpdateTaskStatuses::handle(const Context& ctx, const api::In<>& in) {
  cli::require_keys(in.request, {"task_ids", "new_status", "workflow_status", "workflow_id"});
  auto body = api::read_body<OwnBody>(in.request);
  cli::StatusChange change;
  change.workflow_id = body.workflow_id;
  change.task_ids = std::move(body.task_ids);
  change.new_status = std::move(body.new_status);
  change.workflow_status = std::move(body.workflow_status);
  return cli::update_task_statuses(ctx, in.request, change);
}

GetTasksRecursive::Answer GetTasksRecursive::handle(const Context& ctx, const api::In<Body>& in) {
  auto found = cli::tasks_recursive(ctx, in);
  if (in.body.task_ids) found.task_ids.insert(in.body.task_ids->begin(), in.body.task_ids->end());
  return {{found.task_ids.begin(), found.task_ids.end()}};
}

GetTaskResourceUsage::Answer GetTaskResourceUsage::handle(const Context& ctx,
                                                          const api::In<api::NoBody, Query>& in) {
  return cli::task_resource_usage(ctx, in.query.task_id, cli::UsageMemory::kMaxpss);
}

GetTaskTemplateVersionForTasks::Answer GetTaskTemplateVersionForTasks::handle(
    const Context& ctx, const api::In<api::NoBody, Query>& in) {
  if (in.query.task_id.value_or(0) == 0 && in.query.workflow_id.value_or(0) == 0) {
    throw api::InvalidUsage("Must provide either task_id or workflow_id");
  }
  return cli::GetTaskTemplateVersionForTasks::handle(ctx, in);
}

WfDetailsByWfId::Answer WfDetailsByWfId::handle(const Context& ctx, const api::In<>& in) {
  Answer out;
  for (auto& d : cli::workflow_details(ctx, in.path_int("workflow_id"))) {
    out.push_back({std::move(d.name), std::move(d.args), cli::str_or_none(d.created_date),
                   cli::str_or_none(d.status_date), std::move(d.tool_name), std::move(d.status),
                   std::move(d.status_description), std::move(d.jobmon_version)});
  }
  return out;
}

GetTaskDetails::Answer GetTaskDetails::handle(const Context& ctx, const api::In<>& in) {
  auto v3 = cli::GetTaskDetails::handle(ctx, in);
  return {{v3.taskinstances.begin(), v3.taskinstances.end()}};  // v3's rows without its fields
}

GetTaskDetailsViz::Answer GetTaskDetailsViz::handle(const Context& ctx, const api::In<>& in) {
  auto v3 = cli::GetTaskDetailsViz::handle(ctx, in);
  return {{v3.task_details.begin(), v3.task_details.end()}};  // v3's rows without its field
}

std::string template_label(char letter) {
  if (std::string_view("QKAHSUWT").find(letter) != std::string_view::npos) return "SCHEDULED";
  return cli::gui_label(letter);
}

GetWorkflowTtStatusViz::Answer GetWorkflowTtStatusViz::handle(const Context& ctx,
                                                              const api::In<>& in) {
  return cli::template_statuses(ctx, in.path_int("workflow_id"), template_label);
}

namespace {

constexpr RouteMaker kCliRoutes[] = {
    route_reading_own_body<UpdateTaskStatuses>,
    route<GetTasksRecursive>,
    route<GetTaskResourceUsage>,
    route<GetTaskTemplateVersionForTasks>,
    route<GetTaskTemplateResourceUsage>,
    route<WfDetailsByWfId>,
    route<GetTaskDetails>,
    route<GetTaskDetailsViz>,
    route<GetWorkflowTtStatusViz>,
};

}  // namespace

std::span<const RouteMaker> cli_routes() { return kCliRoutes; }

}  // namespace jobmon::routes::v2
