// Tools and tool versions, and the task templates of a tool version.
#include <string>

#include "common/bind/bind.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

AddTool::Answer AddTool::handle(const Context& ctx, const api::In<Body>& in) {
  q::ToolRow tool;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { tool = q::get_or_create_tool(tx, in.body.name); });
  return {{tool.id, std::move(tool.name)}};
}

GetToolVersions::Answer GetToolVersions::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  Answer answer;
  for (const auto& v : q::tool_versions_of(tx, in.path_int("tool_id"))) {
    answer.tool_versions.emplace_back(v.id, v.parent_id);
  }
  return answer;
}

AddToolVersion::Answer AddToolVersion::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t tool_id = in.body.tool_id;
  std::optional<q::IdPair> version;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { version = q::create_tool_version(tx, tool_id); });
  if (!version) {
    throw api::DetailError(404, "Tool with ID " + std::to_string(tool_id) + " not found");
  }
  return {{version->id, tool_id}};
}

GetTaskTemplates::Answer GetTaskTemplates::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  Answer answer;
  for (auto& t : q::task_templates_of(tx, in.path_int("tool_version_id"))) {
    answer.task_templates.emplace_back(t.id, t.tool_version_id, std::move(t.name));
  }
  return answer;
}

}  // namespace jobmon::routes::bind
