#include "jobmon/orm/queries/reaper.h"

#include <soci/soci.h>

#include "bound_statement.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "query_support.h"

namespace jobmon::orm::queries {

namespace {
using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;

using RunOfWorkflow = std::pair<std::int64_t, std::int64_t>;  // (workflow_run id, workflow id)
struct RunOfWorkflowColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &RunOfWorkflow::first),
                      column("workflow_id", &RunOfWorkflow::second)};
  }
};
constexpr auto kRunsWithStatusIn =
    select_from<RunOfWorkflowColumns>(" FROM workflow_run WHERE status IN (");
}  // namespace

std::int64_t fix_status_inconsistency(WriteTx& tx, std::int64_t workflow_id, std::int64_t step) {
  return guarded([&] {
    long long total = 0;
    session_of(tx) << "SELECT count(*) FROM workflow", soci::into(total);
    std::int64_t next = workflow_id + step;
    if (next > total) next = 0;
    std::vector<std::int64_t> ids;
    BoundStatement q;
    q.values<std::int64_t>(
        session_of(tx),
        "SELECT w.id FROM workflow w WHERE w.id > " + std::to_string(workflow_id) +
            " AND w.id <= " + std::to_string(workflow_id + step) +
            " AND w.status = 'F' AND EXISTS (SELECT 1 FROM task t WHERE t.workflow_id = w.id)"
            " AND NOT EXISTS (SELECT 1 FROM task t WHERE t.workflow_id = w.id AND "
            "t.status <> 'D') ORDER BY w.id",
        [&](std::int64_t id) { ids.push_back(id); });
    if (ids.empty()) return next;
    // A status write outside the state machines (F -> D is not a transition), still under the
    // workflow row locks, ascending.
    for (auto id : ids) tx.lock_workflow(id);
    session_of(tx) << "UPDATE workflow SET status = 'D', status_date = " +
                          detail::now_sql(tx.backend()) + " WHERE id IN (" + id_list(ids) +
                          ") AND status = 'F'";
    return next;
  });
}

std::optional<NameAndArgs> workflow_name_and_args(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<NameAndArgs> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return NameAndArgs{wf->name, wf->workflow_args};
  });
}

std::vector<std::pair<std::int64_t, std::int64_t>> lost_workflow_runs(
    ReadTx& tx, const std::vector<std::string>& statuses, const std::string& version) {
  return guarded([&] {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    if (statuses.empty()) return out;
    BoundStatement q;
    std::string in;
    for (const auto& s : statuses) in += (in.empty() ? "" : ", ") + q.bind(s);
    std::string v = q.bind(version);
    out = q.all<RunOfWorkflowColumns>(
        session_of(tx), kRunsWithStatusIn + in +
                            ") AND heartbeat_date <= " + detail::now_sql(tx.backend()) +
                            " AND jobmon_server_version = " + v + " ORDER BY id");
    return out;
  });
}

std::string reap_workflow_run(WriteTx& tx, std::int64_t run_id) {
  return guarded([&]() -> std::string {
    auto run = find_workflow_run(tx, run_id);
    if (!run) return "";
    // Lock the workflow, then decide on the run as it is now (it may have heartbeated).
    tx.lock_workflow(run->workflow_id);
    BoundStatement q;
    std::string status;
    q.values<std::string>(session_of(tx),
                          "SELECT status FROM workflow_run WHERE id = " + std::to_string(run_id) +
                              " AND heartbeat_date <= " + detail::now_sql(tx.backend()),
                          [&](std::string s) { status = std::move(s); });
    std::string run_to, workflow_to;
    if (status == "L") {
      run_to = "A", workflow_to = "A";
    } else if (status == "C" || status == "H") {
      run_to = "T", workflow_to = "H";
    } else if (status == "R") {
      run_to = "E", workflow_to = "F";
    } else {
      return "";  // not overdue, or nothing to reap (the reference answered 500 for the latter)
    }
    // The reference writes both statuses directly, whatever the workflow's state; so do we,
    // under the workflow lock, keeping status_date.
    const std::string now = detail::now_sql(tx.backend());
    session_of(tx) << "UPDATE workflow_run SET status = '" + run_to + "', status_date = " + now +
                          " WHERE id = " + std::to_string(run_id);
    session_of(tx) << "UPDATE workflow SET status = '" + workflow_to + "', status_date = " + now +
                          " WHERE id = " + std::to_string(run->workflow_id);
    return run_to;
  });
}

}  // namespace jobmon::orm::queries
