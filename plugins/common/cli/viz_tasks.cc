// The GUI's reads about tasks, their instances and templates (docs/api-cli-reaper.md, "The
// GUI's reads").
#include "common/cli/cli.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;

GetTaskDetails::Answer GetTaskDetails::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  Answer out;
  for (auto& ti : q::instance_details(tx, in.path_int("task_id"))) {
    Instance row;
    row.ti_id = ti.id;
    row.ti_status = std::move(ti.status_label);
    row.ti_stdout = std::move(ti.stdout_path);
    row.ti_stderr = std::move(ti.stderr_path);
    row.ti_stdout_log = std::move(ti.stdout_log);
    row.ti_stderr_log = std::move(ti.stderr_log);
    row.ti_distributor_id = std::move(ti.distributor_id);
    row.ti_nodename = std::move(ti.nodename);
    row.ti_error_log_description = std::move(ti.error);
    row.ti_wallclock = std::move(ti.wallclock);
    row.ti_maxrss = std::move(ti.maxrss);
    row.ti_resources = std::move(ti.requested_resources);
    row.ti_submit_date = iso_date(ti.submitted_date);
    row.ti_status_date = iso_date(ti.status_date);
    row.ti_queue_name = std::move(ti.queue_name);
    out.taskinstances.push_back(std::move(row));
  }
  return out;
}

GetTaskDetailsViz::Answer GetTaskDetailsViz::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto d = q::task_details(tx, in.path_int("task_id"));
  Answer out;
  if (d) {
    Task row;
    row.task_status = std::move(d->status);
    row.workflow_id = d->workflow_id;
    row.task_name = std::move(d->name);
    row.task_command = std::move(d->command);
    row.task_status_date = iso_date(d->status_date);
    row.task_template_id = d->task_template_id;
    out.task_details.push_back(std::move(row));
  }
  return out;
}

GetTaskTemplateDetailsForWorkflow::Answer GetTaskTemplateDetailsForWorkflow::handle(
    const Context& ctx, const api::In<api::NoBody, Query>& in) {
  orm::ReadTx tx(ctx.db);
  auto t = q::template_of_workflow(tx, in.query.workflow_id, in.query.task_template_id);
  if (!t) throw api::DetailError(404, "Task Template not found for the given workflow.");
  return {t->id, t->name, t->version_id};
}

}  // namespace jobmon::routes::cli
