#pragma once
// The workflow area: binding a workflow (its row and attributes, its arrays) and its tasks (their
// resources, then the tasks with their args and attributes in the chunks the client sends, 500
// per request). Every handler runs its work in one write transaction of its own.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/core/context.h"
#include "common/workflow/wire_types.h"

namespace jobmon::routes::workflow {

// The answer of a write that has nothing to tell: {}.
struct Done {
  static constexpr auto fields() { return std::tuple{}; }
};

// ---- Workflows and their arrays ---------------------------------------------------------------

struct BindWorkflow {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow";
  static constexpr const char* kSummary = "Get or create a workflow.";
  // Hashes and the name are limited to their columns' widths, so that a database's refusal is
  // a 400 and not a 500 (docs/compatibility.md, WT3).
  struct Body {
    std::int64_t tool_version_id = 0;
    std::int64_t dag_id = 0;
    api::BigInt workflow_args_hash;
    api::BigInt task_hash;
    std::optional<api::PyStr> description;
    std::optional<api::PyStr> name;
    std::optional<api::PyStr> workflow_args;
    std::int64_t max_concurrently_running = 0;
    std::optional<WorkflowAttributes> workflow_attributes;
    static constexpr auto fields() {
      return std::tuple{api::field("tool_version_id", &Body::tool_version_id),
                        api::field("dag_id", &Body::dag_id),
                        api::field("workflow_args_hash", &Body::workflow_args_hash).max_length(150),
                        api::field("task_hash", &Body::task_hash).max_length(150),
                        api::field("description", &Body::description),
                        api::field("name", &Body::name).max_length(255),
                        api::field("workflow_args", &Body::workflow_args),
                        api::field("max_concurrently_running", &Body::max_concurrently_running),
                        api::field("workflow_attributes", &Body::workflow_attributes,
                                   "{name: value}; a null value is stored as NULL.")};
    }
  };
  struct Answer {
    std::int64_t workflow_id = 0;
    std::string status;
    bool newly_created = false;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_id", &Answer::workflow_id),
                        api::field("status", &Answer::status, "The workflow's status letter."),
                        api::field("newly_created", &Answer::newly_created)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetMatchingWorkflowsByWorkflowArgs {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_args_hash}";
  static constexpr const char* kSummary = "Workflows with these workflow args.";
  struct Answer {
    std::vector<std::tuple<std::string, std::int64_t, std::string>> matching_workflows;
    static constexpr auto fields() {
      return std::tuple{api::field("matching_workflows", &Answer::matching_workflows,
                                   "[task_hash, tool_version_id, dag_hash] each")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct UpdateWorkflowAttributes {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/workflow_attributes";
  static constexpr const char* kSummary = "Upsert workflow attributes.";
  struct Body {
    WorkflowAttributes workflow_attributes;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_attributes", &Body::workflow_attributes,
                                   "{name: value}; a null value is stored as NULL.")};
    }
  };
  using Answer = Done;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct AddArray {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/array";
  static constexpr const char* kSummary = "Get or create the array of a template in a workflow.";
  struct Body {
    std::int64_t workflow_id = 0;
    std::int64_t task_template_version_id = 0;
    std::int64_t max_concurrently_running = 0;
    std::optional<api::PyStr> name;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_id", &Body::workflow_id),
                        api::field("task_template_version_id", &Body::task_template_version_id),
                        api::field("max_concurrently_running", &Body::max_concurrently_running,
                                   "An existing array gets this limit."),
                        api::field("name", &Body::name, "Empty when absent.")};
    }
  };
  struct Answer {
    std::int64_t array_id = 0;
    static constexpr auto fields() { return std::tuple{api::field("array_id", &Answer::array_id)}; }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// ---- Tasks: resources, then chunks of tasks, their args and attributes ----------------------

struct BindTaskResources {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task/bind_resources";
  static constexpr const char* kSummary = "Add a task resources row; answers its id.";
  struct Body {
    std::int64_t queue_id = 0;
    std::string task_resources_type_id;
    std::optional<api::JsonRef> requested_resources;
    static constexpr auto fields() {
      return std::tuple{
          api::field("queue_id", &Body::queue_id),
          api::field("task_resources_type_id", &Body::task_resources_type_id, "A letter.")
              .max_length(1),
          api::field("requested_resources", &Body::requested_resources,
                     "Any JSON, stored as Python's json.dumps() of it.")};
    }
  };
  using Answer = std::int64_t;  // the new row's id
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct BindTasksNoArgs {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/task/bind_tasks_no_args";
  static constexpr const char* kSummary = "Bind a chunk of tasks.";
  struct Body {
    std::int64_t workflow_id = 0;
    bool mark_created = false;
    TaskChunk tasks;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_id", &Body::workflow_id),
          api::field("mark_created", &Body::mark_created),
          api::field("tasks", &Body::tasks,
                     "By task hash: [node_id, task_args_hash, array_id, task_resources_id, name, "
                     "command, max_attempts, reset_if_running, resource_scales, "
                     "fallback_queues].")};
    }
  };
  struct Answer {
    BoundTasks tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("tasks", &Answer::tasks, "By task hash: [task_id, status].")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct BindTaskArgs {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/task/bind_task_args";
  static constexpr const char* kSummary = "Bind task args.";
  struct Body {
    TaskArgs task_args;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_args", &Body::task_args, "[task_id, arg_id, value] each.")};
    }
  };
  using Answer = Done;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct BindTaskAttributes {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/task/bind_task_attributes";
  static constexpr const char* kSummary = "Bind task attributes.";
  struct Body {
    TaskAttributes task_attributes;
    static constexpr auto fields() {
      return std::tuple{api::field("task_attributes", &Body::task_attributes,
                                   "{task_id: {name: value}}; a null value is stored as NULL.")};
    }
  };
  using Answer = Done;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// Every workflow route; each API version serves all of them.
std::span<const RouteMaker> routes();

}  // namespace jobmon::routes::workflow
