// Tools and tool versions (ROUTES.md 5.10, 5.11). Tool versions are never shared: every
// POST /tool_version makes a new one.
#include <cstdio>
#include <regex>
#include <string>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/body.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

Response add_tool(const Context& ctx, const api::Request& req) {
  std::string name = Body(req).require_string("name");
  q::ToolRow tool;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { tool = q::get_or_create_tool(tx, name); });
  JsonWriter out;
  out.start_object().key("tool").start_array().integer(tool.id).string(tool.name);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response get_tool_versions(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto versions = q::tool_versions_of(tx, req.int_param("tool_id"));
  JsonWriter out;
  out.start_object().key("tool_versions").start_array();
  for (const auto& v : versions) out.start_array().integer(v.id).integer(v.parent_id).end_array();
  out.end_array().end_object();
  return Response::json(out.str());
}

Response add_tool_version(const Context& ctx, const api::Request& req) {
  std::int64_t tool_id = Body(req).require_int("tool_id");
  std::optional<q::IdPair> version;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { version = q::create_tool_version(tx, tool_id); });
  if (!version)
    throw api::DetailError(404, "Tool with ID " + std::to_string(tool_id) + " not found");
  JsonWriter out;
  out.start_object().key("tool_version").start_array().integer(version->id).integer(tool_id);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response get_task_templates(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto templates = q::task_templates_of(tx, req.int_param("tool_version_id"));
  JsonWriter out;
  out.start_object().key("task_templates").start_array();
  for (const auto& t : templates) {
    out.start_array().integer(t.id).integer(t.tool_version_id).string(t.name).end_array();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

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

}  // namespace

Response get_tool_resource_usage(const Context& ctx, const api::Request& req) {
  auto start = req.query_param("start_date");
  auto end = req.query_param("end_date");
  if (!start || !end || start->empty() || end->empty()) {
    throw api::JsonError(400, R"({"error":"Both start_date and end_date are required."})");
  }
  auto start_day = parse_date(*start), end_day = parse_date(*end);
  if (!start_day || !end_day) {
    throw api::JsonError(400, R"({"error":"Dates must be in 'YYYY-MM-DD' format."})");
  }
  if (end_day->days - start_day->days > 7) {  // a negative range passes, as in the reference
    throw api::JsonError(400, R"({"error":"Date range must be within one week."})");
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::tool_resource_usage(tx, req.param("tool_name"), start_day->iso, end_day->iso);
  JsonWriter out;
  out.start_array();
  auto text = [&](const std::optional<std::string>& v) { v ? out.string(*v) : out.null(); };
  for (const auto& r : rows) {
    out.start_object().key("ti_id").integer(r.task_instance_id).key("ti_wallclock");
    text(r.wallclock);
    out.key("ti_maxrss");
    text(r.maxrss);
    out.key("node_arg_val");
    text(r.node_arg_val);
    out.key("ti_requested_resources");
    text(r.requested_resources);
    out.end_object();
  }
  out.end_array();
  return Response::json(out.str());
}

}  // namespace jobmon::routes
