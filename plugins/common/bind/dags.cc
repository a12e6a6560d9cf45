// DAGs, their edges and nodes.
#include <vector>

#include "common/bind/bind.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes::bind {

namespace q = orm::queries;

AddDag::Answer AddDag::handle(const Context& ctx, const api::In<Body>& in) {
  q::DagRow dag;
  orm::with_write_tx(ctx.db,
                     [&](orm::WriteTx& tx) { dag = q::get_or_create_dag(tx, in.body.dag_hash); });
  return {dag.id, std::move(dag.created_date)};
}

AddEdges::Answer AddEdges::handle(const Context& ctx, const api::In<Body>& in) {
  add_edges(ctx, in, orm::EdgeForm::kPythonListString);
  return {};
}

void add_edges(const Context& ctx, const api::In<AddEdges::Body>& in, orm::EdgeForm form) {
  const std::int64_t dag_id = in.path_int("dag_id");
  std::vector<q::EdgeRow> edges;
  edges.reserve(in.body.edges_to_add.size());
  for (const api::JsonValue& e : in.body.edges_to_add) {
    const auto edge = read_element<AddEdges::Edge>(in.request, e, "edges_to_add");
    edges.push_back({edge.node_id, orm::stored_node_ids(edge.upstream_node_ids, form),
                     orm::stored_node_ids(edge.downstream_node_ids, form)});
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::add_edges(tx, dag_id, edges);
    // The reference issues this after its commit and loses it (docs/compatibility.md, B1); we
    // keep it in the same transaction, so a finished DAG is recognised by POST /dag and its
    // edges are not resent on the next bind.
    if (in.body.mark_created) q::mark_dag_created(tx, dag_id);
  });
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
