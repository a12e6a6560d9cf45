// POST /task_template_resource_usage in v3's form: the GUI's per-instance rows
// (docs/api-cli-reaper.md, "CLI: task templates"); the statistics are v2's form.
#include <cstdlib>
#include <map>
#include <set>

#include "common/cli/cli.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;

namespace {

using NodeArgs = std::map<std::string, std::set<std::string>>;

// FastAPI's 422 for a body without the field: {"detail": [{"type": "missing", "loc": ["body",
// field], "msg": "Field required", "input": <the body>}]}.
[[noreturn]] void missing_body_field(const api::JsonValue& body, const char* field) {
  api::ValidationItem item;
  item.type = "missing";
  item.loc = {api::RawJson{"\"body\""}, api::RawJson{"\"" + std::string(field) + "\""}};
  item.msg = "Field required";
  item.input = api::RawJson{api::to_json(body)};
  api::fail_with(422, api::ValidationError{{std::move(item)}});
}

// Keeps the rows whose node has, for every listed arg, one of its listed values.
void keep_matching_nodes(orm::ReadTx& tx, std::vector<q::InstanceResources>& rows,
                         const NodeArgs& wanted) {
  std::vector<std::int64_t> nodes;
  for (const auto& r : rows) nodes.push_back(r.node_id);
  std::map<std::int64_t, NodeArgs> args_of;
  for (const auto& a : orm::queries::cli::node_arg_values(tx, nodes)) {
    args_of[a.node_id][a.arg_name].insert(a.value);
  }
  std::erase_if(rows, [&](const q::InstanceResources& r) {
    const auto& have = args_of[r.node_id];
    for (const auto& [name, values] : wanted) {
      auto it = have.find(name);
      if (it == have.end()) return true;
      bool match = false;
      for (const auto& v : it->second) match = match || values.count(v) > 0;
      if (!match) return true;
    }
    return false;
  });
}

// The row of an instance, or nothing when its usage does not read as numbers (the reference
// skips those rows).
std::optional<GetTaskTemplateResourceUsage::Usage> usage_row(q::InstanceResources& r) {
  GetTaskTemplateResourceUsage::Usage out;
  if (r.wallclock) {
    char* end = nullptr;
    double d = std::strtod(r.wallclock->c_str(), &end);
    if (r.wallclock->empty() || *end != '\0') return std::nullopt;
    out.r = d;
  }
  if (r.maxrss) {
    out.m = api::int_value(
        api::JsonValue(r.maxrss->c_str(), static_cast<rapidjson::SizeType>(r.maxrss->size())));
    if (!out.m) return std::nullopt;
  }
  out.node_id = r.node_id;
  out.task_id = r.task_id;
  out.requested_resources = std::move(r.requested_resources);
  out.attempt_number_of_instance = r.attempt_number;
  out.status = std::move(r.status);
  return out;
}

}  // namespace

GetTaskTemplateResourceUsage::Answer GetTaskTemplateResourceUsage::handle(const Context& ctx,
                                                                          const api::In<>& in) {
  const api::JsonValue& json = api::body_json(in.request, true);
  if (!json.HasMember("task_template_version_id")) {
    missing_body_field(json, "task_template_version_id");
  }
  const auto body = api::read_body<OwnBody>(in.request);
  NodeArgs wanted;
  for (const auto& [name, values] :
       body.node_args.value_or(decltype(body.node_args)::value_type{})) {
    wanted[name].insert(values.begin(), values.end());
  }
  if (!truthy(body.viz)) return {};
  orm::ReadTx tx(ctx.db);
  auto rows = q::version_instance_resources(tx, body.task_template_version_id,
                                            body.workflows.value_or(std::vector<std::int64_t>{}));
  if (!wanted.empty()) keep_matching_nodes(tx, rows, wanted);
  Answer out;
  auto& result = out.result_viz.emplace();
  for (auto& r : rows) {
    if (auto row = usage_row(r)) result.push_back(std::move(*row));
  }
  return out;
}

}  // namespace jobmon::routes::cli
