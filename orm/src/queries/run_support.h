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
// " AND col = :pN ..." for the optional fields present: true where each already holds the value
// given (a stored null matches nothing).
std::string fields_unchanged(Backend backend, const OptionalFields& f,
                             std::vector<std::string>& values);
void set_fields(WriteTx& tx, std::int64_t ti_id, const OptionalFields& f);

// Whether this instance already has an error-log row with exactly this description: a client
// retry (5xx/423 are retried, POSTs included) must not log the same error twice.
bool error_already_logged(WriteTx& tx, std::int64_t ti_id, const std::string& description);
void add_error_log(WriteTx& tx, std::int64_t ti_id, const std::string& description);
// A resumed run's cleanup (docs/compatibility.md, "Jobmon 3.6 clients"): terminate_task_instances,
// and the reaper for a run whose swarm died. Its instances in Q or I go F, since no worker will
// ever report on them (a status write outside the TaskInstance machine, docs/data-model.md §6.6;
// their Tasks follow, E then F, where the Task machine allows); those in O, and R unless the
// resume is hot, go K through the machine (their worker stops at its next report). Each gets an
// error-log row: "<who> Setting to ERROR_FATAL from status: X (no worker to clean up)" or
// "<who> Setting to KILL_SELF from status: X". Tasks, then instances, locked ascending. Nothing
// left to clean (a replay): nothing written.
// With `with_kill_self`, the run's instances already in K are locked too, and kill_self lists
// every instance of the run in K afterwards (the reaper's, which decides which can still stop).
struct Cleanup {
  std::vector<std::int64_t> fatal, killed;  // instance ids: Q/I -> F, O/R -> K
  std::vector<LockedTaskInstance> kill_self;
};
Cleanup clean_up_resumed_run(WriteTx& tx, std::int64_t run_id, bool hot, const std::string& who,
                             bool with_kill_self = false);
// The same cleanup for the instances `where` (an SQL condition on task_instance) selects among
// those in the statuses `live` (letters): the admin plugin's kills.
Cleanup clean_up_instances(WriteTx& tx, const std::string& where, const std::string& live,
                           const std::string& who, bool with_kill_self = false);
// KILL_SELF instances to ERROR_FATAL through the machine (the Task follows, E then F, where it
// can, as transition_to_killed does), each with the error-log row `description`. Returns the ids
// moved.
std::vector<std::int64_t> finish_kill_self(const std::vector<LockedTaskInstance>& locked,
                                           const std::string& description);

std::string ti_status(WriteTx& tx, std::int64_t ti_id);
// A status letter from the client; InvalidTransition (400) for anything else.
TaskInstanceStatus parse_ti(const std::string& s);
// Jobmon 3.6's rule for an error report (`to` one of W, E, U, Z, F) on an instance whose Task
// already finished (D or F): when the step is valid for the instance, the instance goes
// ERROR_FATAL and the Task stays as it is (a write outside the machine, whose cascade would
// refuse it; docs/compatibility.md, "Jobmon 3.6 clients"). Returns whether it applied.
bool fail_instance_of_finished_task(const LockedTaskInstance& ti, TaskInstanceStatus to);
// The reference's _update_task_instance_state: "" when the transition happened or was untimely,
// else a warning naming the refused transition. Applies the rule above first.
std::string transition_with_message(const LockedTaskInstance& ti, TaskInstanceStatus to);
// WorkflowRun.is_alive.
bool alive(const std::string& s);

}  // namespace jobmon::orm::queries::run_support
