#pragma once
// Updates of the process counters behind metrics.h. Internal to liborm.
#include <cstdint>
#include <tuple>
#include <vector>

namespace jobmon::orm::detail {

void count_lock_retry();
void count_lock_conflict();
void publish_transitions(
    const std::vector<std::tuple<const char*, char, char, std::uint64_t>>& transitions);

}  // namespace jobmon::orm::detail
