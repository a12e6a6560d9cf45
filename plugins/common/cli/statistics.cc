#include "common/cli/statistics.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jobmon::routes::cli::stats {

double round_to(double x, int digits) {
  if (!std::isfinite(x)) return x;
  // printf rounds the exact binary value to the nearest decimal, ties to even: Python's round().
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return std::strtod(buf, nullptr);
}

namespace {

std::vector<double> as_doubles(const std::vector<std::int64_t>& v) {
  return std::vector<double>(v.begin(), v.end());
}

}  // namespace

double mean(const std::vector<std::int64_t>& v) { return mean(as_doubles(v)); }

double mean(const std::vector<double>& v) {
  if (v.empty()) return std::nan("");
  double sum = 0;
  for (auto x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double median_of_middle(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

double median(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double lo = static_cast<double>(v[(n - 1) / 2]);
  const double hi = static_cast<double>(v[n / 2]);
  // numpy's lerp at t = 0.5 for an even count: hi - (hi - lo) * 0.5.
  return n % 2 ? lo : hi - (hi - lo) * 0.5;
}

std::int64_t round_half_even(double x) { return static_cast<std::int64_t>(std::nearbyint(x)); }

std::optional<std::pair<double, double>> t_interval(const std::vector<std::int64_t>& v,
                                                    double confidence) {
  return t_interval(as_doubles(v), confidence);
}

std::optional<std::pair<double, double>> t_interval(const std::vector<double>& v,
                                                    double confidence) {
  const std::size_t n = v.size();
  if (n < 2 || !(confidence >= 0.0 && confidence < 1.0)) return std::nullopt;
  const double m = mean(v);
  double squares = 0;
  for (auto x : v) squares += (x - m) * (x - m);
  const double sem = std::sqrt(squares / static_cast<double>(n - 1)) / std::sqrt(double(n));
  if (!(sem > 0.0)) return std::nullopt;  // scipy requires scale > 0 (nan otherwise)
  boost::math::students_t dist(static_cast<double>(n - 1));
  const double q = boost::math::quantile(dist, (1.0 + confidence) / 2.0);
  return std::make_pair(m - q * sem, m + q * sem);
}

}  // namespace jobmon::routes::cli::stats
