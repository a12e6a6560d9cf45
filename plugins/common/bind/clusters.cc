// Clusters, queues and task resources: reads of configuration rows.
#include <string>

#include "common/bind/bind.h"
#include "common/core/python_text.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

GetClusterByName::Answer GetClusterByName::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto cluster = q::find_cluster(tx, in.path("cluster_name"));
  if (!cluster) return {};
  return {Cluster{cluster->id, std::move(cluster->name), std::move(cluster->cluster_type_name),
                  std::move(cluster->connection_parameters)}};  // the stored text, not parsed
}

GetQueueByName::Answer GetQueueByName::handle(const Context& ctx, const api::In<>& in) {
  orm::ReadTx tx(ctx.db);
  auto queue = q::find_queue(tx, in.path_int("cluster_id"), in.path("queue_name"));
  if (!queue) return {};
  // The parameters are a Python literal; the client evaluates it.
  return {Queue{queue->id, std::move(queue->name), std::move(queue->parameters)}};
}

GetTaskResources::Answer GetTaskResources::handle(const Context& ctx, const api::In<>& in) {
  const std::int64_t id = in.path_int("task_resources_id");
  orm::ReadTx tx(ctx.db);
  auto res = q::task_resources_with_queue(tx, id);
  if (!res || !res->requested_resources) return {};
  // Stored as Python json.dumps text by either server; the reference reads it as a Python
  // literal, which fails on JSON's true/false/null (a 500). We read both forms.
  api::JsonDocument resources;
  if (!parse_python_literal(*res->requested_resources, resources)) {
    throw api::ServerError("requested_resources of task_resources " + std::to_string(id) +
                           " is not readable");
  }
  return {api::RawJson{api::to_json(resources)}, std::move(res->queue_name)};
}

}  // namespace jobmon::routes::bind
