// Workflows: resuming one (and, as Jobmon 3.6 does before a resume, ending its KILL_SELF
// instances or raising the resources of its tasks that ran out of them), and changing its
// concurrency limit. Changes are the owner's (the plugin's ownership rule, checked before any
// task is locked).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "common/core/ownership.h"
#include "common/core/python_text.h"
#include "common/run/run.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

SetResume::Answer SetResume::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    q::resume_workflow(tx, id, in.body.reset_running_jobs);
  });
  return {};
}

UpdateMaxRunning::Answer UpdateMaxRunning::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t max_tasks = in.body.max_tasks;
  const std::int64_t id = in.path_int("workflow_id");
  int updated = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    updated = q::set_workflow_max_concurrently_running(tx, id, max_tasks);
  });
  if (updated) {
    return {"Workflow ID " + std::to_string(id) + " max concurrently running updated to " +
            std::to_string(max_tasks)};
  }
  return {"No update performed for workflow ID " + std::to_string(id) +
          ", max_concurrently_running is " + std::to_string(max_tasks)};
}

GetAvailableWorkflowStatuses::Answer GetAvailableWorkflowStatuses::handle(const Context& ctx,
                                                                          const api::In<>&) {
  orm::ReadTx tx(ctx.db);
  return {q::workflow_status_labels(tx)};
}

SetTaskResumeState::Answer SetTaskResumeState::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  bool ok = true;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    ok = q::reset_tasks_for_resume(tx, id, in.body.reset_if_running);
  });
  if (ok) return {};
  return {"Workflow " + std::to_string(id) +
          " is not resumable. Please set the appropriate resume state."};
}

ForceCleanupKillSelf::Answer ForceCleanupKillSelf::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  q::ForcedCleanup done;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    done = q::force_cleanup_kill_self(tx, id);
  });
  return {done.instances, done.runs};
}

namespace {

// A stored text as a JSON object: JSON, or a Python literal (docs/compatibility.md B2); an empty
// object when there is none or it is neither (the 3.6 server's fallback). False for the latter.
bool read_object(const std::optional<std::string>& text, api::JsonDocument& out) {
  if (text && parse_python_literal(*text, out) && out.IsObject()) return true;
  out.SetObject();
  return !text;
}

// Python's int() of a number (or of a digit string): what a list scaler's entry becomes.
std::optional<std::int64_t> python_int(const api::JsonValue& v) {
  if (v.IsBool()) return v.GetBool() ? 1 : 0;
  if (v.IsNumber()) {
    const double d = v.GetDouble();
    if (v.IsInt64()) return v.GetInt64();
    if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return std::nullopt;
    return static_cast<std::int64_t>(d);  // toward zero, as int() truncates
  }
  return api::int_value(v);
}

// One resource's new value under `scaler` (the 3.6 server's rule): a number scales the current
// value by 1 + scaler, rounded up; a list gives the value of the attempt (its last entry once
// the attempts outnumber it). nullopt: the resource is left as it is.
std::optional<std::int64_t> scaled(const api::JsonValue& current, const api::JsonValue& scaler,
                                   std::int64_t attempt_index) {
  if (scaler.IsNumber() || scaler.IsBool()) {
    if (!(current.IsNumber() || current.IsBool())) return std::nullopt;
    const double factor = scaler.IsBool() ? (scaler.GetBool() ? 1 : 0) : scaler.GetDouble();
    const double value = current.IsBool() ? (current.GetBool() ? 1 : 0) : current.GetDouble();
    const double up = std::ceil(value * (1 + factor));
    if (!std::isfinite(up) || std::fabs(up) >= 9.2e18) return std::nullopt;
    return static_cast<std::int64_t>(up);
  }
  if (scaler.IsArray() && !scaler.Empty()) {
    const auto last = static_cast<std::int64_t>(scaler.Size()) - 1;
    return python_int(scaler[static_cast<rapidjson::SizeType>(std::min(attempt_index, last))]);
  }
  return std::nullopt;
}

// The requested resources of `task` scaled by its resource_scales, as json.dumps writes them.
// Stored text that reads as neither JSON nor a Python literal is kept as it is (the 3.6 server
// overwrote it with "{}").
std::string scaled_resources(const q::ResourceErrorTask& task) {
  api::JsonDocument requested, scales;
  if (!read_object(task.requested_resources, requested)) return *task.requested_resources;
  read_object(task.resource_scales, scales);
  const std::int64_t attempt_index = std::max<std::int64_t>(0, task.num_attempts - 1);
  for (auto s = scales.MemberBegin(); s != scales.MemberEnd(); ++s) {
    auto r = requested.FindMember(s->name);
    if (r == requested.MemberEnd()) continue;
    if (auto value = scaled(r->value, s->value, attempt_index)) r->value.SetInt64(*value);
  }
  return python_json_dumps(requested);
}

}  // namespace

IncreaseResources::Answer IncreaseResources::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out = {};
    require_workflow_owner(ctx, in.request, tx, id);
    // A task_resources row shared by several tasks (an array's) is scaled once, by the first
    // of them (docs/compatibility.md, "Jobmon 3.6 clients").
    std::map<std::int64_t, std::string> by_row;
    for (const auto& task : q::lock_resource_error_tasks(tx, id)) {
      if (!by_row.count(task.task_resources_id)) {
        by_row[task.task_resources_id] = scaled_resources(task);
      }
      out.updated_task_ids.push_back(task.task_id);
    }
    q::adjust_task_resources(tx, by_row, out.updated_task_ids);
    out.updated_task_count = static_cast<std::int64_t>(out.updated_task_ids.size());
  });
  return out;
}

}  // namespace jobmon::routes::run
