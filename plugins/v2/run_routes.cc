#include "v2/run_routes.h"

#include <utility>

namespace jobmon::routes::v2 {

WorkflowIsResumable::Answer WorkflowIsResumable::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  return {run::workflow_is_resumable(ctx, tx, in.path_int("workflow_id"))};
}

TerminateWorkflowRun::Answer TerminateWorkflowRun::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t run_id = in.path_int("workflow_run_id");
  run::terminate_task_instances(ctx, run_id);
  return {run_id};
}

ReapWorkflowRun::Answer ReapWorkflowRun::handle(const Context& ctx, const api::In<>& in) {
  return {reaper::reap_workflow_run(ctx, in.path_int("workflow_run_id")).status};
}

LogDistributorId::Answer LogDistributorId::handle(const Context& ctx, const api::In<Body>& in) {
  return {run::log_distributor_id(ctx, in).warning};
}

namespace {
constexpr RouteMaker kRoutes[] = {route<WorkflowIsResumable>, route<TerminateWorkflowRun>,
                                  route<ReapWorkflowRun>, route<LogDistributorId>};
}  // namespace

std::span<const RouteMaker> run_routes() { return kRoutes; }

}  // namespace jobmon::routes::v2
