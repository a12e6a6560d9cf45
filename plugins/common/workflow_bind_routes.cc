// Binding a workflow: its task resources, arrays, the workflow row and its attributes, and the
// tasks with their args and attributes, in the chunks the client sends (500 per request).
#include <algorithm>
#include <map>
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

// Characters (UTF-8 code points) in `s`: what VARCHAR(n) limits on PostgreSQL and MySQL.
std::size_t char_count(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
bool fits(const std::string& s, std::size_t max) { return char_count(s) <= max; }
bool fits(const std::optional<std::string>& s, std::size_t max) { return !s || fits(*s, max); }

// {name: value} objects of attributes; values as Python str() (the columns are text), JSON
// null as SQL NULL. A name given twice keeps its last value, as Python's json.loads does.
q::NameValues name_values(const Body& body, const api::JsonValue& obj, std::string_view field) {
  q::NameValues out;
  if (obj.IsNull()) return out;
  if (!obj.IsObject()) body.fail(field);
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
    std::string name(m->name.GetString(), m->name.GetStringLength());
    std::optional<std::string> value;
    if (!m->value.IsNull()) {
      value = api::is_big_integer(m->value) ? api::integer_text(m->value) : scalar_text(m->value);
      if (!value || m->value.IsObject() || m->value.IsArray()) body.fail(field);
    }
    auto same =
        std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == name; });
    if (same != out.end()) out.erase(same);
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

const api::JsonValue kNull;

// Attribute names and values are VARCHAR(255).
q::NameValues workflow_attributes(const Body& body, const api::JsonValue& obj) {
  q::NameValues out = name_values(body, obj, "workflow_attributes");
  for (const auto& [name, value] : out) {
    if (!fits(name, 255) || !fits(value, 255)) body.fail("workflow_attributes");
  }
  return out;
}

}  // namespace

Response bind_task_resources(const Context& ctx, const api::Request& req) {
  Body body(req);
  std::int64_t queue_id = body.require_int("queue_id");
  std::string type_id = body.require_string("task_resources_type_id");
  if (!fits(type_id, 1)) body.fail("task_resources_type_id");  // a status-like letter column
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
    throw api::InvalidUsage("invalid literal for int() with base 10: " + api::python_repr(raw) +
                            " in request to " + req.path);
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
  // Column widths, checked here so that PostgreSQL's refusal is not a 500.
  if (!fits(wf.workflow_args_hash, 150)) body.fail("workflow_args_hash");
  if (!fits(wf.task_hash, 150)) body.fail("task_hash");
  if (!fits(wf.name, 255)) body.fail("name");
  const api::JsonValue* attrs = body.find("workflow_attributes");
  q::NameValues attributes = workflow_attributes(body, attrs ? *attrs : kNull);
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
  q::NameValues attributes = workflow_attributes(body, body.require("workflow_attributes"));
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
    if (!node || !args_hash || !max_attempts || !name || !command || v[1].IsNull() ||
        v[4].IsNull() || v[5].IsNull()) {
      body.fail("tasks");
    }
    t.node_id = *node;
    t.task_args_hash = *args_hash;
    if (!v[2].IsNull()) t.array_id = int_value(v[2]);
    if (!v[3].IsNull()) t.task_resources_id = int_value(v[3]);
    if ((!v[2].IsNull() && !t.array_id) || (!v[3].IsNull() && !t.task_resources_id)) {
      body.fail("tasks");
    }
    t.name = *name;
    t.command = *command;
    t.max_attempts = *max_attempts;
    t.reset_if_running = v[7].IsBool() ? v[7].GetBool() : int_value(v[7]).value_or(0) != 0;
    t.resource_scales = python_str(v[8]);
    t.fallback_queues = python_str(v[9]);
    if (!fits(t.task_args_hash, 150) || !fits(t.name, 255) || !fits(t.resource_scales, 1000) ||
        !fits(t.fallback_queues, 1000)) {
      body.fail("tasks");
    }
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
  // The reference's answer when the database refuses a value (task_arg.val is
  // VARCHAR(2048) NOT NULL); checked here, before anything is written, on every backend.
  auto refused = [](const std::string& why) {
    return api::InvalidUsage(
        "Task Args are constrained to 1000 characters, you may have values that are too long. "
        "Message: " +
        why);
  };
  std::vector<q::TaskArg> args;
  for (const auto& a : body.require_array("task_args").GetArray()) {
    if (!a.IsArray() || a.Size() != 3) body.fail("task_args");
    auto task = int_value(a[0]);
    auto arg = int_value(a[1]);
    if (!task || !arg || a[2].IsObject() || a[2].IsArray()) body.fail("task_args");
    if (a[2].IsNull()) throw refused("value of arg " + std::to_string(*arg) + " is null");
    auto val = api::is_big_integer(a[2]) ? api::integer_text(a[2]) : scalar_text(a[2]);
    if (!val) body.fail("task_args");
    if (!fits(*val, 2048)) {
      throw refused("value of arg " + std::to_string(*arg) + " has " +
                    std::to_string(char_count(*val)) + " characters");
    }
    args.push_back({*task, *arg, *val});
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::add_task_args(tx, args); });
  return Response::json("{}");
}

Response bind_task_attributes(const Context& ctx, const api::Request& req) {
  Body body(req);
  const auto& by_task = body.require_object("task_attributes");
  // (task, name) -> value; a pair given twice keeps its last value, as Python's dict does.
  std::map<std::pair<std::int64_t, std::string>, std::optional<std::string>> values;
  for (auto t = by_task.MemberBegin(); t != by_task.MemberEnd(); ++t) {
    api::JsonValue key(t->name.GetString(), t->name.GetStringLength());
    auto task_id = int_value(key);
    if (!task_id) body.fail("task_attributes");
    for (auto& [name, value] : name_values(body, t->value, "task_attributes")) {
      if (name.empty()) continue;
      // The reference's answers when the database refuses a name or a value (VARCHAR(255)).
      if (!fits(name, 255)) {
        throw api::InvalidUsage(
            "Attribute type names are constrained to 255 characters, you may have values that "
            "are too long. Message: attribute name " +
            name.substr(0, 64) + "... has " + std::to_string(char_count(name)) + " characters");
      }
      if (!fits(value, 255)) {
        throw api::InvalidUsage(
            "Task Attributes are constrained to 255 characters, you may have values that are "
            "too long. Message: value of attribute " +
            name + " has " + std::to_string(char_count(*value)) + " characters");
      }
      values[{*task_id, name}] = std::move(value);
    }
  }
  std::vector<q::TaskAttribute> attributes;
  for (auto& [key, value] : values) attributes.push_back({key.first, key.second, value});
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) { q::upsert_task_attributes(tx, attributes); });
  return Response::json("{}");
}

namespace {
using api::Method;
constexpr RouteEntry kRoutes[] = {
    {Method::kPost, "/array", add_array, "Get or create the array of a template in a workflow.",
     "workflow_id:integer!,task_template_version_id:integer!,max_concurrently_running:integer!,"
     "name:string!",
     "array_id:integer", nullptr},
    {Method::kPost, "/task/bind_resources", bind_task_resources, "Add a task resources row.",
     "queue_id:integer!,task_resources_type_id:string!,requested_resources:object!",
     R"({"type":"integer","description":"the task_resources id"})", nullptr},
    {Method::kPut, "/task/bind_tasks_no_args", bind_tasks_no_args, "Bind a chunk of tasks.",
     "workflow_id:integer!,tasks:object!,mark_created:boolean", "tasks:object", nullptr},
    {Method::kPut, "/task/bind_task_args", bind_task_args, "Bind task args.", "task_args:array!",
     nullptr, nullptr},
    {Method::kPut, "/task/bind_task_attributes", bind_task_attributes, "Bind task attributes.",
     "task_attributes:object!", nullptr, nullptr},
    {Method::kPost, "/workflow", bind_workflow, "Get or create a workflow.",
     "tool_version_id:integer!,dag_id:integer!,workflow_args_hash:any!,task_hash:any!,description:"
     "string,name:string,workflow_args:string,max_concurrently_running:integer!,workflow_"
     "attributes:object",
     "workflow_id:integer,status:string,newly_created:boolean", nullptr},
    {Method::kGet, "/workflow/{workflow_args_hash}", get_matching_workflows_by_workflow_args,
     "Workflows with these workflow args.", nullptr, "workflow_id:integer,status:string",
     "dag_id:integer!,tool_version_id:integer!,task_hash:string!"},
    {Method::kPut, "/workflow/{workflow_id:int}/workflow_attributes", update_workflow_attributes,
     "Upsert workflow attributes.", "workflow_attributes:object!", nullptr, nullptr},
};
}  // namespace

std::span<const RouteEntry> workflow_bind_routes() { return kRoutes; }

}  // namespace jobmon::routes
