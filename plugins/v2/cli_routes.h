#pragma once
// What v2 answers differently among the CLI routes (common/cli/cli.h has v3's forms, which these
// replace under /api/v2). Each struct is v2's form of the area's route of the same name: it
// keeps what it does not redeclare, and its comment says how v2 differs.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/cli/cli.h"

namespace jobmon::routes::v2 {

// v2 requires task_ids, new_status, workflow_status and workflow_id, in that order (present,
// null allowed); task_ids is never "all"; there is no recursive update; marking the last
// unfinished task D leaves the workflow as it is.
struct UpdateTaskStatuses : cli::UpdateTaskStatuses {
  static constexpr const char* kSummary =
      "Set tasks to a status (G reruns them and fails a DONE workflow, D marks them done).";
  struct OwnBody {
    std::int64_t workflow_id = 0;
    cli::IdList task_ids;
    std::string new_status;
    std::optional<std::string> workflow_status;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_id", &OwnBody::workflow_id),
          api::field("task_ids", &OwnBody::task_ids, "Ids, or one id."),
          api::field("new_status", &OwnBody::new_status, "A task status letter."),
          api::field("workflow_status", &OwnBody::workflow_status,
                     "The workflow's status as the caller saw it (the key is required).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// v2 answers the given ids too, found or not, and takes tasks of any number of workflows.
struct GetTasksRecursive : cli::GetTasksRecursive {
  static constexpr const char* kSummary =
      "The given tasks and every task upstream (up) or downstream (down) of them.";
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// v2's memory figure is maxpss.
struct GetTaskResourceUsage : cli::GetTaskResourceUsage {
  static constexpr const char* kSummary =
      "Resource usage of a task's DONE instance (memory: maxpss).";
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// v2 requires task_id or workflow_id (400 "Must provide either task_id or workflow_id").
struct GetTaskTemplateVersionForTasks : cli::GetTaskTemplateVersionForTasks {
  static constexpr const char* kSummary = "Template versions of a task or of a workflow's tasks.";
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// v2's rows of GET /task_template_resource_usage?viz: r is the stored text (0 when null), m too.
struct UsageRow {
  cli::OneOf<std::string, std::int64_t> r;
  std::optional<std::string> m;
  std::int64_t node_id = 0, task_id = 0;
  static constexpr auto fields() {
    return std::tuple{api::field("r", &UsageRow::r, "wallclock as stored; 0 when null."),
                      api::field("m", &UsageRow::m, "maxrss as stored."),
                      api::field("node_id", &UsageRow::node_id),
                      api::field("task_id", &UsageRow::task_id)};
  }
};

// A confidence interval: [low, high], nulls when there is none.
using Interval = std::tuple<std::optional<double>, std::optional<double>>;

// v2's statistics as its Python list: [num_tasks, min_mem, max_mem, mean_mem, min_runtime,
// max_runtime, mean_runtime, median_mem, median_runtime, ci_mem, ci_runtime] (all null when no
// instance), then with viz the rows.
struct TemplateUsage {
  std::tuple<std::optional<std::int64_t>, std::optional<std::int64_t>, std::optional<std::int64_t>,
             std::optional<double>, std::optional<std::int64_t>, std::optional<std::int64_t>,
             std::optional<double>, std::optional<double>, std::optional<double>,
             std::optional<Interval>, std::optional<Interval>>
      statistics;
  api::Omittable<std::vector<UsageRow>> rows;
};

// v2 is the CLI's statistics of a template version's DONE instances of DONE tasks, not the GUI's
// rows of ended instances; node_args keeps a node with any listed value of any listed arg.
struct GetTaskTemplateResourceUsage {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_template_resource_usage";
  static constexpr const char* kSummary =
      "Runtime and memory statistics of a template version's DONE instances.";
  struct Body {
    std::int64_t task_template_version_id = 0;
    std::optional<std::vector<std::int64_t>> workflows;
    std::optional<std::map<std::string, api::JsonRef>> node_args;
    std::optional<api::JsonRef> ci;
    std::optional<api::JsonRef> viz;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_version_id", &Body::task_template_version_id),
          api::field("workflows", &Body::workflows, "Only these workflows' instances."),
          api::field("node_args", &Body::node_args,
                     "Arg name: a list of values (or one text); any match keeps the node."),
          api::field("ci", &Body::ci, "Confidence level of the intervals; not a number: none."),
          api::field("viz", &Body::viz, "Truthy: the instances' rows too.")};
    }
  };
  using Answer = TemplateUsage;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// v2 writes dates with str() ("None" for null) and has no wfr_heartbeat_date and wfr_user.
struct WfDetailsByWfId : cli::WfDetailsByWfId {
  static constexpr const char* kSummary = "A workflow's details, one row per run.";
  struct Run {
    std::optional<std::string> wf_name, wf_args;
    std::string wf_created_date, wf_status_date;
    std::optional<std::string> tool_name;
    std::string wf_status;
    std::optional<std::string> wf_status_desc, wfr_jobmon_version;
    static constexpr auto fields() {
      return std::tuple{api::field("wf_name", &Run::wf_name),
                        api::field("wf_args", &Run::wf_args),
                        api::field("wf_created_date", &Run::wf_created_date, "Python str()."),
                        api::field("wf_status_date", &Run::wf_status_date, "Python str()."),
                        api::field("tool_name", &Run::tool_name),
                        api::field("wf_status", &Run::wf_status, "The workflow's letter."),
                        api::field("wf_status_desc", &Run::wf_status_desc),
                        api::field("wfr_jobmon_version", &Run::wfr_jobmon_version)};
    }
  };
  using Answer = std::vector<Run>;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// v2 has no ti_submit_date, ti_status_date and ti_queue_name.
struct GetTaskDetails : cli::GetTaskDetails {
  static constexpr const char* kSummary = "A task's instances with their errors and resources.";
  struct Answer {
    std::vector<cli::InstanceDetails> taskinstances;
    static constexpr auto fields() {
      return std::tuple{api::field("taskinstances", &Answer::taskinstances)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// v2 has no task_template_id.
struct GetTaskDetailsViz : cli::GetTaskDetailsViz {
  static constexpr const char* kSummary = "A task's status, name and command.";
  struct Answer {
    std::vector<cli::TaskDetails> task_details;  // none or one
    static constexpr auto fields() {
      return std::tuple{api::field("task_details", &Answer::task_details)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// v2's template view labels Q, K, A, H, S, U, W and T as SCHEDULED (G stays PENDING).
struct GetWorkflowTtStatusViz : cli::GetWorkflowTtStatusViz {
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The labels of v2's template view: the workflow view's, but Q, K, A, H, S, U, W, T are
// SCHEDULED. (v2 had no label for I, O and E and answered 500: those keep the workflow view's.)
std::string template_label(char letter);

// v2's forms of the routes in cli::v3_forms().
std::span<const RouteMaker> cli_routes();

}  // namespace jobmon::routes::v2

namespace jobmon::api {

template <>
struct Wire<routes::v2::TemplateUsage> {
  static void write(JsonWriter& w, const routes::v2::TemplateUsage& v) {
    w.start_array();
    std::apply([&](const auto&... e) { (Wire<std::decay_t<decltype(e)>>::write(w, e), ...); },
               v.statistics);
    if (v.rows) Wire<std::vector<routes::v2::UsageRow>>::write(w, *v.rows);
    w.end_array();
  }
  static void schema(JsonWriter& w, const SchemaNote& note);
};

}  // namespace jobmon::api
