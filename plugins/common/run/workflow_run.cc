// Workflow runs: created and linked by the swarm, heartbeated, and synced with the distributor.
#include "common/run/run.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

AddWorkflowRun::Answer AddWorkflowRun::handle(const Context& ctx, const api::In<Body>& in) {
  const Body& b = in.body;
  q::LinkResult link;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    // The database's configured server version: a reference reaper finds runs by it.
    link = q::create_workflow_run(tx, b.workflow_id, b.user, b.jobmon_version,
                                  ctx.db.server_version(), b.next_report_increment);
  });
  Answer out;
  if (link.err_msg.empty()) {
    out.workflow_run_id = link.workflow_run_id;
    out.status = std::move(link.status);
  } else {
    out.err_msg = std::move(link.err_msg);
  }
  return out;
}

LogWorkflowRunStatusUpdate::Answer LogWorkflowRunStatusUpdate::handle(const Context& ctx,
                                                                      const api::In<Body>& in) {
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.status = q::update_workflow_run_status(tx, in.path_int("workflow_run_id"), in.body.status);
  });
  return out;
}

LogWorkflowRunHeartbeat::Answer LogWorkflowRunHeartbeat::handle(const Context& ctx,
                                                                const api::In<Body>& in) {
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.status = q::log_workflow_run_heartbeat(tx, in.path_int("workflow_run_id"), in.body.status,
                                               in.body.next_report_increment);
  });
  return out;
}

TaskInstancesStatusCheck::Answer TaskInstancesStatusCheck::handle(const Context& ctx,
                                                                  const api::In<Body>& in) {
  orm::ReadTx tx(ctx.db);
  Answer out;
  out.time = q::database_time(tx);
  out.status_updates =
      q::sync_status(tx, in.path_int("workflow_run_id"), in.body.task_instance_ids, in.body.status);
  return out;
}

void set_status_for_triaging(const Context& ctx, std::int64_t workflow_run_id,
                             double launched_grace_seconds) {
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::set_status_for_triaging(tx, workflow_run_id, launched_grace_seconds);
  });
}

SetStatusForTriaging::Answer SetStatusForTriaging::handle(const Context& ctx, const api::In<>& in) {
  set_status_for_triaging(ctx, in.path_int("workflow_run_id"), 0);
  return {};
}

std::int64_t terminate_task_instances(const Context& ctx, std::int64_t workflow_run_id) {
  std::size_t moved = 0;
  orm::with_write_tx(
      ctx.db, [&](orm::WriteTx& tx) { moved = q::terminate_task_instances(tx, workflow_run_id); });
  return static_cast<std::int64_t>(moved);
}

TerminateWorkflowRun::Answer TerminateWorkflowRun::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t run_id = in.path_int("workflow_run_id");
  return {run_id, terminate_task_instances(ctx, run_id)};
}

}  // namespace jobmon::routes::run
