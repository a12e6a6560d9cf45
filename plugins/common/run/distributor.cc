// Task instances: what the distributor reports about the instances it submits.
#include <optional>
#include <string>
#include <utility>

#include "common/run/run.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

InstantiateTaskInstances::Answer InstantiateTaskInstances::handle(const Context& ctx,
                                                                  const api::In<Body>& in) {
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.task_instance_batches = q::instantiate_task_instances(tx, in.body.task_instance_ids);
  });
  return out;
}

LogNoDistributorId::Answer LogNoDistributorId::handle(const Context& ctx, const api::In<Body>& in) {
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.message =
        q::log_no_distributor_id(tx, in.path_int("task_instance_id"), in.body.no_id_err_msg);
  });
  return out;
}

q::DistributorIdLogged log_distributor_id(const Context& ctx,
                                          const api::In<LogDistributorId::Body>& in) {
  q::DistributorIdLogged logged;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    logged = q::log_distributor_id(tx, in.path_int("task_instance_id"), in.body.distributor_id,
                                   in.body.next_report_increment);
  });
  return logged;
}

LogDistributorId::Answer LogDistributorId::handle(const Context& ctx, const api::In<Body>& in) {
  const q::DistributorIdLogged logged = log_distributor_id(ctx, in);
  if (logged.from == 'D' || logged.from == 'E' || logged.from == 'F') {
    return {"Task instance in final state, no transition needed"};
  }
  if (logged.to == 'O' && logged.from != 'O') return {"Task instance transitioned to LAUNCHED"};
  return {std::string("Unable to transition to launched from ") + logged.from};
}

namespace {

MessageAnswer known_error(const Context& ctx, api::In<LogKnownError::Body>& in,
                          bool only_if_overdue) {
  LogKnownError::Body& b = in.body;
  q::OptionalFields fields;
  fields.distributor_id = std::move(b.distributor_id);
  fields.nodename = std::move(b.nodename);
  std::optional<std::string> warning;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    warning = q::log_known_error(tx, in.path_int("task_instance_id"), b.error_state,
                                 b.error_message, fields, only_if_overdue);
  });
  // Not overdue any more (it heartbeated since triage): nothing to do. The reference answered
  // 500 here (UnboundLocalError) and the distributor retried (docs/compatibility.md).
  return {std::move(warning).value_or("")};
}

}  // namespace

LogKnownError::Answer LogKnownError::handle(const Context& ctx, api::In<Body>& in) {
  return known_error(ctx, in, false);
}

LogUnknownError::Answer LogUnknownError::handle(const Context& ctx, api::In<Body>& in) {
  return known_error(ctx, in, true);
}

}  // namespace jobmon::routes::run
