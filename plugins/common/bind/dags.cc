// DAGs, their edges and nodes.
#include <vector>

#include "common/bind/bind.h"
#include "common/core/python_text.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

AddDag::Answer AddDag::handle(const Context& ctx, const api::In<Body>& in) {
  q::DagRow dag;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { dag = q::get_or_create_dag(tx, in.body.dag_hash); });
  return {dag.id, std::move(dag.created_date)};
}

namespace {

// The stored form of an edge's node list: a JSON string holding the Python str() of the list,
// e.g. "[3, 4]" with the quotes; an empty list is JSON null.
std::string edge_list_text(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return "null";
  api::JsonWriter quoted;
  quoted.string(python_int_list(ids));
  return quoted.str();
}

}  // namespace

AddEdges::Answer AddEdges::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t dag_id = in.path_int("dag_id");
  std::vector<q::EdgeRow> edges;
  edges.reserve(in.body.edges_to_add.size());
  for (const api::JsonValue& e : in.body.edges_to_add) {
    const Edge edge = read_element<Edge>(in.request, e, "edges_to_add");
    edges.push_back({edge.node_id, edge_list_text(edge.upstream_node_ids),
                     edge_list_text(edge.downstream_node_ids)});
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::add_edges(tx, dag_id, edges);
    // The reference issues this after its commit and loses it (docs/compatibility.md, B1); we
    // keep it in the same transaction, so a finished DAG is recognised by POST /dag and its
    // edges are not resent on the next bind.
    if (in.body.mark_created) q::mark_dag_created(tx, dag_id);
  });
  return {};
}

AddNodes::Answer AddNodes::handle(const Context& ctx, const api::In<Body>& in) {
  std::vector<q::NodeInput> nodes;
  nodes.reserve(in.body.nodes.size());
  for (const api::JsonValue& n : in.body.nodes) {
    Node node = read_element<Node>(in.request, n, "nodes");
    nodes.push_back({node.task_template_version_id, std::move(node.node_args_hash),
                     std::move(node.node_args.values)});
  }
  if (nodes.empty()) api::bad_field(in.request, "nodes");  // the reference fails on none (500)
  Answer answer;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { answer.nodes.rows = q::bind_nodes(tx, nodes); });
  return answer;
}

}  // namespace jobmon::routes::bind
