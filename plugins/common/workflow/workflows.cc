// Workflows, their attributes and arrays.
#include <string>

#include "common/workflow/workflow.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/workflow_task.h"

namespace jobmon::routes::workflow {

namespace q = orm::queries;

BindWorkflow::Answer BindWorkflow::handle(const Context& ctx, const api::In<Body>& in) {
  const Body& body = in.body;
  const q::WorkflowBind wf{.tool_version_id = body.tool_version_id,
                           .dag_id = body.dag_id,
                           .workflow_args_hash = body.workflow_args_hash,
                           .task_hash = body.task_hash,
                           .description = body.description,
                           .name = body.name,
                           .workflow_args = body.workflow_args,
                           .max_concurrently_running = body.max_concurrently_running};
  static const q::NameValues kNone;
  const q::NameValues& attributes =
      body.workflow_attributes ? body.workflow_attributes->values : kNone;
  q::BoundWorkflow bound;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    bound = q::bind_workflow(tx, wf);
    q::upsert_workflow_attributes(tx, bound.id, attributes);
  });
  return {bound.id, std::move(bound.status), bound.newly_created};
}

namespace {

// Python int() of a path segment: optional sign, surrounding spaces, "_" between digits.
std::optional<std::string> python_int_text(std::string s) {
  auto first = s.find_first_not_of(" \t\n\r\f\v");
  auto last = s.find_last_not_of(" \t\n\r\f\v");
  if (first == std::string::npos) return std::nullopt;
  s = s.substr(first, last - first + 1);
  std::string sign;
  if (s[0] == '+' || s[0] == '-') {
    if (s[0] == '-') sign = "-";
    s.erase(0, 1);
  }
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '_' && i > 0 && i + 1 < s.size() && s[i - 1] != '_' && s[i + 1] >= '0' &&
               s[i + 1] <= '9') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  auto nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  return digits == "0" ? digits : sign + digits;
}

}  // namespace

GetMatchingWorkflowsByWorkflowArgs::Answer GetMatchingWorkflowsByWorkflowArgs::handle(
    const Context& ctx, const api::In<>& in) {
  const std::string& raw = in.path("workflow_args_hash");
  auto hash = python_int_text(raw);
  if (!hash) {
    throw api::InvalidUsage("invalid literal for int() with base 10: " + api::python_repr(raw) +
                            " in request to " + in.request.path);
  }
  orm::ReadTx tx(ctx.db);
  Answer answer;
  for (auto& r : q::workflows_by_args_hash(tx, *hash)) {
    answer.matching_workflows.emplace_back(std::move(r.task_hash), r.tool_version_id,
                                           std::move(r.dag_hash));
  }
  return answer;
}

UpdateWorkflowAttributes::Answer UpdateWorkflowAttributes::handle(const Context& ctx,
                                                                  const api::In<Body>& in) {
  const std::int64_t workflow_id = in.path_int("workflow_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::upsert_workflow_attributes(tx, workflow_id, in.body.workflow_attributes.values);
  });
  return {};
}

AddArray::Answer AddArray::handle(const Context& ctx, const api::In<Body>& in) {
  static const std::string kNoName;
  const std::string& name = in.body.name ? *in.body.name : kNoName;
  std::int64_t id = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    id = q::bind_array(tx, in.body.workflow_id, in.body.task_template_version_id,
                       in.body.max_concurrently_running, name);
  });
  return {id};
}

}  // namespace jobmon::routes::workflow
