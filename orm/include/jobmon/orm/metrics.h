#pragma once
// Process-wide counters of the orm layer, for the host's /metrics: lock-conflict retries and
// give-ups, and committed state transitions by entity and from/to status. Counted at commit, so
// a rolled-back or retried transaction counts nothing twice.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

struct TransitionKey {
  std::string entity;  // "task", "task_instance", "workflow", "workflow_run"
  char from = '?';
  char to = '?';
  auto operator<=>(const TransitionKey&) const = default;
};

struct OrmCounters {
  std::uint64_t lock_retries = 0;    // attempts repeated after a lock conflict
  std::uint64_t lock_conflicts = 0;  // give-ups (answered 423)
  std::map<TransitionKey, std::uint64_t> transitions;
};

// A consistent copy of the counters.
JOBMON_ORM_EXPORT OrmCounters orm_counters();

}  // namespace jobmon::orm
