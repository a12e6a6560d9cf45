#include "counters.h"

#include <atomic>
#include <mutex>

#include "jobmon/orm/metrics.h"

namespace jobmon::orm {

namespace {

std::atomic<std::uint64_t> g_lock_retries{0};
std::atomic<std::uint64_t> g_lock_conflicts{0};
std::mutex g_transitions_mutex;
std::map<TransitionKey, std::uint64_t>& transitions() {
  static auto* m = new std::map<TransitionKey, std::uint64_t>();  // outlives every plugin
  return *m;
}

}  // namespace

namespace detail {

void count_lock_retry() { g_lock_retries.fetch_add(1, std::memory_order_relaxed); }
void count_lock_conflict() { g_lock_conflicts.fetch_add(1, std::memory_order_relaxed); }

void publish_transitions(const std::vector<NotedTransition>& noted) {
  std::lock_guard<std::mutex> lock(g_transitions_mutex);
  for (const NotedTransition& t : noted) {
    transitions()[TransitionKey{t.entity, t.from, t.to}] += t.ids.size();
  }
}

}  // namespace detail

OrmCounters orm_counters() {
  OrmCounters c;
  c.lock_retries = g_lock_retries.load(std::memory_order_relaxed);
  c.lock_conflicts = g_lock_conflicts.load(std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(g_transitions_mutex);
  c.transitions = transitions();
  return c;
}

}  // namespace jobmon::orm
