// The GUI's run-path routes, which only v3 serves: an array's concurrency limit, and the DAG of
// a workflow at the level of its task templates.
#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/core/ownership.h"
#include "common/run/run.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/workflow_task.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

UpdateArrayMaxRunning::Answer UpdateArrayMaxRunning::handle(const Context& ctx,
                                                            const api::In<Body>& in) {
  const std::int64_t max_tasks = in.body.max_tasks;
  const std::int64_t id = in.path_int("workflow_id");
  int updated = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    updated =
        q::set_array_max_concurrently_running(tx, id, in.body.task_template_version_id, max_tasks);
  });
  // The reference never set a message on success and answered 500 after committing
  // (docs/compatibility.md, R11); this is the message it evidently meant.
  if (updated) {
    return {"Workflow ID " + std::to_string(id) + " array max concurrently running updated to " +
            std::to_string(max_tasks)};
  }
  return {"Error updating max_concurrently_running for array ID " + std::to_string(id) + "."};
}

TaskTemplateDag::Answer TaskTemplateDag::handle(const Context& ctx, const api::In<>& in) {
  const std::string& raw = in.path("workflow_id");
  auto id =
      api::int_value(api::JsonValue(raw.c_str(), static_cast<rapidjson::SizeType>(raw.size())));
  if (!id) {
    throw api::InvalidUsage("invalid literal for int() with base 10: " + api::python_repr(raw) +
                            " in request to " + in.request.path);
  }
  orm::ReadTx tx(ctx.db);
  auto edges = q::workflow_template_edges(tx, *id);
  if (!edges) {
    throw api::DetailError(404, "Workflow with ID " + raw + " not found in database.");
  }
  std::map<std::int64_t, std::string> name_of;
  for (const auto& e : *edges) name_of[e.node_id] = e.template_name;
  // Distinct (template, downstream template) pairs in edge order, then (template, null) for
  // every edge, duplicates dropped (first kept): the reference's pandas steps.
  Answer out;
  std::set<std::pair<std::string, std::optional<std::string>>> seen;
  auto add = [&](const std::string& a, std::optional<std::string> b) {
    if (seen.insert({a, b}).second) out.tt_dag.push_back({a, std::move(b)});
  };
  for (const auto& e : *edges) {
    for (auto down : e.downstream_node_ids) {
      auto it = name_of.find(down);
      if (it != name_of.end()) add(e.template_name, it->second);
    }
  }
  for (const auto& e : *edges) add(e.template_name, std::nullopt);
  return out;
}

}  // namespace jobmon::routes::run
