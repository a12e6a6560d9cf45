// CLI routes about tasks (routes/v2|v3/cli/task.py at the reference commit). v3 differs in
// update_statuses (task_ids "all", recursive, workflow completion), tasks_recursive (one
// workflow required) and task_resource_usage (maxrss instead of maxpss).
#include <map>

#include "cli_common.h"
#include "cli_routes.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/status.h"
#include "pandas_json.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;
using api::JsonWriter;
using api::Response;

namespace {

const std::map<std::string, std::string>& instance_letters_of() {
  static const std::map<std::string, std::string> m = {
      {"PENDING", "QBI"}, {"RUNNING", "R"}, {"FATAL", "EZWUK"}, {"DONE", "D"}};
  return m;
}

void write_text(JsonWriter& out, const q::Text& v) { v ? out.string(*v) : out.null(); }

// [[{"id": 1, "status": "G", "name": "a"}], ...]: one single-element list per task.
void write_task_list(JsonWriter& out, const std::vector<q::TaskSummary>& tasks) {
  out.start_array();
  for (const auto& t : tasks) {
    out.start_array().start_object().key("id").integer(t.id).key("status").string(t.status);
    out.key("name");
    write_text(out, t.name);
    out.end_object().end_array();
  }
  out.end_array();
}

// A list of ids from a body field that may also be a single integer.
std::vector<std::int64_t> ids_or_int(const Body& body, std::string_view field,
                                     const api::JsonValue& v) {
  std::vector<std::int64_t> ids;
  if (auto one = int_value(v); one && !v.IsString()) return {*one};
  if (!v.IsArray()) body.fail(field);
  for (const auto& e : v.GetArray()) {
    auto id = int_value(e);
    if (!id) body.fail(field);
    ids.push_back(*id);
  }
  return ids;
}

}  // namespace

Response task_status(const Context& ctx, const api::Request& req) {
  auto ids = query_ints(req, "task_ids");
  if (req.query_values("task_ids").empty()) missing_query("task_ids");
  std::string letters =
      letters_of_labels(req.query_values("status"), instance_letters_of(), req.path);
  orm::ReadTx tx(ctx.db);
  DataFrameJson df({"TASK_ID", "task_status", "TASK_INSTANCE_ID", "DISTRIBUTOR_ID", "STATUS",
                    "RESOURCE_USAGE", "STDOUT", "STDERR", "ERROR_TRACE"});
  // STATUS is the instance status' label (QUEUED, RUNNING, ...): the reference's relabelling
  // maps letters, which never match a label, so the labels go out as they are.
  for (const auto& r : q::task_instance_statuses(tx, ids, letters)) {
    df.add_row({r.task_id, r.task_status, r.task_instance_id, DataFrameJson::text(r.distributor_id),
                r.status_label, DataFrameJson::text(r.usage), DataFrameJson::text(r.stdout_path),
                DataFrameJson::text(r.stderr_path), DataFrameJson::text(r.error)});
  }
  JsonWriter out;
  out.start_object().key("task_instance_status").string(df.str()).end_object();
  return Response::json(out.str());
}

Response task_subdag(const Context& ctx, const api::Request& req) {
  Body body(req);
  const api::JsonValue* ids_value = body.find("task_ids");
  std::vector<std::int64_t> ids;
  if (ids_value) ids = ids_or_int(body, "task_ids", *ids_value);
  if (ids.empty()) {
    throw api::InvalidUsage(std::string("Missing ") + (ids_value ? "[]" : "None") + " in request");
  }
  std::string statuses;  // task status letters to keep; empty: every task
  if (const auto* s = body.find("task_status")) {
    if (!s->IsArray()) body.fail("task_status");
    for (const auto& e : s->GetArray()) {
      if (!e.IsString()) body.fail("task_status");
      statuses += std::string(e.GetString(), e.GetStringLength()) + ",";
    }
  }
  orm::ReadTx tx(ctx.db);
  auto places = q::task_places(tx, ids);
  if (places.empty()) return Response::json(R"({"workflow_id":null,"sub_task":null})");
  // The tasks are meant to share one workflow (the CLI checks first); the first one's counts.
  const auto& first = places.front();
  std::set<std::int64_t> nodes;
  for (const auto& p : places) {
    if (p.workflow_id == first.workflow_id && p.dag_id == first.dag_id) nodes.insert(p.node_id);
  }
  auto reached = q::reachable_nodes(tx, first.dag_id, nodes, q::Direction::kDown);
  JsonWriter out;
  out.start_object().key("workflow_id").integer(first.workflow_id).key("sub_task").start_object();
  for (const auto& t : q::tasks_on_nodes(tx, first.workflow_id, reached)) {
    if (!statuses.empty() && statuses.find(t.status + ",") == std::string::npos) continue;
    out.key(std::to_string(t.id)).start_array().string(t.status);
    write_text(out, t.name);
    out.end_array();
  }
  out.end_object().end_object();
  return Response::json(out.str());
}

Response update_task_statuses(const Context& ctx, const api::Request& req) {
  Body body(req);
  const bool v3 = ctx.version == ApiVersion::kV3;
  auto problem = [&](const char* key) {
    return api::InvalidUsage(std::string("problem with '") + key + "' in request to " + req.path);
  };
  // Required keys, checked in the reference's order.
  const char* order_v2[] = {"task_ids", "new_status", "workflow_status", "workflow_id"};
  const char* order_v3[] = {"workflow_id", "task_ids", "new_status"};
  for (const char* key :
       v3 ? std::span<const char* const>(order_v3) : std::span<const char* const>(order_v2)) {
    if (!body.root().HasMember(key)) throw problem(key);
  }
  q::StatusUpdate update;
  update.workflow_id = body.require_int("workflow_id");
  const api::JsonValue& ids_value = body.require("task_ids");
  bool all_tasks = v3 && ids_value.IsString() &&
                   std::string_view(ids_value.GetString(), ids_value.GetStringLength()) == "all";
  if (!all_tasks) update.task_ids = ids_or_int(body, "task_ids", ids_value);
  std::string new_status = body.require_string("new_status");
  if (new_status.size() != 1 || !orm::parse_status<orm::TaskStatus>(new_status[0])) {
    throw api::InvalidUsage("Invalid new_status " + new_status + " in request to " + req.path);
  }
  update.new_status = new_status[0];
  update.workflow_status = body.optional_string("workflow_status");
  update.done_completes_workflow = v3;
  bool recursive = v3 && !all_tasks && truthy(body.find("recursive"));
  q::Direction direction = q::Direction::kDown;
  if (recursive) {
    if (update.new_status == 'D') {
      direction = q::Direction::kUp;
    } else if (update.new_status != 'G') {
      throw api::InvalidUsage("Invalid new_status " + new_status + " for recursive update");
    }
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::StatusUpdate work = update;  // the retry of a lock conflict starts from the request again
    if (all_tasks) work.task_ids = q::task_ids_of_workflow(tx, work.workflow_id);
    if (recursive) {
      std::set<std::int64_t> start(work.task_ids.begin(), work.task_ids.end());
      auto found = q::tasks_recursive(tx, start, direction);
      if (found.distinct_workflows != 1) {
        throw api::InvalidUsage(python_set(start) +
                                " in request belong to different workflow_ids ");
      }
      work.task_ids.assign(found.task_ids.begin(), found.task_ids.end());
    }
    q::update_task_statuses(tx, work);
  });
  JsonWriter out;
  out.start_object().key("message").string("updated to status " + new_status).end_object();
  return Response::json(out.str());
}

Response task_dependencies(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto places = q::task_places(tx, {req.int_param("task_id")});
  std::vector<q::TaskSummary> up, down;
  if (!places.empty()) {
    const auto& p = places.front();
    up = q::tasks_on_nodes(tx, p.workflow_id,
                           q::neighbour_nodes(tx, p.dag_id, {p.node_id}, q::Direction::kUp));
    down = q::tasks_on_nodes(tx, p.workflow_id,
                             q::neighbour_nodes(tx, p.dag_id, {p.node_id}, q::Direction::kDown));
  }
  JsonWriter out;
  out.start_object().key("up");
  write_task_list(out, up);
  out.key("down");
  write_task_list(out, down);
  out.end_object();
  return Response::json(out.str());
}

Response tasks_recursive(const Context& ctx, const api::Request& req) {
  auto direction = req.param("direction") == "up" ? q::Direction::kUp : q::Direction::kDown;
  Body body(req);
  std::set<std::int64_t> ids;
  if (const auto* v = body.find("task_ids")) {
    for (auto id : ids_or_int(body, "task_ids", *v)) ids.insert(id);
  }
  orm::ReadTx tx(ctx.db);
  auto found = q::tasks_recursive(tx, ids, direction);
  if (ctx.version == ApiVersion::kV3) {
    if (found.distinct_workflows != 1) {
      throw api::InvalidUsage(python_set(ids) + " in request belong to different workflow_ids ");
    }
  } else {
    found.task_ids.insert(ids.begin(), ids.end());  // v2 answers its input ids too, found or not
  }
  JsonWriter out;
  out.start_object().key("task_ids").start_array();
  for (auto id : found.task_ids) out.integer(id);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response task_resource_usage(const Context& ctx, const api::Request& req) {
  if (!req.query_param("task_id")) missing_query("task_id");
  auto task_id = query_ints(req, "task_id").back();
  orm::ReadTx tx(ctx.db);
  auto usage = q::task_resource_usage(tx, task_id, ctx.version == ApiVersion::kV3);
  JsonWriter out;
  out.start_object().key("resource_usage").start_array();
  if (usage) {
    out.integer(usage->num_attempts);
    write_text(out, usage->nodename);
    write_text(out, usage->wallclock);
    write_text(out, usage->memory);
  } else {
    out.null().null().null().null();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes::cli
