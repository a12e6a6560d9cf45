// Batch transitions: read every row once, plan in memory with fsm.h's planner (the same tables
// and cascades as single transitions), then write grouped UPDATEs (one per distinct outcome).
#include "run_batch.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <optional>

#include "bound_statement.h"
#include "dialect.h"
#include "query_support.h"
#include "sql_errors.h"

namespace jobmon::orm {

namespace {

using detail::column;
using detail::id_list;
using detail::IdAndStatus;
using detail::select_from;

struct TaskRow {
  std::int64_t id = 0;
  std::string status;
  std::int64_t num_attempts = 0;
  std::optional<std::int64_t> max_attempts;
  static constexpr auto columns() {
    return std::tuple{column("id", &TaskRow::id), column("status", &TaskRow::status),
                      column("num_attempts", &TaskRow::num_attempts),
                      column("max_attempts", &TaskRow::max_attempts)};
  }
};
constexpr auto kTasksIn = select_from<TaskRow>(" FROM task WHERE id IN (");
constexpr auto kInstancesIn = select_from<IdAndStatus>(" FROM task_instance WHERE id IN (");

std::map<std::int64_t, TaskState> read_tasks(WriteTx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, TaskState> out;
  if (ids.empty()) return out;
  detail::BoundStatement q;
  q.rows<TaskRow>(session_of(tx), kTasksIn + id_list(ids) + ")", [&](const TaskRow& row) {
    auto status = parse_status<TaskStatus>(std::string_view(row.status));
    if (!status) throw DatabaseError("task with unknown status");
    out[row.id] = TaskState{row.id, *status, static_cast<int>(row.num_attempts),
                            static_cast<int>(row.max_attempts.value_or(1))};
  });
  return out;
}

// `changed` holds the new states, `before` the states read under the locks. Grouped by
// (status, attempts added), so a batch costs one UPDATE per distinct outcome however many
// distinct attempt counts its tasks have.
void write_tasks(WriteTx& tx, const std::map<std::int64_t, TaskState>& before,
                 const std::map<std::int64_t, TaskState>& changed) {
  std::map<std::pair<char, int>, std::vector<std::int64_t>> groups;
  for (const auto& [id, t] : changed) {
    groups[{letter(t.status), t.num_attempts - before.at(id).num_attempts}].push_back(id);
    tx.note_transition("task", letter(before.at(id).status), letter(t.status), id);
  }
  for (const auto& [outcome, ids] : groups) {
    std::string attempts =
        outcome.second == 0 ? ""
                            : ", num_attempts = num_attempts + " + std::to_string(outcome.second);
    session_of(tx) << "UPDATE task SET status = '" + std::string(1, outcome.first) + "'" +
                          attempts + ", status_date = " + detail::now_sql(tx.backend()) +
                          " WHERE id IN (" + id_list(ids) + ")";
  }
}

}  // namespace

std::vector<TaskInstancePlan> transition_task_instances(
    const std::vector<LockedTaskInstance>& instances, TaskInstanceStatus to, CascadePolicy policy,
    const std::string& also_set) {
  std::vector<TaskInstancePlan> applied;
  if (instances.empty()) return applied;
  WriteTx& tx = instances.front().tx();
  try {
    std::vector<std::int64_t> ti_ids, task_ids;
    std::map<std::int64_t, std::int64_t> task_of;
    for (const auto& ti : instances) {
      if (&ti.tx() != &tx) throw std::logic_error("instances of different transactions");
      ti_ids.push_back(ti.id());
      task_ids.push_back(ti.task_id());
      task_of[ti.id()] = ti.task_id();
    }
    std::sort(ti_ids.begin(), ti_ids.end());
    std::map<std::int64_t, TaskInstanceStatus> current;
    detail::BoundStatement q;
    q.rows<IdAndStatus>(session_of(tx), kInstancesIn + id_list(ti_ids) + ")",
                        [&](const IdAndStatus& row) {
                          auto s = parse_status<TaskInstanceStatus>(std::string_view(row.status));
                          if (!s) throw DatabaseError("task_instance with unknown status");
                          current[row.id] = *s;
                        });
    const std::map<std::int64_t, TaskState> before = read_tasks(tx, task_ids);
    std::map<std::int64_t, TaskState> tasks = before;
    std::map<std::int64_t, TaskState> changed_tasks;
    std::vector<std::int64_t> changed_instances;
    for (std::int64_t id : ti_ids) {
      auto cur = current.find(id);
      auto task = tasks.find(task_of[id]);
      if (cur == current.end() || task == tasks.end()) continue;
      TaskInstancePlan plan;
      try {
        plan = plan_task_instance_transition(id, cur->second, to, task->second);
      } catch (const InvalidTransition&) {
        if (policy != CascadePolicy::kInstanceOnly || !is_valid(cur->second, to)) continue;
        plan = TaskInstancePlan{id, cur->second, to, false, std::nullopt};  // instance only
      }
      if (plan.untimely) continue;
      if (plan.task) {
        task->second.status = plan.task->to;
        task->second.num_attempts = plan.task->num_attempts;
        changed_tasks[task->first] = task->second;
      }
      changed_instances.push_back(id);
      applied.push_back(plan);
    }
    write_tasks(tx, before, changed_tasks);
    if (!changed_instances.empty()) {
      session_of(tx) << "UPDATE task_instance SET status = '" + std::string(1, letter(to)) +
                            "', status_date = " + detail::now_sql(tx.backend()) + also_set +
                            " WHERE id IN (" + id_list(changed_instances) + ")";
      for (const TaskInstancePlan& p : applied) {
        tx.note_transition("task_instance", letter(p.from), letter(p.to), p.task_instance_id);
      }
    }
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error&) {
    detail::rethrow_as_orm_error();
  }
  return applied;
}

std::vector<std::int64_t> transition_tasks(const std::vector<LockedTask>& tasks, TaskStatus to) {
  std::vector<std::int64_t> changed;
  if (tasks.empty()) return changed;
  WriteTx& tx = tasks.front().tx();
  try {
    std::vector<std::int64_t> ids;
    for (const auto& t : tasks) ids.push_back(t.id());
    const std::map<std::int64_t, TaskState> before = read_tasks(tx, ids);
    std::map<std::int64_t, TaskState> states = before;
    std::map<std::int64_t, TaskState> updated;
    for (auto& [id, state] : states) {
      try {
        TaskPlan plan = plan_task_transition(state, {to});
        state.status = plan.to;
        state.num_attempts = plan.num_attempts;
        updated[id] = state;
        changed.push_back(id);
      } catch (const InvalidTransition&) {
      }
    }
    write_tasks(tx, before, updated);
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error&) {
    detail::rethrow_as_orm_error();
  }
  return changed;
}

}  // namespace jobmon::orm
