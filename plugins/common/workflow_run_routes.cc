// Workflow runs and arrays (ROUTES.md 5.13, 5.1).
#include <map>

#include "jobmon/errors.h"
#include "jobmon/routes/ownership.h"
#include "jobmon/routes/run.h"
#include "run_common.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

Response add_workflow_run(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t workflow_id = body.require_int("workflow_id");
  std::string user = body.require_scalar_text("user");
  std::string jobmon_version = body.require_scalar_text("jobmon_version");
  double increment = body.require_seconds("next_report_increment");
  q::LinkResult link;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    // The database's configured server version: a reference reaper finds runs by it.
    link = q::create_workflow_run(tx, workflow_id, user, jobmon_version, ctx.db.server_version(),
                                  increment);
  });
  JsonWriter out;
  out.start_object();
  if (link.err_msg.empty()) {
    out.key("workflow_run_id").integer(*link.workflow_run_id).key("status").string(link.status);
  } else {
    out.key("workflow_run_id").null().key("err_msg").string(link.err_msg);
  }
  out.end_object();
  return Response::json(out.str());
}

Response update_workflow_run_status(const Context& ctx, const api::Request& req) {
  std::string status = Body(req).require_string("status");
  std::string now;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    now = q::update_workflow_run_status(tx, req.int_param("workflow_run_id"), status);
  });
  JsonWriter out;
  out.start_object().key("status").string(now).end_object();
  return Response::json(out.str());
}

Response log_workflow_run_heartbeat(const Context& ctx, const api::Request& req) {
  Body body(req);
  double increment = body.require_seconds("next_report_increment");
  std::string status = body.require_string("status");
  std::string now;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    now = q::log_workflow_run_heartbeat(tx, req.int_param("workflow_run_id"), status, increment);
  });
  JsonWriter out;
  out.start_object().key("status").string(now).end_object();
  return Response::json(out.str());
}

Response sync_status(const Context& ctx, const api::Request& req) {
  Body body(req);
  auto ids = id_array(body, "task_instance_ids");
  std::string status = body.require_string("status");
  orm::ReadTx tx(ctx.db);
  std::string time = q::database_time(tx);
  auto updates = q::sync_status(tx, req.int_param("workflow_run_id"), ids, status);
  JsonWriter out;
  out.start_object().key("status_updates");
  write_ids_by_status(out, updates);
  out.key("time").string(time).end_object();
  return Response::json(out.str());
}

Response set_status_for_triaging(const Context& ctx, const api::Request& req) {
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::set_status_for_triaging(tx, req.int_param("workflow_run_id"));
  });
  return Response::json("{}");
}

Response terminate_task_instances(const Context& ctx, const api::Request& req) {
  std::int64_t run_id = req.int_param("workflow_run_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::terminate_task_instances(tx, run_id); });
  return Response::json(R"({"workflow_run_id":)" + std::to_string(run_id) + "}");
}

Response queue_task_batch(const Context& ctx, const api::Request& req) {
  Body body(req);
  auto task_ids = id_array(body, "task_ids");
  std::int64_t resources = body.require_int("task_resources_id");
  std::int64_t run_id = body.require_int("workflow_run_id");
  q::IdsByStatus by_status;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    by_status = q::queue_task_batch(tx, req.int_param("array_id"), task_ids, resources, run_id);
  });
  JsonWriter out;
  out.start_object().key("tasks_by_status");
  write_ids_by_status(out, by_status);
  out.end_object();
  return Response::json(out.str());
}

Response transition_array_to_launched(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t batch = body.require_int("batch_number");
  double increment = body.require_seconds("next_report_increment");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::transition_to_launched(tx, req.int_param("array_id"), batch, increment);
  });
  return Response::json("{}");
}

Response transition_array_to_killed(const Context& ctx, const api::Request& req) {
  std::int64_t batch = Body(req).require_int("batch_number");
  const std::int64_t array_id = req.int_param("array_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    // compat serves this v2 route under /api/v3: only the workflow's owner (or an admin) may
    // kill its tasks there. The check locks the workflow before any task, as the order wants.
    if (ctx.version == ApiVersion::kV3) {
      if (auto workflow = q::array_workflow_id(tx, array_id)) {
        require_workflow_owner(ctx, req, tx, *workflow);
      }
    }
    q::transition_to_killed(tx, array_id, batch);
  });
  return Response::json("{}");
}

Response log_array_distributor_id(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::map<std::int64_t, std::string> ids;
  const auto& root = body.root();
  for (auto m = root.MemberBegin(); m != root.MemberEnd(); ++m) {
    api::JsonValue key(m->name.GetString(), m->name.GetStringLength());
    auto ti = int_value(key);
    if (!ti) continue;  // only all-digit keys name instances, as in the reference
    auto dist = api::is_big_integer(m->value) ? api::integer_text(m->value) : scalar_text(m->value);
    if (!dist || m->value.IsObject() || m->value.IsArray()) body.fail(m->name.GetString());
    ids[*ti] = *dist;
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::set_distributor_ids(tx, req.int_param("array_id"), ids);
  });
  return Response::json(R"({"success":true})");
}

Response get_array_max_concurrently_running(const Context& ctx, const api::Request& req) {
  auto query_int = [&](const char* name) { return routes::query_int(req, name); };
  std::optional<std::int64_t> array_id = req.path_params.count("array_id")
                                             ? std::optional(req.int_param("array_id"))
                                             : query_int("array_id");
  std::optional<std::int64_t> workflow_id = req.path_params.count("workflow_id")
                                                ? std::optional(req.int_param("workflow_id"))
                                                : query_int("workflow_id");
  std::optional<std::int64_t> ttv_id =
      req.path_params.count("task_template_version_id")
          ? std::optional(req.int_param("task_template_version_id"))
          : query_int("task_template_version_id");
  orm::ReadTx tx(ctx.db);
  auto max = q::array_max_concurrently_running(tx, array_id, workflow_id, ttv_id);
  if (!max) throw api::DetailError(404, "Array not found");
  return Response::json(R"({"max_concurrently_running":)" + std::to_string(*max) + "}");
}

}  // namespace jobmon::routes
