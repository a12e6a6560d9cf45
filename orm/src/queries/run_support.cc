// The run path's shared query helpers (run_support.h).
#include "run_support.h"

#include <algorithm>
#include <map>
#include <set>

namespace jobmon::orm::queries::run_support {

std::string now(WriteTx& tx) { return detail::now_sql(tx.backend()); }

std::vector<std::int64_t> query_ids(soci::session& sql, const std::string& query) {
  std::vector<std::int64_t> out;
  BoundStatement q;
  q.values<std::int64_t>(sql, query, [&](std::int64_t id) { out.push_back(id); });
  return out;
}

namespace {

using InstanceOfTask = std::pair<std::int64_t, std::int64_t>;  // (task_instance id, task id)
struct InstanceOfTaskColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &InstanceOfTask::first),
                      column("task_id", &InstanceOfTask::second)};
  }
};
constexpr auto kInstancesWhere = select_from<InstanceOfTaskColumns>(" FROM task_instance WHERE ");

}  // namespace

// (task_instance id, task id) pairs matching a WHERE clause on task_instance.
std::vector<std::pair<std::int64_t, std::int64_t>> instances_where(soci::session& sql,
                                                                   const std::string& where) {
  BoundStatement q;
  return q.all<InstanceOfTaskColumns>(sql, kInstancesWhere + where + " ORDER BY id");
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
  return tx.lock_task_instance_and_parent(ti_id);
}

namespace {

// `values` as a BoundStatement's :p0, :p1, ...
BoundStatement bound(const std::vector<std::string>& values) {
  BoundStatement b;
  for (const std::string& v : values) b.bind(v);
  b.keep_prepared();  // an UPDATE of one row by its id (see run_support.h)
  return b;
}

}  // namespace

// Runs an UPDATE whose text values are bound as :p0, :p1, ... and returns the rows it matched.
long long execute_counting(soci::session& sql, const std::string& text,
                           const std::vector<std::string>& values) {
  BoundStatement b = bound(values);
  detail::Statement st(sql);
  st.alloc();
  b.prepare(st, sql, text);
  st.execute(true);
  return st.get_affected_rows();
}

std::optional<std::string> update_returning_status(soci::session& sql, const std::string& update,
                                                   const std::vector<std::string>& values) {
  std::string status;
  soci::indicator ind = soci::i_null;
  BoundStatement b = bound(values);
  detail::Statement st(sql);
  st.alloc();
  st.exchange(soci::into(status, ind));
  b.prepare(st, sql, update + " RETURNING status");
  if (!st.execute(true) || ind == soci::i_null) return std::nullopt;
  return status;
}

namespace {
// Calls fn(column, value) for each optional field present.
template <class Fn>
void for_each_present(const OptionalFields& f, Fn fn) {
  auto each = [&](const char* col, const std::optional<std::string>& v) {
    if (v) fn(col, *v);
  };
  each("distributor_id", f.distributor_id);
  each("nodename", f.nodename);
  each("stdout", f.stdout_text);
  each("stderr", f.stderr_text);
  each("stdout_log", f.stdout_log);
  each("stderr_log", f.stderr_log);
  each("process_group_id", f.process_group_id);
}
}  // namespace

// ", col = :pN, ..." for the optional fields present (absent ones keep their stored value).
std::string present_fields(const OptionalFields& f, std::vector<std::string>& values) {
  std::string set;
  for_each_present(f, [&](const char* col, const std::string& v) {
    set += std::string(", ") + col + " = :p" + std::to_string(values.size());
    values.push_back(v);
  });
  return set;
}

std::string fields_unchanged(Backend backend, const OptionalFields& f,
                             std::vector<std::string>& values) {
  std::string where;
  for_each_present(f, [&](const char* col, const std::string& v) {
    const std::string p = ":p" + std::to_string(values.size());
    // MySQL compares texts by their collation (case and trailing blanks aside): bytes instead.
    where += backend == Backend::kMysql
                 ? std::string(" AND CAST(") + col + " AS BINARY) = CAST(" + p + " AS BINARY)"
                 : std::string(" AND ") + col + " = " + p;
    values.push_back(v);
  });
  return where;
}

// Whether this instance already has an error-log row with exactly this description: a client
// retry (5xx/423 are retried, POSTs included) must not log the same error twice.
bool error_already_logged(WriteTx& tx, std::int64_t ti_id, const std::string& description) {
  BoundStatement q;
  std::string p = q.bind(description);
  bool found = false;
  q.values<std::int64_t>(session_of(tx),
                         "SELECT id FROM task_instance_error_log WHERE task_instance_id = " +
                             std::to_string(ti_id) + " AND description = " + p,
                         [&](std::int64_t) { found = true; });
  return found;
}

void set_fields(WriteTx& tx, std::int64_t ti_id, const OptionalFields& f) {
  std::vector<std::string> values;
  std::string set = present_fields(f, values);
  if (set.empty()) return;
  execute_counting(
      session_of(tx),
      "UPDATE task_instance SET " + set.substr(2) + " WHERE id = " + std::to_string(ti_id), values);
}

void add_error_log(WriteTx& tx, std::int64_t ti_id, const std::string& description) {
  BoundStatement ins;
  std::string p = ins.bind(description);
  ins.execute(session_of(tx),
              "INSERT INTO task_instance_error_log (task_instance_id, description, "
              "error_time) VALUES (" +
                  std::to_string(ti_id) + ", " + p + ", " + now(tx) + ")");
}

namespace {
struct InstanceStatusLetter {
  std::int64_t id = 0;
  std::string status;
  static constexpr auto columns() {
    return std::tuple{column("id", &InstanceStatusLetter::id),
                      column("status", &InstanceStatusLetter::status)};
  }
};
constexpr auto kInstanceStatusLetters =
    select_from<InstanceStatusLetter>(" FROM task_instance WHERE id IN (");
}  // namespace

Cleanup clean_up_resumed_run(WriteTx& tx, std::int64_t run_id, bool hot, const std::string& who,
                             bool with_kill_self) {
  return clean_up_instances(tx, "workflow_run_id = " + std::to_string(run_id),
                            std::string(hot ? "QIO" : "QIOR") + (with_kill_self ? "K" : ""), who,
                            with_kill_self);
}

Cleanup clean_up_instances(WriteTx& tx, const std::string& where, const std::string& live,
                           const std::string& who, bool with_kill_self) {
  std::string in;
  for (char c : live) in += std::string(in.empty() ? "'" : ",'") + c + "'";
  auto candidates = instances_where(session_of(tx), "(" + where + ") AND status IN (" + in + ")");
  std::vector<std::int64_t> candidate_tasks;
  std::set<std::int64_t> wanted;
  for (const auto& [ti, task] : candidates) {
    candidate_tasks.push_back(task);
    wanted.insert(ti);
  }
  const std::vector<LockedTask> tasks = tx.lock_tasks(candidate_tasks);
  std::vector<LockedTaskInstance> locked;
  for (auto& ti : tx.lock_task_instances(tasks, live)) {
    if (wanted.count(ti.id())) locked.push_back(ti);
  }
  Cleanup done;
  if (locked.empty()) return done;
  std::vector<std::int64_t> ids;
  for (const auto& ti : locked) ids.push_back(ti.id());
  std::map<std::int64_t, char> status_of;
  BoundStatement read;
  read.rows<InstanceStatusLetter>(
      session_of(tx), kInstanceStatusLetters + id_list(ids) + ")",
      [&](const InstanceStatusLetter& row) { status_of[row.id] = row.status[0]; });
  std::vector<LockedTaskInstance> unlaunched, launched;
  for (const auto& ti : locked) {
    const char s = status_of[ti.id()];
    if (s == 'K') {
      done.kill_self.push_back(ti);
    } else {
      (s == 'Q' || s == 'I' ? unlaunched : launched).push_back(ti);
    }
  }
  // Q, I -> F, written directly (the machine has no such pair), then the Tasks' error cascade.
  if (!unlaunched.empty()) {
    std::vector<std::int64_t> fatal;
    std::set<std::int64_t> task_ids;
    for (const auto& ti : unlaunched) {
      fatal.push_back(ti.id());
      task_ids.insert(ti.task_id());
      add_error_log(tx, ti.id(),
                    who + " Setting to ERROR_FATAL from status: " + status_of[ti.id()] +
                        " (no worker to clean up)");
      tx.note_transition("task_instance", status_of[ti.id()], 'F', ti.id());
    }
    session_of(tx) << "UPDATE task_instance SET status = 'F', status_date = " + now(tx) +
                          " WHERE id IN (" + id_list(fatal) + ")";
    std::vector<LockedTask> parents;
    for (const auto& t : tasks) {
      if (task_ids.count(t.id())) parents.push_back(t);
    }
    const auto erred_ids = transition_tasks(parents, TaskStatus::kErrorRecoverable);
    std::vector<LockedTask> erred;
    for (const auto& t : parents) {
      if (std::find(erred_ids.begin(), erred_ids.end(), t.id()) != erred_ids.end()) {
        erred.push_back(t);
      }
    }
    transition_tasks(erred, TaskStatus::kErrorFatal);
    done.fatal = std::move(fatal);
  }
  for (const auto& plan : transition_task_instances(launched, TaskInstanceStatus::kKillSelf)) {
    add_error_log(tx, plan.task_instance_id,
                  who + " Setting to KILL_SELF from status: " + letter(plan.from));
    done.killed.push_back(plan.task_instance_id);
    for (const auto& ti : launched) {
      if (with_kill_self && ti.id() == plan.task_instance_id) done.kill_self.push_back(ti);
    }
  }
  return done;
}

std::vector<std::int64_t> finish_kill_self(const std::vector<LockedTaskInstance>& locked,
                                           const std::string& description) {
  std::vector<std::int64_t> moved;
  if (locked.empty()) return moved;
  WriteTx& tx = locked.front().tx();
  for (const auto& plan : transition_task_instances(locked, TaskInstanceStatus::kErrorFatal,
                                                    CascadePolicy::kInstanceOnly)) {
    add_error_log(tx, plan.task_instance_id, description);
    moved.push_back(plan.task_instance_id);
  }
  return moved;
}

std::string ti_status(WriteTx& tx, std::int64_t ti_id) {
  return std::string(1, letter(read_task_instance_status(tx, ti_id)));
}

TaskInstanceStatus parse_ti(const std::string& s) {
  auto status = parse_status<TaskInstanceStatus>(std::string_view(s));
  if (!status) throw InvalidTransition("unknown task instance status '" + s + "'");
  return *status;
}

bool fail_instance_of_finished_task(const LockedTaskInstance& ti, TaskInstanceStatus to) {
  using S = TaskInstanceStatus;
  if (to != S::kNoDistributorId && to != S::kError && to != S::kUnknownError &&
      to != S::kResourceError && to != S::kErrorFatal) {
    return false;
  }
  WriteTx& tx = ti.tx();
  const TaskStatus task = read_task_state(tx, ti.task_id()).status;
  if (task != TaskStatus::kDone && task != TaskStatus::kErrorFatal) return false;
  const TaskInstanceStatus from = read_task_instance_status(tx, ti.id());
  if (!is_valid(from, to) || is_untimely(from, to)) return false;
  session_of(tx) << "UPDATE task_instance SET status = 'F', status_date = " + now(tx) +
                        " WHERE id = " + std::to_string(ti.id());
  tx.note_transition("task_instance", letter(from), 'F', ti.id());
  return true;
}

// The reference's _update_task_instance_state: "" when the transition happened or was untimely,
// else a warning naming the refused transition.
std::string transition_with_message(const LockedTaskInstance& ti, TaskInstanceStatus to) {
  try {
    if (fail_instance_of_finished_task(ti, to)) return "";
    transition_task_instance(ti, to);
    return "";
  } catch (const InvalidTransition&) {
    // A refused transition wrote nothing: the stored status is the one it was refused from.
    TaskInstanceStatus from = read_task_instance_status(ti.tx(), ti.id());
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

// Keeps the locked instances that still satisfy `condition` now that they are locked (a
// concurrent request may have changed them between the first look and the lock).
std::vector<LockedTaskInstance> still(WriteTx& tx, const std::vector<LockedTaskInstance>& locked,
                                      const std::string& condition) {
  if (locked.empty()) return {};
  std::vector<std::int64_t> ids;
  for (const auto& ti : locked) ids.push_back(ti.id());
  auto keep = query_ids(session_of(tx), "SELECT id FROM task_instance WHERE id IN (" +
                                            id_list(ids) + ") AND " + condition);
  std::set<std::int64_t> k(keep.begin(), keep.end());
  std::vector<LockedTaskInstance> out;
  for (const auto& ti : locked) {
    if (k.count(ti.id())) out.push_back(ti);
  }
  return out;
}

}  // namespace jobmon::orm::queries::run_support
