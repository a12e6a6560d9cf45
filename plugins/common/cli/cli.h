#pragma once
// The routes behind the `jobmon` command-line tool and the GUI's reads (docs/api-cli-reaper.md is
// their catalogue): workflow and task status, resets and status updates, DAG walks, resource
// usage, and the *_viz views.
//
// routes() are the routes every API version serves alike. Where v2 and v3 differ, the route
// declared here is v3's form (v3_forms()), the work both forms share is a function below, and
// v2's forms are in plugins/v2/cli_routes.h, each saying how v2 differs.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/cli/error_clusters.h"
#include "common/cli/pandas_json.h"
#include "common/cli/wire_types.h"
#include "common/core/context.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

// ---- CLI: workflows --------------------------------------------------------------------------

struct GetWorkflowValidationStatus {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow_validation";
  static constexpr const char* kSummary = "Whether the tasks share one finished workflow.";
  struct Body {
    std::vector<std::int64_t> task_ids;
    static constexpr auto fields() { return std::tuple{api::field("task_ids", &Body::task_ids)}; }
  };
  struct Answer {
    bool validation = false;
    api::Omittable<std::optional<std::string>> workflow_status;
    static constexpr auto fields() {
      return std::tuple{
          api::field("validation", &Answer::validation,
                     "True when every task is in one workflow that is F, D, A or H."),
          api::field("workflow_status", &Answer::workflow_status,
                     "That workflow's status letter (null: no such task); absent for no ids.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetWorkflowTasks {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/workflow_tasks";
  static constexpr const char* kSummary = "A workflow's tasks, newest first (a pandas table).";
  struct Query {
    std::int64_t limit = 0;
    std::vector<std::string> status;
    static constexpr auto fields() {
      return std::tuple{
          api::field("limit", &Query::limit, "0: every task; negative: drops from the end."),
          api::field("status", &Query::status, "CLI labels (PENDING, RUNNING, ...).")};
    }
  };
  struct Row {
    std::int64_t TASK_ID = 0;
    std::optional<std::string> TASK_NAME;
    std::string STATUS;
    std::int64_t RETRIES = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("TASK_ID", &Row::TASK_ID),
                        api::field("TASK_NAME", &Row::TASK_NAME),
                        api::field("STATUS", &Row::STATUS, "The CLI label."),
                        api::field("RETRIES", &Row::RETRIES, "num_attempts - 1, at least 0.")};
    }
  };
  struct Answer {
    DataFrame<Row> workflow_tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_tasks", &Answer::workflow_tasks)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetWorkflowUserValidation {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/validate_username/{username}";
  static constexpr const char* kSummary = "Whether the user ran the workflow.";
  struct Answer {
    bool validation = false;
    static constexpr auto fields() {
      return std::tuple{api::field("validation", &Answer::validation)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetWorkflowRunForWorkflowReset {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath =
      "/workflow/{workflow_id:int}/validate_for_workflow_reset/{username}";
  static constexpr const char* kSummary =
      "The workflow's newest failed run, if the user started it.";
  struct Answer {
    std::optional<std::int64_t> workflow_run_id;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_run_id", &Answer::workflow_run_id)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Reads its body itself (OwnBody, see route_reading_own_body): an empty body is no reset option.
struct ResetWorkflow {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/reset";
  static constexpr const char* kSummary = "Put a workflow and its tasks back to REGISTERING.";
  struct OwnBody {
    std::optional<api::JsonRef> partial_reset;
    static constexpr auto fields() {
      return std::tuple{api::field("partial_reset", &OwnBody::partial_reset,
                                   "Truthy: DONE tasks stay DONE. The body may be empty.")};
    }
  };
  struct Answer {
    static constexpr auto fields() { return std::tuple{}; }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetWorkflowStatus {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_status";
  static constexpr const char* kSummary =
      "Task counts per CLI status of workflows (a pandas table).";
  // Read as text: a bad value is a 400 (InvalidUsage), not FastAPI's 422.
  struct Query {
    std::optional<std::string> limit;
    std::vector<std::string> workflow_id;
    std::vector<std::string> user;
    static constexpr auto fields() {
      return std::tuple{
          api::field("limit", &Query::limit, "An integer: absent or 0: 5; negative: no limit."),
          api::field("workflow_id", &Query::workflow_id, "Ids, or all; wins over user."),
          api::field("user", &Query::user, "Users whose newest workflows to list; all: anyone.")};
    }
  };
  // "n (p%)": tasks with the label and their share of the workflow's tasks.
  struct Row {
    std::int64_t WF_ID = 0;
    std::optional<std::string> WF_NAME;
    std::string WF_STATUS;
    std::optional<std::int64_t> CREATED_DATE;
    std::int64_t TASKS = 0;
    std::string PENDING, SCHEDULED, RUNNING, DONE, FATAL;
    std::int64_t RETRIES = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("WF_ID", &Row::WF_ID),
                        api::field("WF_NAME", &Row::WF_NAME),
                        api::field("WF_STATUS", &Row::WF_STATUS, "The workflow's status label."),
                        api::field("CREATED_DATE", &Row::CREATED_DATE, "Epoch milliseconds."),
                        api::field("TASKS", &Row::TASKS),
                        api::field("PENDING", &Row::PENDING),
                        api::field("SCHEDULED", &Row::SCHEDULED),
                        api::field("RUNNING", &Row::RUNNING),
                        api::field("DONE", &Row::DONE),
                        api::field("FATAL", &Row::FATAL),
                        api::field("RETRIES", &Row::RETRIES, "Sum of each task's retries.")};
    }
  };
  // No rows: the reference's empty table has no SCHEDULED column.
  struct NoRows {
    std::int64_t WF_ID = 0;
    std::optional<std::string> WF_NAME;
    std::string WF_STATUS;
    std::optional<std::int64_t> CREATED_DATE;
    std::int64_t TASKS = 0;
    std::string PENDING, RUNNING, DONE, FATAL;
    std::int64_t RETRIES = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("WF_ID", &NoRows::WF_ID),
                        api::field("WF_NAME", &NoRows::WF_NAME),
                        api::field("WF_STATUS", &NoRows::WF_STATUS),
                        api::field("CREATED_DATE", &NoRows::CREATED_DATE),
                        api::field("TASKS", &NoRows::TASKS),
                        api::field("PENDING", &NoRows::PENDING),
                        api::field("RUNNING", &NoRows::RUNNING),
                        api::field("DONE", &NoRows::DONE),
                        api::field("FATAL", &NoRows::FATAL),
                        api::field("RETRIES", &NoRows::RETRIES)};
    }
  };
  struct Answer {
    DataFrame<Row, NoRows> workflows;
    static constexpr auto fields() {
      return std::tuple{api::field("workflows", &Answer::workflows)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetArrayTaskInstances {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/array/{workflow_id:int}/get_array_tasks";
  static constexpr const char* kSummary = "Output paths of a workflow's array tasks.";
  struct Query {
    std::string array_name;
    std::optional<std::string> job_name;
    std::optional<std::int64_t> limit;
    static constexpr auto fields() {
      return std::tuple{api::field("array_name", &Query::array_name, "Empty: any array."),
                        api::field("job_name", &Query::job_name, "A task name; empty: any."),
                        api::field("limit", &Query::limit, "Default 5.")};
    }
  };
  struct Row {
    std::int64_t TASK_ID = 0;
    std::optional<std::string> TASK_NAME, ARRAY_NAME;
    std::int64_t TASK_INSTANCE_ID = 0;
    std::optional<std::string> OUTPUT_PATH, ERROR_PATH;
    static constexpr auto fields() {
      return std::tuple{api::field("TASK_ID", &Row::TASK_ID),
                        api::field("TASK_NAME", &Row::TASK_NAME),
                        api::field("ARRAY_NAME", &Row::ARRAY_NAME),
                        api::field("TASK_INSTANCE_ID", &Row::TASK_INSTANCE_ID),
                        api::field("OUTPUT_PATH", &Row::OUTPUT_PATH, "The instance's stdout."),
                        api::field("ERROR_PATH", &Row::ERROR_PATH, "The instance's stderr.")};
    }
  };
  struct Answer {
    std::vector<Row> array_tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("array_tasks", &Answer::array_tasks)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// ---- CLI: tasks ------------------------------------------------------------------------------

struct GetTaskStatus {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_status";
  static constexpr const char* kSummary =
      "Instances of tasks with their status and errors (a pandas table).";
  struct Query {
    std::vector<std::int64_t> task_ids;
    std::vector<std::string> status;
    static constexpr auto fields() {
      return std::tuple{api::field("task_ids", &Query::task_ids).at_least_once(),
                        api::field("status", &Query::status, "Instance labels (PENDING, ...).")};
    }
  };
  struct Row {
    std::int64_t TASK_ID = 0;
    std::string task_status;
    std::int64_t TASK_INSTANCE_ID = 0;
    std::optional<std::string> DISTRIBUTOR_ID;
    std::string STATUS;
    std::optional<std::string> RESOURCE_USAGE, STDOUT, STDERR, ERROR_TRACE;
    static constexpr auto fields() {
      return std::tuple{api::field("TASK_ID", &Row::TASK_ID),
                        api::field("task_status", &Row::task_status, "The task's letter."),
                        api::field("TASK_INSTANCE_ID", &Row::TASK_INSTANCE_ID),
                        api::field("DISTRIBUTOR_ID", &Row::DISTRIBUTOR_ID),
                        api::field("STATUS", &Row::STATUS, "The instance's label (ERROR, ...)."),
                        api::field("RESOURCE_USAGE", &Row::RESOURCE_USAGE),
                        api::field("STDOUT", &Row::STDOUT),
                        api::field("STDERR", &Row::STDERR),
                        api::field("ERROR_TRACE", &Row::ERROR_TRACE)};
    }
  };
  struct Answer {
    DataFrame<Row> task_instance_status;
    static constexpr auto fields() {
      return std::tuple{api::field("task_instance_status", &Answer::task_instance_status)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetTaskSubdag {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task/subdag";
  static constexpr const char* kSummary = "Tasks downstream of the given tasks.";
  struct Body {
    std::optional<IdList> task_ids;
    std::optional<std::vector<std::string>> task_status;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_ids", &Body::task_ids, "Required: 400 'Missing ...' when empty."),
          api::field("task_status", &Body::task_status, "Status letters to keep; null: all.")};
    }
  };
  struct Answer {
    std::optional<std::int64_t> workflow_id;
    // task id -> [status, name]
    std::optional<std::map<std::int64_t, std::tuple<std::string, std::optional<std::string>>>>
        sub_task;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_id", &Answer::workflow_id, "Null when no task exists."),
          api::field("sub_task", &Answer::sub_task, "Task id: [status, name].")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The work of PUT /task/update_statuses, as each version reads it from its request.
struct StatusChange {
  std::int64_t workflow_id = 0;
  std::optional<std::vector<std::int64_t>> task_ids;  // nullopt: every task of the workflow
  std::string new_status;
  std::optional<std::string> workflow_status;  // nullopt: read from the database
  bool recursive = false;                      // also everything down (G) or up (D) the DAG
  bool done_completes_workflow = false;        // D on the last unfinished task: workflow D
  bool checked = false;  // Jobmon 3.6's check first (orm's check_status_update; 400 when refused)
};

// Reads its body itself (OwnBody): which keys are present is checked first, in the reference's
// order (400 "problem with '<key>' in request to <path>").
struct UpdateTaskStatuses {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/task/update_statuses";
  static constexpr const char* kSummary =
      "Set tasks to a status (G reruns them, D marks them done), optionally with their "
      "dependents; D on the last unfinished task completes the workflow.";
  struct OwnBody {
    std::int64_t workflow_id = 0;
    IdsOrAll task_ids;
    std::string new_status;
    std::optional<std::string> workflow_status;
    std::optional<api::JsonRef> recursive;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_id", &OwnBody::workflow_id),
                        api::field("task_ids", &OwnBody::task_ids, "Ids, one id, or all."),
                        api::field("new_status", &OwnBody::new_status, "A task status letter."),
                        api::field("workflow_status", &OwnBody::workflow_status,
                                   "The workflow's status as the caller saw it; absent: read."),
                        api::field("recursive", &OwnBody::recursive,
                                   "Truthy: with everything downstream (G) or upstream (D).")};
    }
  };
  struct Answer {
    std::string message;
    static constexpr auto fields() {
      return std::tuple{api::field("message", &Answer::message, "\"updated to status X\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Throws InvalidUsage "problem with '<key>' in request to <path>" for the first of `keys` the
// body lacks (null counts as present), after the body checks every body read makes.
void require_keys(const api::Request& req, std::initializer_list<const char*> keys);
UpdateTaskStatuses::Answer update_task_statuses(const Context& ctx, const api::Request& req,
                                                const StatusChange& change);

struct GetTaskDependencies {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_dependencies/{task_id:int}";
  static constexpr const char* kSummary = "Direct upstream and downstream tasks of a task.";
  struct Task {
    std::int64_t id = 0;
    std::string status;
    std::optional<std::string> name;
    static constexpr auto fields() {
      return std::tuple{api::field("id", &Task::id), api::field("status", &Task::status),
                        api::field("name", &Task::name)};
    }
  };
  // Each task alone in a list, as the reference writes it.
  struct Answer {
    std::vector<std::tuple<Task>> up, down;
    static constexpr auto fields() {
      return std::tuple{api::field("up", &Answer::up), api::field("down", &Answer::down)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetTasksRecursive {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/tasks_recursive/{direction}";
  static constexpr const char* kSummary =
      "Every task upstream (up) or downstream (down) of the given tasks of one workflow.";
  struct Body {
    std::optional<IdList> task_ids;
    static constexpr auto fields() { return std::tuple{api::field("task_ids", &Body::task_ids)}; }
  };
  struct Answer {
    std::vector<std::int64_t> task_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("task_ids", &Answer::task_ids, "Ascending.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The tasks reachable from the body's tasks (themselves included) in the path's direction
// (up, anything else is down), with the number of workflows the given tasks belong to.
orm::queries::cli::RecursiveTasks tasks_recursive(const Context& ctx,
                                                  const api::In<GetTasksRecursive::Body>& in);

// The DONE instance's usage: [num_attempts, nodename, wallclock, memory], four nulls when none.
using TaskUsage = std::tuple<std::optional<std::int64_t>, std::optional<std::string>,
                             std::optional<std::string>, std::optional<std::string>>;
// Which instance column is the memory figure.
enum class UsageMemory { kMaxrss, kMaxpss };

struct GetTaskResourceUsage {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_resource_usage";
  static constexpr const char* kSummary =
      "Resource usage of a task's DONE instance (memory: maxrss).";
  struct Query {
    std::int64_t task_id = 0;
    static constexpr auto fields() { return std::tuple{api::field("task_id", &Query::task_id)}; }
  };
  struct Answer {
    TaskUsage resource_usage;
    static constexpr auto fields() {
      return std::tuple{api::field("resource_usage", &Answer::resource_usage,
                                   "[num_attempts, nodename, wallclock, memory].")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

GetTaskResourceUsage::Answer task_resource_usage(const Context& ctx, std::int64_t task_id,
                                                 UsageMemory memory);

// ---- CLI: task templates ---------------------------------------------------------------------

struct GetTaskTemplateVersionForTasks {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/get_task_template_version";
  static constexpr const char* kSummary =
      "Template versions of a task or of a workflow's tasks (neither: none).";
  struct Query {
    std::optional<std::int64_t> task_id, workflow_id;
    static constexpr auto fields() {
      return std::tuple{api::field("task_id", &Query::task_id, "Wins over workflow_id."),
                        api::field("workflow_id", &Query::workflow_id)};
    }
  };
  struct Version {
    std::int64_t id = 0;
    std::string name;
    static constexpr auto fields() {
      return std::tuple{api::field("id", &Version::id),
                        api::field("name", &Version::name, "The template's name.")};
    }
  };
  struct Answer {
    std::vector<Version> task_template_version_ids;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_version_ids", &Answer::task_template_version_ids)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// ?task_template_version_ids=(1,2,3): 400 for anything else.
struct VersionIdsQuery {
  std::optional<std::string> task_template_version_ids;
  static constexpr auto fields() {
    return std::tuple{api::field("task_template_version_ids",
                                 &VersionIdsQuery::task_template_version_ids, "\"(1,2,3)\".")};
  }
};

struct GetRequestedCores {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/get_requested_cores";
  static constexpr const char* kSummary =
      "Requested cores per template version: min, max, average.";
  using Query = VersionIdsQuery;
  struct Cores {
    std::int64_t id = 0, min = 0, max = 0, avg = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("id", &Cores::id), api::field("min", &Cores::min),
                        api::field("max", &Cores::max),
                        api::field("avg", &Cores::avg, "The mean, rounded half to even.")};
    }
  };
  struct Answer {
    std::vector<Cores> core_info;
    static constexpr auto fields() {
      return std::tuple{api::field("core_info", &Answer::core_info)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetMostPopularQueue {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/get_most_popular_queue";
  static constexpr const char* kSummary =
      "The queue most used by each template version's instances.";
  struct Query {
    std::string task_template_version_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("task_template_version_ids", &Query::task_template_version_ids,
                                   "\"(1,2,3)\".")};
    }
  };
  struct Queue {
    std::int64_t id = 0;
    std::string queue;
    std::int64_t queue_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("id", &Queue::id, "The template version."),
                        api::field("queue", &Queue::queue, "The queue's name."),
                        api::field("queue_id", &Queue::queue_id)};
    }
  };
  struct Answer {
    std::vector<Queue> queue_info;
    static constexpr auto fields() {
      return std::tuple{api::field("queue_info", &Answer::queue_info)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// Reads its body itself (OwnBody): a body without task_template_version_id is FastAPI's 422
// naming the body; null or a wrong type is the usual 400. v3's form: Jobmon 3.6's statistics of
// the instances that ended (docs/api-cli-reaper.md, "Statistics"), and with viz their rows.
struct GetTaskTemplateResourceUsage {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_template_resource_usage";
  static constexpr const char* kSummary =
      "Runtime and memory statistics of a template version's ended instances, with viz their "
      "rows (the GUI's).";
  struct OwnBody {
    std::int64_t task_template_version_id = 0;
    std::optional<std::vector<std::int64_t>> workflows;
    std::optional<std::map<std::string, std::vector<api::PyStr>>> node_args;
    std::optional<api::JsonRef> ci;
    std::optional<api::JsonRef> viz;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_template_version_id", &OwnBody::task_template_version_id),
          api::field("workflows", &OwnBody::workflows, "Only these workflows' instances."),
          api::field("node_args", &OwnBody::node_args,
                     "Arg name: values; a node must have one of the values of every arg."),
          api::field("ci", &OwnBody::ci,
                     "Confidence level of the intervals, as text (\"0.95\") or a number; none: "
                     "no intervals."),
          api::field("viz", &OwnBody::viz, "Falsy: no rows (result_viz null).")};
    }
  };
  struct Usage {
    std::optional<double> r;
    std::optional<std::int64_t> m;
    std::int64_t node_id = 0, task_id = 0;
    std::optional<std::string> task_name;
    std::optional<std::string> requested_resources;
    std::int64_t attempt_number_of_instance = 0;
    std::string status;
    std::optional<std::string> task_status_date, task_command;
    std::int64_t task_num_attempts = 0, task_max_attempts = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("r", &Usage::r, "wallclock, seconds."),
                        api::field("m", &Usage::m, "maxrss."),
                        api::field("node_id", &Usage::node_id),
                        api::field("task_id", &Usage::task_id),
                        api::field("task_name", &Usage::task_name),
                        api::field("requested_resources", &Usage::requested_resources),
                        api::field("attempt_number_of_instance", &Usage::attempt_number_of_instance,
                                   "1 for a task's first."),
                        api::field("status", &Usage::status, "The instance's letter."),
                        api::field("task_status_date", &Usage::task_status_date, "ISO 8601."),
                        api::field("task_command", &Usage::task_command),
                        api::field("task_num_attempts", &Usage::task_num_attempts),
                        api::field("task_max_attempts", &Usage::task_max_attempts)};
    }
  };
  // [low, high]; [null, null] when the spread is zero (Jobmon 3.6 answered 500 there).
  using Interval = std::optional<std::vector<std::optional<double>>>;
  // The statistics again, memory as Python's f"{value}B" text: what the 3.6 client shows.
  struct Formatted {
    std::optional<std::int64_t> num_tasks;
    std::optional<std::string> min_mem, max_mem, mean_mem;
    std::optional<std::int64_t> min_runtime, max_runtime;
    std::optional<double> mean_runtime;
    std::optional<std::string> median_mem;
    std::optional<double> median_runtime;
    Interval ci_mem, ci_runtime;
    static constexpr auto fields() {
      return std::tuple{api::field("num_tasks", &Formatted::num_tasks),
                        api::field("min_mem", &Formatted::min_mem),
                        api::field("max_mem", &Formatted::max_mem),
                        api::field("mean_mem", &Formatted::mean_mem),
                        api::field("min_runtime", &Formatted::min_runtime),
                        api::field("max_runtime", &Formatted::max_runtime),
                        api::field("mean_runtime", &Formatted::mean_runtime),
                        api::field("median_mem", &Formatted::median_mem),
                        api::field("median_runtime", &Formatted::median_runtime),
                        api::field("ci_mem", &Formatted::ci_mem),
                        api::field("ci_runtime", &Formatted::ci_runtime)};
    }
  };
  struct Answer {
    std::optional<std::int64_t> num_tasks, min_mem, max_mem;
    std::optional<double> mean_mem;
    std::optional<std::int64_t> min_runtime, max_runtime;
    std::optional<double> mean_runtime, median_mem, median_runtime;
    Interval ci_mem, ci_runtime;
    std::optional<std::vector<Usage>> result_viz;
    Formatted formatted_stats;
    static constexpr auto fields() {
      return std::tuple{
          api::field("num_tasks", &Answer::num_tasks,
                     "Instances counted; 0 when none matched, null when the version has no task."),
          api::field("min_mem", &Answer::min_mem, "maxrss, zeros left out."),
          api::field("max_mem", &Answer::max_mem),
          api::field("mean_mem", &Answer::mean_mem),
          api::field("min_runtime", &Answer::min_runtime, "wallclock, zeros left out."),
          api::field("max_runtime", &Answer::max_runtime),
          api::field("mean_runtime", &Answer::mean_runtime),
          api::field("median_mem", &Answer::median_mem),
          api::field("median_runtime", &Answer::median_runtime),
          api::field("ci_mem", &Answer::ci_mem, "Student t interval; null without ci or values."),
          api::field("ci_runtime", &Answer::ci_runtime),
          api::field("result_viz", &Answer::result_viz, "With viz: one row per instance."),
          api::field("formatted_stats", &Answer::formatted_stats)};
    }
  };
  using Errors = api::Errors<api::Error<422, api::ValidationError>>;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// ---- The GUI's reads -------------------------------------------------------------------------

struct GetWorkflowStatusViz {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_status_viz";
  static constexpr const char* kSummary =
      "Task counts per GUI status and attempts of workflows, in the order asked.";
  struct Query {
    std::vector<std::int64_t> workflow_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_ids", &Query::workflow_ids)};
    }
  };
  struct Counts {
    std::int64_t id = 0, tasks = 0, PENDING = 0, SCHEDULED = 0, RUNNING = 0, DONE = 0, FATAL = 0;
    std::int64_t MAXC = 0;
    double num_attempts_avg = 0.0;
    std::int64_t num_attempts_min = 0, num_attempts_max = 0;
    static constexpr auto fields() {
      return std::tuple{
          api::field("id", &Counts::id),
          api::field("tasks", &Counts::tasks),
          api::field("PENDING", &Counts::PENDING),
          api::field("SCHEDULED", &Counts::SCHEDULED),
          api::field("RUNNING", &Counts::RUNNING),
          api::field("DONE", &Counts::DONE),
          api::field("FATAL", &Counts::FATAL),
          api::field("MAXC", &Counts::MAXC, "max_concurrently_running (0: no tasks)."),
          api::field("num_attempts_avg", &Counts::num_attempts_avg),
          api::field("num_attempts_min", &Counts::num_attempts_min),
          api::field("num_attempts_max", &Counts::num_attempts_max)};
    }
  };
  using Answer = api::Object<Counts>;  // workflow id -> counts
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct WorkflowsByUserForm {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_overview_viz";
  static constexpr const char* kSummary =
      "Workflows matching the GUI's search filters, newest first.";
  struct Query {
    std::optional<std::string> user, tool, wf_name, wf_args, wf_attribute_value, wf_attribute_key,
        wf_id, date_submitted, date_submitted_end, status;
    static constexpr auto fields() {
      return std::tuple{
          api::field("user", &Query::user),
          api::field("tool", &Query::tool),
          api::field("wf_name", &Query::wf_name),
          api::field("wf_args", &Query::wf_args),
          api::field("wf_attribute_value", &Query::wf_attribute_value),
          api::field("wf_attribute_key", &Query::wf_attribute_key),
          api::field("wf_id", &Query::wf_id, "An integer (400 otherwise)."),
          api::field("date_submitted", &Query::date_submitted, "Created on or after."),
          api::field("date_submitted_end", &Query::date_submitted_end, "Created on or before."),
          api::field("status", &Query::status, "A workflow status letter.")};
    }
  };
  struct Workflow {
    std::int64_t wf_id = 0;
    std::optional<std::string> wf_name, wf_submitted_date, wf_status_date, wf_args;
    std::int64_t wfr_count = 0;
    std::string wf_status;
    std::optional<std::string> wf_tool;
    std::int64_t PENDING = 0, SCHEDULED = 0, RUNNING = 0, DONE = 0, FATAL = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("wf_id", &Workflow::wf_id),
                        api::field("wf_name", &Workflow::wf_name),
                        api::field("wf_submitted_date", &Workflow::wf_submitted_date, "ISO."),
                        api::field("wf_status_date", &Workflow::wf_status_date, "ISO."),
                        api::field("wf_args", &Workflow::wf_args),
                        api::field("wfr_count", &Workflow::wfr_count, "Runs of the workflow."),
                        api::field("wf_status", &Workflow::wf_status, "The status label."),
                        api::field("wf_tool", &Workflow::wf_tool),
                        api::field("PENDING", &Workflow::PENDING, "Always 0 (the GUI fills it)."),
                        api::field("SCHEDULED", &Workflow::SCHEDULED, "Always 0."),
                        api::field("RUNNING", &Workflow::RUNNING, "Always 0."),
                        api::field("DONE", &Workflow::DONE, "Always 0."),
                        api::field("FATAL", &Workflow::FATAL, "Always 0.")};
    }
  };
  struct Answer {
    std::vector<Workflow> workflows;
    static constexpr auto fields() {
      return std::tuple{api::field("workflows", &Answer::workflows)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct TaskDetailsByWfId {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task_table_viz/{workflow_id:int}";
  static constexpr const char* kSummary = "A workflow's tasks of one template.";
  struct Query {
    std::string tt_name;
    static constexpr auto fields() {
      return std::tuple{api::field("tt_name", &Query::tt_name, "The template's name.")};
    }
  };
  struct Task {
    std::int64_t task_id = 0;
    std::optional<std::string> task_name;
    std::string task_status;
    std::optional<std::string> task_command;
    std::int64_t task_num_attempts = 0;
    std::string task_status_date;
    std::int64_t task_max_attempts = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_id", &Task::task_id),
                        api::field("task_name", &Task::task_name),
                        api::field("task_status", &Task::task_status, "The GUI label."),
                        api::field("task_command", &Task::task_command),
                        api::field("task_num_attempts", &Task::task_num_attempts),
                        api::field("task_status_date", &Task::task_status_date,
                                   "Python str() of the date (\"None\" when null)."),
                        api::field("task_max_attempts", &Task::task_max_attempts)};
    }
  };
  struct Answer {
    std::vector<Task> tasks;
    static constexpr auto fields() { return std::tuple{api::field("tasks", &Answer::tasks)}; }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct WfDetailsByWfId {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_details_viz/{workflow_id:int}";
  static constexpr const char* kSummary = "A workflow's details, one row per run (ISO dates).";
  struct Run {
    std::optional<std::string> wf_name, wf_args, wf_created_date, wf_status_date, tool_name;
    std::string wf_status;
    std::optional<std::string> wf_status_desc, wfr_jobmon_version, wfr_heartbeat_date, wfr_user;
    static constexpr auto fields() {
      return std::tuple{api::field("wf_name", &Run::wf_name),
                        api::field("wf_args", &Run::wf_args),
                        api::field("wf_created_date", &Run::wf_created_date, "ISO."),
                        api::field("wf_status_date", &Run::wf_status_date, "ISO."),
                        api::field("tool_name", &Run::tool_name),
                        api::field("wf_status", &Run::wf_status, "The workflow's letter."),
                        api::field("wf_status_desc", &Run::wf_status_desc),
                        api::field("wfr_jobmon_version", &Run::wfr_jobmon_version),
                        api::field("wfr_heartbeat_date", &Run::wfr_heartbeat_date, "ISO."),
                        api::field("wfr_user", &Run::wfr_user)};
    }
  };
  using Answer = std::vector<Run>;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The workflow and its runs as the database has them (dates "YYYY-MM-DD HH:MM:SS").
std::vector<orm::queries::viz::WorkflowDetails> workflow_details(const Context& ctx,
                                                                 std::int64_t workflow_id);

// A task's instance, as every version lists it.
struct InstanceDetails {
  std::int64_t ti_id = 0;
  std::string ti_status;
  std::optional<std::string> ti_stdout, ti_stderr, ti_stdout_log, ti_stderr_log, ti_distributor_id,
      ti_nodename, ti_error_log_description, ti_wallclock, ti_maxrss, ti_resources;
  // Also the first fields of v3's form, which adds its own (a derived struct).
  static constexpr auto fields() {
    using S = InstanceDetails;
    return std::tuple{api::field("ti_id", &S::ti_id),
                      api::field("ti_status", &S::ti_status, "The instance's label."),
                      api::field("ti_stdout", &S::ti_stdout),
                      api::field("ti_stderr", &S::ti_stderr),
                      api::field("ti_stdout_log", &S::ti_stdout_log),
                      api::field("ti_stderr_log", &S::ti_stderr_log),
                      api::field("ti_distributor_id", &S::ti_distributor_id),
                      api::field("ti_nodename", &S::ti_nodename),
                      api::field("ti_error_log_description", &S::ti_error_log_description),
                      api::field("ti_wallclock", &S::ti_wallclock),
                      api::field("ti_maxrss", &S::ti_maxrss),
                      api::field("ti_resources", &S::ti_resources, "Requested resources.")};
  }
};

struct GetTaskDetails {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task/get_ti_details_viz/{task_id:int}";
  static constexpr const char* kSummary =
      "A task's instances with their errors, resources, dates and queue.";
  struct Instance : InstanceDetails {
    std::optional<std::string> ti_submit_date, ti_status_date, ti_queue_name;
    static constexpr auto fields() {
      return std::tuple_cat(
          InstanceDetails::fields(),
          std::tuple{api::field("ti_submit_date", &Instance::ti_submit_date, "ISO."),
                     api::field("ti_status_date", &Instance::ti_status_date, "ISO."),
                     api::field("ti_queue_name", &Instance::ti_queue_name)});
    }
  };
  struct Answer {
    std::vector<Instance> taskinstances;
    static constexpr auto fields() {
      return std::tuple{api::field("taskinstances", &Answer::taskinstances)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// A task, as every version describes it.
struct TaskDetails {
  std::string task_status;
  std::int64_t workflow_id = 0;
  std::optional<std::string> task_name, task_command, task_status_date;
  // Also the first fields of v3's form, which adds its own (a derived struct).
  static constexpr auto fields() {
    return std::tuple{api::field("task_status", &TaskDetails::task_status, "The task's letter."),
                      api::field("workflow_id", &TaskDetails::workflow_id),
                      api::field("task_name", &TaskDetails::task_name),
                      api::field("task_command", &TaskDetails::task_command),
                      api::field("task_status_date", &TaskDetails::task_status_date, "ISO.")};
  }
};

struct GetTaskDetailsViz {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task/get_task_details_viz/{task_id:int}";
  static constexpr const char* kSummary = "A task's status, name, command and template.";
  struct Task : TaskDetails {
    std::optional<std::int64_t> task_template_id;
    static constexpr auto fields() {
      return std::tuple_cat(TaskDetails::fields(),
                            std::tuple{api::field("task_template_id", &Task::task_template_id)});
    }
  };
  struct Answer {
    std::vector<Task> task_details;  // none or one
    static constexpr auto fields() {
      return std::tuple{api::field("task_details", &Answer::task_details)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetTaskTemplateDetailsForWorkflow {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/get_task_template_details";
  static constexpr const char* kSummary =
      "A template used by a workflow, with its version (404 when the workflow has none).";
  struct Query {
    std::int64_t workflow_id = 0, task_template_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_id", &Query::workflow_id).at_least(1),
                        api::field("task_template_id", &Query::task_template_id).at_least(1)};
    }
  };
  struct Answer {
    std::int64_t task_template_id = 0;
    std::string task_template_name;
    std::int64_t task_template_version_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_template_id", &Answer::task_template_id),
                        api::field("task_template_name", &Answer::task_template_name),
                        api::field("task_template_version_id", &Answer::task_template_version_id,
                                   "The lowest version the workflow uses.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// A task status letter as a label of the GUI's views (PENDING, SCHEDULED, ...).
using StatusLabel = std::string (*)(char letter);
std::string gui_label(char letter);

struct GetWorkflowTtStatusViz {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_tt_status_viz/{workflow_id:int}";
  static constexpr const char* kSummary =
      "Task counts per GUI status and attempts, per template of a workflow (by first task).";
  struct Template {
    std::int64_t id = 0;
    std::string name;
    std::int64_t tasks = 0, PENDING = 0, SCHEDULED = 0, RUNNING = 0, DONE = 0, FATAL = 0;
    OneOf<std::int64_t, std::string> MAXC;
    std::int64_t num_attempts_min = 0, num_attempts_max = 0;
    double num_attempts_avg = 0.0;
    std::int64_t task_template_version_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("id", &Template::id),
                        api::field("name", &Template::name),
                        api::field("tasks", &Template::tasks),
                        api::field("PENDING", &Template::PENDING),
                        api::field("SCHEDULED", &Template::SCHEDULED),
                        api::field("RUNNING", &Template::RUNNING),
                        api::field("DONE", &Template::DONE),
                        api::field("FATAL", &Template::FATAL),
                        api::field("MAXC", &Template::MAXC, "The array's limit; \"NA\": no array."),
                        api::field("num_attempts_min", &Template::num_attempts_min),
                        api::field("num_attempts_max", &Template::num_attempts_max),
                        api::field("num_attempts_avg", &Template::num_attempts_avg),
                        api::field("task_template_version_id", &Template::task_template_version_id,
                                   "The version of the template's first task.")};
    }
  };
  using Answer = api::Object<Template>;  // template id -> counts
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The counts of GET /workflow_tt_status_viz with the tasks' statuses labelled by `label`.
GetWorkflowTtStatusViz::Answer template_statuses(const Context& ctx, std::int64_t workflow_id,
                                                 StatusLabel label);

struct GetTtErrorLogViz {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/tt_error_log_viz/{wf_id:int}/{tt_id:int}";
  static constexpr const char* kSummary =
      "Error logs of a workflow's template, newest first, paged, optionally clustered.";
  // page < 1 or page_size < 0 is a 400. The flags are true only when "true" (any case).
  struct Query {
    std::optional<std::int64_t> page, page_size;
    std::optional<std::string> just_recent_errors, cluster_errors;
    static constexpr auto fields() {
      return std::tuple{
          api::field("page", &Query::page, "From 1 (default)."),
          api::field("page_size", &Query::page_size, "Default 10."),
          api::field("just_recent_errors", &Query::just_recent_errors,
                     "true: each task's latest instance of the latest run only."),
          api::field("cluster_errors", &Query::cluster_errors,
                     "true: the page's logs in groups of equal score (total_count: groups).")};
    }
  };
  struct ErrorLog {
    std::int64_t task_id = 0, task_instance_id = 0, task_instance_err_id = 0;
    std::string error_time, error, task_instance_stderr_log;
    std::int64_t workflow_run_id = 0, workflow_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_id", &ErrorLog::task_id),
                        api::field("task_instance_id", &ErrorLog::task_instance_id),
                        api::field("task_instance_err_id", &ErrorLog::task_instance_err_id),
                        api::field("error_time", &ErrorLog::error_time, "Python str()."),
                        api::field("error", &ErrorLog::error, "Python str()."),
                        api::field("task_instance_stderr_log", &ErrorLog::task_instance_stderr_log,
                                   "Python str() (\"None\" when null)."),
                        api::field("workflow_run_id", &ErrorLog::workflow_run_id),
                        api::field("workflow_id", &ErrorLog::workflow_id)};
    }
  };
  struct Answer {
    OneOf<std::vector<ErrorLog>, std::vector<ErrorCluster>> error_logs;
    std::int64_t total_count = 0, page = 0, page_size = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("error_logs", &Answer::error_logs, "Logs, or their groups."),
                        api::field("total_count", &Answer::total_count),
                        api::field("page", &Answer::page),
                        api::field("page_size", &Answer::page_size)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetTtErrorLogVizOfInstance : GetTtErrorLogViz {
  static constexpr const char* kPath = "/tt_error_log_viz/{wf_id:int}/{tt_id:int}/{ti_id:int}";
  static constexpr const char* kSummary =
      "Error logs of one instance (0: all) of a workflow's template, paged, optionally "
      "clustered.";
};

// GET /tt_error_log_viz as the Jobmon 3.6 server answers it (v3's form for 3.6 clients:
// plugins/v3/generation_routes.h): every key of every item always there, null where unused;
// times in ISO form; the logs of the newest version of the template with tasks in the
// workflow, oldest first; groups made from every log, then paged. docs/api-cli-reaper.md,
// "The GUI's reads", says which logs each query selects.
struct ErrorLogItem {
  std::optional<std::int64_t> task_id, task_instance_id, task_instance_err_id;
  std::optional<std::string> error_time, error, task_instance_stderr_log;
  std::int64_t workflow_run_id = 0, workflow_id = 0;
  std::optional<double> error_score;
  std::optional<std::int64_t> group_instance_count;
  std::optional<std::vector<std::int64_t>> task_instance_ids, task_ids;
  std::optional<std::string> sample_error, first_error_time;
  static constexpr auto fields() {
    using I = ErrorLogItem;
    return std::tuple{
        api::field("task_id", &I::task_id, "A log's task (null in a group or for one instance)."),
        api::field("task_instance_id", &I::task_instance_id),
        api::field("task_instance_err_id", &I::task_instance_err_id),
        api::field("error_time", &I::error_time, "ISO."),
        api::field("error", &I::error),
        api::field("task_instance_stderr_log", &I::task_instance_stderr_log),
        api::field("workflow_run_id", &I::workflow_run_id),
        api::field("workflow_id", &I::workflow_id),
        api::field("error_score", &I::error_score, "A group's TF-IDF score."),
        api::field("group_instance_count", &I::group_instance_count),
        api::field("task_instance_ids", &I::task_instance_ids, "A group's, ascending."),
        api::field("task_ids", &I::task_ids, "A group's, ascending."),
        api::field("sample_error", &I::sample_error, "A group's first log."),
        api::field("first_error_time", &I::first_error_time, "ISO.")};
  }
};
struct ErrorLogItems {
  std::vector<ErrorLogItem> items;
  std::int64_t total_count = 0, page = 0, page_size = 0;  // total_count: logs, or groups
};
ErrorLogItems tt_error_log_items(const Context& ctx,
                                 const api::In<api::NoBody, GetTtErrorLogViz::Query>& in);

// ---- Helpers the versions' own forms share ------------------------------------------------------

// A database time "YYYY-MM-DD HH:MM:SS" as Python's isoformat() writes it ("...T...").
std::optional<std::string> iso_date(const std::optional<std::string>& time);
// Python's str() of a nullable text (a date, a log): "None" for null.
std::string str_or_none(const std::optional<std::string>& text);

// Python's truth value of an optional JSON value (data.get(key, False)).
bool truthy(const std::optional<api::JsonRef>& v);

// The routes every API version serves alike.
std::span<const RouteMaker> routes();
// The routes above whose form v2 changes, in v3's form (v2's: plugins/v2/cli_routes.h).
std::span<const RouteMaker> v3_forms();
// The 3.4 forms of the routes v3 answers by the caller's client generation.
std::span<const RouteMaker> v2_forms();

}  // namespace jobmon::routes::cli
