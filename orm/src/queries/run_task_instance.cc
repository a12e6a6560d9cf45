// Task instances (docs/api-contract.md §5.7): the distributor's and the worker's reports.
#include <algorithm>
#include <set>

#include "jobmon/orm/queries/run.h"
#include "run_support.h"

namespace jobmon::orm::queries {

using namespace run_support;  // NOLINT: the run path's shared helpers

// ---- task instances ---------------------------------------------------------------------

namespace {

// An instance of a batch it belongs to.
struct BatchRow {
  std::int64_t array_id = 0;
  std::string array_name;
  std::int64_t batch_number = 0, task_resources_id = 0, task_instance_id = 0;
  static constexpr auto columns() {
    return std::tuple{column("ti.array_id", &BatchRow::array_id),
                      column("a.name", &BatchRow::array_name),
                      column("ti.array_batch_num", &BatchRow::batch_number),
                      column("ti.task_resources_id", &BatchRow::task_resources_id),
                      column("ti.id", &BatchRow::task_instance_id)};
  }
};
constexpr auto kBatchRowsIn = select_from<BatchRow>(
    " FROM task_instance ti JOIN \"array\" a ON ti.array_id = a.id WHERE ti.id IN (");

}  // namespace

std::vector<Batch> instantiate_task_instances(WriteTx& tx, const std::vector<std::int64_t>& ids) {
  return guarded([&] {
    std::vector<Batch> out;
    if (ids.empty()) return out;
    auto locked =
        lock_instances(tx, instances_where(session_of(tx), "id IN (" + id_list(ids) + ")"), "Q");
    transition_task_instances(locked, TaskInstanceStatus::kInstantiated);
    // Every listed instance now INSTANTIATED (also those instantiated by an earlier, retried
    // call), grouped by batch in first-seen order.
    BoundStatement q;
    q.rows<BatchRow>(
        session_of(tx), kBatchRowsIn + id_list(ids) + ") AND ti.status = 'I' ORDER BY ti.id",
        [&](BatchRow row) {
          auto it = std::find_if(out.begin(), out.end(), [&](const Batch& x) {
            return x.array_id == row.array_id && x.batch_number == row.batch_number &&
                   x.array_name == row.array_name && x.task_resources_id == row.task_resources_id;
          });
          if (it == out.end()) {
            out.push_back({row.array_id,
                           std::move(row.array_name),
                           row.batch_number,
                           row.task_resources_id,
                           {}});
            it = out.end() - 1;
          }
          it->task_instance_ids.push_back(row.task_instance_id);
        });
    return out;
  });
}

namespace {

struct RunningColumns {
  static constexpr auto columns() {
    return std::tuple{column("ti.id", &RunningInstance::id),
                      column("ti.status", &RunningInstance::status),
                      column("ti.workflow_run_id", &RunningInstance::workflow_run_id),
                      column("ti.task_id", &RunningInstance::task_id),
                      column("t.name", &RunningInstance::task_name),
                      column("t.command", &RunningInstance::command),
                      column("t.workflow_id", &RunningInstance::workflow_id),
                      column("tr.requested_resources", &RunningInstance::requested_resources)};
  }
};
constexpr auto kRunningInstance = select_from<RunningColumns>(
    " FROM task_instance ti JOIN task t ON ti.task_id = t.id LEFT JOIN task_resources tr ON "
    "ti.task_resources_id = tr.id WHERE ti.id = ");

// The UPDATE of a worker's deadline and the fields it reported (log_running, log_report_by), the
// text values it binds in `values`.
std::string report_by_update(Backend backend, std::int64_t ti_id, const OptionalFields& fields,
                             double increment, std::vector<std::string>& values) {
  // The id is bound, not inlined: the text is then the same for every instance, one statement
  // a PostgreSQL connection keeps (kept_statements.h).
  std::string set = present_fields(fields, values);
  values.push_back(std::to_string(ti_id));
  return "UPDATE task_instance SET report_by_date = " +
         detail::now_plus_seconds_sql(backend, increment) + set + " WHERE id = :p" +
         std::to_string(values.size() - 1);
}

}  // namespace

RunningInstance log_running(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields,
                            double increment) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    // The reported fields are stored whether or not the instance starts running; when it does,
    // together with its deadline (one UPDATE; the transition reads and writes only statuses).
    try {
      transition_task_instance(ti, TaskInstanceStatus::kRunning);
      std::vector<std::string> values;
      execute_counting(session_of(tx),
                       report_by_update(tx.backend(), ti_id, fields, increment, values), values);
    } catch (const InvalidTransition&) {
      set_fields(tx, ti_id, fields);
      // A worker starting late: the instance was killed (K -> F) or stopped heartbeating
      // (X -> E); already RUNNING stays as it is. Its Task already finished: the instance goes
      // F, the Task stays (docs/compatibility.md J8).
      TaskInstanceStatus s = read_task_instance_status(tx, ti_id);
      if (s == TaskInstanceStatus::kKillSelf) {
        if (!fail_instance_of_finished_task(ti, TaskInstanceStatus::kErrorFatal)) {
          transition_task_instance(ti, TaskInstanceStatus::kErrorFatal);
        }
      } else if (s == TaskInstanceStatus::kNoHeartbeat) {
        if (!fail_instance_of_finished_task(ti, TaskInstanceStatus::kError)) {
          transition_task_instance(ti, TaskInstanceStatus::kError);
        }
      }
    }
    RunningInstance out;
    BoundStatement q;
    q.keep_prepared();  // by the instance's id
    q.rows<RunningColumns>(session_of(tx), kRunningInstance + q.bind(std::to_string(ti_id)),
                           [&](RunningInstance row) { out = std::move(row); });
    return out;
  });
}

namespace {

// The UPDATE of a heartbeat from a worker that reports what it reported before (it resends its
// stdout, stderr and distributor_id every time): only the deadline is written, the fields are
// matched in the WHERE, so no other column (indexed ones included) is rewritten. A row whose
// fields differ matches nothing, and report_by_update's UPDATE writes them.
std::string deadline_only_update(Backend backend, std::int64_t ti_id, const OptionalFields& fields,
                                 double increment, std::vector<std::string>& values) {
  values.push_back(std::to_string(ti_id));
  return "UPDATE task_instance SET report_by_date = " +
         detail::now_plus_seconds_sql(backend, increment) + " WHERE id = :p0" +
         fields_unchanged(backend, fields, values);
}

// Runs an UPDATE of the instance's row unless it is TRIAGING, answering the status (RETURNING on
// SQLite and PostgreSQL; MySQL has none for UPDATE: a read after it). nullopt when it matched no
// row.
std::optional<std::string> update_unless_triaging(Backend backend, soci::session& sql,
                                                  std::int64_t ti_id, const std::string& update,
                                                  const std::vector<std::string>& values) {
  const std::string guarded_update = update + " AND status <> 'T'";
  if (backend != Backend::kMysql) return update_returning_status(sql, guarded_update, values);
  if (execute_counting(sql, guarded_update, values) != 1) return std::nullopt;
  return std::string(1, letter(detail::read_task_instance_status(sql, ti_id)));
}

// The heartbeat of an instance that is not TRIAGING changes no status, so it needs no Task lock:
// one UPDATE of the instance's row (the deadline alone when the fields are as stored, else
// report_by_update's), answering the status. nullopt when it matched no row: TRIAGING, or no
// such instance.
std::optional<std::string> report_by_unless_triaging(Backend backend, soci::session& sql,
                                                     std::int64_t ti_id,
                                                     const OptionalFields& fields,
                                                     double increment) {
  std::vector<std::string> values;
  const std::string deadline = deadline_only_update(backend, ti_id, fields, increment, values);
  if (auto status = update_unless_triaging(backend, sql, ti_id, deadline, values)) return status;
  if (values.size() == 1) return std::nullopt;  // no fields: the same UPDATE again is no use
  values.clear();
  const std::string update = report_by_update(backend, ti_id, fields, increment, values);
  return update_unless_triaging(backend, sql, ti_id, update, values);
}

// The common heartbeat on PostgreSQL or MySQL, autocommitted: each UPDATE holds the row's lock
// while it runs, so BEGIN and COMMIT would only add round trips. nullopt when it matched no row
// or failed: the transactional path then decides, with its retries and its errors; replaying a
// heartbeat that did apply is harmless.
std::optional<std::string> report_by_autocommitted(Database& db, std::int64_t ti_id,
                                                   const OptionalFields& fields, double increment) {
  Database::Lease lease = db.lease();  // an unreachable database is answered as it is
  try {
    return report_by_unless_triaging(db.backend(), session_of(lease), ti_id, fields, increment);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::string log_report_by(Database& db, std::int64_t ti_id, const OptionalFields& fields,
                          double increment) {
  if (db.backend() != Backend::kSqlite) {
    // SQLite takes its write lock in BEGIN IMMEDIATE, behind the process's writer gate (an
    // autocommitted write would meet the other writers in SQLite's busy handler instead), and
    // round trips cost it nothing.
    if (auto status = report_by_autocommitted(db, ti_id, fields, increment)) return *status;
  }
  std::string status;
  with_write_tx(db, [&](WriteTx& tx) { status = log_report_by(tx, ti_id, fields, increment); });
  return status;
}

std::string log_report_by(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields,
                          double increment) {
  return guarded([&] {
    // Not TRIAGING: the UPDATE holds the instance's row until commit, no Task lock needed.
    if (auto status =
            report_by_unless_triaging(tx.backend(), session_of(tx), ti_id, fields, increment)) {
      return *status;
    }
    // TRIAGING (or no such instance: NotFound): lock the Task, then the instance.
    auto ti = lock_one(tx, ti_id);
    std::vector<std::string> values;
    execute_counting(session_of(tx),
                     report_by_update(tx.backend(), ti_id, fields, increment, values), values);
    if (read_task_instance_status(tx, ti_id) == TaskInstanceStatus::kTriaging) {
      // Back from triage: T -> R. Its Task is normally still RUNNING, so the cascade (R -> R)
      // does not apply; the reference answered 500 here and the worker retried until triage
      // ended (docs/compatibility.md R3).
      transition_task_instances({ti}, TaskInstanceStatus::kRunning, CascadePolicy::kInstanceOnly);
    }
    return ti_status(tx, ti_id);
  });
}

void log_report_by_batch(WriteTx& tx, const std::vector<std::int64_t>& ids, double increment) {
  if (ids.empty()) return;
  guarded([&] {
    // No status changes, only the deadline of LAUNCHED instances moves. Still Tasks first, then
    // instances, each set in ascending order: concurrent chunks and batch transitions then take
    // row locks in one global order and cannot deadlock.
    auto locked = lock_instances(
        tx, instances_where(session_of(tx), "id IN (" + id_list(ids) + ") AND status = 'O'"), "O");
    if (locked.empty()) return 0;
    std::vector<std::int64_t> locked_ids;
    for (const auto& ti : locked) locked_ids.push_back(ti.id());
    session_of(tx) << "UPDATE task_instance SET report_by_date = " +
                          detail::now_plus_seconds_sql(tx.backend(), increment) + " WHERE id IN (" +
                          id_list(locked_ids) + ") AND status = 'O'";
    return 0;
  });
}

std::string log_done(WriteTx& tx, std::int64_t ti_id, const OptionalFields& fields) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    try {
      return std::string(
          1, letter(transition_task_instance(ti, TaskInstanceStatus::kDone).status_after()));
    } catch (const InvalidTransition&) {
      // Refused (e.g. already DONE on a replay): the status returned tells the worker.
      return ti_status(tx, ti_id);
    }
  });
}

std::string log_error_worker_node(WriteTx& tx, std::int64_t ti_id, const std::string& error_state,
                                  const std::string& description, const OptionalFields& fields) {
  return guarded([&] {
    TaskInstanceStatus to = parse_ti(error_state);
    auto ti = lock_one(tx, ti_id);
    set_fields(tx, ti_id, fields);
    try {
      TaskInstanceStatus now_status = fail_instance_of_finished_task(ti, to)
                                          ? TaskInstanceStatus::kErrorFatal
                                          : transition_task_instance(ti, to).status_after();
      // Logged when the transition happened or was untimely (the reference's rule), once.
      if (!error_already_logged(tx, ti_id, description)) add_error_log(tx, ti_id, description);
      return std::string(1, letter(now_status));
    } catch (const InvalidTransition&) {
      // Refused (e.g. the instance was killed meanwhile): no error row, as in the reference.
      return ti_status(tx, ti_id);
    }
  });
}

std::string log_no_distributor_id(WriteTx& tx, std::int64_t ti_id, const std::string& message) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    std::string warning = transition_with_message(ti, TaskInstanceStatus::kNoDistributorId);
    // Logged whatever the transition did (the reference's rule), but once per description.
    if (!error_already_logged(tx, ti_id, message)) add_error_log(tx, ti_id, message);
    return warning;
  });
}

DistributorIdLogged log_distributor_id(WriteTx& tx, std::int64_t ti_id,
                                       const std::string& distributor_id, double increment) {
  return guarded([&] {
    auto ti = lock_one(tx, ti_id);
    DistributorIdLogged out;
    out.from = letter(read_task_instance_status(tx, ti_id));
    out.warning = transition_with_message(ti, TaskInstanceStatus::kLaunched);
    out.to = letter(read_task_instance_status(tx, ti_id));
    BoundStatement upd;
    std::string p = upd.bind(distributor_id);
    upd.execute(session_of(tx),
                "UPDATE task_instance SET distributor_id = " + p +
                    ", report_by_date = " + detail::now_plus_seconds_sql(tx.backend(), increment) +
                    " WHERE id = " + std::to_string(ti_id));
    return out;
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
        query_ids(session_of(tx), "SELECT id FROM task_instance WHERE id = " +
                                      std::to_string(ti_id) + " AND report_by_date <= " + now(tx))
            .empty()) {
      return std::nullopt;
    }
    set_fields(tx, ti_id, fields);
    if (!error_already_logged(tx, ti_id, error_message)) add_error_log(tx, ti_id, error_message);
    return transition_with_message(ti, to);
  });
}

namespace {

struct ErrorLogColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &ErrorLogRow::id),
                      column("error_time", &ErrorLogRow::error_time).timestamp(),
                      column("description", &ErrorLogRow::description)};
  }
};
constexpr auto kErrorLogOf =
    select_from<ErrorLogColumns>(" FROM task_instance_error_log WHERE task_instance_id = ");

}  // namespace

std::vector<ErrorLogRow> task_instance_error_log(ReadTx& tx, std::int64_t ti_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<ErrorLogColumns>(session_of(tx),
                                  kErrorLogOf + std::to_string(ti_id) + " ORDER BY id");
  });
}

std::vector<std::int64_t> array_task_instance_ids(ReadTx& tx, std::int64_t array_id,
                                                  std::int64_t batch, std::int64_t step) {
  return guarded([&] {
    return query_ids(session_of(tx),
                     "SELECT id FROM task_instance WHERE array_id = " + std::to_string(array_id) +
                         " AND array_batch_num = " + std::to_string(batch) +
                         " AND array_step_id = " + std::to_string(step));
  });
}

}  // namespace jobmon::orm::queries
