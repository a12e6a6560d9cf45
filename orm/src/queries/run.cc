#include "jobmon/orm/queries/run.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "bound_statement.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/fsm.h"
#include "query_support.h"
#include "sql_errors.h"

namespace jobmon::orm::queries {

namespace {

using detail::BoundStatement;
using detail::guarded;
using detail::id_list;
using detail::row_int;
using detail::row_is_null;
using detail::row_text;

std::string now(WriteTx& tx) { return detail::now_sql(tx.backend()); }

std::vector<std::int64_t> query_ids(soci::session& sql, const std::string& query) {
  std::vector<std::int64_t> out;
  BoundStatement q;
  q.query(sql, query, [&](const soci::row& r) { out.push_back(row_int(r, 0)); });
  return out;
}

// (task_instance id, task id) pairs matching a WHERE clause on task_instance.
std::vector<std::pair<std::int64_t, std::int64_t>> instances_where(soci::session& sql,
                                                                   const std::string& where) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  BoundStatement q;
  q.query(sql, "SELECT id, task_id FROM task_instance WHERE " + where + " ORDER BY id",
          [&](const soci::row& r) { out.emplace_back(row_int(r, 0), row_int(r, 1)); });
  return out;
}

// Locks the parent Tasks of the given instances (ascending), then the instances themselves
// (ascending), keeping only those still matching `statuses` once locked.
std::vector<LockedTaskInstance> lock_instances(
    WriteTx& tx, const std::vector<std::pair<std::int64_t, std::int64_t>>& instances,
    const std::string& statuses) {
  std::vector<std::int64_t> task_ids;
  std::set<std::int64_t> wanted;
  for (const auto& [ti, task] : instances) {
    task_ids.push_back(task);
    wanted.insert(ti);
  }
  auto tasks = tx.lock_tasks(task_ids);
  std::vector<LockedTaskInstance> out;
  for (auto& ti : tx.lock_task_instances(tasks, statuses)) {
    if (wanted.count(ti.id())) out.push_back(ti);
  }
  return out;
}

// One instance, its Task locked first.
LockedTaskInstance lock_one(WriteTx& tx, std::int64_t ti_id) {
  auto task = tx.lock_task(tx.parent_task_of(ti_id));
  return tx.lock_task_instance(task, ti_id);
}

void set_fields(WriteTx& tx, std::int64_t ti_id, const OptionalFields& f) {
  BoundStatement upd;
  std::string set;
  auto add = [&](const char* col, const std::optional<std::string>& v) {
    if (v) set += std::string(set.empty() ? "" : ", ") + col + " = " + upd.bind(*v);
  };
  add("distributor_id", f.distributor_id);
  add("nodename", f.nodename);
  add("stdout", f.stdout_text);
  add("stderr", f.stderr_text);
  add("stdout_log", f.stdout_log);
  add("stderr_log", f.stderr_log);
  if (f.process_group_id) {
    set += std::string(set.empty() ? "" : ", ") +
           "process_group_id = " + upd.bind(*f.process_group_id);
  }
  if (set.empty()) return;
  upd.execute(tx.sql(), "UPDATE task_instance SET " + set + " WHERE id = " + std::to_string(ti_id));
}

void add_error_log(WriteTx& tx, std::int64_t ti_id, const std::string& description) {
  BoundStatement ins;
  std::string p = ins.bind(description);
  ins.execute(tx.sql(),
              "INSERT INTO task_instance_error_log (task_instance_id, description, "
              "error_time) VALUES (" +
                  std::to_string(ti_id) + ", " + p + ", " + now(tx) + ")");
}

std::string ti_status(WriteTx& tx, std::int64_t ti_id) {
  return std::string(1, letter(read_task_instance_status(tx, ti_id)));
}

TaskInstanceStatus parse_ti(const std::string& s) {
  auto status = parse_status<TaskInstanceStatus>(std::string_view(s));
  if (!status) throw InvalidTransition("unknown task instance status '" + s + "'");
  return *status;
}

// The reference's _update_task_instance_state: "" when the transition happened or was untimely,
// else a warning naming the refused transition.
std::string transition_with_message(const LockedTaskInstance& ti, TaskInstanceStatus to) {
  TaskInstanceStatus from = read_task_instance_status(ti.tx(), ti.id());
  try {
    transition_task_instance(ti, to);
    return "";
  } catch (const InvalidTransition&) {
    std::string f(1, letter(from)), t(1, letter(to));
    if (from == to) {
      return "Attempting to transition to existing state.Not transitioning task, tid= " +
             std::to_string(ti.id()) + " from " + f + " to " + t;
    }
    return "Illegal state transition. Not transitioning task, tid=" + std::to_string(ti.id()) +
           ", from " + f + " to " + t;
  }
}

bool alive(const std::string& s) {
  return s == "L" || s == "B" || s == "R" || s == "C" || s == "H";
}

}  // namespace

// ---- workflow runs ------------------------------------------------------------------------

LinkResult create_workflow_run(WriteTx& tx, std::int64_t workflow_id, const std::string& user,
                               const std::string& jobmon_version, const std::string& server_version,
                               double increment) {
  return guarded([&] {
    LinkResult result;
    std::optional<LockedWorkflow> wf;
    try {
      wf = tx.lock_workflow(workflow_id);
    } catch (const NotFound&) {
      result.err_msg = "No workflow exists for ID " + std::to_string(workflow_id);
      return result;
    }
    auto workflow = find_workflow(tx, workflow_id);
    BoundStatement ins;
    std::string values = "VALUES (" + std::to_string(workflow_id) + ", " + ins.bind(user) + ", " +
                         ins.bind(jobmon_version) + ", " + ins.bind(server_version) + ", 'G', " +
                         now(tx) + ", " + now(tx) + ", " + now(tx) + ")";
    ins.execute(tx.sql(),
                "INSERT INTO workflow_run (workflow_id, \"user\", jobmon_version, "
                "jobmon_server_version, status, created_date, status_date, "
                "heartbeat_date) " +
                    values);
    auto runs = workflow_runs_of(tx, workflow_id);
    std::int64_t new_id = runs.back().id;
    bool linking =
        std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.status == "L"; });
    bool any_alive =
        std::any_of(runs.begin(), runs.end(), [](const auto& r) { return alive(r.status); });
    bool resumable = workflow->created_date.has_value() && !any_alive;
    bool ready =
        workflow->status != "Q" && workflow->status != "R" && workflow->status != "D" && resumable;
    std::optional<std::int64_t> current;
    if (!linking && ready) {
      heartbeat_workflow_run(*wf, new_id, WorkflowRunStatus::kLinking, increment);
      current = new_id;
    } else if (!linking) {
      for (const auto& r : runs) {
        if (alive(r.status)) {
          current = r.id;
          break;
        }
      }
    } else {
      current = runs.front().id;
    }
    if (current == new_id) {
      result.workflow_run_id = new_id;
      result.status = "L";
      return result;
    }
    result.err_msg =
        current ? "WorkflowRun " + std::to_string(*current) + " is currentlylinking, WorkflowRun " +
                      std::to_string(new_id) + " will be aborted."
                : "Workflow " + std::to_string(workflow_id) + " is not in a resume-able state";
    // The refused run is not kept (the reference leaves it behind in status G).
    tx.sql() << "DELETE FROM workflow_run WHERE id = " + std::to_string(new_id);
    return result;
  });
}

namespace {

WorkflowRunStatus parse_run_status(const std::string& s) {
  auto status = parse_status<WorkflowRunStatus>(std::string_view(s));
  if (!status) throw InvalidTransition("unknown workflow run status '" + s + "'");
  return *status;
}

std::pair<LockedWorkflow, std::int64_t> lock_run(WriteTx& tx, std::int64_t run_id) {
  auto run = find_workflow_run(tx, run_id);
  if (!run) {
    throw NotFound("WorkflowRun " + std::to_string(run_id) + " not found");
  }
  return {tx.lock_workflow(run->workflow_id), run_id};
}

std::string run_status(WriteTx& tx, std::int64_t run_id) {
  return find_workflow_run(tx, run_id)->status;
}

}  // namespace

std::string update_workflow_run_status(WriteTx& tx, std::int64_t run_id,
                                       const std::string& status) {
  return guarded([&] {
    WorkflowRunStatus to = parse_run_status(status);
    auto [wf, id] = lock_run(tx, run_id);
    try {
      transition_workflow_run(wf, id, to);
    } catch (const InvalidTransition&) {
      // Refused transitions are ignored; the caller compares the returned status.
    }
    return run_status(tx, run_id);
  });
}

std::string log_workflow_run_heartbeat(WriteTx& tx, std::int64_t run_id, const std::string& status,
                                       double increment) {
  return guarded([&] {
    WorkflowRunStatus to = parse_run_status(status);
    auto [wf, id] = lock_run(tx, run_id);
    try {
      heartbeat_workflow_run(wf, id, to, increment);
    } catch (const InvalidTransition&) {
    }
    return run_status(tx, run_id);
  });
}

IdsByStatus sync_status(ReadTx& tx, std::int64_t run_id, const std::vector<std::int64_t>& ids,
                        const std::string& status) {
  return guarded([&] {
    IdsByStatus out;
    BoundStatement q;
    std::string s = q.bind(status);
    std::string where = "workflow_run_id = " + std::to_string(run_id) + " AND ";
    if (ids.empty()) {
      where += "status = " + s;
    } else {
      std::string s2 = q.bind(status);
      where += "((id IN (" + id_list(ids) + ") AND status <> " + s + ") OR (id NOT IN (" +
               id_list(ids) + ") AND status = " + s2 + "))";
    }
    q.query(tx.sql(),
            "SELECT status, id FROM task_instance WHERE " + where + " ORDER BY status, id",
            [&](const soci::row& r) { out[row_text(r, 0)].push_back(row_int(r, 1)); });
    return out;
  });
}

namespace {

// Keeps the locked instances that still satisfy `condition` now that they are locked (a
// concurrent request may have changed them between the first look and the lock).
std::vector<LockedTaskInstance> still(WriteTx& tx, const std::vector<LockedTaskInstance>& locked,
                                      const std::string& condition) {
  if (locked.empty()) return {};
  std::vector<std::int64_t> ids;
  for (const auto& ti : locked) ids.push_back(ti.id());
  auto keep = query_ids(
      tx.sql(), "SELECT id FROM task_instance WHERE id IN (" + id_list(ids) + ") AND " + condition);
  std::set<std::int64_t> k(keep.begin(), keep.end());
  std::vector<LockedTaskInstance> out;
  for (const auto& ti : locked) {
    if (k.count(ti.id())) out.push_back(ti);
  }
  return out;
}

}  // namespace

void set_status_for_triaging(WriteTx& tx, std::int64_t run_id) {
  guarded([&] {
    std::string overdue = "report_by_date <= " + now(tx);
    auto candidates = instances_where(tx.sql(), "workflow_run_id = " + std::to_string(run_id) +
                                                    " AND status IN ('O','R') AND " + overdue);
    auto locked = still(tx, lock_instances(tx, candidates, "OR"), overdue);
    // R -> T and O -> X; each call leaves the instances it does not apply to unchanged.
    transition_task_instances(locked, TaskInstanceStatus::kTriaging);
    transition_task_instances(locked, TaskInstanceStatus::kNoHeartbeat);
    return 0;
  });
}

void terminate_task_instances(WriteTx& tx, std::int64_t run_id) {
  guarded([&] {
    auto run = find_workflow_run(tx, run_id);
    if (!run) {
      throw NotFound("WorkflowRun " + std::to_string(run_id) + " not found");
    }
    // A hot resume leaves running instances alone; a cold one kills them too.
    std::string task_states = run->status == "H" ? "('O')" : "('O','R')";
    auto candidates = instances_where(
        tx.sql(),
        "task_id IN (SELECT id FROM task WHERE workflow_id = " + std::to_string(run->workflow_id) +
            " AND status IN " + task_states + ") AND status IN ('Q','I','O','R')");
    auto locked = lock_instances(tx, candidates, "QIOR");
    auto applied = transition_task_instances(locked, TaskInstanceStatus::kKillSelf);
    for (const auto& plan : applied) {
      add_error_log(tx, plan.task_instance_id,
                    std::string("Workflow resume requested. Setting to K from status of: ") +
                        letter(plan.from));
    }
    return 0;
  });
}

// ---- arrays -------------------------------------------------------------------------------

IdsByStatus queue_task_batch(WriteTx& tx, std::int64_t array_id,
                             const std::vector<std::int64_t>& task_ids,
                             std::int64_t task_resources_id, std::int64_t workflow_run_id) {
  return guarded([&] {
    auto locked = tx.lock_tasks(task_ids);
    // G/A -> Q (num_attempts + 1). Tasks already queued are not queued again, so a replayed
    // request creates no second batch (the reference's did).
    auto queued = transition_tasks(locked, TaskStatus::kQueued);
    if (!queued.empty()) {
      std::sort(queued.begin(), queued.end());
      long long batch = 0;
      soci::indicator ind = soci::i_ok;
      tx.sql() << "SELECT MAX(array_batch_num) FROM task_instance WHERE array_id = :a",
          soci::use(static_cast<long long>(array_id)), soci::into(batch, ind);
      batch = ind == soci::i_null ? 1 : batch + 1;
      std::string values;
      for (std::size_t step = 0; step < queued.size(); ++step) {
        values += (values.empty() ? "VALUES (" : ", (") + std::to_string(queued[step]) + ", " +
                  std::to_string(workflow_run_id) + ", " + std::to_string(array_id) + ", " +
                  std::to_string(task_resources_id) + ", " + std::to_string(batch) + ", " +
                  std::to_string(step) + ", 'Q', " + now(tx) + ")";
      }
      tx.sql() << "INSERT INTO task_instance (task_id, workflow_run_id, array_id, "
                  "task_resources_id, array_batch_num, array_step_id, status, status_date) " +
                      values;
    }
    IdsByStatus out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT status, id FROM task WHERE id IN (" + id_list(task_ids) + ") ORDER BY status, id",
        [&](const soci::row& r) { out[row_text(r, 0)].push_back(row_int(r, 1)); });
    return out;
  });
}

void transition_to_launched(WriteTx& tx, std::int64_t array_id, std::int64_t batch_number,
                            double increment) {
  guarded([&] {
    std::string batch = "array_id = " + std::to_string(array_id) +
                        " AND array_batch_num = " + std::to_string(batch_number);
    auto locked = lock_instances(tx, instances_where(tx.sql(), batch + " AND status = 'I'"), "I");
    auto applied = transition_task_instances(locked, TaskInstanceStatus::kLaunched);
    std::vector<std::int64_t> ids;
    for (const auto& p : applied) ids.push_back(p.task_instance_id);
    if (!ids.empty()) {
      tx.sql() << "UPDATE task_instance SET submitted_date = " + now(tx) + ", report_by_date = " +
                      detail::now_plus_seconds_sql(tx.backend(), increment) + " WHERE id IN (" +
                      id_list(ids) + ")";
    }
    return 0;
  });
}

void transition_to_killed(WriteTx& tx, std::int64_t array_id, std::int64_t batch_number) {
  guarded([&] {
    std::string batch = "array_id = " + std::to_string(array_id) +
                        " AND array_batch_num = " + std::to_string(batch_number);
    auto locked = lock_instances(tx, instances_where(tx.sql(), batch + " AND status = 'K'"), "K");
    // K -> F; the Task follows (E then F) when it is LAUNCHED or RUNNING. A Task in any other
    // state (e.g. G after a resume reset) is left as it is, as the reference does.
    transition_task_instances(locked, TaskInstanceStatus::kErrorFatal,
                              CascadePolicy::kInstanceOnly);
    return 0;
  });
}

void set_distributor_ids(WriteTx& tx, std::int64_t array_id,
                         const std::map<std::int64_t, std::string>& ids) {
  if (ids.empty()) return;
  guarded([&] {
    BoundStatement upd;
    std::string cases;
    std::vector<std::int64_t> keys;
    for (const auto& [ti, dist] : ids) {
      cases += " WHEN id = " + std::to_string(ti) + " THEN " + upd.bind(dist);
      keys.push_back(ti);
    }
    upd.execute(tx.sql(), "UPDATE task_instance SET distributor_id = CASE" + cases +
                              " ELSE distributor_id END WHERE id IN (" + id_list(keys) +
                              ") AND array_id = " + std::to_string(array_id));
    return 0;
  });
}

std::optional<std::int64_t> array_max_concurrently_running(ReadTx& tx,
                                                           std::optional<std::int64_t> array_id,
                                                           std::optional<std::int64_t> workflow_id,
                                                           std::optional<std::int64_t> ttv_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    std::string where =
        array_id ? "id = " + std::to_string(*array_id)
                 : "workflow_id = " + std::to_string(workflow_id.value_or(0)) +
                       " AND task_template_version_id = " + std::to_string(ttv_id.value_or(0));
    auto v = query_ids(tx.sql(), "SELECT max_concurrently_running FROM \"array\" WHERE " + where);
    if (v.size() != 1) return std::nullopt;
    return v.front();
  });
}

// ---- task instances ---------------------------------------------------------------------

std::vector<Batch> instantiate_task_instances(WriteTx& tx, const std::vector<std::int64_t>& ids) {
  return guarded([&] {
    std::vector<Batch> out;
    if (ids.empty()) return out;
    auto locked =
        lock_instances(tx, instances_where(tx.sql(), "id IN (" + id_list(ids) + ")"), "Q");
    transition_task_instances(locked, TaskInstanceStatus::kInstantiated);
    // Every listed instance now INSTANTIATED (also those instantiated by an earlier, retried
    // call), grouped by batch in first-seen order.
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT ti.array_id, a.name, ti.array_batch_num, ti.task_resources_id, ti.id FROM "
            "task_instance ti JOIN \"array\" a ON ti.array_id = a.id WHERE ti.id IN (" +
                id_list(ids) + ") AND ti.status = 'I' ORDER BY ti.id",
            [&](const soci::row& r) {
              std::int64_t a = row_int(r, 0), b = row_int(r, 2), res = row_int(r, 3);
              std::string name = row_text(r, 1);
              auto it = std::find_if(out.begin(), out.end(), [&](const Batch& x) {
                return x.array_id == a && x.batch_number == b && x.array_name == name &&
                       x.task_resources_id == res;
              });
              if (it == out.end()) {
                out.push_back({a, name, b, res, {}});
                it = out.end() - 1;
              }
              it->task_instance_ids.push_back(row_int(r, 4));
            });
    return out;
  });
}

RunningInstance log_running(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields,
                            double increment) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    try {
      transition_task_instance(ti, TaskInstanceStatus::kRunning);
      tx.sql() << "UPDATE task_instance SET report_by_date = " +
                      detail::now_plus_seconds_sql(tx.backend(), increment) +
                      " WHERE id = " + std::to_string(ti_id);
    } catch (const InvalidTransition&) {
      // A worker starting late: the instance was killed (K -> F) or stopped heartbeating
      // (X -> E); already RUNNING stays as it is.
      TaskInstanceStatus s = read_task_instance_status(tx, ti_id);
      if (s == TaskInstanceStatus::kKillSelf) {
        transition_task_instance(ti, TaskInstanceStatus::kErrorFatal);
      } else if (s == TaskInstanceStatus::kNoHeartbeat) {
        transition_task_instance(ti, TaskInstanceStatus::kError);
      }
    }
    RunningInstance out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT ti.id, ti.status, ti.workflow_run_id, ti.task_id, t.name, t.command, "
            "t.workflow_id, tr.requested_resources FROM task_instance ti JOIN task t ON "
            "ti.task_id = t.id LEFT JOIN task_resources tr ON ti.task_resources_id = tr.id "
            "WHERE ti.id = " +
                std::to_string(ti_id),
            [&](const soci::row& r) {
              out = {row_int(r, 0), row_text(r, 1), row_int(r, 2),  row_int(r, 3),
                     row_int(r, 6), row_text(r, 4), row_text(r, 5), std::nullopt};
              if (!row_is_null(r, 7)) out.requested_resources = row_text(r, 7);
            });
    return out;
  });
}

std::string log_report_by(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields,
                          double increment) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    tx.sql() << "UPDATE task_instance SET report_by_date = " +
                    detail::now_plus_seconds_sql(tx.backend(), increment) +
                    " WHERE id = " + std::to_string(ti_id);
    if (read_task_instance_status(tx, ti_id) == TaskInstanceStatus::kTriaging) {
      // Back from triage: T -> R. Its Task is normally still RUNNING, so the cascade (R -> R)
      // does not apply; the reference answered 500 here and the worker retried until triage
      // ended (docs/compatibility.md).
      transition_task_instances({ti}, TaskInstanceStatus::kRunning, CascadePolicy::kInstanceOnly);
    }
    return ti_status(tx, ti_id);
  });
}

void log_report_by_batch(WriteTx& tx, const std::vector<std::int64_t>& ids, double increment) {
  if (ids.empty()) return;
  guarded([&] {
    // No status changes: only the deadline of LAUNCHED instances moves.
    tx.sql() << "UPDATE task_instance SET report_by_date = " +
                    detail::now_plus_seconds_sql(tx.backend(), increment) + " WHERE id IN (" +
                    id_list(ids) + ") AND status = 'O'";
    return 0;
  });
}

std::string log_done(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    try {
      transition_task_instance(ti, TaskInstanceStatus::kDone);
    } catch (const InvalidTransition&) {
      // Refused (e.g. already DONE on a replay): the status returned tells the worker.
    }
    return ti_status(tx, ti_id);
  });
}

std::string log_error_worker_node(WriteTx& tx, std::int64_t ti_id, const std::string& error_state,
                                  const std::string& description, const OptionalFields& fields) {
  return guarded([&] {
    TaskInstanceStatus to = parse_ti(error_state);
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    try {
      auto plan = transition_task_instance(ti, to);
      bool replay = false;
      if (plan.untimely && plan.from == to) {
        // A retried request (the client retries 5xx): its error is already logged.
        BoundStatement q;
        q.query(tx.sql(),
                "SELECT description FROM task_instance_error_log WHERE task_instance_id = " +
                    std::to_string(ti_id) + " ORDER BY id DESC LIMIT 1",
                [&](const soci::row& r) { replay = row_text(r, 0) == description; });
      }
      if (!replay) add_error_log(tx, ti_id, description);
    } catch (const InvalidTransition&) {
    }
    return ti_status(tx, ti_id);
  });
}

std::string log_no_distributor_id(WriteTx& tx, std::int64_t ti_id, const std::string& message) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    std::string warning = transition_with_message(ti, TaskInstanceStatus::kNoDistributorId);
    add_error_log(tx, ti_id, message);
    return warning;
  });
}

std::string log_distributor_id(WriteTx& tx, std::int64_t ti_id, const std::string& distributor_id,
                               double increment) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    std::string warning = transition_with_message(ti, TaskInstanceStatus::kLaunched);
    BoundStatement upd;
    std::string p = upd.bind(distributor_id);
    upd.execute(tx.sql(), "UPDATE task_instance SET distributor_id = " + p + ", report_by_date = " +
                              detail::now_plus_seconds_sql(tx.backend(), increment) +
                              " WHERE id = " + std::to_string(ti_id));
    return warning;
  });
}

std::optional<std::string> log_known_error(WriteTx& tx, std::int64_t ti_id,
                                           const std::string& error_state,
                                           const std::string& error_message,
                                           const OptionalFields& fields, bool only_if_overdue) {
  return guarded([&]() -> std::optional<std::string> {
    TaskInstanceStatus to = parse_ti(error_state);
    auto ti = lock_one(tx, ti_id);
    if (only_if_overdue &&
        query_ids(tx.sql(), "SELECT id FROM task_instance WHERE id = " + std::to_string(ti_id) +
                                " AND report_by_date <= " + now(tx))
            .empty()) {
      return std::nullopt;
    }
    set_fields(tx, ti_id, fields);
    add_error_log(tx, ti_id, error_message);
    return transition_with_message(ti, to);
  });
}

std::vector<ErrorLogRow> task_instance_error_log(ReadTx& tx, std::int64_t ti_id) {
  return guarded([&] {
    std::vector<ErrorLogRow> out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT id, error_time, description FROM task_instance_error_log WHERE "
            "task_instance_id = " +
                std::to_string(ti_id) + " ORDER BY id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_text(r, 1).substr(0, 19), row_text(r, 2)});
            });
    return out;
  });
}

std::vector<std::int64_t> array_task_instance_ids(ReadTx& tx, std::int64_t array_id,
                                                  std::int64_t batch, std::int64_t step) {
  return guarded([&] {
    return query_ids(tx.sql(),
                     "SELECT id FROM task_instance WHERE array_id = " + std::to_string(array_id) +
                         " AND array_batch_num = " + std::to_string(batch) +
                         " AND array_step_id = " + std::to_string(step));
  });
}

// ---- workflows ------------------------------------------------------------------------------

namespace {

// Workflow.is_resumable over the given runs' statuses.
bool resumable(const model::Workflow& wf, const std::vector<std::string>& run_statuses) {
  bool any_alive = std::any_of(run_statuses.begin(), run_statuses.end(), alive);
  return wf.created_date.has_value() && !any_alive;
}

std::vector<std::string> run_statuses(soci::session& sql, std::int64_t workflow_id) {
  std::vector<std::string> out;
  BoundStatement q;
  q.query(sql,
          "SELECT status FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
              " ORDER BY id",
          [&](const soci::row& r) { out.push_back(row_text(r, 0)); });
  return out;
}

}  // namespace

std::optional<bool> workflow_is_resumable(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<bool> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return resumable(*wf, run_statuses(tx.sql(), workflow_id));
  });
}

std::optional<std::int64_t> workflow_max_concurrently_running(ReadTx& tx,
                                                              std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    auto v = query_ids(tx.sql(), "SELECT max_concurrently_running FROM workflow WHERE id = " +
                                     std::to_string(workflow_id));
    if (v.empty()) return std::nullopt;
    return v.front();
  });
}

std::pair<std::string, IdsByStatus> task_status_updates(
    ReadTx& tx, std::int64_t workflow_id, const std::optional<std::string>& last_sync) {
  return guarded([&] {
    std::string time;
    BoundStatement clock;
    std::string now_text =
        tx.backend() == Backend::kPostgresql ? "to_char(LOCALTIMESTAMP, 'YYYY-MM-DD HH24:MI:SS')"
        : tx.backend() == Backend::kMysql    ? "DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')"
                                             : "CURRENT_TIMESTAMP";
    clock.query(tx.sql(), "SELECT " + now_text, [&](const soci::row& r) { time = row_text(r, 0); });
    IdsByStatus out;
    BoundStatement q;
    std::string where = "workflow_id = " + std::to_string(workflow_id);
    if (last_sync) {
      std::string p = q.bind(*last_sync);
      where += " AND status_date >= " +
               (tx.backend() == Backend::kPostgresql ? "CAST(" + p + " AS TIMESTAMP)" : p);
    }
    q.query(tx.sql(), "SELECT status, id FROM task WHERE " + where + " ORDER BY id",
            [&](const soci::row& r) { out[row_text(r, 0)].push_back(row_int(r, 1)); });
    return std::make_pair(time, out);
  });
}

std::optional<WorkflowMetadata> workflow_metadata(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<WorkflowMetadata> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return WorkflowMetadata{wf->id, wf->dag_id, wf->max_concurrently_running};
  });
}

std::vector<SwarmTask> swarm_tasks(ReadTx& tx, std::int64_t workflow_id, std::int64_t max_task_id,
                                   std::int64_t chunk_size) {
  return guarded([&] {
    std::vector<SwarmTask> out;
    std::string wf = std::to_string(workflow_id);
    std::int64_t floor = max_task_id;
    if (max_task_id == 0) {
      auto v = query_ids(tx.sql(),
                         "SELECT COALESCE(MIN(id) - 1, 0) FROM task WHERE workflow_id = " + wf);
      floor = v.empty() ? 0 : v.front();
    }
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT t.id, t.array_id, t.status, t.max_attempts, t.resource_scales, "
        "t.fallback_queues, tr.requested_resources, c.name, qu.name, a.max_concurrently_running "
        "FROM task t JOIN \"array\" a ON t.array_id = a.id JOIN task_resources tr ON "
        "t.task_resources_id = tr.id LEFT JOIN queue qu ON tr.queue_id = qu.id LEFT JOIN "
        "cluster c ON qu.cluster_id = c.id WHERE t.workflow_id = " +
            wf + " AND t.status <> 'D' AND t.id > " + std::to_string(floor) +
            " ORDER BY t.id LIMIT " + std::to_string(chunk_size),
        [&](const soci::row& r) {
          auto opt = [&](std::size_t i) -> std::optional<std::string> {
            if (row_is_null(r, i)) return std::nullopt;
            return row_text(r, i);
          };
          SwarmTask t;
          t.id = row_int(r, 0);
          if (!row_is_null(r, 1)) t.array_id = row_int(r, 1);
          t.status = row_text(r, 2);
          t.max_attempts = row_int(r, 3);
          t.resource_scales = opt(4);
          t.fallback_queues = opt(5);
          t.requested_resources = opt(6);
          t.cluster_name = opt(7);
          t.queue_name = opt(8);
          if (!row_is_null(r, 9)) t.array_max_concurrently_running = row_int(r, 9);
          out.push_back(std::move(t));
        });
    return out;
  });
}

std::vector<DownstreamRow> downstream_tasks(ReadTx& tx, const std::vector<std::int64_t>& task_ids,
                                            std::int64_t dag_id) {
  return guarded([&] {
    std::vector<DownstreamRow> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT t.id, t.node_id, e.downstream_node_ids FROM task t JOIN edge e ON "
            "t.node_id = e.node_id WHERE e.dag_id = " +
                std::to_string(dag_id) + " AND t.id IN (" + id_list(task_ids) + ") ORDER BY t.id",
            [&](const soci::row& r) {
              DownstreamRow d{row_int(r, 0), row_int(r, 1), std::nullopt};
              if (!row_is_null(r, 2)) d.downstream_node_ids = row_text(r, 2);
              out.push_back(d);
            });
    return out;
  });
}

std::optional<std::string> newest_run_user(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::string> {
    std::optional<std::string> user;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT \"user\" FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
                " ORDER BY id DESC LIMIT 1",
            [&](const soci::row& r) { user = row_text(r, 0); });
    return user;
  });
}

bool resume_workflow(WriteTx& tx, std::int64_t workflow_id, bool reset_running_jobs) {
  return guarded([&] {
    std::optional<LockedWorkflow> wf;
    try {
      wf = tx.lock_workflow(workflow_id);
    } catch (const NotFound&) {
      return false;
    }
    for (const auto& run : workflow_runs_of(tx, workflow_id)) {
      if (run.status == "B" || run.status == "R") {
        transition_workflow_run(
            *wf, run.id,
            reset_running_jobs ? WorkflowRunStatus::kColdResume : WorkflowRunStatus::kHotResume);
        break;
      }
    }
    return true;
  });
}

int set_workflow_max_concurrently_running(WriteTx& tx, std::int64_t workflow_id,
                                          std::int64_t max_tasks) {
  return guarded([&] {
    auto exists =
        query_ids(tx.sql(), "SELECT id FROM workflow WHERE id = " + std::to_string(workflow_id));
    if (exists.empty()) return 0;
    tx.sql() << "UPDATE workflow SET max_concurrently_running = " + std::to_string(max_tasks) +
                    " WHERE id = " + std::to_string(workflow_id);
    return 1;
  });
}

std::vector<std::string> workflow_status_labels(ReadTx& tx) {
  return guarded([&] {
    std::vector<std::string> out;
    BoundStatement q;
    q.query(tx.sql(), "SELECT DISTINCT label FROM workflow_status ORDER BY label",
            [&](const soci::row& r) { out.push_back(row_text(r, 0)); });
    return out;
  });
}

bool reset_tasks_for_resume(WriteTx& tx, std::int64_t workflow_id, bool reset_if_running) {
  return guarded([&] {
    auto wf = find_workflow(tx, workflow_id);
    if (wf && !resumable(*wf, run_statuses(tx.sql(), workflow_id))) return false;
    // A status write outside the state machines (MODEL.md 6.6), still under the Task locks.
    std::string keep = reset_if_running ? "('D','G')" : "('D','G','R')";
    auto ids = query_ids(tx.sql(), "SELECT id FROM task WHERE workflow_id = " +
                                       std::to_string(workflow_id) + " AND status NOT IN " + keep);
    auto locked = tx.lock_tasks(ids);
    if (locked.empty()) return true;
    std::vector<std::int64_t> locked_ids;
    for (const auto& t : locked) locked_ids.push_back(t.id());
    tx.sql() << "UPDATE task SET status = 'G', num_attempts = 0, status_date = " + now(tx) +
                    " WHERE id IN (" + id_list(locked_ids) + ") AND status NOT IN " + keep;
    return true;
  });
}

TaskError most_recent_ti_error(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    TaskError out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT ti.id, el.description FROM task_instance_error_log el JOIN task_instance ti "
            "ON el.task_instance_id = ti.id WHERE ti.task_id = " +
                std::to_string(task_id) + " ORDER BY ti.id DESC, el.id DESC LIMIT 1",
            [&](const soci::row& r) {
              out.task_instance_id = row_int(r, 0);
              out.description = row_text(r, 1);
            });
    return out;
  });
}

}  // namespace jobmon::orm::queries
