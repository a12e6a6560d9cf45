// Binding a workflow: its task resources, arrays, the workflow row and its attributes, and the
// tasks with their args and attributes, in the chunks the client sends (500 per request).
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/workflow_task.h"
#include "jobmon/routes/body.h"
#include "jobmon/routes/python_text.h"
#include "jobmon/routes/workflow_task.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

namespace {

// {name: value} objects of attributes; values as Python str() (the columns are text).
q::NameValues name_values(const Body& body, const api::JsonValue& obj, std::string_view field) {
  q::NameValues out;
  if (obj.IsNull()) return out;
  if (!obj.IsObject()) body.fail(field);
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
    auto v = api::is_big_integer(m->value) ? api::integer_text(m->value) : scalar_text(m->value);
    if (!v || m->value.IsObject() || m->value.IsArray()) body.fail(field);
    out.emplace_back(std::string(m->name.GetString(), m->name.GetStringLength()), *v);
  }
  return out;
}

const api::JsonValue kNull;

}  // namespace

Response bind_task_resources(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t queue_id = body.require_int("queue_id");
  std::string type_id = body.require_string("task_resources_type_id");
  const api::JsonValue* requested = body.find("requested_resources");
  std::string text = requested ? python_json_dumps(*requested) : "null";
  std::int64_t id = 0;
  orm::with_write_tx(
      ctx.db, [&](orm::WriteTx& tx) { id = q::add_task_resources(tx, queue_id, type_id, text); });
  return Response::json(std::to_string(id));
}

Response add_array(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t workflow_id = body.require_int("workflow_id");
  std::int64_t ttv_id = body.require_int("task_template_version_id");
  std::int64_t max_running = body.require_int("max_concurrently_running");
  std::string name = body.optional_scalar_text("name").value_or("");
  std::int64_t id = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    id = q::bind_array(tx, workflow_id, ttv_id, max_running, name);
  });
  return Response::json(R"({"array_id":)" + std::to_string(id) + "}");
}

namespace {

// Python int() of a path segment: optional sign, surrounding spaces, "_" between digits.
std::optional<std::string> python_int_text(std::string s) {
  auto first = s.find_first_not_of(" \t\n\r\f\v");
  auto last = s.find_last_not_of(" \t\n\r\f\v");
  if (first == std::string::npos) return std::nullopt;
  s = s.substr(first, last - first + 1);
  std::string sign;
  if (s[0] == '+' || s[0] == '-') {
    if (s[0] == '-') sign = "-";
    s.erase(0, 1);
  }
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '_' && i > 0 && i + 1 < s.size() && s[i - 1] != '_' && s[i + 1] >= '0' &&
               s[i + 1] <= '9') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  auto nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  return digits == "0" ? digits : sign + digits;
}

}  // namespace

Response get_matching_workflows_by_workflow_args(const Context& ctx, const api::Request& req) {
  const std::string& raw = req.param("workflow_args_hash");
  auto hash = python_int_text(raw);
  if (!hash) {
    throw api::InvalidUsage("invalid literal for int() with base 10: '" + raw + "' in request to " +
                            req.path);
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::workflows_by_args_hash(tx, *hash);
  JsonWriter out;
  out.start_object().key("matching_workflows").start_array();
  for (const auto& r : rows) {
    out.start_array().string(r.task_hash).integer(r.tool_version_id).string(r.dag_hash);
    out.end_array();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response bind_workflow(const Context& ctx, const api::Request& req) {
  Body body(req);
  q::WorkflowBind wf;
  wf.tool_version_id = body.require_int("tool_version_id");
  wf.dag_id = body.require_int("dag_id");
  wf.workflow_args_hash = body.require_integer_text("workflow_args_hash");
  wf.task_hash = body.require_integer_text("task_hash");
  wf.description = body.optional_scalar_text("description");
  wf.name = body.optional_scalar_text("name");
  wf.workflow_args = body.optional_scalar_text("workflow_args");
  wf.max_concurrently_running = body.require_int("max_concurrently_running");
  const api::JsonValue* attrs = body.find("workflow_attributes");
  q::NameValues attributes = name_values(body, attrs ? *attrs : kNull, "workflow_attributes");
  q::BoundWorkflow bound;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    bound = q::bind_workflow(tx, wf);
    q::upsert_workflow_attributes(tx, bound.id, attributes);
  });
  JsonWriter out;
  out.start_object().key("workflow_id").integer(bound.id).key("status").string(bound.status);
  out.key("newly_created").boolean(bound.newly_created).end_object();
  return Response::json(out.str());
}

Response update_workflow_attributes(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t workflow_id = req.int_param("workflow_id");
  q::NameValues attributes =
      name_values(body, body.require("workflow_attributes"), "workflow_attributes");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::upsert_workflow_attributes(tx, workflow_id, attributes);
  });
  return Response::json("{}");
}

Response bind_tasks_no_args(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t workflow_id = body.require_int("workflow_id");
  bool mark_created = body.require_bool("mark_created");
  const auto& tasks = body.require_object("tasks");
  std::vector<q::TaskBind> binds;
  for (auto m = tasks.MemberBegin(); m != tasks.MemberEnd(); ++m) {
    const auto& v = m->value;
    if (!v.IsArray() || v.Size() != 10) body.fail("tasks");
    q::TaskBind t;
    t.key.assign(m->name.GetString(), m->name.GetStringLength());
    auto node = int_value(v[0]);
    auto args_hash = api::is_big_integer(v[1]) ? api::integer_text(v[1]) : scalar_text(v[1]);
    auto max_attempts = int_value(v[6]);
    auto name = scalar_text(v[4]);
    auto command = scalar_text(v[5]);
    if (!node || !args_hash || !max_attempts || !name || !command || v[4].IsNull() ||
        v[5].IsNull()) {
      body.fail("tasks");
    }
    t.node_id = *node;
    t.task_args_hash = *args_hash;
    if (!v[2].IsNull()) t.array_id = int_value(v[2]);
    if (!v[3].IsNull()) t.task_resources_id = int_value(v[3]);
    t.name = *name;
    t.command = *command;
    t.max_attempts = *max_attempts;
    t.reset_if_running = v[7].IsBool() ? v[7].GetBool() : int_value(v[7]).value_or(0) != 0;
    t.resource_scales = python_str(v[8]);
    t.fallback_queues = python_str(v[9]);
    binds.push_back(std::move(t));
  }
  std::vector<q::BoundTask> bound;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    bound = q::bind_tasks(tx, workflow_id, binds, mark_created);
  });
  JsonWriter out;
  out.start_object().key("tasks").start_object();
  for (const auto& b : bound) {
    out.key(b.key).start_array().integer(b.id).string(b.status).end_array();
  }
  out.end_object().end_object();
  return Response::json(out.str());
}

Response bind_task_args(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::vector<q::TaskArg> args;
  for (const auto& a : body.require_array("task_args").GetArray()) {
    if (!a.IsArray() || a.Size() != 3) body.fail("task_args");
    auto task = int_value(a[0]);
    auto arg = int_value(a[1]);
    auto val = api::is_big_integer(a[2]) ? api::integer_text(a[2]) : scalar_text(a[2]);
    if (!task || !arg || !val || a[2].IsObject() || a[2].IsArray()) body.fail("task_args");
    if (val->size() > 1000) {
      throw api::InvalidUsage(
          "Task Args are constrained to 1000 characters, you may have values that are too "
          "long. Message: value of arg " +
          std::to_string(*arg) + " has " + std::to_string(val->size()) + " characters");
    }
    args.push_back({*task, *arg, *val});
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::add_task_args(tx, args); });
  return Response::json("{}");
}

Response bind_task_attributes(const Context& ctx, const api::Request& req) {
  Body body(req);
  const auto& by_task = body.require_object("task_attributes");
  std::vector<q::TaskAttribute> attributes;
  for (auto t = by_task.MemberBegin(); t != by_task.MemberEnd(); ++t) {
    api::JsonValue key(t->name.GetString(), t->name.GetStringLength());
    auto task_id = int_value(key);
    if (!task_id) body.fail("task_attributes");
    for (const auto& [name, value] : name_values(body, t->value, "task_attributes")) {
      if (name.empty()) continue;
      if (name.size() > 255 || value.size() > 255) {
        throw api::InvalidUsage(
            "Task Attributes are constrained to 255 characters, you may have values that are "
            "too long. Message: attribute " +
            name.substr(0, 64) + " is too long");
      }
      attributes.push_back({*task_id, name, value});
    }
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::upsert_task_attributes(tx, attributes); });
  return Response::json("{}");
}

namespace {
using api::Method;
constexpr RouteEntry kRoutes[] = {
    {Method::kPost, "/array", add_array, "Get or create the array of a template in a workflow."},
    {Method::kPost, "/task/bind_resources", bind_task_resources, "Add a task resources row."},
    {Method::kPut, "/task/bind_tasks_no_args", bind_tasks_no_args, "Bind a chunk of tasks."},
    {Method::kPut, "/task/bind_task_args", bind_task_args, "Bind task args."},
    {Method::kPut, "/task/bind_task_attributes", bind_task_attributes, "Bind task attributes."},
    {Method::kPost, "/workflow", bind_workflow, "Get or create a workflow."},
    {Method::kGet, "/workflow/{workflow_args_hash}", get_matching_workflows_by_workflow_args,
     "Workflows with these workflow args."},
    {Method::kPut, "/workflow/{workflow_id:int}/workflow_attributes", update_workflow_attributes,
     "Upsert workflow attributes."},
};
}  // namespace

std::span<const RouteEntry> workflow_bind_routes() { return kRoutes; }

}  // namespace jobmon::routes
