// Arrays: the distributor queues, launches and kills batches of an array's tasks.
#include <map>
#include <string>

#include "common/core/ownership.h"
#include "common/run/run.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

RecordArrayBatchNum::Answer RecordArrayBatchNum::handle(const Context& ctx,
                                                        const api::In<Body>& in) {
  const Body& b = in.body;
  Answer out;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    out.tasks_by_status = q::queue_task_batch(tx, in.path_int("array_id"), b.task_ids,
                                              b.task_resources_id, b.workflow_run_id);
  });
  return out;
}

TransitionArrayToLaunched::Answer TransitionArrayToLaunched::handle(const Context& ctx,
                                                                    const api::In<Body>& in) {
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::transition_to_launched(tx, in.path_int("array_id"), in.body.batch_number,
                              in.body.next_report_increment);
  });
  return {};
}

TransitionToKilled::Answer TransitionToKilled::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t array_id = in.path_int("array_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    // Under /api/v3 only the workflow's owner (or an admin) may kill its tasks. The
    // check locks the workflow before any task, as the lock order wants.
    if (auto workflow = q::array_workflow_id(tx, array_id)) {
      require_workflow_owner(ctx, in.request, tx, *workflow);
    }
    q::transition_to_killed(tx, array_id, in.body.batch_number);
  });
  return {};
}

LogArrayDistributorId::Answer LogArrayDistributorId::handle(const Context& ctx,
                                                            const api::In<Body>& in) {
  std::map<std::int64_t, std::string> ids;
  const api::JsonValue& root = *in.request.json;  // an object: checked before the handler runs
  for (auto m = root.MemberBegin(); m != root.MemberEnd(); ++m) {
    auto ti = api::int_value(api::JsonValue(m->name.GetString(), m->name.GetStringLength()));
    if (!ti) continue;  // only all-digit keys name instances, as in the reference
    auto dist =
        api::is_big_integer(m->value) ? api::integer_text(m->value) : api::scalar_text(m->value);
    if (!dist || m->value.IsObject() || m->value.IsArray()) {
      api::bad_field(in.request, m->name.GetString());
    }
    ids[*ti] = std::move(*dist);
  }
  orm::with_write_tx(
      ctx.db, [&](orm::WriteTx& tx) { q::set_distributor_ids(tx, in.path_int("array_id"), ids); });
  return {};
}

namespace {

// The reference's one handler behind both paths: the array by its id when there is one, else
// by workflow and task template version.
LimitAnswer array_limit(const Context& ctx, std::optional<std::int64_t> array_id,
                        std::optional<std::int64_t> workflow_id,
                        std::optional<std::int64_t> task_template_version_id) {
  orm::ReadTx tx(ctx.db);
  auto max = q::array_max_concurrently_running(tx, array_id, workflow_id, task_template_version_id);
  if (!max) throw api::DetailError(404, "Array not found");
  return {*max};
}

}  // namespace

GetArrayMaxConcurrentlyRunning::Answer GetArrayMaxConcurrentlyRunning::handle(
    const Context& ctx, const api::In<api::NoBody, Query>& in) {
  return array_limit(ctx, in.path_int("array_id"), in.query.workflow_id,
                     in.query.task_template_version_id);
}

GetWorkflowArrayMaxConcurrentlyRunning::Answer GetWorkflowArrayMaxConcurrentlyRunning::handle(
    const Context& ctx, const api::In<api::NoBody, Query>& in) {
  return array_limit(ctx, in.query.array_id, in.path_int("workflow_id"),
                     in.path_int("task_template_version_id"));
}

}  // namespace jobmon::routes::run
