#include "common/reaper/reaper.h"

#include <utility>

#include "jobmon/orm/queries/reaper.h"

namespace jobmon::routes::reaper {

namespace q = orm::queries;

FixWfInconsistency::Answer FixWfInconsistency::handle(const Context& ctx, const api::In<Body>& in) {
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.wfid = q::fix_status_inconsistency(tx, in.path_int("workflow_id"), in.body.increase_step)
                   .next_start;
  });
  return out;
}

GetWfNameAndArgs::Answer GetWfNameAndArgs::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto wf = q::workflow_name_and_args(tx, in.path_int("workflow_id"));
  if (!wf) return {};
  return {std::move(wf->name), std::move(wf->args)};
}

GetLostWorkflowRuns::Answer GetLostWorkflowRuns::handle(const Context& ctx,
                                                        const api::In<api::NoBody, Query>& in) {
  orm::ReadTx tx(ctx.db);
  Answer out;
  for (const auto& [run, wf] : q::lost_workflow_runs(tx, in.query.status, in.query.version)) {
    out.workflow_runs.emplace_back(run, wf);
  }
  return out;
}

q::Reaped reap_workflow_run(const Context& ctx, std::int64_t workflow_run_id) {
  q::Reaped reaped;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    reaped = q::reap_workflow_run(tx, workflow_run_id, ctx.db.heartbeat().grace_seconds());
  });
  return reaped;
}

ReapWorkflowRun::Answer ReapWorkflowRun::handle(const Context& ctx, const api::In<>& in) {
  q::Reaped reaped = reap_workflow_run(ctx, in.path_int("workflow_run_id"));
  Answer out;
  out.status = std::move(reaped.status);
  if (reaped.kill_self_remaining) out.kill_self_remaining.emplace(*reaped.kill_self_remaining);
  return out;
}

}  // namespace jobmon::routes::reaper
