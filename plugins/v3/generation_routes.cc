#include "v3/generation_routes.h"

#include <utility>
#include <variant>

#include "jobmon/orm/edges.h"

namespace jobmon::routes::v3 {

orm::EdgeForm edge_form(ClientGeneration generation) {
  return generation == ClientGeneration::kJobmon36 ? orm::EdgeForm::kJsonArray
                                                   : orm::EdgeForm::kPythonListString;
}

namespace {

// The two translations of a stored list for get_downstream_tasks.
void as_34_text(std::optional<GetDownstreamTasks::NodeIds>& out,
                const std::vector<std::int64_t>& ids) {
  out.emplace(std::in_place_type<std::string>, orm::python_int_list_text(ids));
}
void as_36_array(std::optional<GetDownstreamTasks::NodeIds>& out, std::vector<std::int64_t>& ids) {
  out.emplace(std::in_place_type<std::vector<std::int64_t>>, std::move(ids));
}

}  // namespace

GetDownstreamTasks::Answer GetDownstreamTasks::handle(const Context& ctx, const api::In<Body>& in) {
  const ClientGeneration generation = client_generation(in.request);
  Answer out;
  for (auto& r : run::downstream_rows(ctx, in.body)) {
    std::optional<NodeIds> ids;
    if (r.downstream_node_ids && generation == ClientGeneration::kJobmon36) {
      as_36_array(ids, *r.downstream_node_ids);
    } else if (r.downstream_node_ids) {
      as_34_text(ids, *r.downstream_node_ids);
    }
    out.downstream_tasks.emplace_hint(out.downstream_tasks.end(), r.task_id,
                                      std::tuple{r.node_id, std::move(ids)});
  }
  return out;
}

AddEdges::Answer AddEdges::handle(const Context& ctx, const api::In<Body>& in) {
  bind::add_edges(ctx, in, edge_form(client_generation(in.request)));
  return {};
}

SetStatusForTriaging::Answer SetStatusForTriaging::handle(const Context& ctx, const api::In<>& in) {
  const double grace = client_generation(in.request) == ClientGeneration::kJobmon36
                           ? ctx.db.heartbeat().grace_seconds()
                           : 0;
  run::set_status_for_triaging(ctx, in.path_int("workflow_run_id"), grace);
  return {};
}

GetTtErrorLogViz::Answer GetTtErrorLogViz::handle(const Context& ctx,
                                                  const api::In<api::NoBody, Query>& in) {
  Answer out;
  if (client_generation(in.request) == ClientGeneration::kJobmon36) {
    auto items = cli::tt_error_log_items(ctx, in);
    out.error_logs = std::move(items.items);
    out.total_count = items.total_count;
    out.page = items.page;
    out.page_size = items.page_size;
    return out;
  }
  auto answer = cli::GetTtErrorLogViz::handle(ctx, in);
  std::visit([&](auto& logs) { out.error_logs = std::move(logs); },
             static_cast<decltype(answer.error_logs)::variant&>(answer.error_logs));
  out.total_count = answer.total_count;
  out.page = answer.page;
  out.page_size = answer.page_size;
  return out;
}

}  // namespace jobmon::routes::v3
