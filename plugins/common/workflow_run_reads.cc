// Workflow routes of the run and resume path (ROUTES.md 5.12, 5.6 resume, cli get_downstream).
#include <map>
#include <regex>
#include <set>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/workflow_task.h"
#include "jobmon/routes/ownership.h"
#include "jobmon/routes/run.h"
#include "run_common.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

Response is_workflow_resumable(const Context& ctx, const api::Request& req) {
  std::int64_t id = req.int_param("workflow_id");
  orm::ReadTx tx(ctx.db);
  auto resumable = q::workflow_is_resumable(tx, id);
  if (!resumable) {
    throw api::DetailError(404,
                           "Workflow with ID " + std::to_string(id) + " not found in database.");
  }
  return Response::json(std::string(R"({"workflow_is_resumable":)") +
                        (*resumable ? "true" : "false") + "}");
}

Response get_max_concurrently_running(const Context& ctx, const api::Request& req) {
  std::int64_t id = req.int_param("workflow_id");
  orm::ReadTx tx(ctx.db);
  auto max = q::workflow_max_concurrently_running(tx, id);
  if (!max) {
    throw api::JsonError(404, R"({"error":"Workflow with ID )" + std::to_string(id) +
                                  R"( not found in database."})");
  }
  return Response::json(R"({"max_concurrently_running":)" + std::to_string(*max) + "}");
}

Response task_status_updates(const Context& ctx, const api::Request& req) {
  std::optional<std::string> last_sync;
  if (req.json != nullptr) {
    Body body(req);
    last_sync = body.optional_string("last_sync");
    // The client sends back the `time` it was given; anything else would be compared as text
    // on SQLite and refused by PostgreSQL's cast (a 500), so it is a client error.
    static const std::regex kTimeForm(R"(\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d(\.\d{1,6})?)?)");
    if (last_sync && !std::regex_match(*last_sync, kTimeForm)) body.fail("last_sync");
  }
  orm::ReadTx tx(ctx.db);
  auto [time, by_status] = q::task_status_updates(tx, req.int_param("workflow_id"), last_sync);
  JsonWriter out;
  out.start_object().key("tasks_by_status");
  write_ids_by_status(out, by_status);
  out.key("time").string(time).end_object();
  return Response::json(out.str());
}

Response fetch_workflow_metadata(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto wf = q::workflow_metadata(tx, req.int_param("workflow_id"));
  JsonWriter out;
  out.start_object().key("workflow").start_array();
  if (wf) out.integer(wf->id).integer(wf->dag_id).integer(wf->max_concurrently_running);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response get_tasks(const Context& ctx, const api::Request& req) {
  auto required = [&](const char* name) { return *query_int(req, name, true); };
  std::int64_t max_task_id = required("max_task_id");
  std::int64_t chunk_size = required("chunk_size");
  orm::ReadTx tx(ctx.db);
  auto tasks = q::swarm_tasks(tx, req.int_param("workflow_id"), max_task_id, chunk_size);
  JsonWriter out;
  auto text = [&](const std::optional<std::string>& s) { s ? out.string(*s) : out.null(); };
  out.start_object().key("tasks").start_object();
  for (const auto& t : tasks) {
    out.key(std::to_string(t.id)).start_array();
    t.array_id ? out.integer(*t.array_id) : out.null();
    out.string(t.status).integer(t.max_attempts);
    text(t.resource_scales);
    text(t.fallback_queues);
    text(t.requested_resources);
    text(t.cluster_name);
    text(t.queue_name);
    t.array_max_concurrently_running ? out.integer(*t.array_max_concurrently_running) : out.null();
    out.end_array();
  }
  out.end_object().end_object();
  return Response::json(out.str());
}

Response get_downstream_tasks(const Context& ctx, const api::Request& req) {
  Body body(req);
  auto task_ids = id_array(body, "task_ids");
  std::int64_t dag_id = body.require_int("dag_id");
  orm::ReadTx tx(ctx.db);
  auto rows = q::downstream_tasks(tx, task_ids, dag_id);
  JsonWriter out;
  out.start_object().key("downstream_tasks").start_object();
  for (const auto& r : rows) {
    out.key(std::to_string(r.task_id)).start_array().integer(r.node_id);
    // The stored cell is a JSON string holding "[2, 3]" (or JSON null); clients json.loads it.
    api::JsonDocument cell;
    if (r.downstream_node_ids && api::parse_json(*r.downstream_node_ids, cell).ok &&
        cell.IsString()) {
      out.value(cell);
    } else {
      out.null();
    }
    out.end_array();
  }
  out.end_object().end_object();
  return Response::json(out.str());
}

Response set_resume(const Context& ctx, const api::Request& req) {
  bool reset = Body(req).require_bool("reset_running_jobs");
  std::int64_t id = req.int_param("workflow_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, req, tx, id);
    q::resume_workflow(tx, id, reset);
  });
  return Response::json("{}");
}

Response update_max_concurrently_running(const Context& ctx, const api::Request& req) {
  std::int64_t max_tasks = Body(req).require_int("max_tasks");
  std::int64_t id = req.int_param("workflow_id");
  int updated = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, req, tx, id);
    updated = q::set_workflow_max_concurrently_running(tx, id, max_tasks);
  });
  std::string message = updated ? "Workflow ID " + std::to_string(id) +
                                      " max concurrently running updated to " +
                                      std::to_string(max_tasks)
                                : "No update performed for workflow ID " + std::to_string(id) +
                                      ", max_concurrently_running is " + std::to_string(max_tasks);
  JsonWriter out;
  out.start_object().key("message").string(message).end_object();
  return Response::json(out.str());
}

Response available_statuses(const Context& ctx, const api::Request&) {
  orm::ReadTx tx(ctx.db);
  JsonWriter out;
  out.start_object().key("available_statuses").start_array();
  for (const auto& label : q::workflow_status_labels(tx)) out.string(label);
  out.end_array().end_object();
  return Response::json(out.str());
}

Response set_resume_state(const Context& ctx, const api::Request& req) {
  bool reset_if_running = Body(req).require_bool("reset_if_running");
  std::int64_t id = req.int_param("workflow_id");
  bool ok = true;
  orm::with_write_tx(
      ctx.db, [&](orm::WriteTx& tx) { ok = q::reset_tasks_for_resume(tx, id, reset_if_running); });
  if (ok) return Response::json("{}");
  JsonWriter out;
  out.start_object().key("err_msg").string("Workflow " + std::to_string(id) +
                                           " is not resumable. Please set the appropriate "
                                           "resume state.");
  out.end_object();
  return Response::json(out.str());
}

Response most_recent_ti_error(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto e = q::most_recent_ti_error(tx, req.int_param("task_id"));
  JsonWriter out;
  out.start_object().key("error_description").string(e.description).key("task_instance_id");
  e.task_instance_id ? out.integer(*e.task_instance_id) : out.null();
  out.end_object();
  return Response::json(out.str());
}

// v3 only.
Response update_array_max_concurrently_running(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t max_tasks = body.require_int("max_tasks");
  std::int64_t ttv_id = body.require_int("task_template_version_id");
  std::int64_t id = req.int_param("workflow_id");
  int updated = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, req, tx, id);
    updated = q::set_array_max_concurrently_running(tx, id, ttv_id, max_tasks);
  });
  // The reference never set a message on success and answered 500 after committing
  // (ROUTES.md 8.5); this is the message it evidently meant.
  std::string message =
      updated ? "Workflow ID " + std::to_string(id) +
                    " array max concurrently running updated to " + std::to_string(max_tasks)
              : "Error updating max_concurrently_running for array ID " + std::to_string(id) + ".";
  JsonWriter out;
  out.start_object().key("message").string(message).end_object();
  return Response::json(out.str());
}

namespace {

// Node ids in a stored edge list: "[2, 3]" with or without JSON quotes, or null.
std::vector<std::int64_t> node_ids(const std::optional<std::string>& text) {
  std::vector<std::int64_t> ids;
  if (!text) return ids;
  std::string digits;
  for (char c : *text + ",") {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!digits.empty()) {
      ids.push_back(std::stoll(digits));
      digits.clear();
    }
  }
  return ids;
}

}  // namespace

// v3 only (the GUI): template-level edges of a workflow's DAG.
Response get_task_template_dag(const Context& ctx, const api::Request& req) {
  const std::string& raw = req.param("workflow_id");
  api::JsonValue text(raw.c_str(), static_cast<rapidjson::SizeType>(raw.size()));
  auto id = int_value(text);
  if (!id) {
    throw api::InvalidUsage("invalid literal for int() with base 10: " + api::python_repr(raw) +
                            " in request to " + req.path);
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
  std::vector<std::pair<std::string, std::optional<std::string>>> pairs;
  std::set<std::pair<std::string, std::optional<std::string>>> seen;
  auto add = [&](std::string a, std::optional<std::string> b) {
    if (seen.insert({a, b}).second) pairs.emplace_back(std::move(a), std::move(b));
  };
  for (const auto& e : *edges) {
    for (auto down : node_ids(e.downstream_node_ids)) {
      auto it = name_of.find(down);
      if (it != name_of.end()) add(e.template_name, it->second);
    }
  }
  for (const auto& e : *edges) add(e.template_name, std::nullopt);
  JsonWriter out;
  out.start_object().key("tt_dag").start_array();
  for (const auto& [name, down] : pairs) {
    out.start_object().key("name").string(name).key("downstream_task_template_id");
    down ? out.string(*down) : out.null();
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes
