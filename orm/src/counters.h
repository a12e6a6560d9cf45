#pragma once
// Updates of the process counters behind metrics.h. Internal to liborm.
#include <cstdint>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::detail {

void count_lock_retry();
void count_lock_conflict();
void publish_transitions(const std::vector<NotedTransition>& transitions);

}  // namespace jobmon::orm::detail
