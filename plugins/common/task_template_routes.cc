// Task templates and their versions (ROUTES.md 5.8). A version is identified by its template,
// command template and arg mapping hash; its argument names are get-or-created by name.
#include <set>
#include <string>
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/body.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

namespace {

// The client's wire tuple: [id, command_template, node_args, task_args, op_args,
// {arg_name: arg_id}, task_template_id].
void write_template_version(JsonWriter& out, const q::TemplateVersion& v) {
  out.start_array().integer(v.id).string(v.command_template);
  for (const auto* names : {&v.node_args, &v.task_args, &v.op_args}) {
    out.start_array();
    for (const auto& n : *names) out.string(n);
    out.end_array();
  }
  out.start_object();
  for (const auto& [name, id] : v.arg_ids) out.key(name).integer(id);
  out.end_object().integer(v.task_template_id).end_array();
}

// A list of argument names. The same name twice in one list would map one argument twice
// (the reference ends in a 500): bad input, so 400 naming the list.
std::vector<std::string> name_list(const Body& body, std::string_view field) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& v : body.require_array(field).GetArray()) {
    if (!v.IsString() || api::is_big_integer(v)) body.fail(field);
    std::string name(v.GetString(), v.GetStringLength());
    if (!seen.insert(name).second) body.fail(field);
    names.push_back(std::move(name));
  }
  return names;
}

// Python's str.strip() of ASCII whitespace.
std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t\n\r\f\v");
  auto last = s.find_last_not_of(" \t\n\r\f\v");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

}  // namespace

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
  // v2 answers with the newest version only; v3 with all of them (ROUTES.md 5.8).
  auto versions = q::template_versions_of(tx, req.int_param("task_template_id"),
                                          ctx.version == ApiVersion::kV2);
  JsonWriter out;
  out.start_object().key("task_template_versions").start_array();
  for (const auto& v : versions) write_template_version(out, v);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response add_task_template_version(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t task_template_id = req.int_param("task_template_id");
  auto node_args = name_list(body, "node_args");
  auto task_args = name_list(body, "task_args");
  auto op_args = name_list(body, "op_args");
  std::string command_template = trimmed(body.require_string("command_template"));
  // A JSON integer of up to 78 digits (kept exactly) or a string: str() then strip().
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

// v3 only; the body is a bare integer.
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

}  // namespace jobmon::routes
