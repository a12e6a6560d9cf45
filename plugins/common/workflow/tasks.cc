// Task resources, and the chunks of tasks with their args and attributes.
#include <string>

#include "common/core/python_text.h"
#include "common/workflow/workflow.h"
#include "jobmon/orm/queries/workflow_task.h"

namespace jobmon::routes::workflow {

namespace q = orm::queries;

BindTaskResources::Answer BindTaskResources::handle(const Context& ctx, const api::In<Body>& in) {
  const auto& requested = in.body.requested_resources;
  const std::string text = requested ? python_json_dumps(*requested->value) : "null";
  std::int64_t id = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    id = q::add_task_resources(tx, in.body.queue_id, in.body.task_resources_type_id, text);
  });
  return id;
}

BindTasksNoArgs::Answer BindTasksNoArgs::handle(const Context& ctx, const api::In<Body>& in) {
  Answer answer;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    answer.tasks.tasks =
        q::bind_tasks(tx, in.body.workflow_id, in.body.tasks.tasks, in.body.mark_created);
  });
  return answer;
}

BindTaskArgs::Answer BindTaskArgs::handle(const Context& ctx, const api::In<Body>& in) {
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { q::add_task_args(tx, in.body.task_args.args); });
  return {};
}

BindTaskAttributes::Answer BindTaskAttributes::handle(const Context& ctx, const api::In<Body>& in) {
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::upsert_task_attributes(tx, in.body.task_attributes.attributes);
  });
  return {};
}

}  // namespace jobmon::routes::workflow
