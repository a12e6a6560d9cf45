// Workflows: what the swarm (and the client's task API) reads while a workflow runs.
#include <regex>
#include <string>
#include <utility>

#include "common/run/run.h"
#include "jobmon/errors.h"
#include "jobmon/orm/edges.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

bool workflow_is_resumable(const Context&, orm::ReadTx& tx, std::int64_t workflow_id) {
  auto resumable = q::workflow_is_resumable(tx, workflow_id);
  if (!resumable) {
    throw api::DetailError(
        404, "Workflow with ID " + std::to_string(workflow_id) + " not found in database.");
  }
  return *resumable;
}

WorkflowIsResumable::Answer WorkflowIsResumable::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  orm::ReadTx tx(ctx.db);
  const bool resumable = workflow_is_resumable(ctx, tx, id);
  return {resumable, q::pending_kill_self(tx, id)};
}

GetMaxConcurrentlyRunning::Answer GetMaxConcurrentlyRunning::handle(const Context& ctx,
                                                                    const api::In<>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  orm::ReadTx tx(ctx.db);
  auto max = q::workflow_max_concurrently_running(tx, id);
  if (!max) {
    api::fail_with(404, api::ErrorMessage{"Workflow with ID " + std::to_string(id) +
                                          " not found in database."});
  }
  return {*max};
}

TaskStatusUpdates::Answer TaskStatusUpdates::handle(const Context& ctx, const api::In<>& in) {
  std::optional<std::string> last_sync;
  if (in.request.json != nullptr) {
    last_sync = api::read_body<Sync>(in.request).last_sync;
    // The client sends back the `time` it was given; anything else would be compared as text
    // on SQLite and refused by PostgreSQL's cast (a 500), so it is a client error.
    static const std::regex kTimeForm(R"(\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d(\.\d{1,6})?)?)");
    if (last_sync && !std::regex_match(*last_sync, kTimeForm)) {
      api::bad_field(in.request, "last_sync");
    }
  }
  orm::ReadTx tx(ctx.db);
  auto [time, by_status] = q::task_status_updates(tx, in.path_int("workflow_id"), last_sync);
  return {std::move(by_status), std::move(time)};
}

FetchWorkflowMetadata::Answer FetchWorkflowMetadata::handle(const Context& ctx,
                                                            const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto wf = q::workflow_metadata(tx, in.path_int("workflow_id"));
  if (!wf) return {};
  return {{wf->id, wf->dag_id, wf->max_concurrently_running}};
}

GetTasksFromWorkflow::Answer GetTasksFromWorkflow::handle(const Context& ctx,
                                                          const api::In<api::NoBody, Query>& in) {
  orm::ReadTx tx(ctx.db);
  auto tasks =
      q::swarm_tasks(tx, in.path_int("workflow_id"), in.query.max_task_id, in.query.chunk_size);
  Answer out;
  for (auto& t : tasks) {
    out.tasks.emplace_hint(out.tasks.end(), t.id,
                           SwarmTask{t.array_id, std::move(t.status), t.max_attempts,
                                     std::move(t.resource_scales), std::move(t.fallback_queues),
                                     std::move(t.requested_resources), std::move(t.cluster_name),
                                     std::move(t.queue_name), t.array_max_concurrently_running});
  }
  return out;
}

std::vector<q::DownstreamRow> downstream_rows(const Context& ctx,
                                              const GetDownstreamTasks::Body& body) {
  orm::ReadTx tx(ctx.db);
  return q::downstream_tasks(tx, body.task_ids, body.dag_id);
}

GetDownstreamTasks::Answer GetDownstreamTasks::handle(const Context& ctx, const api::In<Body>& in) {
  Answer out;
  for (const auto& r : downstream_rows(ctx, in.body)) {
    // Jobmon 3.4's text, whichever form was stored: its clients json.loads() it.
    std::optional<std::string> ids;
    if (r.downstream_node_ids) ids = orm::python_int_list_text(*r.downstream_node_ids);
    out.downstream_tasks.emplace_hint(out.downstream_tasks.end(), r.task_id,
                                      std::tuple{r.node_id, std::move(ids)});
  }
  return out;
}

GetTaskInstanceErrorLog::Answer GetTaskInstanceErrorLog::handle(const Context& ctx,
                                                                const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto rows = q::task_instance_error_log(tx, in.path_int("task_instance_id"));
  Answer out;
  out.task_instance_error_log.reserve(rows.size());
  for (auto& r : rows) {
    out.task_instance_error_log.emplace_back(r.id, std::move(r.error_time),
                                             std::move(r.description));
  }
  return out;
}

GetMostRecentTiError::Answer GetMostRecentTiError::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto e = q::most_recent_ti_error(tx, in.path_int("task_id"));
  return {std::move(e.description), e.task_instance_id};
}

}  // namespace jobmon::routes::run
