#include "metrics.h"

#include <algorithm>
#include <sstream>

#include "jobmon/orm/metrics.h"

namespace jobmon::host {

namespace {

// Label values escaped as the exposition format wants (backslash, quote, newline).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}

}  // namespace

void Metrics::request_finished(const std::string& plugin, const std::string& route, int status,
                               double seconds) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  const std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  std::lock_guard<std::mutex> lock(mutex_);
  RouteStats& s = routes_[{plugin, route}];
  ++s.by_status[status];
  ++s.buckets[bucket];
  s.sum += seconds;
  ++s.count;
}

std::string Metrics::render(const orm::Database* db) const {
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out << "# HELP jobmond_http_requests_total HTTP requests answered, by plugin, route template "
           "and status.\n# TYPE jobmond_http_requests_total counter\n";
    for (const auto& [key, s] : routes_) {
      for (const auto& [status, n] : s.by_status) {
        out << "jobmond_http_requests_total{plugin=\"" << label(key.first) << "\",route=\""
            << label(key.second) << "\",status=\"" << status << "\"} " << n << "\n";
      }
    }
    out << "# HELP jobmond_http_request_duration_seconds Time from request to response, by "
           "route.\n# TYPE jobmond_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : routes_) {
      const std::string labels =
          "plugin=\"" + label(key.first) + "\",route=\"" + label(key.second) + "\"";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
        cumulative += s.buckets[i];
        out << "jobmond_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << (i < kBuckets.size() ? number(kBuckets[i]) : "+Inf") << "\"} " << cumulative << "\n";
      }
      out << "jobmond_http_request_duration_seconds_sum{" << labels << "} " << number(s.sum)
          << "\n";
      out << "jobmond_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
    }
  }
  out << "# HELP jobmond_http_requests_in_flight Requests being handled.\n"
         "# TYPE jobmond_http_requests_in_flight gauge\n"
      << "jobmond_http_requests_in_flight " << in_flight_.load(std::memory_order_relaxed) << "\n";
  if (db != nullptr) {
    const auto pool = db->pool_stats();
    out << "# HELP jobmond_db_pool_connections Database connections in the pool.\n"
           "# TYPE jobmond_db_pool_connections gauge\njobmond_db_pool_connections "
        << pool.size
        << "\n# HELP jobmond_db_pool_in_use Database connections leased to requests.\n"
           "# TYPE jobmond_db_pool_in_use gauge\njobmond_db_pool_in_use "
        << pool.in_use
        << "\n# HELP jobmond_db_pool_waiting Requests waiting for a database connection.\n"
           "# TYPE jobmond_db_pool_waiting gauge\njobmond_db_pool_waiting "
        << pool.waiting << "\n";
  }
  const orm::OrmCounters c = orm::orm_counters();
  out << "# HELP jobmond_db_lock_retries_total Transactions retried after a lock conflict.\n"
         "# TYPE jobmond_db_lock_retries_total counter\njobmond_db_lock_retries_total "
      << c.lock_retries
      << "\n# HELP jobmond_db_lock_conflicts_total Lock conflicts that outlasted the retries "
         "(answered 423).\n# TYPE jobmond_db_lock_conflicts_total counter\n"
         "jobmond_db_lock_conflicts_total "
      << c.lock_conflicts
      << "\n# HELP jobmond_state_transitions_total Committed status changes by entity.\n"
         "# TYPE jobmond_state_transitions_total counter\n";
  for (const auto& [key, n] : c.transitions) {
    out << "jobmond_state_transitions_total{entity=\"" << key.entity << "\",from=\"" << key.from
        << "\",to=\"" << key.to << "\"} " << n << "\n";
  }
  return out.str();
}

}  // namespace jobmon::host
