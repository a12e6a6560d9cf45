// Task instances: the worker's and the distributor's reports (ROUTES.md 5.7).
#include "jobmon/errors.h"
#include "jobmon/routes/python_text.h"
#include "jobmon/routes/run.h"
#include "run_common.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

namespace {

Response status_response(const std::string& status) {
  JsonWriter out;
  out.start_object().key("status").string(status).end_object();
  return Response::json(out.str());
}

Response message_response(const std::string& message) {
  JsonWriter out;
  out.start_object().key("message").string(message).end_object();
  return Response::json(out.str());
}

// stdout/stderr paths a worker should use, from the instance's requested resources.
void write_resource_path(JsonWriter& out, const std::optional<std::string>& resources,
                         const char* key) {
  api::JsonDocument doc;
  if (resources && parse_python_literal(*resources, doc) && doc.IsObject()) {
    auto it = doc.FindMember(key);
    if (it != doc.MemberEnd()) {
      out.value(it->value);
      return;
    }
  }
  out.null();
}

}  // namespace

Response log_running(const Context& ctx, const api::Request& req) {
  Body body(req);
  q::OptionalFields fields;
  // Sent as a digit string; stored in an INT column, so anything else is bad input.
  fields.process_group_id = std::to_string(body.require_int("process_group_id"));
  fields.distributor_id = body.optional_scalar_text("distributor_id");
  fields.nodename = body.optional_scalar_text("nodename");
  double increment = body.require_seconds("next_report_increment");
  q::RunningInstance ti;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    ti = q::log_running(tx, req.int_param("task_instance_id"), fields, increment);
  });
  JsonWriter out;
  out.start_object().key("task_instance").start_array().integer(ti.id).string(ti.status);
  out.integer(ti.workflow_run_id).integer(ti.task_id).string(ti.task_name).string(ti.command);
  out.integer(ti.workflow_id);
  write_resource_path(out, ti.requested_resources, "stdout");
  write_resource_path(out, ti.requested_resources, "stderr");
  out.end_array().end_object();
  return Response::json(out.str());
}

Response log_report_by(const Context& ctx, const api::Request& req) {
  Body body(req);
  double increment = body.require_seconds("next_report_increment");
  q::OptionalFields fields;
  fields.distributor_id = body.optional_scalar_text("distributor_id");
  fields.stdout_text = body.optional_scalar_text("stdout");
  fields.stderr_text = body.optional_scalar_text("stderr");
  return status_response(
      q::log_report_by(ctx.db, req.int_param("task_instance_id"), fields, increment));
}

Response log_report_by_batch(const Context& ctx, const api::Request& req) {
  Body body(req);
  double increment = body.require_seconds("next_report_increment");
  auto ids = id_array(body, "task_instance_ids", false);
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::log_report_by_batch(tx, ids, increment); });
  return Response::json("{}");
}

Response log_done(const Context& ctx, const api::Request& req) {
  Body body(req);
  auto fields = optional_fields(body);
  std::string status;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    status = q::log_done(tx, req.int_param("task_instance_id"), fields);
  });
  return status_response(status);
}

Response log_error_worker_node(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::string error_state = body.require_string("error_state");
  std::string description = body.require_scalar_text("error_description");
  auto fields = optional_fields(body);
  std::string status;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    status = q::log_error_worker_node(tx, req.int_param("task_instance_id"), error_state,
                                      description, fields);
  });
  return status_response(status);
}

Response log_no_distributor_id(const Context& ctx, const api::Request& req) {
  std::string message = Body(req).require_scalar_text("no_id_err_msg");
  std::string warning;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    warning = q::log_no_distributor_id(tx, req.int_param("task_instance_id"), message);
  });
  return message_response(warning);
}

Response log_distributor_id(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::string distributor_id = body.require_scalar_text("distributor_id");
  double increment = body.require_seconds("next_report_increment");
  std::string warning;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    warning =
        q::log_distributor_id(tx, req.int_param("task_instance_id"), distributor_id, increment);
  });
  return message_response(warning);
}

namespace {

Response known_error(const Context& ctx, const api::Request& req, bool only_if_overdue) {
  Body body(req);
  std::string error_state = body.require_string("error_state");
  std::string error_message = body.require_scalar_text("error_message");
  q::OptionalFields fields;
  fields.distributor_id = body.optional_scalar_text("distributor_id");
  fields.nodename = body.optional_scalar_text("nodename");
  std::optional<std::string> warning;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    warning = q::log_known_error(tx, req.int_param("task_instance_id"), error_state, error_message,
                                 fields, only_if_overdue);
  });
  // Not overdue any more (it heartbeated since triage): nothing to do. The reference answered
  // 500 here (UnboundLocalError) and the distributor retried (docs/compatibility.md).
  return message_response(warning.value_or(""));
}

}  // namespace

Response log_known_error(const Context& ctx, const api::Request& req) {
  return known_error(ctx, req, false);
}

Response log_unknown_error(const Context& ctx, const api::Request& req) {
  return known_error(ctx, req, true);
}

Response instantiate_task_instances(const Context& ctx, const api::Request& req) {
  auto ids = id_array(Body(req), "task_instance_ids");
  std::vector<q::Batch> batches;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { batches = q::instantiate_task_instances(tx, ids); });
  JsonWriter out;
  out.start_object().key("task_instance_batches").start_array();
  for (const auto& b : batches) {
    out.start_array().integer(b.array_id).string(b.array_name).integer(b.batch_number);
    out.integer(b.task_resources_id).start_array();
    for (auto id : b.task_instance_ids) out.integer(id);
    out.end_array().end_array();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response get_task_instance_error_log(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto rows = q::task_instance_error_log(tx, req.int_param("task_instance_id"));
  JsonWriter out;
  out.start_object().key("task_instance_error_log").start_array();
  for (const auto& r : rows) {
    out.start_array().integer(r.id).string(r.error_time).string(r.description).end_array();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response get_array_task_instance_id(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto ids = q::array_task_instance_ids(tx, req.int_param("array_id"), req.int_param("batch_num"),
                                        req.int_param("step_id"));
  if (ids.size() != 1) {
    throw api::DetailError(404, ids.empty() ? "No task instance at that array position"
                                            : "Several task instances at that array position");
  }
  return Response::json(R"({"task_instance_id":)" + std::to_string(ids.front()) + "}");
}

}  // namespace jobmon::routes
