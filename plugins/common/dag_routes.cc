// DAGs, their edges and nodes (ROUTES.md 5.3, 5.4). The client binds a DAG as: POST /nodes in
// chunks of 500, POST /dag, then, while the DAG's created_date is null, POST /dag/{id}/edges in
// chunks with mark_created on the last one.
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

Response add_dag(const Context& ctx, const api::Request& req) {
  // A SHA-256 as a JSON integer (78 digits): kept as its exact decimal text.
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
    // the same transaction, so a finished DAG is recognised by POST /dag and its edges are not
    // resent on the next bind.
    if (mark_created) q::mark_dag_created(tx, dag_id);
  });
  return Response::json("{}");
}

namespace {

// One node of POST /nodes: {"task_template_version_id": int, "node_args_hash": str,
// "node_args": {"<arg_id>": value}}. The client sends the hash as a string; an integer is
// accepted too and kept digit for digit.
q::NodeInput parse_node(const Body& body, const api::JsonValue& n) {
  if (!n.IsObject()) body.fail("nodes");
  q::NodeInput node;
  auto ttv = n.FindMember("task_template_version_id");
  if (ttv == n.MemberEnd() || !int_value(ttv->value)) body.fail("task_template_version_id");
  node.task_template_version_id = *int_value(ttv->value);
  auto hash = n.FindMember("node_args_hash");
  if (hash == n.MemberEnd() || hash->value.IsNull()) body.fail("node_args_hash");
  auto hash_text = api::is_big_integer(hash->value) || hash->value.IsNumber()
                       ? api::integer_text(hash->value)
                       : scalar_text(hash->value);
  if (!hash_text) body.fail("node_args_hash");
  node.node_args_hash = *hash_text;
  auto args = n.FindMember("node_args");
  if (args == n.MemberEnd() || !args->value.IsObject()) body.fail("node_args");
  for (auto a = args->value.MemberBegin(); a != args->value.MemberEnd(); ++a) {
    api::JsonValue key(a->name.GetString(), a->name.GetStringLength());
    auto arg_id = int_value(key);
    if (!arg_id || a->value.IsObject() || a->value.IsArray() || a->value.IsNull()) {
      body.fail("node_args");
    }
    auto val = api::is_big_integer(a->value) ? api::integer_text(a->value) : scalar_text(a->value);
    if (!val) body.fail("node_args");
    node.args.emplace_back(*arg_id, *val);
  }
  return node;
}

}  // namespace

Response add_nodes(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::vector<q::NodeInput> nodes;
  for (const auto& n : body.require_array("nodes").GetArray()) nodes.push_back(parse_node(body, n));
  if (nodes.empty()) body.fail("nodes");  // the reference fails on an empty list (500)
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

}  // namespace jobmon::routes
