#pragma once
// v3 serves the Jobmon 3.4 and 3.6 clients at once. These are its forms of the routes whose answer
// or behaviour depends on which generation is calling, told by the version the client reports
// (common/core/client_generation.h; README, "How the client's version is read"). Each handler
// picks one of two named translations over the area's shared work; v2 always serves the 3.4 one
// (the areas' v2_forms()). docs/compatibility.md, "Client generations", lists them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/bind/bind.h"
#include "common/cli/cli.h"
#include "common/core/client_generation.h"
#include "common/core/one_of.h"
#include "common/run/run.h"

namespace jobmon::routes::v3 {

// Differs from the 3.4 form (run::GetDownstreamTasks) in the node ids: the text "[2, 3]" for
// 3.4 clients (they json.loads() it), the array [2, 3] for 3.6 clients (they set() it).
struct GetDownstreamTasks : run::GetDownstreamTasks {
  using NodeIds = OneOf<std::string, std::vector<std::int64_t>>;
  struct Answer {
    std::map<std::int64_t, std::tuple<std::int64_t, std::optional<NodeIds>>> downstream_tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("downstream_tasks", &Answer::downstream_tasks,
                                   "Task id -> [node_id, downstream node ids or null]: the JSON "
                                   "text \"[2, 3]\" for clients up to 3.4.23, the array [2, 3] "
                                   "for later ones.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// Differs from the 3.4 form (bind::AddEdges) in what it stores: the node lists in the form of
// the calling client's generation, so that a Python server of either generation sharing the
// database reads the DAGs of its own clients (docs/compatibility.md, "Edges").
struct AddEdges : bind::AddEdges {
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// Differs from the 3.4 form (run::SetStatusForTriaging) for 3.6 clients: their overdue LAUNCHED
// instances go NO_HEARTBEAT only once LAUNCHED for 2 x report_by_buffer x task_instance_interval
// (the heartbeat settings); 3.4 clients' at once, as their swarm expects.
struct SetStatusForTriaging : run::SetStatusForTriaging {
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Differs from the 3.4 form (cli::GetTtErrorLogViz) for 3.6 clients in which logs it lists, in
// what order, and in each item's keys (cli::tt_error_log_items).
struct GetTtErrorLogViz : cli::GetTtErrorLogViz {
  struct Answer {
    OneOf<std::vector<ErrorLog>, std::vector<cli::ErrorCluster>, std::vector<cli::ErrorLogItem>>
        error_logs;
    std::int64_t total_count = 0, page = 0, page_size = 0;
    static constexpr auto fields() {
      return std::tuple{
          api::field("error_logs", &Answer::error_logs,
                     "Logs, or their groups: the 3.4 forms for clients up to 3.4.23, items with "
                     "every key for later ones."),
          api::field("total_count", &Answer::total_count), api::field("page", &Answer::page),
          api::field("page_size", &Answer::page_size)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};
struct GetTtErrorLogVizOfInstance : GetTtErrorLogViz {
  static constexpr const char* kPath = cli::GetTtErrorLogVizOfInstance::kPath;
  static constexpr const char* kSummary = cli::GetTtErrorLogVizOfInstance::kSummary;
};

// The node-id form each generation reads and writes.
orm::EdgeForm edge_form(ClientGeneration generation);

}  // namespace jobmon::routes::v3
