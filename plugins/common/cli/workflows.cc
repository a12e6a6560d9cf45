// CLI routes about workflows and arrays (docs/api-cli-reaper.md, "CLI: workflows").
#include "common/cli/cli.h"
#include "common/cli/helpers.h"
#include "jobmon/orm/queries/cli.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;

namespace {

std::int64_t retries(std::int64_t num_attempts) { return num_attempts <= 1 ? 0 : num_attempts - 1; }

}  // namespace

GetWorkflowValidationStatus::Answer GetWorkflowValidationStatus::handle(const Context& ctx,
                                                                        const api::In<Body>& in) {
  if (in.body.task_ids.empty()) return {true, {}};
  orm::ReadTx tx(ctx.db);
  auto rows = q::workflows_of_tasks(tx, in.body.task_ids);
  // Valid when every task is in one workflow and that workflow is finished (F, D, A or H).
  const bool valid = rows.size() == 1 && rows[0].status.size() == 1 &&
                     std::string("FDAH").find(rows[0].status) != std::string::npos;
  Answer out{valid, std::optional<std::string>()};
  if (!rows.empty()) out.workflow_status = std::optional(rows[0].status);
  return out;
}

GetWorkflowTasks::Answer GetWorkflowTasks::handle(const Context& ctx,
                                                  const api::In<api::NoBody, Query>& in) {
  const std::int64_t limit = in.query.limit;
  const std::string letters = task_letters(in.query.status, in.request);
  orm::ReadTx tx(ctx.db);
  auto rows = q::workflow_tasks(tx, in.path_int("workflow_id"), letters, limit > 0 ? limit : 0);
  // A negative limit slices from the end, as Python's res[:limit] does.
  if (limit < 0) {
    const auto drop = static_cast<std::size_t>(-limit);
    rows.resize(rows.size() > drop ? rows.size() - drop : 0);
  }
  Answer out;
  for (const auto& t : rows) {
    out.workflow_tasks.rows.push_back({t.id, t.name, cli_label(t.status), retries(t.num_attempts)});
  }
  return out;
}

GetWorkflowUserValidation::Answer GetWorkflowUserValidation::handle(const Context& ctx,
                                                                    const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  const std::string& username = in.path("username");
  bool found = false;
  for (const auto& user : q::workflow_run_users(tx, in.path_int("workflow_id"))) {
    found = found || (user && *user == username);
  }
  return {found};
}

GetWorkflowRunForWorkflowReset::Answer GetWorkflowRunForWorkflowReset::handle(const Context& ctx,
                                                                              const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto run = q::latest_error_run(tx, in.path_int("workflow_id"));
  if (run && run->user && *run->user == in.path("username")) return {run->id};
  return {};
}

ResetWorkflow::Answer ResetWorkflow::handle(const Context& ctx, const api::In<>& in) {
  const bool partial =
      !in.request.body.empty() && truthy(api::read_body<OwnBody>(in.request).partial_reset);
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::reset_workflow(tx, in.path_int("workflow_id"), partial);
  });
  return {};
}

GetArrayTaskInstances::Answer GetArrayTaskInstances::handle(const Context& ctx,
                                                            const api::In<api::NoBody, Query>& in) {
  const auto& name = in.query.array_name;
  const auto& job = in.query.job_name;
  orm::ReadTx tx(ctx.db);
  // Empty names filter nothing (the reference tests them for truth).
  auto rows = q::array_tasks(tx, in.path_int("workflow_id"),
                             name.empty() ? std::nullopt : std::optional(name),
                             job && job->empty() ? std::nullopt : job, in.query.limit.value_or(5));
  Answer out;
  for (auto& r : rows) {
    out.array_tasks.push_back({r.task_id, std::move(r.task_name), std::move(r.array_name),
                               r.task_instance_id, std::move(r.stdout_path),
                               std::move(r.stderr_path)});
  }
  return out;
}

}  // namespace jobmon::routes::cli
