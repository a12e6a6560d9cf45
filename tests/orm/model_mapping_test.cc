// Generated from schema/sqlite/schema.sql: one full row per table, read back through the
// table's SOCI mapping, on every backend (docs/data-model.md §3). Status-like keys use "y", a
// letter no seed row uses in any case (MySQL compares them case-insensitively).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db_fixture.h"
#include "mapping.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using MappingTest = DbTest;

std::string field_text(const std::string& s) { return s; }
std::string field_text(const std::optional<std::string>& s) { return s.value_or("<null>"); }

TEST_P(MappingTest, Arg) {
  raw() << "INSERT INTO arg (id, name) VALUES (7, 'name-x')";
  orm::model::Arg row;
  raw() << "SELECT * FROM arg WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, ArgType) {
  raw() << "INSERT INTO arg_type (id, name) VALUES (7, 'name-x')";
  orm::model::ArgType row;
  raw() << "SELECT * FROM arg_type WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, Array) {
  raw() << "INSERT INTO \"array\" (id, name, task_template_version_id, workflow_id, "
           "max_concurrently_running, created_date) VALUES (7, 'name-x', 3, 3, 3, '2025-07-16 "
           "13:29:52')";
  orm::model::Array row;
  raw() << "SELECT * FROM \"array\" WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(row.task_template_version_id.value_or(-1), 3);
  EXPECT_EQ(row.workflow_id.value_or(-1), 3);
  EXPECT_EQ(row.max_concurrently_running, 3);
  EXPECT_EQ(row.created_date.value_or(""), "2025-07-16 13:29:52");
}

TEST_P(MappingTest, ClusterType) {
  raw() << "INSERT INTO cluster_type (id, name, logfile_templates) VALUES (7, 'name-x', "
           "'logfile_templates-x')";
  orm::model::ClusterType row;
  raw() << "SELECT * FROM cluster_type WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(field_text(row.logfile_templates), "logfile_templates-x");
}

TEST_P(MappingTest, Dag) {
  raw() << "INSERT INTO dag (id, hash, created_date) VALUES (7, 'hash-x', '2025-07-16 13:29:52')";
  orm::model::Dag row;
  raw() << "SELECT * FROM dag WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.hash), "hash-x");
  EXPECT_EQ(row.created_date.value_or(""), "2025-07-16 13:29:52");
}

TEST_P(MappingTest, Edge) {
  raw() << "INSERT INTO edge (dag_id, node_id, upstream_node_ids, downstream_node_ids) VALUES (7, "
           "3, '\"[3, 4]\"', '\"[3, 4]\"')";
  orm::model::Edge row;
  raw() << "SELECT * FROM edge WHERE dag_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.dag_id, 7);
  EXPECT_EQ(row.node_id, 3);
  EXPECT_EQ(row.upstream_node_ids.value_or(""), "\"[3, 4]\"");
  EXPECT_EQ(row.downstream_node_ids.value_or(""), "\"[3, 4]\"");
}

TEST_P(MappingTest, Node) {
  raw() << "INSERT INTO node (id, task_template_version_id, node_args_hash) VALUES (7, 3, "
           "'node_args_hash-x')";
  orm::model::Node row;
  raw() << "SELECT * FROM node WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.task_template_version_id, 3);
  EXPECT_EQ(field_text(row.node_args_hash), "node_args_hash-x");
}

TEST_P(MappingTest, NodeArg) {
  raw() << "INSERT INTO node_arg (node_id, arg_id, val) VALUES (7, 3, 'val-x')";
  orm::model::NodeArg row;
  raw() << "SELECT * FROM node_arg WHERE node_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.node_id, 7);
  EXPECT_EQ(row.arg_id, 3);
  EXPECT_EQ(field_text(row.val), "val-x");
}

TEST_P(MappingTest, TaskArg) {
  raw() << "INSERT INTO task_arg (task_id, arg_id, val) VALUES (7, 3, 'val-x')";
  orm::model::TaskArg row;
  raw() << "SELECT * FROM task_arg WHERE task_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.task_id, 7);
  EXPECT_EQ(row.arg_id, 3);
  EXPECT_EQ(field_text(row.val), "val-x");
}

TEST_P(MappingTest, TaskAttributeType) {
  raw() << "INSERT INTO task_attribute_type (id, name) VALUES (7, 'name-x')";
  orm::model::TaskAttributeType row;
  raw() << "SELECT * FROM task_attribute_type WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, TaskInstanceStatus) {
  raw() << "INSERT INTO task_instance_status (id, label, description) VALUES ('y', 'label-x', "
           "'description-x')";
  orm::model::TaskInstanceStatus row;
  raw() << "SELECT * FROM task_instance_status WHERE id = 'y'", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, "y");
  EXPECT_EQ(field_text(row.label), "label-x");
  EXPECT_EQ(field_text(row.description), "description-x");
}

TEST_P(MappingTest, TaskResourcesType) {
  raw() << "INSERT INTO task_resources_type (id, label) VALUES ('y', 'label-x')";
  orm::model::TaskResourcesType row;
  raw() << "SELECT * FROM task_resources_type WHERE id = 'y'", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, "y");
  EXPECT_EQ(field_text(row.label), "label-x");
}

TEST_P(MappingTest, TaskStatus) {
  raw() << "INSERT INTO task_status (id, label, description) VALUES ('y', 'label-x', "
           "'description-x')";
  orm::model::TaskStatus row;
  raw() << "SELECT * FROM task_status WHERE id = 'y'", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, "y");
  EXPECT_EQ(field_text(row.label), "label-x");
  EXPECT_EQ(field_text(row.description), "description-x");
}

TEST_P(MappingTest, TaskTemplateVersion) {
  raw() << "INSERT INTO task_template_version (id, task_template_id, command_template, "
           "arg_mapping_hash) VALUES (7, 3, 'command_template-x', 'arg_mapping_hash-x')";
  orm::model::TaskTemplateVersion row;
  raw() << "SELECT * FROM task_template_version WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.task_template_id, 3);
  EXPECT_EQ(field_text(row.command_template), "command_template-x");
  EXPECT_EQ(field_text(row.arg_mapping_hash), "arg_mapping_hash-x");
}

TEST_P(MappingTest, Tool) {
  raw() << "INSERT INTO tool (id, name) VALUES (7, 'name-x')";
  orm::model::Tool row;
  raw() << "SELECT * FROM tool WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, WorkflowAttributeType) {
  raw() << "INSERT INTO workflow_attribute_type (id, name) VALUES (7, 'name-x')";
  orm::model::WorkflowAttributeType row;
  raw() << "SELECT * FROM workflow_attribute_type WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, WorkflowRunStatus) {
  raw() << "INSERT INTO workflow_run_status (id, label, description) VALUES ('y', 'label-x', "
           "'description-x')";
  orm::model::WorkflowRunStatus row;
  raw() << "SELECT * FROM workflow_run_status WHERE id = 'y'", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, "y");
  EXPECT_EQ(field_text(row.label), "label-x");
  EXPECT_EQ(field_text(row.description), "description-x");
}

TEST_P(MappingTest, WorkflowStatus) {
  raw() << "INSERT INTO workflow_status (id, label, description) VALUES ('y', 'label-x', "
           "'description-x')";
  orm::model::WorkflowStatus row;
  raw() << "SELECT * FROM workflow_status WHERE id = 'y'", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, "y");
  EXPECT_EQ(field_text(row.label), "label-x");
  EXPECT_EQ(field_text(row.description), "description-x");
}

TEST_P(MappingTest, Cluster) {
  raw() << "INSERT INTO cluster (id, name, cluster_type_id, connection_parameters) VALUES (7, "
           "'name-x', 3, 'connection_parameters-x')";
  orm::model::Cluster row;
  raw() << "SELECT * FROM cluster WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(row.cluster_type_id, 3);
  EXPECT_EQ(field_text(row.connection_parameters), "connection_parameters-x");
}

TEST_P(MappingTest, TemplateArgMap) {
  raw() << "INSERT INTO template_arg_map (task_template_version_id, arg_id, arg_type_id) VALUES "
           "(7, 3, 3)";
  orm::model::TemplateArgMap row;
  raw() << "SELECT * FROM template_arg_map WHERE task_template_version_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.task_template_version_id, 7);
  EXPECT_EQ(row.arg_id, 3);
  EXPECT_EQ(row.arg_type_id, 3);
}

TEST_P(MappingTest, ToolVersion) {
  raw() << "INSERT INTO tool_version (id, tool_id) VALUES (7, 3)";
  orm::model::ToolVersion row;
  raw() << "SELECT * FROM tool_version WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.tool_id, 3);
}

TEST_P(MappingTest, Queue) {
  raw() << "INSERT INTO queue (id, name, cluster_id, parameters) VALUES (7, 'name-x', 3, "
           "'parameters-x')";
  orm::model::Queue row;
  raw() << "SELECT * FROM queue WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(row.cluster_id, 3);
  EXPECT_EQ(field_text(row.parameters), "parameters-x");
}

TEST_P(MappingTest, TaskTemplate) {
  raw() << "INSERT INTO task_template (id, tool_version_id, name) VALUES (7, 3, 'name-x')";
  orm::model::TaskTemplate row;
  raw() << "SELECT * FROM task_template WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.tool_version_id, 3);
  EXPECT_EQ(field_text(row.name), "name-x");
}

TEST_P(MappingTest, Workflow) {
  raw() << "INSERT INTO workflow (id, tool_version_id, dag_id, workflow_args_hash, task_hash, "
           "description, name, workflow_args, max_concurrently_running, created_date, status_date, "
           "status) VALUES (7, 3, 3, 'workflow_args_hash-x', 'task_hash-x', 'description-x', "
           "'name-x', 'workflow_args-x', 3, '2025-07-16 13:29:52', '2025-07-16 13:29:52', 's')";
  orm::model::Workflow row;
  raw() << "SELECT * FROM workflow WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.tool_version_id.value_or(-1), 3);
  EXPECT_EQ(row.dag_id, 3);
  EXPECT_EQ(field_text(row.workflow_args_hash), "workflow_args_hash-x");
  EXPECT_EQ(field_text(row.task_hash), "task_hash-x");
  EXPECT_EQ(field_text(row.description), "description-x");
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(field_text(row.workflow_args), "workflow_args-x");
  EXPECT_EQ(row.max_concurrently_running, 3);
  EXPECT_EQ(row.created_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(row.status_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(field_text(row.status), "s");
}

TEST_P(MappingTest, TaskResources) {
  raw() << "INSERT INTO task_resources (id, queue_id, task_resources_type_id, requested_resources) "
           "VALUES (7, 3, 't', 'requested_resources-x')";
  orm::model::TaskResources row;
  raw() << "SELECT * FROM task_resources WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.queue_id.value_or(-1), 3);
  EXPECT_EQ(field_text(row.task_resources_type_id), "t");
  EXPECT_EQ(field_text(row.requested_resources), "requested_resources-x");
}

TEST_P(MappingTest, WorkflowAttribute) {
  raw() << "INSERT INTO workflow_attribute (workflow_id, workflow_attribute_type_id, value) VALUES "
           "(7, 3, 'value-x')";
  orm::model::WorkflowAttribute row;
  raw() << "SELECT * FROM workflow_attribute WHERE workflow_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.workflow_id, 7);
  EXPECT_EQ(row.workflow_attribute_type_id, 3);
  EXPECT_EQ(field_text(row.value), "value-x");
}

TEST_P(MappingTest, WorkflowRun) {
  raw() << "INSERT INTO workflow_run (id, workflow_id, \"user\", jobmon_version, "
           "jobmon_server_version, status, created_date, status_date, heartbeat_date) VALUES (7, "
           "3, 'user-x', 'jobmon_version-x', 'jobmon_server_version-x', 's', '2025-07-16 "
           "13:29:52', '2025-07-16 13:29:52', '2025-07-16 13:29:52')";
  orm::model::WorkflowRun row;
  raw() << "SELECT * FROM workflow_run WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.workflow_id, 3);
  EXPECT_EQ(field_text(row.user), "user-x");
  EXPECT_EQ(field_text(row.jobmon_version), "jobmon_version-x");
  EXPECT_EQ(field_text(row.jobmon_server_version), "jobmon_server_version-x");
  EXPECT_EQ(field_text(row.status), "s");
  EXPECT_EQ(row.created_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(row.status_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(row.heartbeat_date.value_or(""), "2025-07-16 13:29:52");
}

TEST_P(MappingTest, Task) {
  raw() << "INSERT INTO task (id, workflow_id, node_id, task_args_hash, array_id, name, command, "
           "task_resources_id, num_attempts, max_attempts, resource_scales, fallback_queues, "
           "status, status_date) VALUES (7, 3, 3, 'task_args_hash-x', 3, 'name-x', 'command-x', 3, "
           "3, 3, 'resource_scales-x', 'fallback_queues-x', 's', '2025-07-16 13:29:52')";
  orm::model::Task row;
  raw() << "SELECT * FROM task WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.workflow_id.value_or(-1), 3);
  EXPECT_EQ(row.node_id.value_or(-1), 3);
  EXPECT_EQ(field_text(row.task_args_hash), "task_args_hash-x");
  EXPECT_EQ(row.array_id.value_or(-1), 3);
  EXPECT_EQ(field_text(row.name), "name-x");
  EXPECT_EQ(field_text(row.command), "command-x");
  EXPECT_EQ(row.task_resources_id.value_or(-1), 3);
  EXPECT_EQ(row.num_attempts, 3);
  EXPECT_EQ(row.max_attempts, 3);
  EXPECT_EQ(field_text(row.resource_scales), "resource_scales-x");
  EXPECT_EQ(field_text(row.fallback_queues), "fallback_queues-x");
  EXPECT_EQ(field_text(row.status), "s");
  EXPECT_EQ(row.status_date.value_or(""), "2025-07-16 13:29:52");
}

TEST_P(MappingTest, TaskAttribute) {
  raw() << "INSERT INTO task_attribute (task_id, task_attribute_type_id, value) VALUES (7, 3, "
           "'value-x')";
  orm::model::TaskAttribute row;
  raw() << "SELECT * FROM task_attribute WHERE task_id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.task_id, 7);
  EXPECT_EQ(row.task_attribute_type_id, 3);
  EXPECT_EQ(field_text(row.value), "value-x");
}

TEST_P(MappingTest, TaskInstance) {
  raw()
      << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, distributor_id, "
         "task_resources_id, array_batch_num, array_step_id, nodename, process_group_id, "
         "usage_str, wallclock, maxrss, maxpss, cpu, io, stdout, stderr, stdout_log, stderr_log, "
         "status, submitted_date, status_date, report_by_date) VALUES (7, 3, 3, 3, "
         "'distributor_id-x', 3, 3, 3, 'nodename-x', 3, 'usage_str-x', 'wallclock-x', 'maxrss-x', "
         "'maxpss-x', 'cpu-x', 'io-x', 'stdout-x', 'stderr-x', 'stdout_log-x', 'stderr_log-x', "
         "'s', '2025-07-16 13:29:52', '2025-07-16 13:29:52', '2025-07-16 13:29:52')";
  orm::model::TaskInstance row;
  raw() << "SELECT * FROM task_instance WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.workflow_run_id, 3);
  EXPECT_EQ(row.array_id, 3);
  EXPECT_EQ(row.task_id, 3);
  EXPECT_EQ(field_text(row.distributor_id), "distributor_id-x");
  EXPECT_EQ(row.task_resources_id, 3);
  EXPECT_EQ(row.array_batch_num, 3);
  EXPECT_EQ(row.array_step_id, 3);
  EXPECT_EQ(field_text(row.nodename), "nodename-x");
  EXPECT_EQ(row.process_group_id.value_or(-1), 3);
  EXPECT_EQ(field_text(row.usage_str), "usage_str-x");
  EXPECT_EQ(field_text(row.wallclock), "wallclock-x");
  EXPECT_EQ(field_text(row.maxrss), "maxrss-x");
  EXPECT_EQ(field_text(row.maxpss), "maxpss-x");
  EXPECT_EQ(field_text(row.cpu), "cpu-x");
  EXPECT_EQ(field_text(row.io), "io-x");
  EXPECT_EQ(field_text(row.stdout), "stdout-x");
  EXPECT_EQ(field_text(row.stderr), "stderr-x");
  EXPECT_EQ(field_text(row.stdout_log), "stdout_log-x");
  EXPECT_EQ(field_text(row.stderr_log), "stderr_log-x");
  EXPECT_EQ(field_text(row.status), "s");
  EXPECT_EQ(row.submitted_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(row.status_date.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(row.report_by_date.value_or(""), "2025-07-16 13:29:52");
}

TEST_P(MappingTest, TaskInstanceErrorLog) {
  raw() << "INSERT INTO task_instance_error_log (id, task_instance_id, error_time, description) "
           "VALUES (7, 3, '2025-07-16 13:29:52', 'description-x')";
  orm::model::TaskInstanceErrorLog row;
  raw() << "SELECT * FROM task_instance_error_log WHERE id = 7", soci::into(row);
  ASSERT_TRUE(raw().got_data());
  EXPECT_EQ(row.id, 7);
  EXPECT_EQ(row.task_instance_id, 3);
  EXPECT_EQ(row.error_time.value_or(""), "2025-07-16 13:29:52");
  EXPECT_EQ(field_text(row.description), "description-x");
}

INSTANTIATE_TEST_SUITE_P(Backends, MappingTest, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
