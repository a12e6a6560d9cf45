// Arrays (docs/api-contract.md §5.1): queueing batches, launching and killing them, distributor
// ids, limits.
#include <algorithm>
#include <set>

#include "insert_rows.h"
#include "jobmon/orm/queries/run.h"
#include "run_support.h"

namespace jobmon::orm::queries {

using namespace run_support;  // NOLINT: the run path's shared helpers

// ---- arrays -------------------------------------------------------------------------------

namespace {
constexpr auto kTaskStatusesIn = select_from<detail::StatusAndId>(" FROM task WHERE id IN (");
}  // namespace

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
      // Batch numbers are MAX + 1 per array: concurrent calls for one array take turns on its
      // row, or both would number their batch alike (no unique key catches it).
      session_of(tx) << "SELECT id FROM \"array\" WHERE id = " + std::to_string(array_id) +
                            (tx.backend() == Backend::kSqlite ? "" : " FOR UPDATE");
      long long batch = 0;
      soci::indicator ind = soci::i_ok;
      session_of(tx) << "SELECT MAX(array_batch_num) FROM task_instance WHERE array_id = :a",
          soci::use(static_cast<long long>(array_id)), soci::into(batch, ind);
      batch = ind == soci::i_null ? 1 : batch + 1;
      using Rows = detail::InsertRows;
      Rows rows(tx.backend(),
                {Rows::integer_column(), Rows::constant_column(std::to_string(workflow_run_id)),
                 Rows::constant_column(std::to_string(array_id)),
                 Rows::constant_column(std::to_string(task_resources_id)),
                 Rows::constant_column(std::to_string(batch)), Rows::integer_column(),
                 Rows::constant_column("'Q'"), Rows::constant_column(now(tx))});
      for (std::size_t step = 0; step < queued.size(); ++step) {
        rows.integer(queued[step]).integer(static_cast<std::int64_t>(step));
      }
      BoundStatement ins;
      ins.execute(session_of(tx),
                  "INSERT INTO task_instance (task_id, workflow_run_id, array_id, "
                  "task_resources_id, array_batch_num, array_step_id, status, status_date) " +
                      rows.sql(ins));
    }
    IdsByStatus out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.rows<detail::StatusAndId>(
        session_of(tx), kTaskStatusesIn + id_list(task_ids) + ") ORDER BY status, id",
        [&](const detail::StatusAndId& row) { out[row.status].push_back(row.id); });
    return out;
  });
}

void transition_to_launched(WriteTx& tx, std::int64_t array_id, std::int64_t batch_number,
                            double increment) {
  guarded([&] {
    std::string batch = "array_id = " + std::to_string(array_id) +
                        " AND array_batch_num = " + std::to_string(batch_number);
    auto locked =
        lock_instances(tx, instances_where(session_of(tx), batch + " AND status = 'I'"), "I");
    // I -> O; the Task follows (I -> O) when it is INSTANTIATING. An instance whose Task is not
    // (only after a resume reset) is launched all the same, as the reference does: the
    // distributor has submitted it and would submit it again if it stayed INSTANTIATED.
    transition_task_instances(locked, TaskInstanceStatus::kLaunched, CascadePolicy::kInstanceOnly,
                              ", submitted_date = " + now(tx) + ", report_by_date = " +
                                  detail::now_plus_seconds_sql(tx.backend(), increment));
    return 0;
  });
}

void transition_to_killed(WriteTx& tx, std::int64_t array_id, std::int64_t batch_number) {
  guarded([&] {
    std::string batch = "array_id = " + std::to_string(array_id) +
                        " AND array_batch_num = " + std::to_string(batch_number);
    auto locked =
        lock_instances(tx, instances_where(session_of(tx), batch + " AND status = 'K'"), "K");
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
    std::vector<std::int64_t> keys;
    for (const auto& entry : ids) keys.push_back(entry.first);
    // Tasks, then instances, ascending (the global lock order), before the one UPDATE.
    auto locked = lock_instances(
        tx,
        instances_where(session_of(tx),
                        "id IN (" + id_list(keys) + ") AND array_id = " + std::to_string(array_id)),
        "");
    if (locked.empty()) return 0;
    BoundStatement upd;
    std::string cases;
    std::vector<std::int64_t> locked_ids;
    for (const auto& ti : locked) {
      cases += " WHEN id = " + std::to_string(ti.id()) + " THEN " + upd.bind(ids.at(ti.id()));
      locked_ids.push_back(ti.id());
    }
    upd.execute(session_of(tx), "UPDATE task_instance SET distributor_id = CASE" + cases +
                                    " ELSE distributor_id END WHERE id IN (" + id_list(locked_ids) +
                                    ")");
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
    auto v =
        query_ids(session_of(tx), "SELECT max_concurrently_running FROM \"array\" WHERE " + where);
    if (v.size() != 1) return std::nullopt;
    return v.front();
  });
}

}  // namespace jobmon::orm::queries
