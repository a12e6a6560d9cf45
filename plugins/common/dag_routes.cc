// Clusters, queues, task resources, DAGs, edges and nodes (ROUTES.md 5.2-5.5, 5.9).
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/bind.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/body.h"
#include "jobmon/routes/python_text.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

Response get_cluster_by_name(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto cluster = q::find_cluster(tx, req.param("cluster_name"));
  JsonWriter out;
  out.start_object().key("cluster");
  if (cluster) {
    out.start_array().integer(cluster->id).string(cluster->name).string(cluster->cluster_type_name);
    cluster->connection_parameters ? out.string(*cluster->connection_parameters) : out.null();
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
    queue->parameters ? out.string(*queue->parameters) : out.null();
    out.end_array();
  } else {
    out.null();
  }
  out.end_object();
  return Response::json(out.str());
}

Response get_task_resources(const Context& ctx, const api::Request& req) {
  std::int64_t id = req.int_param("task_resources_id");
  orm::ReadTx tx(ctx.db);
  auto res = q::task_resources_with_queue(tx, id);
  if (!res || !res->requested_resources) {
    return Response::json(R"({"requested_resources":null,"queue_name":null})");
  }
  // Stored as Python json.dumps text by either server; the reference reads it as a Python
  // literal, which fails on JSON's true/false/null. We read both forms.
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

Response add_dag(const Context& ctx, const api::Request& req) {
  std::string hash = Body(req).require_integer_text("dag_hash");
  q::DagRow dag;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { dag = q::get_or_create_dag(tx, hash); });
  JsonWriter out;
  out.start_object().key("dag_id").integer(dag.id).key("created_date");
  dag.created_date ? out.string(*dag.created_date) : out.null();
  out.end_object();
  return Response::json(out.str());
}

namespace {

// The stored form of an edge's node list (ROUTES.md 4.4, MODEL.md 8): a JSON string holding the
// Python str() of the list, e.g. "[3, 4]" with the quotes; an empty list is JSON null.
std::string edge_list_text(const Body& body, const api::JsonValue& edge, const char* key) {
  auto it = edge.FindMember(key);
  if (it == edge.MemberEnd() || !it->value.IsArray()) body.fail(key);
  std::vector<std::int64_t> ids;
  for (const auto& v : it->value.GetArray()) {
    auto id = int_value(v);
    if (!id) body.fail(key);
    ids.push_back(*id);
  }
  if (ids.empty()) return "null";
  JsonWriter quoted;
  quoted.string(python_int_list(ids));
  return quoted.str();
}

}  // namespace

Response add_edges(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t dag_id = req.int_param("dag_id");
  const auto& list = body.require_array("edges_to_add");
  bool mark_created = body.require_bool("mark_created");
  std::vector<q::EdgeRow> edges;
  for (const auto& e : list.GetArray()) {
    if (!e.IsObject()) body.fail("edges_to_add");
    auto node = e.FindMember("node_id");
    if (node == e.MemberEnd() || !int_value(node->value)) body.fail("node_id");
    edges.push_back({*int_value(node->value), edge_list_text(body, e, "upstream_node_ids"),
                     edge_list_text(body, e, "downstream_node_ids")});
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::add_edges(tx, dag_id, edges);
    // The reference issues this after its commit and loses it (ROUTES.md 8.2); we keep it in
    // the same transaction, so a finished DAG is recognised and its edges are not resent.
    if (mark_created) q::mark_dag_created(tx, dag_id);
  });
  return Response::json("{}");
}

Response add_nodes(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::vector<q::NodeInput> nodes;
  for (const auto& n : body.require_array("nodes").GetArray()) {
    if (!n.IsObject()) body.fail("nodes");
    q::NodeInput node;
    auto ttv = n.FindMember("task_template_version_id");
    if (ttv == n.MemberEnd() || !int_value(ttv->value)) body.fail("task_template_version_id");
    node.task_template_version_id = *int_value(ttv->value);
    auto hash = n.FindMember("node_args_hash");
    if (hash == n.MemberEnd()) body.fail("node_args_hash");
    auto hash_text = api::is_big_integer(hash->value) || hash->value.IsNumber()
                         ? api::integer_text(hash->value)
                         : scalar_text(hash->value);
    if (!hash_text || hash->value.IsNull()) body.fail("node_args_hash");
    node.node_args_hash = *hash_text;
    auto args = n.FindMember("node_args");
    if (args == n.MemberEnd() || !args->value.IsObject()) body.fail("node_args");
    for (auto a = args->value.MemberBegin(); a != args->value.MemberEnd(); ++a) {
      api::JsonValue key(a->name.GetString(), a->name.GetStringLength());
      auto arg_id = int_value(key);
      auto val =
          api::is_big_integer(a->value) ? api::integer_text(a->value) : scalar_text(a->value);
      if (!arg_id || !val || a->value.IsObject() || a->value.IsArray()) body.fail("node_args");
      node.args.emplace_back(*arg_id, *val);
    }
    nodes.push_back(std::move(node));
  }
  if (nodes.empty()) body.fail("nodes");
  std::vector<q::NodeRow> rows;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { rows = q::bind_nodes(tx, nodes); });
  JsonWriter out;
  out.start_object().key("nodes").start_object();
  for (const auto& r : rows) {
    out.key(std::to_string(r.task_template_version_id) + ":" + r.node_args_hash).integer(r.id);
  }
  out.end_object().end_object();
  return Response::json(out.str());
}

// Handlers of tool_routes.cc.
Response add_tool(const Context&, const api::Request&);
Response get_tool_versions(const Context&, const api::Request&);
Response add_tool_version(const Context&, const api::Request&);
Response get_task_templates(const Context&, const api::Request&);
Response add_task_template(const Context&, const api::Request&);
Response get_task_template_versions(const Context&, const api::Request&);
Response add_task_template_version(const Context&, const api::Request&);
Response get_task_template_of_version(const Context&, const api::Request&);
Response get_tool_resource_usage(const Context&, const api::Request&);

namespace {
using api::Method;
constexpr RouteEntry kBindRoutes[] = {
    {Method::kGet, "/cluster/{cluster_name}", get_cluster_by_name, "Get a cluster by name."},
    {Method::kGet, "/cluster/{cluster_id:int}/queue/{queue_name}", get_queue_by_name,
     "Get a queue of a cluster by name."},
    {Method::kPost, "/dag", add_dag, "Get or create a DAG by hash."},
    {Method::kPost, "/dag/{dag_id:int}/edges", add_edges, "Add the edges of a DAG."},
    {Method::kPost, "/nodes", add_nodes, "Get or create a chunk of nodes with their args."},
    {Method::kPost, "/task_template", add_task_template, "Get or create a task template."},
    {Method::kGet, "/task_template/{task_template_id:int}/versions", get_task_template_versions,
     "Versions of a task template."},
    {Method::kPost, "/task_template/{task_template_id:int}/add_version", add_task_template_version,
     "Get or create a task template version."},
    {Method::kPost, "/task_resources/{task_resources_id:int}", get_task_resources,
     "Requested resources and queue of a task resources row."},
    {Method::kPost, "/tool", add_tool, "Get or create a tool by name."},
    {Method::kGet, "/tool/{tool_id:int}/tool_versions", get_tool_versions, "Versions of a tool."},
    {Method::kGet, "/tool/{tool_name}/tool_resource_usage", get_tool_resource_usage,
     "Resource usage of a tool's finished task instances over a week at most."},
    {Method::kPost, "/tool_version", add_tool_version, "Create a tool version."},
    {Method::kGet, "/tool_version/{tool_version_id:int}/task_templates", get_task_templates,
     "Task templates of a tool version."},
};
constexpr RouteEntry kBindV3Routes[] = {
    {Method::kGet, "/task_template/id/{task_template_version_id:int}", get_task_template_of_version,
     "The task template of a task template version."},
};
}  // namespace

std::span<const RouteEntry> bind_routes() { return kBindRoutes; }
std::span<const RouteEntry> bind_v3_only_routes() { return kBindV3Routes; }

}  // namespace jobmon::routes
