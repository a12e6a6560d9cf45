#pragma once
// The mapped model: one plain struct per table of a Jobmon database (docs/data-model.md §3),
// field names equal to column names. Nullable columns are std::optional. Timestamps are text in
// the reference's format "YYYY-MM-DD HH:MM:SS" on every backend. JSON columns hold their JSON
// text. No column has a database default: application defaults are the member initialisers
// (docs/data-model.md §2.2); SOCI mappings live in orm/src/mapping.h, so this header knows
// no database.
#include <cstdint>
#include <optional>
#include <string>

namespace jobmon::orm::model {

// Table `arg`.
struct Arg {
  static constexpr const char* kTable = "arg";
  std::int64_t id = 0;
  std::string name{};
};

// Table `arg_type`.
struct ArgType {
  static constexpr const char* kTable = "arg_type";
  std::int64_t id = 0;
  std::string name{};
};

// Table `array`.
struct Array {
  static constexpr const char* kTable = "array";
  std::int64_t id = 0;
  std::string name{};
  std::optional<std::int64_t> task_template_version_id{};
  std::optional<std::int64_t> workflow_id{};
  std::int64_t max_concurrently_running = 0;
  std::optional<std::string> created_date{};
};

// Table `cluster_type`.
struct ClusterType {
  static constexpr const char* kTable = "cluster_type";
  std::int64_t id = 0;
  std::string name{};
  std::optional<std::string> logfile_templates{};
};

// Table `dag`.
struct Dag {
  static constexpr const char* kTable = "dag";
  std::int64_t id = 0;
  std::string hash{};
  std::optional<std::string> created_date{};
};

// Table `edge`.
struct Edge {
  static constexpr const char* kTable = "edge";
  std::int64_t dag_id = 0;
  std::int64_t node_id = 0;
  std::optional<std::string> upstream_node_ids{};
  std::optional<std::string> downstream_node_ids{};
};

// Table `node`.
struct Node {
  static constexpr const char* kTable = "node";
  std::int64_t id = 0;
  std::int64_t task_template_version_id = 0;
  std::string node_args_hash{};
};

// Table `node_arg`.
struct NodeArg {
  static constexpr const char* kTable = "node_arg";
  std::int64_t node_id = 0;
  std::int64_t arg_id = 0;
  std::string val{};
};

// Table `task_arg`.
struct TaskArg {
  static constexpr const char* kTable = "task_arg";
  std::int64_t task_id = 0;
  std::int64_t arg_id = 0;
  std::string val{};
};

// Table `task_attribute_type`.
struct TaskAttributeType {
  static constexpr const char* kTable = "task_attribute_type";
  std::int64_t id = 0;
  std::string name{};
};

// Table `task_instance_status`.
struct TaskInstanceStatus {
  static constexpr const char* kTable = "task_instance_status";
  std::string id{};
  std::string label{};
  std::string description{};
};

// Table `task_resources_type`.
struct TaskResourcesType {
  static constexpr const char* kTable = "task_resources_type";
  std::string id{};
  std::string label{};
};

// Table `task_status`.
struct TaskStatus {
  static constexpr const char* kTable = "task_status";
  std::string id{};
  std::string label{};
  std::string description{};
};

// Table `task_template_version`.
struct TaskTemplateVersion {
  static constexpr const char* kTable = "task_template_version";
  std::int64_t id = 0;
  std::int64_t task_template_id = 0;
  std::string command_template{};
  std::string arg_mapping_hash{};
};

// Table `tool`.
struct Tool {
  static constexpr const char* kTable = "tool";
  std::int64_t id = 0;
  std::string name{};
};

// Table `workflow_attribute_type`.
struct WorkflowAttributeType {
  static constexpr const char* kTable = "workflow_attribute_type";
  std::int64_t id = 0;
  std::string name{};
};

// Table `workflow_run_status`.
struct WorkflowRunStatus {
  static constexpr const char* kTable = "workflow_run_status";
  std::string id{};
  std::string label{};
  std::string description{};
};

// Table `workflow_status`.
struct WorkflowStatus {
  static constexpr const char* kTable = "workflow_status";
  std::string id{};
  std::string label{};
  std::string description{};
};

// Table `cluster`.
struct Cluster {
  static constexpr const char* kTable = "cluster";
  std::int64_t id = 0;
  std::string name{};
  std::int64_t cluster_type_id = 0;
  std::optional<std::string> connection_parameters{};
};

// Table `template_arg_map`.
struct TemplateArgMap {
  static constexpr const char* kTable = "template_arg_map";
  std::int64_t task_template_version_id = 0;
  std::int64_t arg_id = 0;
  std::int64_t arg_type_id = 0;
};

// Table `tool_version`.
struct ToolVersion {
  static constexpr const char* kTable = "tool_version";
  std::int64_t id = 0;
  std::int64_t tool_id = 0;
};

// Table `queue`.
struct Queue {
  static constexpr const char* kTable = "queue";
  std::int64_t id = 0;
  std::string name{};
  std::int64_t cluster_id = 0;
  std::string parameters{};
};

// Table `task_template`.
struct TaskTemplate {
  static constexpr const char* kTable = "task_template";
  std::int64_t id = 0;
  std::int64_t tool_version_id = 0;
  std::string name{};
};

// Table `workflow`.
struct Workflow {
  static constexpr const char* kTable = "workflow";
  std::int64_t id = 0;
  std::optional<std::int64_t> tool_version_id{};
  std::int64_t dag_id = 0;
  std::string workflow_args_hash{};
  std::string task_hash{};
  std::optional<std::string> description{};
  std::optional<std::string> name{};
  std::optional<std::string> workflow_args{};
  std::int64_t max_concurrently_running = 0;
  std::optional<std::string> created_date{};
  std::optional<std::string> status_date{};
  std::string status = "G";  // app default (docs/data-model.md §2.2)
};

// Table `task_resources`.
struct TaskResources {
  static constexpr const char* kTable = "task_resources";
  std::int64_t id = 0;
  std::optional<std::int64_t> queue_id{};
  std::string task_resources_type_id{};
  std::string requested_resources{};
};

// Table `workflow_attribute`.
struct WorkflowAttribute {
  static constexpr const char* kTable = "workflow_attribute";
  std::int64_t workflow_id = 0;
  std::int64_t workflow_attribute_type_id = 0;
  std::optional<std::string> value{};
};

// Table `workflow_run`.
struct WorkflowRun {
  static constexpr const char* kTable = "workflow_run";
  std::int64_t id = 0;
  std::int64_t workflow_id = 0;
  std::optional<std::string> user{};
  std::optional<std::string> jobmon_version = "UNKNOWN";  // app default (docs/data-model.md §2.2)
  std::optional<std::string> jobmon_server_version{};
  std::string status = "G";  // app default (docs/data-model.md §2.2)
  std::optional<std::string> created_date{};
  std::optional<std::string> status_date{};
  std::optional<std::string> heartbeat_date{};
};

// Table `task`.
struct Task {
  static constexpr const char* kTable = "task";
  std::int64_t id = 0;
  std::optional<std::int64_t> workflow_id{};
  std::optional<std::int64_t> node_id{};
  std::string task_args_hash{};
  std::optional<std::int64_t> array_id{};
  std::string name{};
  std::string command{};
  std::optional<std::int64_t> task_resources_id{};
  std::int64_t num_attempts = 0;  // app default (docs/data-model.md §2.2)
  std::int64_t max_attempts = 1;  // app default (docs/data-model.md §2.2)
  std::optional<std::string> resource_scales{};
  std::optional<std::string> fallback_queues{};
  std::string status{};
  std::optional<std::string> status_date{};
};

// Table `task_attribute`.
struct TaskAttribute {
  static constexpr const char* kTable = "task_attribute";
  std::int64_t task_id = 0;
  std::int64_t task_attribute_type_id = 0;
  std::optional<std::string> value{};
};

// Table `task_instance`.
struct TaskInstance {
  static constexpr const char* kTable = "task_instance";
  std::int64_t id = 0;
  std::int64_t workflow_run_id = 0;
  std::int64_t array_id = 0;
  std::int64_t task_id = 0;
  std::optional<std::string> distributor_id{};
  std::int64_t task_resources_id = 0;
  std::int64_t array_batch_num = 0;
  std::int64_t array_step_id = 0;
  std::optional<std::string> nodename{};
  std::optional<std::int64_t> process_group_id{};
  std::optional<std::string> usage_str{};
  std::optional<std::string> wallclock{};
  std::optional<std::string> maxrss{};
  std::optional<std::string> maxpss{};
  std::optional<std::string> cpu{};
  std::optional<std::string> io{};
  std::optional<std::string> stdout{};
  std::optional<std::string> stderr{};
  std::optional<std::string> stdout_log{};
  std::optional<std::string> stderr_log{};
  std::string status = "Q";  // app default (docs/data-model.md §2.2)
  std::optional<std::string> submitted_date{};
  std::optional<std::string> status_date{};
  std::optional<std::string> report_by_date{};
};

// Table `task_instance_error_log`.
struct TaskInstanceErrorLog {
  static constexpr const char* kTable = "task_instance_error_log";
  std::int64_t id = 0;
  std::int64_t task_instance_id = 0;
  std::optional<std::string> error_time{};
  std::string description{};
};

}  // namespace jobmon::orm::model
