#pragma once
// The statistics the reference computes with numpy and scipy for the CLI's resource-usage
// routes, in C++ (formulas in docs/api-cli-reaper.md, "Statistics").
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace jobmon::routes::cli::stats {

// Python's round(x, digits): the decimal nearest the binary value, ties to even.
double round_to(double x, int digits);
// numpy.mean.
double mean(const std::vector<std::int64_t>& v);
double mean(const std::vector<double>& v);
// numpy.percentile(v, 50), linear interpolation between the two middle values. v not empty.
double median(std::vector<std::int64_t> v);
// numpy.median: the middle value, or the mean of the two middle ones. v not empty.
double median_of_middle(std::vector<double> v);
// numpy's round() of a float: half to even.
std::int64_t round_half_even(double x);
// scipy.stats.t.interval(confidence, df=n-1, loc=mean, scale=sem): the two-sided Student t
// interval around the mean, sem = sample standard deviation (n-1) / sqrt(n). Empty when scipy
// gives no finite answer: fewer than two values, zero spread, confidence outside [0, 1).
std::optional<std::pair<double, double>> t_interval(const std::vector<std::int64_t>& v,
                                                    double confidence);
std::optional<std::pair<double, double>> t_interval(const std::vector<double>& v,
                                                    double confidence);

}  // namespace jobmon::routes::cli::stats
