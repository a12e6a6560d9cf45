// CLI routes about tasks: their instances, DAG walks and resource usage (docs/api-cli-reaper.md,
// "CLI: tasks"). PUT /task/update_statuses is in task_statuses.cc.
#include <set>

#include "common/cli/cli.h"
#include "common/cli/helpers.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;

namespace {

std::vector<std::tuple<GetTaskDependencies::Task>> task_list(std::vector<q::TaskSummary> tasks) {
  std::vector<std::tuple<GetTaskDependencies::Task>> out;
  for (auto& t : tasks) out.emplace_back(GetTaskDependencies::Task{t.id, t.status, t.name});
  return out;
}

}  // namespace

GetTaskStatus::Answer GetTaskStatus::handle(const Context& ctx,
                                            const api::In<api::NoBody, Query>& in) {
  const std::string letters = instance_letters(in.query.status, in.request);
  orm::ReadTx tx(ctx.db);
  Answer out;
  // STATUS is the instance status' label (QUEUED, RUNNING, ...): the reference's relabelling
  // maps letters, which never match a label, so the labels go out as they are.
  for (auto& r : q::task_instance_statuses(tx, in.query.task_ids, letters)) {
    out.task_instance_status.rows.push_back(
        {r.task_id, std::move(r.task_status), r.task_instance_id, std::move(r.distributor_id),
         std::move(r.status_label), std::move(r.usage), std::move(r.stdout_path),
         std::move(r.stderr_path), std::move(r.error)});
  }
  return out;
}

GetTaskSubdag::Answer GetTaskSubdag::handle(const Context& ctx, const api::In<Body>& in) {
  if (!in.body.task_ids || in.body.task_ids->empty()) {
    throw api::InvalidUsage(std::string("Missing ") + (in.body.task_ids ? "[]" : "None") +
                            " in request");
  }
  const IdList& ids = *in.body.task_ids;
  std::string statuses;  // "D,G,": the letters to keep; empty: every task
  for (const auto& s : in.body.task_status.value_or(std::vector<std::string>{})) {
    statuses += s + ",";
  }
  orm::ReadTx tx(ctx.db);
  auto places = q::task_places(tx, ids);
  if (places.empty()) return {};
  // The tasks are meant to share one workflow (the CLI checks first); the first one's counts.
  const auto& first = places.front();
  std::set<std::int64_t> nodes;
  for (const auto& p : places) {
    if (p.workflow_id == first.workflow_id && p.dag_id == first.dag_id) nodes.insert(p.node_id);
  }
  auto reached = q::reachable_nodes(tx, first.dag_id, nodes, q::Direction::kDown);
  Answer out;
  out.workflow_id = first.workflow_id;
  auto& sub_task = out.sub_task.emplace();
  for (auto& t : q::tasks_on_nodes(tx, first.workflow_id, reached)) {
    if (!statuses.empty() && statuses.find(t.status + ",") == std::string::npos) continue;
    sub_task.emplace(t.id, std::tuple{std::move(t.status), std::move(t.name)});
  }
  return out;
}

GetTaskDependencies::Answer GetTaskDependencies::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto places = q::task_places(tx, {in.path_int("task_id")});
  Answer out;
  if (!places.empty()) {
    const auto& p = places.front();
    auto neighbours = [&](q::Direction d) {
      return task_list(
          q::tasks_on_nodes(tx, p.workflow_id, q::neighbour_nodes(tx, p.dag_id, {p.node_id}, d)));
    };
    out.up = neighbours(q::Direction::kUp);
    out.down = neighbours(q::Direction::kDown);
  }
  return out;
}

q::RecursiveTasks tasks_recursive(const Context& ctx, const api::In<GetTasksRecursive::Body>& in) {
  const auto direction = in.path("direction") == "up" ? q::Direction::kUp : q::Direction::kDown;
  const IdList ids = in.body.task_ids.value_or(IdList{});
  orm::ReadTx tx(ctx.db);
  return q::tasks_recursive(tx, std::set<std::int64_t>(ids.begin(), ids.end()), direction);
}

GetTasksRecursive::Answer GetTasksRecursive::handle(const Context& ctx, const api::In<Body>& in) {
  auto found = tasks_recursive(ctx, in);
  if (found.distinct_workflows != 1) {
    const IdList ids = in.body.task_ids.value_or(IdList{});
    throw api::InvalidUsage(python_set({ids.begin(), ids.end()}) +
                            " in request belong to different workflow_ids ");
  }
  return {{found.task_ids.begin(), found.task_ids.end()}};
}

GetTaskResourceUsage::Answer task_resource_usage(const Context& ctx, std::int64_t task_id,
                                                 UsageMemory memory) {
  orm::ReadTx tx(ctx.db);
  auto usage = q::task_resource_usage(tx, task_id, memory == UsageMemory::kMaxrss);
  if (!usage) return {};
  return {{usage->num_attempts, usage->nodename, usage->wallclock, usage->memory}};
}

GetTaskResourceUsage::Answer GetTaskResourceUsage::handle(const Context& ctx,
                                                          const api::In<api::NoBody, Query>& in) {
  return task_resource_usage(ctx, in.query.task_id, UsageMemory::kMaxrss);
}

}  // namespace jobmon::routes::cli
