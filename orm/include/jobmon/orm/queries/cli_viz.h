#pragma once
// Queries of the GUI's read routes among the CLI routes (routes/v2|v3/cli, the *_viz routes and
// their kin at the reference commit). Read-only and set-based: a constant number of statements
// per request whatever the size of the workflow.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries::viz {

using Text = std::optional<std::string>;
using Ids = std::vector<std::int64_t>;

// Task attempts of a workflow (or of one template of it): min, max and mean of num_attempts.
struct Attempts {
  std::int64_t min = 0, max = 0;
  double mean = 0.0;
  bool any = false;  // false: no tasks (the aggregates were NULL)
};

// workflow_status_viz: per workflow its attempts, and its tasks' statuses.
struct WorkflowTasks {
  std::int64_t workflow_id = 0;
  Attempts attempts;
  std::int64_t max_concurrently_running = 0;
  std::vector<std::pair<std::string, std::int64_t>> status_counts;  // (letter, tasks)
};
JOBMON_ORM_EXPORT std::vector<WorkflowTasks> workflow_tasks(ReadTx& tx, const Ids& workflow_ids);

// workflow_overview_viz: the filters of the GUI's workflow search; each is optional.
struct OverviewFilter {
  Text user, tool, wf_name, wf_args, wf_attribute_value, wf_attribute_key, wf_id, date_submitted,
      date_submitted_end, status;
};
struct OverviewRow {
  std::int64_t id = 0;
  Text name, created_date, status_date, workflow_args;
  std::int64_t run_count = 0;
  std::string status_label;
  Text tool;
};
JOBMON_ORM_EXPORT std::vector<OverviewRow> workflow_overview(ReadTx& tx, const OverviewFilter& f);

// task_table_viz: a workflow's tasks of one template (by name), ascending id.
struct TemplateTask {
  std::int64_t id = 0;
  Text name;
  std::string status;
  Text command;
  std::int64_t num_attempts = 0;
  Text status_date;
  std::int64_t max_attempts = 0;
};
JOBMON_ORM_EXPORT std::vector<TemplateTask> template_tasks(ReadTx& tx, std::int64_t workflow_id,
                                                           const std::string& template_name);

// workflow_details_viz: the workflow with one row per run (the reference joins every run).
struct WorkflowDetails {
  Text name, args, created_date, status_date, tool_name;
  std::string status;
  Text status_description, jobmon_version, heartbeat_date, user;
};
JOBMON_ORM_EXPORT std::vector<WorkflowDetails> workflow_details(ReadTx& tx,
                                                                std::int64_t workflow_id);

// get_ti_details_viz: a task's instances (one row per error log row), ascending id.
struct InstanceDetails {
  std::int64_t id = 0;
  std::string status_label;
  Text stdout_path, stderr_path, stdout_log, stderr_log, distributor_id, nodename, error, wallclock,
      maxrss, requested_resources, submitted_date, status_date, queue_name;
};
JOBMON_ORM_EXPORT std::vector<InstanceDetails> instance_details(ReadTx& tx, std::int64_t task_id);

// get_task_details_viz: the task and its template.
struct TaskDetails {
  std::string status;
  std::int64_t workflow_id = 0;
  Text name, command, status_date;
  std::optional<std::int64_t> task_template_id;
};
JOBMON_ORM_EXPORT std::optional<TaskDetails> task_details(ReadTx& tx, std::int64_t task_id);

// get_task_template_details: the template (and its lowest version) used by a workflow.
struct TemplateOfWorkflow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t version_id = 0;
};
JOBMON_ORM_EXPORT std::optional<TemplateOfWorkflow> template_of_workflow(
    ReadTx& tx, std::int64_t workflow_id, std::int64_t task_template_id);

// workflow_tt_status_viz: the workflow's tasks counted per (template, version, status, array
// limit), with the first and last task id of each group; and per template the attempts.
struct TemplateTaskStatus {
  std::int64_t template_id = 0;
  std::string template_name;
  std::int64_t version_id = 0;
  std::string status;
  std::optional<std::int64_t> array_max_concurrently_running;
  std::int64_t tasks = 0, first_task_id = 0, last_task_id = 0;
};
JOBMON_ORM_EXPORT std::vector<TemplateTaskStatus> template_task_statuses(ReadTx& tx,
                                                                         std::int64_t workflow_id);
struct TemplateAttempts {
  std::int64_t template_id = 0;
  Attempts attempts;
};
JOBMON_ORM_EXPORT std::vector<TemplateAttempts> template_attempts(ReadTx& tx,
                                                                  std::int64_t workflow_id);

// tt_error_log_viz: error logs of a workflow's instances of one template, newest first.
struct ErrorLogQuery {
  std::int64_t workflow_id = 0, task_template_id = 0;
  std::optional<std::int64_t> task_instance_id;
  bool just_recent = false;  // only each task's latest instance, of the workflow's latest run
  std::int64_t offset = 0, limit = 10;
};
struct ErrorLogRow {
  std::int64_t task_id = 0, task_instance_id = 0, error_id = 0;
  Text error_time, description, stderr_log;
  std::int64_t workflow_run_id = 0, workflow_id = 0;
};
struct ErrorLogPage {
  std::int64_t total = 0;
  std::vector<ErrorLogRow> rows;
};
JOBMON_ORM_EXPORT ErrorLogPage error_logs(ReadTx& tx, const ErrorLogQuery& query);

// The selections of tt_error_log_viz as the Jobmon 3.6 server makes them (whole lists; its caller
// pages them):
// - the highest version of a template that has a task in the workflow, if any;
JOBMON_ORM_EXPORT std::optional<std::int64_t> newest_version_with_tasks(ReadTx& tx,
                                                                        std::int64_t workflow_id,
                                                                        std::int64_t template_id);
// - every error log of the workflow's tasks of that version, oldest first;
JOBMON_ORM_EXPORT std::vector<ErrorLogRow> version_error_logs(ReadTx& tx, std::int64_t workflow_id,
                                                              std::int64_t version_id);
// - of the workflow's newest run, each task's newest error log among that version's tasks,
//   oldest first (none without a run);
JOBMON_ORM_EXPORT std::vector<ErrorLogRow> newest_run_task_errors(ReadTx& tx,
                                                                  std::int64_t workflow_id,
                                                                  std::int64_t version_id);
// - one instance's error logs, whatever its template, oldest first.
JOBMON_ORM_EXPORT std::vector<ErrorLogRow> instance_error_logs(ReadTx& tx,
                                                               std::int64_t task_instance_id);

// v3 task_template_resource_usage (viz): instances of a template version that ended (D, Z, X, U,
// F, E), numbered per task in id order, optionally only in the given workflows. Ascending id.
struct InstanceResources {
  Text wallclock, maxrss;
  std::int64_t node_id = 0, task_id = 0;
  Text requested_resources;
  std::int64_t attempt_number = 0;
  std::string status;
  // The instance's task.
  Text task_name, task_status_date, task_command;
  std::int64_t task_num_attempts = 0, task_max_attempts = 0;
};
JOBMON_ORM_EXPORT std::vector<InstanceResources> version_instance_resources(ReadTx& tx,
                                                                            std::int64_t version_id,
                                                                            const Ids& workflows);
// Whether any task was ever made of the template version.
JOBMON_ORM_EXPORT bool version_has_tasks(ReadTx& tx, std::int64_t version_id);

}  // namespace jobmon::orm::queries::viz
