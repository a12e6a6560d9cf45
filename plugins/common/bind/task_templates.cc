// Task templates and their versions.
#include <string>
#include <vector>

#include "common/bind/bind.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

namespace {

TemplateVersion wire_form(q::TemplateVersion&& v) {
  return {v.id,
          std::move(v.command_template),
          std::move(v.node_args),
          std::move(v.task_args),
          std::move(v.op_args),
          api::Object<std::int64_t>{std::move(v.arg_ids)},
          v.task_template_id};
}

// Python's str.strip() of ASCII whitespace.
std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t\n\r\f\v");
  auto last = s.find_last_not_of(" \t\n\r\f\v");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

}  // namespace

AddTaskTemplate::Answer AddTaskTemplate::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t tool_version_id = in.body.tool_version_id;
  std::optional<std::int64_t> id;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    id = q::get_or_create_task_template(tx, tool_version_id, in.body.task_template_name);
  });
  if (!id) {
    throw api::DetailError(404,
                           "ToolVersion with ID " + std::to_string(tool_version_id) + " not found");
  }
  return {*id};
}

std::vector<TemplateVersion> task_template_versions(const Context& ctx,
                                                    std::int64_t task_template_id,
                                                    VersionChoice which) {
  orm::ReadTx tx(ctx.db);
  auto rows = q::template_versions_of(tx, task_template_id, which == VersionChoice::kNewestOnly);
  std::vector<TemplateVersion> out;
  out.reserve(rows.size());
  for (auto& v : rows) out.push_back(wire_form(std::move(v)));
  return out;
}

GetTaskTemplateVersions::Answer GetTaskTemplateVersions::handle(const Context& ctx,
                                                                const api::In<>& in) {
  return {task_template_versions(ctx, in.path_int("task_template_id"), VersionChoice::kAll)};
}

AddTaskTemplateVersion::Answer AddTaskTemplateVersion::handle(const Context& ctx,
                                                              const api::In<Body>& in) {
  const std::int64_t task_template_id = in.path_int("task_template_id");
  const std::string command_template = trimmed(in.body.command_template);
  const std::string arg_mapping_hash = trimmed(in.body.arg_mapping_hash);
  std::optional<q::TemplateVersion> version;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    if (!q::task_template_exists(tx, task_template_id)) return;
    version =
        q::get_or_create_template_version(tx, task_template_id, command_template, arg_mapping_hash,
                                          in.body.node_args, in.body.task_args, in.body.op_args);
  });
  if (!version) {
    throw api::DetailError(
        404, "TaskTemplate with ID " + std::to_string(task_template_id) + " not found");
  }
  return {wire_form(std::move(*version))};
}

TaskTemplateOfVersion::Answer TaskTemplateOfVersion::handle(const Context& ctx,
                                                            const api::In<>& in) {
  const std::int64_t version_id = in.path_int("task_template_version_id");
  orm::ReadTx tx(ctx.db);
  auto tt = q::template_of_version(tx, version_id);
  if (!tt) {
    throw api::DetailError(
        404, "TaskTemplateVersion with ID " + std::to_string(version_id) + " not found");
  }
  return *tt;
}

}  // namespace jobmon::routes::bind
