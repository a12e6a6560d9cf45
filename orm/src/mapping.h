#pragma once
// SOCI mappings of the model structs (orm/include/jobmon/orm/model.h): one type_conversion per
// table. Reads go through the column readers of column_readers.h, which accept every integer and
// time representation the backends report (SQLite INTEGER vs PostgreSQL BIGINT/SERIAL, text vs
// std::tm), so one mapping serves every backend. Internal to liborm.
#include <soci/soci.h>

#include "column_readers.h"
#include "jobmon/orm/model.h"

namespace soci {

template <>
struct type_conversion<jobmon::orm::model::Arg> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Arg& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::Arg& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::ArgType> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::ArgType& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::ArgType& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Array> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Array& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
    out.task_template_version_id = read_optional_int(v, "task_template_version_id");
    out.workflow_id = read_optional_int(v, "workflow_id");
    out.max_concurrently_running = read_int(v, "max_concurrently_running");
    out.created_date = read_optional_time(v, "created_date");
  }
  static void to_base(const jobmon::orm::model::Array& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    write_column(v, "task_template_version_id", in.task_template_version_id);
    write_column(v, "workflow_id", in.workflow_id);
    write_column(v, "max_concurrently_running", in.max_concurrently_running);
    write_column(v, "created_date", in.created_date);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::ClusterType> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::ClusterType& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
    out.logfile_templates = read_optional_text(v, "logfile_templates");
  }
  static void to_base(const jobmon::orm::model::ClusterType& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    write_column(v, "logfile_templates", in.logfile_templates);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Dag> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Dag& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.hash = read_text(v, "hash");
    out.created_date = read_optional_time(v, "created_date");
  }
  static void to_base(const jobmon::orm::model::Dag& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "hash", in.hash);
    write_column(v, "created_date", in.created_date);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Edge> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Edge& out) {
    using namespace jobmon::orm::detail;
    out.dag_id = read_int(v, "dag_id");
    out.node_id = read_int(v, "node_id");
    out.upstream_node_ids = read_optional_text(v, "upstream_node_ids");
    out.downstream_node_ids = read_optional_text(v, "downstream_node_ids");
  }
  static void to_base(const jobmon::orm::model::Edge& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "dag_id", in.dag_id);
    write_column(v, "node_id", in.node_id);
    write_column(v, "upstream_node_ids", in.upstream_node_ids);
    write_column(v, "downstream_node_ids", in.downstream_node_ids);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Node> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Node& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.task_template_version_id = read_int(v, "task_template_version_id");
    out.node_args_hash = read_text(v, "node_args_hash");
  }
  static void to_base(const jobmon::orm::model::Node& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "task_template_version_id", in.task_template_version_id);
    write_column(v, "node_args_hash", in.node_args_hash);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::NodeArg> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::NodeArg& out) {
    using namespace jobmon::orm::detail;
    out.node_id = read_int(v, "node_id");
    out.arg_id = read_int(v, "arg_id");
    out.val = read_text(v, "val");
  }
  static void to_base(const jobmon::orm::model::NodeArg& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "node_id", in.node_id);
    write_column(v, "arg_id", in.arg_id);
    write_column(v, "val", in.val);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskArg> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskArg& out) {
    using namespace jobmon::orm::detail;
    out.task_id = read_int(v, "task_id");
    out.arg_id = read_int(v, "arg_id");
    out.val = read_text(v, "val");
  }
  static void to_base(const jobmon::orm::model::TaskArg& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "task_id", in.task_id);
    write_column(v, "arg_id", in.arg_id);
    write_column(v, "val", in.val);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskAttributeType> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskAttributeType& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::TaskAttributeType& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskInstanceStatus> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskInstanceStatus& out) {
    using namespace jobmon::orm::detail;
    out.id = read_text(v, "id");
    out.label = read_text(v, "label");
    out.description = read_text(v, "description");
  }
  static void to_base(const jobmon::orm::model::TaskInstanceStatus& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "label", in.label);
    write_column(v, "description", in.description);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskResourcesType> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskResourcesType& out) {
    using namespace jobmon::orm::detail;
    out.id = read_text(v, "id");
    out.label = read_text(v, "label");
  }
  static void to_base(const jobmon::orm::model::TaskResourcesType& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "label", in.label);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskStatus> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskStatus& out) {
    using namespace jobmon::orm::detail;
    out.id = read_text(v, "id");
    out.label = read_text(v, "label");
    out.description = read_text(v, "description");
  }
  static void to_base(const jobmon::orm::model::TaskStatus& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "label", in.label);
    write_column(v, "description", in.description);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskTemplateVersion> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskTemplateVersion& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.task_template_id = read_int(v, "task_template_id");
    out.command_template = read_text(v, "command_template");
    out.arg_mapping_hash = read_text(v, "arg_mapping_hash");
  }
  static void to_base(const jobmon::orm::model::TaskTemplateVersion& in, values& v,
                      indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "task_template_id", in.task_template_id);
    write_column(v, "command_template", in.command_template);
    write_column(v, "arg_mapping_hash", in.arg_mapping_hash);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Tool> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Tool& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::Tool& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::WorkflowAttributeType> {
  using base_type = values;
  static void from_base(const values& v, indicator,
                        jobmon::orm::model::WorkflowAttributeType& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::WorkflowAttributeType& in, values& v,
                      indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::WorkflowRunStatus> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::WorkflowRunStatus& out) {
    using namespace jobmon::orm::detail;
    out.id = read_text(v, "id");
    out.label = read_text(v, "label");
    out.description = read_text(v, "description");
  }
  static void to_base(const jobmon::orm::model::WorkflowRunStatus& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "label", in.label);
    write_column(v, "description", in.description);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::WorkflowStatus> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::WorkflowStatus& out) {
    using namespace jobmon::orm::detail;
    out.id = read_text(v, "id");
    out.label = read_text(v, "label");
    out.description = read_text(v, "description");
  }
  static void to_base(const jobmon::orm::model::WorkflowStatus& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "label", in.label);
    write_column(v, "description", in.description);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Cluster> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Cluster& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
    out.cluster_type_id = read_int(v, "cluster_type_id");
    out.connection_parameters = read_optional_text(v, "connection_parameters");
  }
  static void to_base(const jobmon::orm::model::Cluster& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    write_column(v, "cluster_type_id", in.cluster_type_id);
    write_column(v, "connection_parameters", in.connection_parameters);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TemplateArgMap> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TemplateArgMap& out) {
    using namespace jobmon::orm::detail;
    out.task_template_version_id = read_int(v, "task_template_version_id");
    out.arg_id = read_int(v, "arg_id");
    out.arg_type_id = read_int(v, "arg_type_id");
  }
  static void to_base(const jobmon::orm::model::TemplateArgMap& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "task_template_version_id", in.task_template_version_id);
    write_column(v, "arg_id", in.arg_id);
    write_column(v, "arg_type_id", in.arg_type_id);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::ToolVersion> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::ToolVersion& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.tool_id = read_int(v, "tool_id");
  }
  static void to_base(const jobmon::orm::model::ToolVersion& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "tool_id", in.tool_id);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Queue> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Queue& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.name = read_text(v, "name");
    out.cluster_id = read_int(v, "cluster_id");
    out.parameters = read_text(v, "parameters");
  }
  static void to_base(const jobmon::orm::model::Queue& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "name", in.name);
    write_column(v, "cluster_id", in.cluster_id);
    write_column(v, "parameters", in.parameters);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskTemplate> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskTemplate& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.tool_version_id = read_int(v, "tool_version_id");
    out.name = read_text(v, "name");
  }
  static void to_base(const jobmon::orm::model::TaskTemplate& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "tool_version_id", in.tool_version_id);
    write_column(v, "name", in.name);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Workflow> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Workflow& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.tool_version_id = read_optional_int(v, "tool_version_id");
    out.dag_id = read_int(v, "dag_id");
    out.workflow_args_hash = read_text(v, "workflow_args_hash");
    out.task_hash = read_text(v, "task_hash");
    out.description = read_optional_text(v, "description");
    out.name = read_optional_text(v, "name");
    out.workflow_args = read_optional_text(v, "workflow_args");
    out.max_concurrently_running = read_int(v, "max_concurrently_running");
    out.created_date = read_optional_time(v, "created_date");
    out.status_date = read_optional_time(v, "status_date");
    out.status = read_text(v, "status");
  }
  static void to_base(const jobmon::orm::model::Workflow& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "tool_version_id", in.tool_version_id);
    write_column(v, "dag_id", in.dag_id);
    write_column(v, "workflow_args_hash", in.workflow_args_hash);
    write_column(v, "task_hash", in.task_hash);
    write_column(v, "description", in.description);
    write_column(v, "name", in.name);
    write_column(v, "workflow_args", in.workflow_args);
    write_column(v, "max_concurrently_running", in.max_concurrently_running);
    write_column(v, "created_date", in.created_date);
    write_column(v, "status_date", in.status_date);
    write_column(v, "status", in.status);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskResources> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskResources& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.queue_id = read_optional_int(v, "queue_id");
    out.task_resources_type_id = read_text(v, "task_resources_type_id");
    out.requested_resources = read_text(v, "requested_resources");
  }
  static void to_base(const jobmon::orm::model::TaskResources& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "queue_id", in.queue_id);
    write_column(v, "task_resources_type_id", in.task_resources_type_id);
    write_column(v, "requested_resources", in.requested_resources);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::WorkflowAttribute> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::WorkflowAttribute& out) {
    using namespace jobmon::orm::detail;
    out.workflow_id = read_int(v, "workflow_id");
    out.workflow_attribute_type_id = read_int(v, "workflow_attribute_type_id");
    out.value = read_optional_text(v, "value");
  }
  static void to_base(const jobmon::orm::model::WorkflowAttribute& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "workflow_id", in.workflow_id);
    write_column(v, "workflow_attribute_type_id", in.workflow_attribute_type_id);
    write_column(v, "value", in.value);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::WorkflowRun> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::WorkflowRun& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.workflow_id = read_int(v, "workflow_id");
    out.user = read_optional_text(v, "user");
    out.jobmon_version = read_optional_text(v, "jobmon_version");
    out.jobmon_server_version = read_optional_text(v, "jobmon_server_version");
    out.status = read_text(v, "status");
    out.created_date = read_optional_time(v, "created_date");
    out.status_date = read_optional_time(v, "status_date");
    out.heartbeat_date = read_optional_time(v, "heartbeat_date");
  }
  static void to_base(const jobmon::orm::model::WorkflowRun& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "workflow_id", in.workflow_id);
    write_column(v, "user", in.user);
    write_column(v, "jobmon_version", in.jobmon_version);
    write_column(v, "jobmon_server_version", in.jobmon_server_version);
    write_column(v, "status", in.status);
    write_column(v, "created_date", in.created_date);
    write_column(v, "status_date", in.status_date);
    write_column(v, "heartbeat_date", in.heartbeat_date);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::Task> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::Task& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.workflow_id = read_optional_int(v, "workflow_id");
    out.node_id = read_optional_int(v, "node_id");
    out.task_args_hash = read_text(v, "task_args_hash");
    out.array_id = read_optional_int(v, "array_id");
    out.name = read_text(v, "name");
    out.command = read_text(v, "command");
    out.task_resources_id = read_optional_int(v, "task_resources_id");
    out.num_attempts = read_int(v, "num_attempts");
    out.max_attempts = read_int(v, "max_attempts");
    out.resource_scales = read_optional_text(v, "resource_scales");
    out.fallback_queues = read_optional_text(v, "fallback_queues");
    out.status = read_text(v, "status");
    out.status_date = read_optional_time(v, "status_date");
  }
  static void to_base(const jobmon::orm::model::Task& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "workflow_id", in.workflow_id);
    write_column(v, "node_id", in.node_id);
    write_column(v, "task_args_hash", in.task_args_hash);
    write_column(v, "array_id", in.array_id);
    write_column(v, "name", in.name);
    write_column(v, "command", in.command);
    write_column(v, "task_resources_id", in.task_resources_id);
    write_column(v, "num_attempts", in.num_attempts);
    write_column(v, "max_attempts", in.max_attempts);
    write_column(v, "resource_scales", in.resource_scales);
    write_column(v, "fallback_queues", in.fallback_queues);
    write_column(v, "status", in.status);
    write_column(v, "status_date", in.status_date);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskAttribute> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskAttribute& out) {
    using namespace jobmon::orm::detail;
    out.task_id = read_int(v, "task_id");
    out.task_attribute_type_id = read_int(v, "task_attribute_type_id");
    out.value = read_optional_text(v, "value");
  }
  static void to_base(const jobmon::orm::model::TaskAttribute& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "task_id", in.task_id);
    write_column(v, "task_attribute_type_id", in.task_attribute_type_id);
    write_column(v, "value", in.value);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskInstance> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskInstance& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.workflow_run_id = read_int(v, "workflow_run_id");
    out.array_id = read_int(v, "array_id");
    out.task_id = read_int(v, "task_id");
    out.distributor_id = read_optional_text(v, "distributor_id");
    out.task_resources_id = read_int(v, "task_resources_id");
    out.array_batch_num = read_int(v, "array_batch_num");
    out.array_step_id = read_int(v, "array_step_id");
    out.nodename = read_optional_text(v, "nodename");
    out.process_group_id = read_optional_int(v, "process_group_id");
    out.usage_str = read_optional_text(v, "usage_str");
    out.wallclock = read_optional_text(v, "wallclock");
    out.maxrss = read_optional_text(v, "maxrss");
    out.maxpss = read_optional_text(v, "maxpss");
    out.cpu = read_optional_text(v, "cpu");
    out.io = read_optional_text(v, "io");
    out.stdout = read_optional_text(v, "stdout");
    out.stderr = read_optional_text(v, "stderr");
    out.stdout_log = read_optional_text(v, "stdout_log");
    out.stderr_log = read_optional_text(v, "stderr_log");
    out.status = read_text(v, "status");
    out.submitted_date = read_optional_time(v, "submitted_date");
    out.status_date = read_optional_time(v, "status_date");
    out.report_by_date = read_optional_time(v, "report_by_date");
  }
  static void to_base(const jobmon::orm::model::TaskInstance& in, values& v, indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "workflow_run_id", in.workflow_run_id);
    write_column(v, "array_id", in.array_id);
    write_column(v, "task_id", in.task_id);
    write_column(v, "distributor_id", in.distributor_id);
    write_column(v, "task_resources_id", in.task_resources_id);
    write_column(v, "array_batch_num", in.array_batch_num);
    write_column(v, "array_step_id", in.array_step_id);
    write_column(v, "nodename", in.nodename);
    write_column(v, "process_group_id", in.process_group_id);
    write_column(v, "usage_str", in.usage_str);
    write_column(v, "wallclock", in.wallclock);
    write_column(v, "maxrss", in.maxrss);
    write_column(v, "maxpss", in.maxpss);
    write_column(v, "cpu", in.cpu);
    write_column(v, "io", in.io);
    write_column(v, "stdout", in.stdout);
    write_column(v, "stderr", in.stderr);
    write_column(v, "stdout_log", in.stdout_log);
    write_column(v, "stderr_log", in.stderr_log);
    write_column(v, "status", in.status);
    write_column(v, "submitted_date", in.submitted_date);
    write_column(v, "status_date", in.status_date);
    write_column(v, "report_by_date", in.report_by_date);
    ind = i_ok;
  }
};

template <>
struct type_conversion<jobmon::orm::model::TaskInstanceErrorLog> {
  using base_type = values;
  static void from_base(const values& v, indicator, jobmon::orm::model::TaskInstanceErrorLog& out) {
    using namespace jobmon::orm::detail;
    out.id = read_int(v, "id");
    out.task_instance_id = read_int(v, "task_instance_id");
    out.error_time = read_optional_time(v, "error_time");
    out.description = read_text(v, "description");
  }
  static void to_base(const jobmon::orm::model::TaskInstanceErrorLog& in, values& v,
                      indicator& ind) {
    using namespace jobmon::orm::detail;
    write_column(v, "id", in.id);
    write_column(v, "task_instance_id", in.task_instance_id);
    write_column(v, "error_time", in.error_time);
    write_column(v, "description", in.description);
    ind = i_ok;
  }
};

}  // namespace soci
