#pragma once
// Helpers shared by the run path's query files (internal to liborm): finding and locking the
// instances a route works on (Tasks first, then instances, each ascending: WriteTx's order), the
// optional-field writes, error-log rows and the reference's transition messages.
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bound_statement.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/fsm.h"
#include "jobmon/orm/queries/run.h"
#include "query_support.h"
#include "run_batch.h"
#include "sql_errors.h"

namespace jobmon::orm::queries::run_support {

using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;

// The database's "now" in SQL.
std::string now(WriteTx& tx);
std::vector<std::int64_t> query_ids(soci::session& sql, const std::string& query);
// (task_instance id, task id) pairs matching a WHERE clause on task_instance, ascending.
std::vector<std::pair<std::int64_t, std::int64_t>> instances_where(soci::session& sql,
                                                                   const std::string& where);
// Locks the parent Tasks of the given instances (ascending), then the instances themselves
// (ascending), keeping only those still matching `statuses` (letters; "" for any) once locked.
std::vector<LockedTaskInstance> lock_instances(
    WriteTx& tx, const std::vector<std::pair<std::int64_t, std::int64_t>>& instances,
    const std::string& statuses);
// Keeps the locked instances that still satisfy `condition` now that they are locked (a
// concurrent request may have changed them between the first look and the lock).
std::vector<LockedTaskInstance> still(WriteTx& tx, const std::vector<LockedTaskInstance>& locked,
                                      const std::string& condition);
// One instance, its Task locked first. NotFound when the instance does not exist.
LockedTaskInstance lock_one(WriteTx& tx, std::int64_t ti_id);

// Runs an UPDATE of one row by its primary key (a PostgreSQL connection keeps it prepared:
// bound_statement.h's prepare_kept), text values bound as :p0, :p1, ...; returns the rows it
// matched.
long long execute_counting(soci::session& sql, const std::string& text,
                           const std::vector<std::string>& values);
// Runs "UPDATE ... RETURNING status" (values bound as in execute_counting); the status of the
// row it changed, or nullopt when it matched none.
std::optional<std::string> update_returning_status(soci::session& sql, const std::string& update,
                                                   const std::vector<std::string>& values);
// ", col = :pN, ..." for the optional fields present (absent ones keep their stored value).
std::string present_fields(const OptionalFields& f, std::vector<std::string>& values);
void set_fields(WriteTx& tx, std::int64_t ti_id, const OptionalFields& f);

// Whether this instance already has an error-log row with exactly this description: a client
// retry (5xx/423 are retried, POSTs included) must not log the same error twice.
bool error_already_logged(WriteTx& tx, std::int64_t ti_id, const std::string& description);
void add_error_log(WriteTx& tx, std::int64_t ti_id, const std::string& description);
// Moves the instances still in one of `statuses` once locked (Tasks first) to KILL_SELF through
// the state machine, each with an error-log row: `reason` followed by the status it left.
// Returns how many moved. A worker still alive sees KILL_SELF at its next report and stops.
std::size_t kill_instances(WriteTx& tx,
                           const std::vector<std::pair<std::int64_t, std::int64_t>>& candidates,
                           const std::string& statuses, const std::string& reason);

std::string ti_status(WriteTx& tx, std::int64_t ti_id);
// A status letter from the client; InvalidTransition (400) for anything else.
TaskInstanceStatus parse_ti(const std::string& s);
// The reference's _update_task_instance_state: "" when the transition happened or was untimely,
// else a warning naming the refused transition.
std::string transition_with_message(const LockedTaskInstance& ti, TaskInstanceStatus to);
// WorkflowRun.is_alive.
bool alive(const std::string& s);

}  // namespace jobmon::orm::queries::run_support
