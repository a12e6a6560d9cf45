#pragma once
// Prometheus metrics, served by the host at GET /metrics (text exposition format 0.0.4):
// requests by plugin, route template and status; latency histograms by route; requests in
// flight; the database pool; the orm's lock retries and 423s; committed state transitions.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "jobmon/orm/database.h"

namespace jobmon::host {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};

  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  // `plugin` and `route` are empty for requests no route matched.
  void request_finished(const std::string& plugin, const std::string& route, int status,
                        double seconds);

  // The whole exposition. `db` may be null (no pool metrics).
  std::string render(const orm::Database* db) const;

 private:
  struct RouteStats {
    std::map<int, std::uint64_t> by_status;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // last: +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, RouteStats> routes_;
};

}  // namespace jobmon::host
