// Clusters, queues and task resources: reads of configuration rows (ROUTES.md 5.2, 5.5, 5.9).
#include <string>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/python_text.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

namespace {

void text_or_null(JsonWriter& out, const std::optional<std::string>& v) {
  v ? out.string(*v) : out.null();
}

}  // namespace

Response get_cluster_by_name(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto cluster = q::find_cluster(tx, req.param("cluster_name"));
  JsonWriter out;
  out.start_object().key("cluster");
  if (cluster) {
    out.start_array().integer(cluster->id).string(cluster->name).string(cluster->cluster_type_name);
    text_or_null(out, cluster->connection_parameters);  // the stored text, not parsed
    out.end_array();
  } else {
    out.null();
  }
  out.end_object();
  return Response::json(out.str());
}

Response get_queue_by_name(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto queue = q::find_queue(tx, req.int_param("cluster_id"), req.param("queue_name"));
  JsonWriter out;
  out.start_object().key("queue");
  if (queue) {
    out.start_array().integer(queue->id).string(queue->name);
    text_or_null(out, queue->parameters);  // a Python literal; the client evaluates it
    out.end_array();
  } else {
    out.null();
  }
  out.end_object();
  return Response::json(out.str());
}

// POST although it only reads (the distributor calls it so); the body is ignored.
Response get_task_resources(const Context& ctx, const api::Request& req) {
  std::int64_t id = req.int_param("task_resources_id");
  orm::ReadTx tx(ctx.db);
  auto res = q::task_resources_with_queue(tx, id);
  if (!res || !res->requested_resources) {
    return Response::json(R"({"requested_resources":null,"queue_name":null})");
  }
  // Stored as Python json.dumps text by either server; the reference reads it as a Python
  // literal, which fails on JSON's true/false/null (a 500). We read both forms.
  api::JsonDocument resources;
  if (!parse_python_literal(*res->requested_resources, resources)) {
    throw api::ServerError("requested_resources of task_resources " + std::to_string(id) +
                           " is not readable");
  }
  JsonWriter out;
  out.start_object().key("requested_resources").value(resources);
  out.key("queue_name").string(res->queue_name).end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes
