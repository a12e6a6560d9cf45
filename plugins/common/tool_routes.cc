// Tools, tool versions and task templates (ROUTES.md 5.8, 5.10, 5.11).
#include <cstdio>
#include <set>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/body.h"
#include "wire.h"

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

Response add_task_template(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t tool_version_id = body.require_int("tool_version_id");
  std::string name = body.require_string("task_template_name");
  std::optional<std::int64_t> id;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    id = q::get_or_create_task_template(tx, tool_version_id, name);
  });
  if (!id) {
    throw api::DetailError(404,
                           "ToolVersion with ID " + std::to_string(tool_version_id) + " not found");
  }
  return Response::json(R"({"task_template_id":)" + std::to_string(*id) + "}");
}

Response get_task_template_versions(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  // v2 answers with the newest version only; v3 with all of them (ROUTES.md 6e).
  auto versions = q::template_versions_of(tx, req.int_param("task_template_id"),
                                          ctx.version == ApiVersion::kV2);
  JsonWriter out;
  out.start_object().key("task_template_versions").start_array();
  for (const auto& v : versions) write_template_version(out, v);
  out.end_array().end_object();
  return Response::json(out.str());
}

namespace {

std::vector<std::string> name_list(const Body& body, std::string_view field) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& v : body.require_array(field).GetArray()) {
    if (!v.IsString() || api::is_big_integer(v)) body.fail(field);
    std::string name(v.GetString(), v.GetStringLength());
    // The same name twice in one list would map one argument twice (a 500 in the reference).
    if (!seen.insert(name).second) body.fail(field);
    names.push_back(std::move(name));
  }
  return names;
}

std::string trimmed(std::string s) {
  auto first = s.find_first_not_of(" \t\n\r\f\v");
  auto last = s.find_last_not_of(" \t\n\r\f\v");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

}  // namespace

Response add_task_template_version(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t task_template_id = req.int_param("task_template_id");
  auto node_args = name_list(body, "node_args");
  auto task_args = name_list(body, "task_args");
  auto op_args = name_list(body, "op_args");
  std::string command_template = trimmed(body.require_string("command_template"));
  std::string arg_mapping_hash = trimmed(body.require_scalar_text("arg_mapping_hash"));
  std::optional<q::TemplateVersion> version;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    if (!q::task_template_exists(tx, task_template_id)) return;
    version = q::get_or_create_template_version(tx, task_template_id, command_template,
                                                arg_mapping_hash, node_args, task_args, op_args);
  });
  if (!version) {
    throw api::DetailError(
        404, "TaskTemplate with ID " + std::to_string(task_template_id) + " not found");
  }
  JsonWriter out;
  out.start_object().key("task_template_version");
  write_template_version(out, *version);
  out.end_object();
  return Response::json(out.str());
}

Response get_task_template_of_version(const Context& ctx, const api::Request& req) {
  std::int64_t version_id = req.int_param("task_template_version_id");
  orm::ReadTx tx(ctx.db);
  auto tt = q::template_of_version(tx, version_id);
  if (!tt) {
    throw api::DetailError(
        404, "TaskTemplateVersion with ID " + std::to_string(version_id) + " not found");
  }
  return Response::json(std::to_string(*tt));
}

namespace {

// Python's datetime.strptime(s, "%Y-%m-%d"): 4-digit year, 1-2 digit month and day, a real date.
// Returns days since 1970-01-01, or nullopt.
std::optional<long> parse_date(const std::string& s) {
  int y = 0, m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::size_t first = s.find('-'), second = s.find('-', first + 1);
  if (first != 4 || second == std::string::npos || second - first > 3 || s.size() - second > 3 ||
      s.size() - second < 2) {
    return std::nullopt;
  }
  for (char c : s) {
    if (c != '-' && (c < '0' || c > '9')) return std::nullopt;
  }
  if (std::sscanf(s.c_str(), "%4d%c%2d%c%2d", &y, &dash1, &m, &dash2, &d) != 5) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap)) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm).
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
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
  if (*end_day - *start_day > 7) {
    throw api::JsonError(400, R"({"error":"Date range must be within one week."})");
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::tool_resource_usage(tx, req.param("tool_name"), *start, *end);
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
