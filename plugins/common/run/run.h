#pragma once
// The run path (docs/compatibility.md, "Run path" and "Workflow and task routes"): what a
// workflow run's swarm, its distributor and its workers tell the server while a workflow runs,
// the swarm's reads of task state, and resuming a workflow. Each route is one transaction of
// orm/include/jobmon/orm/queries/run.h.
//
// The worker's and the distributor's reports take their request non-const: they move the texts
// they read into the query instead of copying them (the heartbeat is the busiest route).
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/core/context.h"
#include "common/run/wire_types.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

// ---- Answers several routes give ----

struct Nothing {
  static constexpr auto fields() { return std::tuple{}; }
};

struct StatusAnswer {
  std::string status;
  static constexpr auto fields() {
    return std::tuple{api::field("status", &StatusAnswer::status, "The status after the call.")};
  }
};

struct MessageAnswer {
  std::string message;
  static constexpr auto fields() {
    return std::tuple{api::field("message", &MessageAnswer::message,
                                 "What was done; empty when the report was recorded as sent.")};
  }
};

struct LimitAnswer {
  std::int64_t max_concurrently_running = 0;
  static constexpr auto fields() {
    return std::tuple{api::field("max_concurrently_running", &LimitAnswer::max_concurrently_running,
                                 "How many tasks may run at once.")};
  }
};

// Task ids (or task instance ids) by status letter: {"R": [1, 2], "D": [3]}.
using IdsByStatus = std::map<std::string, std::vector<std::int64_t>>;

// ---- Workflow runs: the swarm's run of a workflow ----

struct AddWorkflowRun {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow_run";
  static constexpr const char* kSummary = "Create and link a workflow run.";
  struct Body {
    std::int64_t workflow_id = 0;
    api::PyStr user;
    api::PyStr jobmon_version;
    api::Seconds next_report_increment;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_id", &Body::workflow_id),
          api::field("user", &Body::user, "Who runs the workflow."),
          api::field("jobmon_version", &Body::jobmon_version, "The client's version."),
          api::field("next_report_increment", &Body::next_report_increment,
                     "Seconds until the run's first heartbeat is due.")};
    }
  };
  struct Answer {
    std::optional<std::int64_t> workflow_run_id;
    api::Omittable<std::string> status;
    api::Omittable<std::string> err_msg;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_run_id", &Answer::workflow_run_id, "Null when not linked."),
          api::field("status", &Answer::status, "The new run's status (when linked)."),
          api::field("err_msg", &Answer::err_msg, "Why the run was not linked.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct LogWorkflowRunStatusUpdate {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow_run/{workflow_run_id:int}/update_status";
  static constexpr const char* kSummary = "Transition a workflow run.";
  struct Body {
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("status", &Body::status, "The status letter to move to.")};
    }
  };
  using Answer = StatusAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct LogWorkflowRunHeartbeat {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow_run/{workflow_run_id:int}/log_heartbeat";
  static constexpr const char* kSummary = "Heartbeat of a workflow run.";
  struct Body {
    api::Seconds next_report_increment;
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("next_report_increment", &Body::next_report_increment,
                                   "Seconds until the next heartbeat is due."),
                        api::field("status", &Body::status, "The status the swarm sees.")};
    }
  };
  using Answer = StatusAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct TaskInstancesStatusCheck {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow_run/{workflow_run_id:int}/sync_status";
  static constexpr const char* kSummary = "Task instances that left or entered a status.";
  struct Body {
    std::vector<std::int64_t> task_instance_ids;
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("task_instance_ids", &Body::task_instance_ids,
                                   "The instances the distributor holds in `status`."),
                        api::field("status", &Body::status)};
    }
  };
  struct Answer {
    IdsByStatus status_updates;
    std::string time;
    static constexpr auto fields() {
      return std::tuple{
          api::field("status_updates", &Answer::status_updates, "Instance ids by status letter."),
          api::field("time", &Answer::time, "The database's clock when it was read.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The 3.4 form, which v2 serves: an overdue LAUNCHED instance goes NO_HEARTBEAT at once. v3
// gives 3.6 clients' instances the 3.6 grace (plugins/v3/generation_routes.h).
struct SetStatusForTriaging {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath =
      "/workflow_run/{workflow_run_id:int}/set_status_for_triaging";
  static constexpr const char* kSummary = "Move overdue instances to triage.";
  using Answer = Nothing;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The work of every form of set_status_for_triaging (orm's set_status_for_triaging).
void set_status_for_triaging(const Context& ctx, std::int64_t workflow_run_id,
                             double launched_grace_seconds);

// v3's form (Jobmon 3.6's answer, with num_terminated); v2's is plugins/v2/run_routes.h.
struct TerminateWorkflowRun {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath =
      "/workflow_run/{workflow_run_id:int}/terminate_task_instances";
  static constexpr const char* kSummary =
      "Stop a resumed run's instances: queued and instantiated ones fail, launched (and, unless "
      "the resume is hot, running) ones are told to kill themselves.";
  struct Answer {
    std::int64_t workflow_run_id = 0;
    std::int64_t num_terminated = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_run_id", &Answer::workflow_run_id),
                        api::field("num_terminated", &Answer::num_terminated,
                                   "Instances moved (0 when called again).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The work of every form of terminate_task_instances: how many instances moved.
std::int64_t terminate_task_instances(const Context& ctx, std::int64_t workflow_run_id);

// ---- Arrays: the distributor's batches ----

struct RecordArrayBatchNum {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/array/{array_id:int}/queue_task_batch";
  static constexpr const char* kSummary = "Queue a batch of tasks.";
  struct Body {
    std::vector<std::int64_t> task_ids;
    std::int64_t task_resources_id = 0;
    std::int64_t workflow_run_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_ids", &Body::task_ids),
                        api::field("task_resources_id", &Body::task_resources_id),
                        api::field("workflow_run_id", &Body::workflow_run_id)};
    }
  };
  struct Answer {
    IdsByStatus tasks_by_status;
    static constexpr auto fields() {
      return std::tuple{api::field("tasks_by_status", &Answer::tasks_by_status,
                                   "The tasks' ids by their status after queueing.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct TransitionArrayToLaunched {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/array/{array_id:int}/transition_to_launched";
  static constexpr const char* kSummary = "Mark a batch launched.";
  struct Body {
    std::int64_t batch_number = 0;
    api::Seconds next_report_increment;
    static constexpr auto fields() {
      return std::tuple{api::field("batch_number", &Body::batch_number),
                        api::field("next_report_increment", &Body::next_report_increment,
                                   "Seconds until the instances' first heartbeat is due.")};
    }
  };
  using Answer = Nothing;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// Served by v2 and v3 (Jobmon 3.6 made it a v3 route again; jobmond's compat plugin served it
// there before: docs/compatibility.md H6).
struct TransitionToKilled {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/array/{array_id:int}/transition_to_killed";
  static constexpr const char* kSummary = "Kill the KILL_SELF instances of a batch.";
  struct Body {
    std::int64_t batch_number = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("batch_number", &Body::batch_number)};
    }
  };
  using Answer = Nothing;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct LogArrayDistributorId {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/array/{array_id:int}/log_distributor_id";
  static constexpr const char* kSummary = "Record distributor ids of a batch.";
  using Body = DistributorIdsBody;
  struct Answer {
    bool success = true;
    static constexpr auto fields() {
      return std::tuple{api::field("success", &Answer::success, "Always true.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The reference serves one handler under two paths; the ids the path lacks may come as query
// parameters (the array's id wins).
struct GetArrayMaxConcurrentlyRunning {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/array/{array_id:int}/get_array_max_concurrently_running";
  static constexpr const char* kSummary = "Concurrency limit of an array.";
  struct Query {
    std::optional<std::int64_t> workflow_id;
    std::optional<std::int64_t> task_template_version_id;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_id", &Query::workflow_id, "Ignored: the path names the array."),
          api::field("task_template_version_id", &Query::task_template_version_id,
                     "Ignored: the path names the array.")};
    }
  };
  using Answer = LimitAnswer;
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

struct GetWorkflowArrayMaxConcurrentlyRunning {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath =
      "/workflow/{workflow_id:int}/get_array_max_concurrently_running/"
      "{task_template_version_id:int}";
  static constexpr const char* kSummary = "Concurrency limit of a workflow's array.";
  struct Query {
    std::optional<std::int64_t> array_id;
    static constexpr auto fields() {
      return std::tuple{
          api::field("array_id", &Query::array_id, "When given, the array looked up instead.")};
    }
  };
  using Answer = LimitAnswer;
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// ---- Task instances: the worker's reports ----

struct LogRunning {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_running";
  static constexpr const char* kSummary = "A worker started the instance.";
  struct Body {
    std::int64_t process_group_id = 0;
    std::optional<api::PyStr> distributor_id;
    std::optional<api::PyStr> nodename;
    api::Seconds next_report_increment;
    static constexpr auto fields() {
      return std::tuple{
          api::field("process_group_id", &Body::process_group_id, "The worker's process group."),
          api::field("distributor_id", &Body::distributor_id, "Stored when sent."),
          api::field("nodename", &Body::nodename, "The worker's host; stored when sent."),
          api::field("next_report_increment", &Body::next_report_increment,
                     "Seconds until the worker's first heartbeat is due.")};
    }
  };
  struct Answer {
    // The reference's to_wire_as_worker_node_task_instance().
    std::tuple<std::int64_t, std::string, std::int64_t, std::int64_t, std::string, std::string,
               std::int64_t, std::optional<api::RawJson>, std::optional<api::RawJson>>
        task_instance;
    static constexpr auto fields() {
      return std::tuple{api::field(
          "task_instance", &Answer::task_instance,
          "[id, status, workflow_run_id, task_id, task_name, command, workflow_id, stdout, "
          "stderr]: stdout and stderr are the paths the requested resources name, else null.")};
    }
  };
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

struct LogTiReportBy {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_report_by";
  static constexpr const char* kSummary = "A worker's heartbeat.";
  struct Body {
    api::Seconds next_report_increment;
    std::optional<api::PyStr> distributor_id;
    std::optional<api::PyStr> stdout_text;
    std::optional<api::PyStr> stderr_text;
    static constexpr auto fields() {
      return std::tuple{api::field("next_report_increment", &Body::next_report_increment,
                                   "Seconds until the next heartbeat is due."),
                        api::field("distributor_id", &Body::distributor_id, "Stored when sent."),
                        api::field("stdout", &Body::stdout_text, "Stored when sent."),
                        api::field("stderr", &Body::stderr_text, "Stored when sent.")};
    }
  };
  using Answer = StatusAnswer;
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

struct LogTiReportByBatch {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/log_report_by/batch";
  static constexpr const char* kSummary = "Heartbeats of launched instances.";
  struct Body {
    api::Seconds next_report_increment;
    std::optional<std::vector<std::int64_t>> task_instance_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("next_report_increment", &Body::next_report_increment,
                                   "Seconds until the next heartbeat is due."),
                        api::field("task_instance_ids", &Body::task_instance_ids,
                                   "The distributor's launched instances; none when absent.")};
    }
  };
  using Answer = Nothing;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The texts a worker's last report may carry, each stored only when sent (and not null).
struct ReportTexts {
  std::optional<api::PyStr> distributor_id, nodename, stdout_text, stderr_text, stdout_log,
      stderr_log;

  // The fields of a body B that derives from ReportTexts, in the order they are read.
  template <class B>
  static constexpr auto fields_of() {
    using Text = std::optional<api::PyStr>;
    return std::tuple{api::field<B, Text>("distributor_id", &B::distributor_id),
                      api::field<B, Text>("nodename", &B::nodename),
                      api::field<B, Text>("stdout", &B::stdout_text),
                      api::field<B, Text>("stderr", &B::stderr_text),
                      api::field<B, Text>("stdout_log", &B::stdout_log, "A path."),
                      api::field<B, Text>("stderr_log", &B::stderr_log, "A path.")};
  }
  // Moves the texts into the query's form.
  orm::queries::OptionalFields take();
};

struct LogDone {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_done";
  static constexpr const char* kSummary = "A worker finished.";
  struct Body : ReportTexts {
    static constexpr auto fields() { return fields_of<Body>(); }
  };
  using Answer = StatusAnswer;
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

struct LogErrorWorkerNode {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath =
      "/task_instance/{task_instance_id:int}/log_error_worker_node";
  static constexpr const char* kSummary = "A worker failed.";
  struct Body : ReportTexts {
    std::string error_state;
    api::PyStr error_description;
    static constexpr auto fields() {
      return std::tuple_cat(
          std::tuple{api::field("error_state", &Body::error_state, "A status letter."),
                     api::field("error_description", &Body::error_description)},
          fields_of<Body>());
    }
  };
  using Answer = StatusAnswer;
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

struct GetArrayTaskInstanceId {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath =
      "/get_array_task_instance_id/{array_id:int}/{batch_num:int}/{step_id:int}";
  static constexpr const char* kSummary = "Instance at an array position.";
  struct Answer {
    std::int64_t task_instance_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_instance_id", &Answer::task_instance_id)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// ---- Task instances: the distributor's reports ----

struct InstantiateTaskInstances {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/instantiate_task_instances";
  static constexpr const char* kSummary = "Instantiate queued instances.";
  struct Body {
    std::vector<std::int64_t> task_instance_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("task_instance_ids", &Body::task_instance_ids)};
    }
  };
  struct Answer {
    std::vector<orm::queries::Batch> task_instance_batches;
    static constexpr auto fields() {
      return std::tuple{api::field(
          "task_instance_batches", &Answer::task_instance_batches,
          "[array_id, array_name, batch_number, task_resources_id, [task_instance_id, ...]]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct LogNoDistributorId {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath =
      "/task_instance/{task_instance_id:int}/log_no_distributor_id";
  static constexpr const char* kSummary = "Submission failed.";
  struct Body {
    api::PyStr no_id_err_msg;
    static constexpr auto fields() {
      return std::tuple{
          api::field("no_id_err_msg", &Body::no_id_err_msg, "Why there is no distributor id.")};
    }
  };
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// v3's form (Jobmon 3.6's messages); v2's (3.4's) is plugins/v2/run_routes.h.
struct LogDistributorId {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_distributor_id";
  static constexpr const char* kSummary = "Record a distributor id.";
  struct Body {
    api::PyStr distributor_id;
    api::Seconds next_report_increment;
    static constexpr auto fields() {
      return std::tuple{api::field("distributor_id", &Body::distributor_id),
                        api::field("next_report_increment", &Body::next_report_increment,
                                   "Seconds until the instance's first heartbeat is due.")};
    }
  };
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The work of every form of log_distributor_id.
orm::queries::DistributorIdLogged log_distributor_id(const Context& ctx,
                                                     const api::In<LogDistributorId::Body>& in);

struct LogKnownError {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_known_error";
  static constexpr const char* kSummary = "Distributor-reported error.";
  struct Body {
    std::string error_state;
    api::PyStr error_message;
    std::optional<api::PyStr> distributor_id;
    std::optional<api::PyStr> nodename;
    static constexpr auto fields() {
      return std::tuple{api::field("error_state", &Body::error_state, "A status letter."),
                        api::field("error_message", &Body::error_message),
                        api::field("distributor_id", &Body::distributor_id, "Stored when sent."),
                        api::field("nodename", &Body::nodename, "Stored when sent.")};
    }
  };
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

// As log_known_error, for an instance that is overdue (nothing happens when it is not).
struct LogUnknownError {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/log_unknown_error";
  static constexpr const char* kSummary = "Distributor-reported error of an overdue instance.";
  using Body = LogKnownError::Body;
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, api::In<Body>& in);
};

// ---- Workflows: the swarm's reads ----

// v3's form (Jobmon 3.6's answer, with pending_kill_self); v2's is plugins/v2/run_routes.h.
struct WorkflowIsResumable {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/is_resumable";
  static constexpr const char* kSummary = "Whether a workflow can be resumed.";
  struct Answer {
    bool workflow_is_resumable = false;
    std::int64_t pending_kill_self = 0;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_is_resumable", &Answer::workflow_is_resumable),
          api::field("pending_kill_self", &Answer::pending_kill_self,
                     "Instances of the workflow's runs still in KILL_SELF (a worker has to see "
                     "the kill, or force_cleanup_kill_self ends them).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The work of every form of is_resumable; 404 for an unknown workflow.
bool workflow_is_resumable(const Context& ctx, orm::ReadTx& tx, std::int64_t workflow_id);

struct GetMaxConcurrentlyRunning {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/get_max_concurrently_running";
  static constexpr const char* kSummary = "Concurrency limit of a workflow.";
  using Answer = LimitAnswer;
  using Errors = api::Errors<api::Error<404, api::ErrorMessage>>;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct TaskStatusUpdates {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/task_status_updates";
  static constexpr const char* kSummary = "Tasks changed since the last sync.";
  // Read by the handler, and only when the request has a JSON body: without one, every task.
  struct Sync {
    std::optional<std::string> last_sync;
    static constexpr auto fields() {
      return std::tuple{api::field(
          "last_sync", &Sync::last_sync,
          "The `time` of the previous answer; absent (or no JSON body at all): every task.")};
    }
  };
  struct Answer {
    IdsByStatus tasks_by_status;
    std::string time;
    static constexpr auto fields() {
      return std::tuple{
          api::field("tasks_by_status", &Answer::tasks_by_status, "Task ids by status letter."),
          api::field("time", &Answer::time, "The database's clock, for the next last_sync.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct FetchWorkflowMetadata {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/fetch_workflow_metadata";
  static constexpr const char* kSummary = "Workflow id, dag id and limit.";
  struct Answer {
    std::vector<std::int64_t> workflow;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow", &Answer::workflow,
                                   "[id, dag_id, max_concurrently_running], or [] when the "
                                   "workflow does not exist.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetTasksFromWorkflow {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/get_tasks/{workflow_id:int}";
  static constexpr const char* kSummary = "Unfinished tasks of a workflow, paged.";
  struct Query {
    std::int64_t max_task_id = 0;
    std::int64_t chunk_size = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("max_task_id", &Query::max_task_id,
                                   "Tasks above this id (0: from the first)."),
                        api::field("chunk_size", &Query::chunk_size, "At most this many tasks.")};
    }
  };
  // [array_id, status, max_attempts, resource_scales, fallback_queues, requested_resources,
  //  cluster_name, queue_name, array_max_concurrently_running]
  using SwarmTask =
      std::tuple<std::optional<std::int64_t>, std::string, std::int64_t, std::optional<std::string>,
                 std::optional<std::string>, std::optional<std::string>, std::optional<std::string>,
                 std::optional<std::string>, std::optional<std::int64_t>>;
  struct Answer {
    std::map<std::int64_t, SwarmTask> tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("tasks", &Answer::tasks,
                                   "Task id -> [array_id, status, max_attempts, resource_scales, "
                                   "fallback_queues, requested_resources, cluster_name, "
                                   "queue_name, array_max_concurrently_running].")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// The 3.4 form, which v2 serves: the node ids as the text the 3.4 clients json.loads(). v3
// answers the form of the calling client's generation (plugins/v3/generation_routes.h).
struct GetDownstreamTasks {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task/get_downstream_tasks";
  static constexpr const char* kSummary = "Direct downstream nodes of tasks.";
  struct Body {
    std::vector<std::int64_t> task_ids;
    std::int64_t dag_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("task_ids", &Body::task_ids),
                        api::field("dag_id", &Body::dag_id)};
    }
  };
  struct Answer {
    std::map<std::int64_t, std::tuple<std::int64_t, std::optional<std::string>>> downstream_tasks;
    static constexpr auto fields() {
      return std::tuple{api::field("downstream_tasks", &Answer::downstream_tasks,
                                   "Task id -> [node_id, downstream node ids as the JSON text "
                                   "\"[2, 3]\", or null].")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The rows every form of get_downstream_tasks answers from: each task's node and its downstream
// node ids, read from whichever form they were stored in (orm/edges.h).
std::vector<orm::queries::DownstreamRow> downstream_rows(const Context& ctx,
                                                         const GetDownstreamTasks::Body& body);

struct GetTaskInstanceErrorLog {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath =
      "/task_instance/{task_instance_id:int}/task_instance_error_log";
  static constexpr const char* kSummary = "Errors of an instance.";
  struct Answer {
    std::vector<std::tuple<std::int64_t, std::string, std::string>> task_instance_error_log;
    static constexpr auto fields() {
      return std::tuple{api::field("task_instance_error_log", &Answer::task_instance_error_log,
                                   "[[id, error_time, description], ...]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetMostRecentTiError {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/task/{task_id:int}/most_recent_ti_error";
  static constexpr const char* kSummary = "Latest error of a task's instances.";
  struct Answer {
    std::string error_description;
    std::optional<std::int64_t> task_instance_id;
    static constexpr auto fields() {
      return std::tuple{
          api::field("error_description", &Answer::error_description, "Empty when none."),
          api::field("task_instance_id", &Answer::task_instance_id, "Null when none.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// ---- Workflows: resume and limits ----

struct SetResume {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/set_resume";
  static constexpr const char* kSummary = "Ask a workflow's active run to stop for a resume.";
  struct Body {
    bool reset_running_jobs = false;
    static constexpr auto fields() {
      return std::tuple{api::field("reset_running_jobs", &Body::reset_running_jobs,
                                   "True: a cold resume (running instances are killed).")};
    }
  };
  using Answer = Nothing;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct UpdateMaxRunning {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath =
      "/workflow/{workflow_id:int}/update_max_concurrently_running";
  static constexpr const char* kSummary = "Change a workflow's concurrency limit.";
  struct Body {
    std::int64_t max_tasks = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("max_tasks", &Body::max_tasks, "The new limit.")};
    }
  };
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetAvailableWorkflowStatuses {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow_status/available_status";
  static constexpr const char* kSummary = "Workflow status labels.";
  struct Answer {
    std::vector<std::string> available_statuses;
    static constexpr auto fields() {
      return std::tuple{api::field("available_statuses", &Answer::available_statuses)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct SetTaskResumeState {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task/{workflow_id:int}/set_resume_state";
  static constexpr const char* kSummary = "Reset unfinished tasks for a resume.";
  struct Body {
    bool reset_if_running = false;
    static constexpr auto fields() {
      return std::tuple{api::field("reset_if_running", &Body::reset_if_running,
                                   "Also reset tasks that are running.")};
    }
  };
  struct Answer {
    api::Omittable<std::string> err_msg;
    static constexpr auto fields() {
      return std::tuple{api::field("err_msg", &Answer::err_msg,
                                   "Why nothing was reset (the key is absent else).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// ---- Only v3 (Jobmon 3.6's resume), listed by plugins/v3/v3_plugin.cc ----

struct ForceCleanupKillSelf {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/force_cleanup_kill_self";
  static constexpr const char* kSummary =
      "End a workflow's KILL_SELF instances whose workers are gone, and terminate its resumed "
      "runs, so that it can be resumed.";
  struct Answer {
    std::int64_t num_cleaned_up = 0;
    std::int64_t num_workflow_runs_finalized = 0;
    static constexpr auto fields() {
      return std::tuple{
          api::field("num_cleaned_up", &Answer::num_cleaned_up,
                     "KILL_SELF instances set to ERROR_FATAL."),
          api::field("num_workflow_runs_finalized", &Answer::num_workflow_runs_finalized,
                     "Resumed runs set to TERMINATED.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct IncreaseResources {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/increase_resources";
  static constexpr const char* kSummary =
      "Scale the requested resources of a workflow's failed tasks whose last instance ran out "
      "of them, by each task's resource_scales, before a resume.";
  struct Answer {
    std::int64_t updated_task_count = 0;
    std::vector<std::int64_t> updated_task_ids;
    static constexpr auto fields() {
      return std::tuple{
          api::field("updated_task_count", &Answer::updated_task_count),
          api::field("updated_task_ids", &Answer::updated_task_ids,
                     "Tasks set to ERROR_RECOVERABLE with scaled resources (none when called "
                     "again).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// ---- Only v3 (the GUI), listed by plugins/v3/v3_plugin.cc ----

struct UpdateArrayMaxRunning {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath =
      "/workflow/{workflow_id:int}/update_array_max_concurrently_running";
  static constexpr const char* kSummary = "Change the concurrency limit of a workflow's array.";
  struct Body {
    std::int64_t max_tasks = 0;
    std::int64_t task_template_version_id = 0;
    static constexpr auto fields() {
      return std::tuple{
          api::field("max_tasks", &Body::max_tasks, "The new limit."),
          api::field("task_template_version_id", &Body::task_template_version_id,
                     "Names the array (one per task template version in a workflow).")};
    }
  };
  using Answer = MessageAnswer;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct TaskTemplateDag {
  static constexpr api::Method kMethod = api::Method::kGet;
  // No :int: the reference's message for an id that is not one is a 400 of its own.
  static constexpr const char* kPath = "/workflow/{workflow_id}/task_template_dag";
  static constexpr const char* kSummary = "Task-template level edges of a workflow.";
  struct Edge {
    std::string name;
    std::optional<std::string> downstream_task_template_id;
    static constexpr auto fields() {
      return std::tuple{
          api::field("name", &Edge::name, "A task template's name."),
          api::field("downstream_task_template_id", &Edge::downstream_task_template_id,
                     "The name of a template downstream of it; null in each template's own row.")};
    }
  };
  struct Answer {
    std::vector<Edge> tt_dag;
    static constexpr auto fields() { return std::tuple{api::field("tt_dag", &Answer::tt_dag)}; }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The run routes every API version serves (not the v3-only ones above).
std::span<const RouteMaker> routes();
// The routes whose form v3 picks by the caller's generation, in the 3.4 form v2 serves.
std::span<const RouteMaker> v2_forms();
// The routes whose form v2 changes, in v3's form (v2's: plugins/v2/run_routes.h).
std::span<const RouteMaker> v3_forms();

}  // namespace jobmon::routes::run
