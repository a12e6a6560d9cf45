#pragma once
// Task status writes outside the state machine (docs/data-model.md §6.6: the CLI's updates and
// resets, resumes), internal to liborm. They share one shape: of tasks the caller has locked,
// those not already in one of the kept statuses move to a new status; each moved row is noted
// on the transaction (metrics, status history) with the status it left.
#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::detail {

// `locked_ids`: Task ids locked by `tx`. `keep`: an SQL list of status letters, e.g. "('D','G')".
// `extra_set`: more assignments for the moved rows, e.g. ", num_attempts = 0". Returns the ids
// that moved, ascending.
std::vector<std::int64_t> move_tasks(WriteTx& tx, const std::vector<std::int64_t>& locked_ids,
                                     const std::string& keep, char to,
                                     const std::string& extra_set = "");

}  // namespace jobmon::orm::detail
