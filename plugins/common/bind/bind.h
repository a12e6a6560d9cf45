#pragma once
// The bind area: what a client creates or looks up before it binds a workflow's tasks: clusters
// and queues, DAGs with their nodes and edges, tools and tool versions, task templates and their
// versions, task resources. Every handler runs its work in one transaction of its own
// (get-or-create ones in one WriteTx, race-safe on every backend) and keeps nothing between
// requests. Hashes are SHA-256 sent as JSON integers of up to 78 digits (api::BigInt).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/bind/wire_types.h"
#include "common/core/context.h"
#include "jobmon/orm/edges.h"

namespace jobmon::routes::bind {

// ---- Clusters, queues and task resources (configuration rows, read only) -----------------

struct GetClusterByName {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/cluster/{cluster_name}";
  static constexpr const char* kSummary = "Get a cluster by name.";
  // [id, name, cluster type name, connection parameters (the stored text)]
  using Cluster = std::tuple<std::int64_t, std::string, std::string, std::optional<std::string>>;
  struct Answer {
    std::optional<Cluster> cluster;
    static constexpr auto fields() {
      return std::tuple{api::field("cluster", &Answer::cluster,
                                   "[id, name, cluster_type_name, connection_parameters]; null "
                                   "when there is no such cluster.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetQueueByName {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/cluster/{cluster_id:int}/queue/{queue_name}";
  static constexpr const char* kSummary = "Get a queue of a cluster by name.";
  // [id, name, parameters (a Python literal the client evaluates)]
  using Queue = std::tuple<std::int64_t, std::string, std::optional<std::string>>;
  struct Answer {
    std::optional<Queue> queue;
    static constexpr auto fields() {
      return std::tuple{api::field("queue", &Answer::queue,
                                   "[id, name, parameters]; null when there is no such queue.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// POST although it only reads (the distributor calls it so); the body is ignored.
struct GetTaskResources {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_resources/{task_resources_id:int}";
  static constexpr const char* kSummary = "Requested resources and queue of a task resources row.";
  struct Answer {
    std::optional<api::RawJson> requested_resources;
    std::optional<std::string> queue_name;
    static constexpr auto fields() {
      return std::tuple{
          api::field("requested_resources", &Answer::requested_resources,
                     "The resources as the client sent them; null for an unknown row."),
          api::field("queue_name", &Answer::queue_name, "Null for an unknown row.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// ---- DAGs, their nodes and edges ----------------------------------------------------------
// The client binds a DAG as: POST /nodes in chunks of 500, POST /dag, then, while the DAG's
// created_date is null, POST /dag/{id}/edges in chunks with mark_created on the last one.

struct AddDag {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/dag";
  static constexpr const char* kSummary = "Get or create a DAG by hash.";
  struct Body {
    api::BigInt dag_hash;
    static constexpr auto fields() { return std::tuple{api::field("dag_hash", &Body::dag_hash)}; }
  };
  struct Answer {
    std::int64_t dag_id = 0;
    std::optional<std::string> created_date;
    static constexpr auto fields() {
      return std::tuple{api::field("dag_id", &Answer::dag_id),
                        api::field("created_date", &Answer::created_date,
                                   "\"YYYY-MM-DD HH:MM:SS\" once every edge was sent, else null.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The 3.4 form, which v2 serves: node lists stored as Jobmon 3.4 stores them. v3 stores the form
// of the calling client's generation (plugins/v3/generation_routes.h).
struct AddEdges {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/dag/{dag_id:int}/edges";
  static constexpr const char* kSummary = "Add the edges of a DAG.";
  struct Edge {
    std::int64_t node_id = 0;
    std::vector<std::int64_t> upstream_node_ids;
    std::vector<std::int64_t> downstream_node_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("node_id", &Edge::node_id),
                        api::field("upstream_node_ids", &Edge::upstream_node_ids),
                        api::field("downstream_node_ids", &Edge::downstream_node_ids)};
    }
  };
  struct Body {
    Elements<Edge> edges_to_add;
    bool mark_created = false;
    static constexpr auto fields() {
      return std::tuple{api::field("edges_to_add", &Body::edges_to_add),
                        api::field("mark_created", &Body::mark_created,
                                   "True on the last chunk: every edge of the DAG was sent.")};
    }
  };
  struct Answer {
    static constexpr auto fields() { return std::tuple{}; }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The work of every form of POST /dag/{id}/edges: the edges stored with their node lists in
// `form` (docs/compatibility.md, "Edges").
void add_edges(const Context& ctx, const api::In<AddEdges::Body>& in, orm::EdgeForm form);

struct AddNodes {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/nodes";
  static constexpr const char* kSummary = "Get or create a chunk of nodes with their args.";
  struct Node {
    std::int64_t task_template_version_id = 0;
    NodeArgsHash node_args_hash;
    NodeArgs node_args;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_version_id", &Node::task_template_version_id),
          api::field("node_args_hash", &Node::node_args_hash),
          api::field("node_args", &Node::node_args, "The node's argument values by argument id.")};
    }
  };
  struct Body {
    Elements<Node> nodes;
    static constexpr auto fields() {
      return std::tuple{api::field("nodes", &Body::nodes, "At least one node.")};
    }
  };
  struct Answer {
    NodeIds nodes;
    static constexpr auto fields() {
      return std::tuple{api::field("nodes", &Answer::nodes,
                                   "Node id by \"<task_template_version_id>:<node_args_hash>\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// ---- Tools and tool versions ----------------------------------------------------------------
// Tool versions are never shared: every POST /tool_version makes a new one.

struct AddTool {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/tool";
  static constexpr const char* kSummary = "Get or create a tool by name.";
  struct Body {
    std::string name;
    static constexpr auto fields() { return std::tuple{api::field("name", &Body::name)}; }
  };
  struct Answer {
    std::tuple<std::int64_t, std::string> tool;
    static constexpr auto fields() {
      return std::tuple{api::field("tool", &Answer::tool, "[id, name]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetToolVersions {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/tool/{tool_id:int}/tool_versions";
  static constexpr const char* kSummary = "Versions of a tool.";
  struct Answer {
    std::vector<std::tuple<std::int64_t, std::int64_t>> tool_versions;
    static constexpr auto fields() {
      return std::tuple{api::field("tool_versions", &Answer::tool_versions, "[id, tool_id] each")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct AddToolVersion {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/tool_version";
  static constexpr const char* kSummary = "Create a tool version.";
  struct Body {
    std::int64_t tool_id = 0;
    static constexpr auto fields() { return std::tuple{api::field("tool_id", &Body::tool_id)}; }
  };
  struct Answer {
    std::tuple<std::int64_t, std::int64_t> tool_version;
    static constexpr auto fields() {
      return std::tuple{api::field("tool_version", &Answer::tool_version, "[id, tool_id]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetTaskTemplates {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/tool_version/{tool_version_id:int}/task_templates";
  static constexpr const char* kSummary = "Task templates of a tool version.";
  struct Answer {
    std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> task_templates;
    static constexpr auto fields() {
      return std::tuple{api::field("task_templates", &Answer::task_templates,
                                   "[id, tool_version_id, name] each")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetToolResourceUsage {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/tool/{tool_name}/tool_resource_usage";
  static constexpr const char* kSummary =
      "Resource usage of a tool's finished task instances over a week at most.";
  // Both are required, but a missing one is answered 400 {"error": ...}, not FastAPI's 422.
  struct Query {
    std::optional<std::string> start_date;
    std::optional<std::string> end_date;
    static constexpr auto fields() {
      return std::tuple{
          api::field("start_date", &Query::start_date, "YYYY-MM-DD"),
          api::field("end_date", &Query::end_date, "YYYY-MM-DD, at most 7 days after start_date.")};
    }
  };
  struct Usage {
    std::int64_t ti_id = 0;
    std::optional<std::string> ti_wallclock, ti_maxrss, node_arg_val, ti_requested_resources;
    static constexpr auto fields() {
      return std::tuple{api::field("ti_id", &Usage::ti_id),
                        api::field("ti_wallclock", &Usage::ti_wallclock),
                        api::field("ti_maxrss", &Usage::ti_maxrss),
                        api::field("node_arg_val", &Usage::node_arg_val),
                        api::field("ti_requested_resources", &Usage::ti_requested_resources)};
    }
  };
  using Answer = std::vector<Usage>;
  using Errors = api::Errors<api::Error<400, api::ErrorMessage>>;
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// ---- Task templates and their versions ------------------------------------------------------
// A version is identified by its template, command template and arg mapping hash; its argument
// names are get-or-created by name.

struct AddTaskTemplate {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_template";
  static constexpr const char* kSummary = "Get or create a task template.";
  struct Body {
    std::int64_t tool_version_id = 0;
    std::string task_template_name;
    static constexpr auto fields() {
      return std::tuple{api::field("tool_version_id", &Body::tool_version_id),
                        api::field("task_template_name", &Body::task_template_name)};
    }
  };
  struct Answer {
    std::int64_t task_template_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_template_id", &Answer::task_template_id)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// A task template version as the client reads it: [id, command_template, node_args, task_args,
// op_args, {arg_name: arg_id}, task_template_id], argument names by arg id.
using TemplateVersion =
    std::tuple<std::int64_t, std::string, std::vector<std::string>, std::vector<std::string>,
               std::vector<std::string>, api::Object<std::int64_t>, std::int64_t>;

// Which versions of a task template an API version lists.
enum class VersionChoice { kAll, kNewestOnly };

// The versions of a task template, ascending by id (one query either way).
std::vector<TemplateVersion> task_template_versions(const Context& ctx,
                                                    std::int64_t task_template_id,
                                                    VersionChoice which);

// v3's form: every version. v2 has its own (plugins/v2/task_template_routes.h).
struct GetTaskTemplateVersions {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_template/{task_template_id:int}/versions";
  static constexpr const char* kSummary = "Every version of a task template.";
  struct Answer {
    std::vector<TemplateVersion> task_template_versions;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_versions", &Answer::task_template_versions,
                     "[id, command_template, node_args, task_args, op_args, {arg_name: arg_id}, "
                     "task_template_id] each, ascending by id.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct AddTaskTemplateVersion {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_template/{task_template_id:int}/add_version";
  static constexpr const char* kSummary = "Get or create a task template version.";
  struct Body {
    UniqueNames node_args;
    UniqueNames task_args;
    UniqueNames op_args;
    std::string command_template;
    api::PyStr arg_mapping_hash;
    static constexpr auto fields() {
      return std::tuple{
          api::field("node_args", &Body::node_args), api::field("task_args", &Body::task_args),
          api::field("op_args", &Body::op_args),
          api::field("command_template", &Body::command_template,
                     "Stored without surrounding whitespace."),
          api::field("arg_mapping_hash", &Body::arg_mapping_hash,
                     "An integer of any length or a string; stored as its text without "
                     "surrounding whitespace.")};
    }
  };
  struct Answer {
    TemplateVersion task_template_version;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_version", &Answer::task_template_version,
                     "[id, command_template, node_args, task_args, op_args, {arg_name: arg_id}, "
                     "task_template_id]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// v3 only (v3_plugin.cc lists it); v2 answers 404.
struct TaskTemplateOfVersion {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_template/id/{task_template_version_id:int}";
  static constexpr const char* kSummary =
      "The task template id of a task template version (a bare integer).";
  using Answer = std::int64_t;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Every bind route every API version serves (GetTaskTemplateVersions and TaskTemplateOfVersion
// are listed by the plugins).
std::span<const RouteMaker> routes();
// The routes whose form v3 picks by the caller's generation, in the 3.4 form v2 serves.
std::span<const RouteMaker> v2_forms();

}  // namespace jobmon::routes::bind
