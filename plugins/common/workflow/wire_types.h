#pragma once
// Wire types of the workflow area that wire.h's vocabulary does not have. The task chunks of a
// bind (500 tasks a request) are read straight into the orm's rows, in the order sent and with
// repeated keys kept, so the typed layer costs no copy over reading the JSON by hand.
#include <cstdint>
#include <vector>

#include "jobmon/orm/queries/workflow_task.h"
#include "jobmon/wire.h"

namespace jobmon::routes::workflow {

// Workflow attributes: {name: value}, values stored as Python's str() of a scalar, null as SQL
// NULL. A name given twice keeps its last value (and place), as Python's json.loads does. Names
// and values are VARCHAR(255).
struct WorkflowAttributes {
  orm::queries::NameValues values;
};

// The tasks of one PUT /task/bind_tasks_no_args, in the order sent (a key sent twice is two
// entries): {"<task hash>": [node_id, task_args_hash, array_id, task_resources_id, name,
// command, max_attempts, reset_if_running, resource_scales, fallback_queues]}.
struct TaskChunk {
  std::vector<orm::queries::TaskBind> tasks;
};

// The answer of a task chunk: {"<task hash>": [task_id, status]} in the order bound.
struct BoundTasks {
  std::vector<orm::queries::BoundTask> tasks;
};

// PUT /task/bind_task_args: [[task_id, arg_id, value], ...], values as Python's str(). A null or
// over-long value is refused with the reference's database message (api::InvalidUsage) when it
// is read, so the first bad entry decides the answer, as in the reference.
struct TaskArgs {
  std::vector<orm::queries::TaskArg> args;
};

// PUT /task/bind_task_attributes: {"<task id>": {name: value}}. One (task, name) given twice
// keeps its last value; empty names are skipped; an over-long name or value is refused with the
// reference's database message when it is read. Ordered by task id, then name.
struct TaskAttributes {
  std::vector<orm::queries::TaskAttribute> attributes;
};

}  // namespace jobmon::routes::workflow

namespace jobmon::api {

template <>
struct Wire<routes::workflow::WorkflowAttributes> {
  static bool read(const JsonValue& v, routes::workflow::WorkflowAttributes& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::workflow::TaskChunk> {
  static bool read(const JsonValue& v, routes::workflow::TaskChunk& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::workflow::BoundTasks> {
  static void write(JsonWriter& w, const routes::workflow::BoundTasks& v);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::workflow::TaskArgs> {
  static bool read(const JsonValue& v, routes::workflow::TaskArgs& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::workflow::TaskAttributes> {
  static bool read(const JsonValue& v, routes::workflow::TaskAttributes& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

}  // namespace jobmon::api
