// Task instances: what the worker running an instance reports.
#include <string>
#include <utility>

#include "common/core/python_text.h"
#include "common/run/run.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

orm::queries::OptionalFields ReportTexts::take() {
  q::OptionalFields f;
  f.distributor_id = std::move(distributor_id);
  f.nodename = std::move(nodename);
  f.stdout_text = std::move(stdout_text);
  f.stderr_text = std::move(stderr_text);
  f.stdout_log = std::move(stdout_log);
  f.stderr_log = std::move(stderr_log);
  return f;
}

namespace {

// The value the instance's requested resources (a stored Python dict) give `key`, as JSON.
std::optional<api::RawJson> resource_value(const api::JsonDocument& resources, const char* key) {
  if (!resources.IsObject()) return std::nullopt;
  auto it = resources.FindMember(key);
  if (it == resources.MemberEnd()) return std::nullopt;
  return api::RawJson{api::to_json(it->value)};
}

}  // namespace

LogRunning::Answer LogRunning::handle(const Context& ctx, api::In<Body>& in) {
  Body& b = in.body;
  q::OptionalFields fields;
  // Sent as a digit string; stored in an INT column, so anything else is bad input.
  fields.process_group_id = std::to_string(b.process_group_id);
  fields.distributor_id = std::move(b.distributor_id);
  fields.nodename = std::move(b.nodename);
  q::RunningInstance ti;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    ti = q::log_running(tx, in.path_int("task_instance_id"), fields, b.next_report_increment);
  });
  api::JsonDocument resources;
  if (!ti.requested_resources || !parse_python_literal(*ti.requested_resources, resources)) {
    resources.SetNull();
  }
  return {{ti.id, std::move(ti.status), ti.workflow_run_id, ti.task_id, std::move(ti.task_name),
           std::move(ti.command), ti.workflow_id, resource_value(resources, "stdout"),
           resource_value(resources, "stderr")}};
}

LogTiReportBy::Answer LogTiReportBy::handle(const Context& ctx, api::In<Body>& in) {
  Body& b = in.body;
  q::OptionalFields fields;
  fields.distributor_id = std::move(b.distributor_id);
  fields.stdout_text = std::move(b.stdout_text);
  fields.stderr_text = std::move(b.stderr_text);
  return {
      q::log_report_by(ctx.db, in.path_int("task_instance_id"), fields, b.next_report_increment)};
}

LogTiReportByBatch::Answer LogTiReportByBatch::handle(const Context& ctx, const api::In<Body>& in) {
  static const std::vector<std::int64_t> kNone;
  const auto& ids = in.body.task_instance_ids ? *in.body.task_instance_ids : kNone;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::log_report_by_batch(tx, ids, in.body.next_report_increment);
  });
  return {};
}

LogDone::Answer LogDone::handle(const Context& ctx, api::In<Body>& in) {
  const q::OptionalFields fields = in.body.take();
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.status = q::log_done(tx, in.path_int("task_instance_id"), fields);
  });
  return out;
}

LogErrorWorkerNode::Answer LogErrorWorkerNode::handle(const Context& ctx, api::In<Body>& in) {
  const q::OptionalFields fields = in.body.take();
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.status = q::log_error_worker_node(tx, in.path_int("task_instance_id"), in.body.error_state,
                                          in.body.error_description, fields);
  });
  return out;
}

GetArrayTaskInstanceId::Answer GetArrayTaskInstanceId::handle(const Context& ctx,
                                                              const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto ids = q::array_task_instance_ids(tx, in.path_int("array_id"), in.path_int("batch_num"),
                                        in.path_int("step_id"));
  if (ids.size() != 1) {
    throw api::DetailError(404, ids.empty() ? "No task instance at that array position"
                                            : "Several task instances at that array position");
  }
  return {ids.front()};
}

}  // namespace jobmon::routes::run
