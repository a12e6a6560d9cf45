#pragma once
// Writes the status history's rows for a transaction's noted transitions (internal to liborm;
// status_history.h says what the history is).
#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::detail {

// One row per changed row, attributed to this thread's AttributionScope, in `tx` before it
// commits.
void write_status_history(WriteTx& tx, const std::vector<NotedTransition>& transitions);

// One row for a change of another field (an admin's new concurrency limit), attributed the same
// way.
void write_history_row(WriteTx& tx, const std::string& entity, std::int64_t id,
                       const std::string& field, const std::string& from, const std::string& to);

}  // namespace jobmon::orm::detail
