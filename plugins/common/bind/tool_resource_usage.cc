// GET /tool/{tool_name}/tool_resource_usage: a week of a tool's finished task instances.
#include <cstdio>
#include <regex>
#include <string>

#include "common/bind/bind.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

namespace {

// A date as Python's datetime.strptime(s, "%Y-%m-%d") accepts it: the year in 4 digits, month and
// day in 1 or 2 (the day may also be " 7"), and a real calendar date.
struct Date {
  long days = 0;    // since 1970-01-01
  std::string iso;  // "YYYY-MM-DD", the form every backend compares with a timestamp
};

std::optional<Date> parse_date(const std::string& s) {
  static const std::regex kForm(
      R"(^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])$)");
  std::smatch m;
  if (!std::regex_match(s, m, kForm)) return std::nullopt;
  int y = std::stoi(m[1]), mon = std::stoi(m[2]), d = std::stoi(m[3]);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || d > kDays[mon - 1] + (mon == 2 && leap)) return std::nullopt;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mon, d);
  // Days from civil (Howard Hinnant's algorithm).
  y -= mon <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + doe - 719468, iso};
}

[[noreturn]] void refuse(std::string why) {
  api::fail_with(400, api::ErrorMessage{std::move(why)});
}

}  // namespace

GetToolResourceUsage::Answer GetToolResourceUsage::handle(const Context& ctx,
                                                          const api::In<api::NoBody, Query>& in) {
  const auto& start = in.query.start_date;
  const auto& end = in.query.end_date;
  if (!start || !end || start->empty() || end->empty()) {
    refuse("Both start_date and end_date are required.");
  }
  auto start_day = parse_date(*start), end_day = parse_date(*end);
  if (!start_day || !end_day) refuse("Dates must be in 'YYYY-MM-DD' format.");
  if (end_day->days - start_day->days > 7) {  // a negative range passes, as in the reference
    refuse("Date range must be within one week.");
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::tool_resource_usage(tx, in.path("tool_name"), start_day->iso, end_day->iso);
  Answer answer;
  answer.reserve(rows.size());
  for (auto& r : rows) {
    answer.push_back({r.task_instance_id, std::move(r.wallclock), std::move(r.maxrss),
                      std::move(r.node_arg_val), std::move(r.requested_resources)});
  }
  return answer;
}

}  // namespace jobmon::routes::bind
