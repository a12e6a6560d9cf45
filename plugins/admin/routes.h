#pragma once
// The admin plugin's routes under /api/admin (docs/plugins.md, "The admin plugin"), each declared
// once. Every action is one write transaction through the orm's locking rule, safe to replay (a
// replay finds nothing left to change and answers empty lists), and its changes are recorded in
// the status history with the caller and the reason the body gives.
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "jobmon/orm/database.h"
#include "jobmon/route.h"

namespace jobmon::admin {

struct Context {
  orm::Database& db;
};

// Why the admin acts: required, recorded with every change the action makes.
inline constexpr std::size_t kReasonMaxLength = 1000;

struct Reason {
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{
        api::field("reason", &Reason::reason, "Why: recorded in the status history (required).")
            .max_length(kReasonMaxLength)};
  }
};

struct TasksAndReason {
  std::vector<std::int64_t> task_ids;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{api::field("task_ids", &TasksAndReason::task_ids, "The tasks."),
                      api::field("reason", &TasksAndReason::reason,
                                 "Why: recorded in the status history (required).")
                          .max_length(kReasonMaxLength)};
  }
};

struct Killed {
  std::vector<std::int64_t> fatal_task_instance_ids;
  std::vector<std::int64_t> kill_self_task_instance_ids;
  std::vector<std::int64_t> fatal_task_ids;
  static constexpr auto fields() {
    return std::tuple{
        api::field("fatal_task_instance_ids", &Killed::fatal_task_instance_ids,
                   "Instances not yet launched (QUEUED, INSTANTIATED): now ERROR_FATAL."),
        api::field("kill_self_task_instance_ids", &Killed::kill_self_task_instance_ids,
                   "Instances launched or running: now KILL_SELF; the distributor stops their "
                   "jobs and reports them killed."),
        api::field("fatal_task_ids", &Killed::fatal_task_ids,
                   "Tasks with no instance to stop that had not finished: now ERROR_FATAL.")};
  }
};

struct KillTaskInstance {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/task_instance/{task_instance_id:int}/kill";
  static constexpr const char* kSummary = "Kill one task instance.";
  using Body = Reason;
  using Answer = Killed;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct KillTasks {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/tasks/kill";
  static constexpr const char* kSummary =
      "Kill the given tasks: their live instances and the "
      "tasks not started.";
  using Body = TasksAndReason;
  using Answer = Killed;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct KillWorkflow {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/kill";
  static constexpr const char* kSummary =
      "Stop a workflow: its live runs told to stop (COLD_RESUME; their swarms terminate their "
      "instances), or, with no run to stop, its live instances killed.";
  using Body = Reason;
  struct Answer {
    Killed killed;
    std::vector<std::int64_t> stopped_workflow_run_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("killed", &Answer::killed,
                                   "The instances killed here (none when a run was stopped)."),
                        api::field("stopped_workflow_run_ids", &Answer::stopped_workflow_run_ids,
                                   "Runs now COLD_RESUME: their swarm stops and reports "
                                   "TERMINATED, the workflow HALTED (resumable).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct ResetFailedTasks {
  static constexpr api::Method kMethod = api::Method::kPost;
  static constexpr const char* kPath = "/tasks/reset";
  static constexpr const char* kSummary =
      "Reset ERROR_FATAL tasks to REGISTERING with no attempts used, for a rerun.";
  using Body = TasksAndReason;
  struct Answer {
    std::vector<std::int64_t> reset_task_ids;
    static constexpr auto fields() {
      return std::tuple{api::field("reset_task_ids", &Answer::reset_task_ids,
                                   "The tasks reset (those given that were ERROR_FATAL).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct LimitAndReason {
  std::int64_t max_concurrently_running = 0;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{
        api::field("max_concurrently_running", &LimitAndReason::max_concurrently_running,
                   "The new limit of tasks running at once.")
            .at_least(0),
        api::field("reason", &LimitAndReason::reason,
                   "Why: recorded in the status history (required).")
            .max_length(kReasonMaxLength)};
  }
};

struct LimitChanged {
  std::int64_t previous = 0;
  std::int64_t max_concurrently_running = 0;
  static constexpr auto fields() {
    return std::tuple{api::field("previous", &LimitChanged::previous, "The limit before."),
                      api::field("max_concurrently_running",
                                 &LimitChanged::max_concurrently_running, "The limit now.")};
  }
};

struct SetWorkflowLimit {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/max_concurrently_running";
  static constexpr const char* kSummary = "Set a workflow's concurrency limit.";
  using Body = LimitAndReason;
  using Answer = LimitChanged;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct SetArrayLimit {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/array/{array_id:int}/max_concurrently_running";
  static constexpr const char* kSummary = "Set an array's concurrency limit.";
  using Body = LimitAndReason;
  using Answer = LimitChanged;
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct History {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/history";
  static constexpr const char* kSummary = "The status history, newest first, filtered and paged.";
  struct Query {
    std::optional<std::int64_t> task_id, task_instance_id, workflow_id;
    std::optional<std::string> user, since, until;
    std::optional<std::int64_t> page, page_size;
    static constexpr auto fields() {
      return std::tuple{
          api::field("task_id", &Query::task_id, "A task's changes and its instances'."),
          api::field("task_instance_id", &Query::task_instance_id, "One instance's changes."),
          api::field("workflow_id", &Query::workflow_id,
                     "A workflow's changes, its runs', arrays', tasks' and instances'."),
          api::field("user", &Query::user, "Changes made by this user."),
          api::field("since", &Query::since,
                     "From this time on (YYYY-MM-DD HH:MM:SS, database time)."),
          api::field("until", &Query::until, "Up to this time (same form)."),
          api::field("page", &Query::page, "1 (the newest) by default.").at_least(1),
          api::field("page_size", &Query::page_size, "100 by default, at most 1000.").at_least(1)};
    }
  };
  struct Entry {
    std::int64_t id = 0;
    std::string entity;
    std::int64_t entity_id = 0;
    std::string field, from, to, changed_date;
    std::optional<std::string> route, plugin, user, reason;
    static constexpr auto fields() {
      return std::tuple{
          api::field("id", &Entry::id, "The history row."),
          api::field("entity", &Entry::entity,
                     "task, task_instance, workflow, workflow_run or array."),
          api::field("entity_id", &Entry::entity_id, "The changed row."),
          api::field("field", &Entry::field, "status, or max_concurrently_running."),
          api::field("from", &Entry::from, "The value before."),
          api::field("to", &Entry::to, "The value after."),
          api::field("changed_date", &Entry::changed_date, "When (database time)."),
          api::field("route", &Entry::route, "The route template that made the change."),
          api::field("plugin", &Entry::plugin, "The plugin that serves it."),
          api::field("user", &Entry::user, "Who (anonymous without authentication)."),
          api::field("reason", &Entry::reason, "An admin's reason.")};
    }
  };
  struct Answer {
    std::vector<Entry> history;
    std::int64_t total = 0, page = 1, page_size = 100;
    static constexpr auto fields() {
      return std::tuple{api::field("history", &Answer::history, "This page's rows."),
                        api::field("total", &Answer::total, "Rows matching, every page."),
                        api::field("page", &Answer::page, "This page."),
                        api::field("page_size", &Answer::page_size, "Rows per page.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

}  // namespace jobmon::admin
