#pragma once
// Handlers of the CLI routes (internal to the route library); cli_table.cc lists them.
#include "jobmon/plugin_api.h"
#include "jobmon/routes/route_table.h"

namespace jobmon::routes::cli {

// cli_workflow_routes.cc
api::Response workflow_validation(const Context& ctx, const api::Request& req);
api::Response workflow_tasks(const Context& ctx, const api::Request& req);
api::Response validate_username(const Context& ctx, const api::Request& req);
api::Response validate_for_workflow_reset(const Context& ctx, const api::Request& req);
api::Response reset_workflow(const Context& ctx, const api::Request& req);
api::Response workflow_status(const Context& ctx, const api::Request& req);
api::Response array_tasks(const Context& ctx, const api::Request& req);

// cli_task_routes.cc
api::Response task_status(const Context& ctx, const api::Request& req);
api::Response task_subdag(const Context& ctx, const api::Request& req);
api::Response update_task_statuses(const Context& ctx, const api::Request& req);
api::Response task_dependencies(const Context& ctx, const api::Request& req);
api::Response tasks_recursive(const Context& ctx, const api::Request& req);
api::Response task_resource_usage(const Context& ctx, const api::Request& req);

// cli_task_template_routes.cc
api::Response task_template_version(const Context& ctx, const api::Request& req);
api::Response requested_cores(const Context& ctx, const api::Request& req);
api::Response most_popular_queue(const Context& ctx, const api::Request& req);
api::Response task_template_resource_usage(const Context& ctx, const api::Request& req);

// cli_viz_routes.cc (the GUI's reads)
api::Response workflow_status_viz(const Context& ctx, const api::Request& req);
api::Response workflow_overview_viz(const Context& ctx, const api::Request& req);
api::Response task_table_viz(const Context& ctx, const api::Request& req);
api::Response workflow_details_viz(const Context& ctx, const api::Request& req);
api::Response task_instance_details_viz(const Context& ctx, const api::Request& req);
api::Response task_details_viz(const Context& ctx, const api::Request& req);
api::Response task_template_details(const Context& ctx, const api::Request& req);
api::Response workflow_tt_status_viz(const Context& ctx, const api::Request& req);
api::Response tt_error_log_viz(const Context& ctx, const api::Request& req);
api::Response task_template_resource_viz(const Context& ctx, const api::Request& req);

}  // namespace jobmon::routes::cli
