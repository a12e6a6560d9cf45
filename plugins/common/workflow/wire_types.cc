#include "common/workflow/wire_types.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "common/core/python_text.h"
#include "jobmon/errors.h"

namespace jobmon::api {

namespace q = orm::queries;
using routes::workflow::BoundTasks;
using routes::workflow::TaskArgs;
using routes::workflow::TaskAttributes;
using routes::workflow::TaskChunk;
using routes::workflow::WorkflowAttributes;

namespace {

bool fits(const std::string& s, std::size_t max) { return char_count(s) <= max; }
bool fits(const std::optional<std::string>& s, std::size_t max) { return !s || fits(*s, max); }

// Python's str() of a scalar that is not null: strings as sent, integers of any length as their
// digits (wire.h's PyStr without its "None").
std::optional<std::string> scalar_value(const JsonValue& v) {
  if (v.IsNull()) return std::nullopt;
  return is_big_integer(v) ? integer_text(v) : scalar_text(v);
}

// {name: value} of attributes: values as Python str() (the columns are text), JSON null as SQL
// NULL. A name given twice keeps its last value, as Python's json.loads does. False when `v` is
// not an object or a value is an array or an object.
bool name_values(const JsonValue& v, q::NameValues& out) {
  if (!v.IsObject()) return false;
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::string name(m->name.GetString(), m->name.GetStringLength());
    std::optional<std::string> value;
    if (!m->value.IsNull()) {
      value = scalar_value(m->value);
      if (!value) return false;
    }
    auto same =
        std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == name; });
    if (same != out.end()) out.erase(same);
    out.emplace_back(std::move(name), std::move(value));
  }
  return true;
}

// {"type": "array", "prefixItems": [...], ...} of a JSON array of `n` positions whose schemas
// `items` writes.
template <class F>
void fixed_array_schema(JsonWriter& w, std::int64_t n, F&& items) {
  schema_type(w, "array");
  w.key("prefixItems").start_array();
  items();
  w.end_array();
  w.key("minItems").integer(n).key("maxItems").integer(n);
}

SchemaNote request_note(std::string_view description, std::size_t max_chars = 0) {
  return SchemaNote{false, description, max_chars, std::nullopt};
}

// An object of attribute values by name (names and values VARCHAR(255)).
void attributes_schema(JsonWriter& w) {
  schema_type(w, "object");
  w.key("propertyNames").start_object().key("maxLength").integer(255).end_object();
  w.key("additionalProperties");
  write_schema<std::optional<PyStr>>(w, request_note({}, 255));
}

}  // namespace

bool Wire<WorkflowAttributes>::read(const JsonValue& v, WorkflowAttributes& out) {
  out.values.clear();
  if (!name_values(v, out.values)) return false;
  return std::all_of(out.values.begin(), out.values.end(),
                     [](const auto& p) { return fits(p.first, 255) && fits(p.second, 255); });
}

void Wire<WorkflowAttributes>::schema(JsonWriter& w, const SchemaNote&) { attributes_schema(w); }

bool Wire<TaskChunk>::read(const JsonValue& v, TaskChunk& out) {
  if (!v.IsObject()) return false;
  out.tasks.clear();
  out.tasks.reserve(v.MemberCount());
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    const JsonValue& e = m->value;
    if (!e.IsArray() || e.Size() != 10) return false;
    q::TaskBind& t = out.tasks.emplace_back();
    t.key.assign(m->name.GetString(), m->name.GetStringLength());
    auto node = int_value(e[0]);
    auto args_hash = scalar_value(e[1]);
    auto name = e[4].IsNull() ? std::nullopt : scalar_text(e[4]);
    auto command = e[5].IsNull() ? std::nullopt : scalar_text(e[5]);
    auto max_attempts = int_value(e[6]);
    if (!node || !args_hash || !name || !command || !max_attempts) return false;
    t.node_id = *node;
    t.task_args_hash = std::move(*args_hash);
    if (!e[2].IsNull()) t.array_id = int_value(e[2]);
    if (!e[3].IsNull()) t.task_resources_id = int_value(e[3]);
    if ((!e[2].IsNull() && !t.array_id) || (!e[3].IsNull() && !t.task_resources_id)) {
      return false;
    }
    t.name = std::move(*name);
    t.command = std::move(*command);
    t.max_attempts = *max_attempts;
    // Never refused: anything but a boolean counts as an integer, non-zero meaning true.
    t.reset_if_running = e[7].IsBool() ? e[7].GetBool() : int_value(e[7]).value_or(0) != 0;
    t.resource_scales = routes::python_str(e[8]);
    t.fallback_queues = routes::python_str(e[9]);
    if (!fits(t.task_args_hash, 150) || !fits(t.name, 255) || !fits(t.resource_scales, 1000) ||
        !fits(t.fallback_queues, 1000)) {
      return false;
    }
  }
  return true;
}

void Wire<TaskChunk>::schema(JsonWriter& w, const SchemaNote&) {
  schema_type(w, "object");
  w.key("additionalProperties").start_object();
  fixed_array_schema(w, 10, [&] {
    write_schema<std::int64_t>(w, request_note("node_id"));
    write_schema<PyStr>(w, request_note("task_args_hash (an integer of any length or text)", 150));
    write_schema<std::optional<std::int64_t>>(w, request_note("array_id"));
    write_schema<std::optional<std::int64_t>>(w, request_note("task_resources_id"));
    write_schema<PyStr>(w, request_note("name", 255));
    write_schema<PyStr>(w, request_note("command"));
    write_schema<std::int64_t>(w, request_note("max_attempts"));
    write_schema<bool>(w, request_note("reset_if_running (another value counts as an integer, "
                                       "non-zero meaning true)"));
    write_schema<JsonRef>(w, request_note("resource_scales: any JSON, stored as Python's str() "
                                          "of it in at most 1000 characters"));
    write_schema<JsonRef>(w, request_note("fallback_queues: any JSON, stored as Python's str() "
                                          "of it in at most 1000 characters"));
  });
  w.end_object();
}

void Wire<BoundTasks>::write(JsonWriter& w, const BoundTasks& v) {
  w.start_object();
  for (const auto& b : v.tasks) {
    w.key(b.key).start_array().integer(b.id).string(b.status).end_array();
  }
  w.end_object();
}

void Wire<BoundTasks>::schema(JsonWriter& w, const SchemaNote& note) {
  Wire<std::map<std::string, std::tuple<std::int64_t, std::string>>>::schema(w, note);
}

namespace {

// The reference's answers when the database refuses a value (task_arg.val is VARCHAR(2048) NOT
// NULL, attribute names and values VARCHAR(255)); checked before anything is written, on every
// backend.
[[noreturn]] void refuse_task_arg(const std::string& why) {
  throw InvalidUsage(
      "Task Args are constrained to 1000 characters, you may have values that are too long. "
      "Message: " +
      why);
}

}  // namespace

bool Wire<TaskArgs>::read(const JsonValue& v, TaskArgs& out) {
  if (!v.IsArray()) return false;
  out.args.clear();
  out.args.reserve(v.Size());
  for (const auto& a : v.GetArray()) {
    if (!a.IsArray() || a.Size() != 3) return false;
    auto task = int_value(a[0]);
    auto arg = int_value(a[1]);
    if (!task || !arg || a[2].IsObject() || a[2].IsArray()) return false;
    if (a[2].IsNull()) refuse_task_arg("value of arg " + std::to_string(*arg) + " is null");
    auto value = scalar_value(a[2]);
    if (!value) return false;
    if (!fits(*value, 2048)) {
      refuse_task_arg("value of arg " + std::to_string(*arg) + " has " +
                      std::to_string(char_count(*value)) + " characters");
    }
    out.args.push_back({*task, *arg, std::move(*value)});
  }
  return true;
}

void Wire<TaskArgs>::schema(JsonWriter& w, const SchemaNote&) {
  schema_type(w, "array");
  w.key("items").start_object();
  fixed_array_schema(w, 3, [&] {
    write_schema<std::int64_t>(w, request_note("task_id"));
    write_schema<std::int64_t>(w, request_note("arg_id"));
    write_schema<PyStr>(w, request_note("value", 2048));
  });
  w.end_object();
}

bool Wire<TaskAttributes>::read(const JsonValue& v, TaskAttributes& out) {
  if (!v.IsObject()) return false;
  std::map<std::pair<std::int64_t, std::string>, std::optional<std::string>> values;
  for (auto t = v.MemberBegin(); t != v.MemberEnd(); ++t) {
    std::int64_t task_id = 0;
    if (!WireKey<std::int64_t>::read({t->name.GetString(), t->name.GetStringLength()}, task_id)) {
      return false;
    }
    q::NameValues pairs;
    if (!t->value.IsNull() && !name_values(t->value, pairs)) return false;
    for (auto& [name, value] : pairs) {
      if (name.empty()) continue;
      if (!fits(name, 255)) {
        throw InvalidUsage(
            "Attribute type names are constrained to 255 characters, you may have values that "
            "are too long. Message: attribute name " +
            name.substr(0, 64) + "... has " + std::to_string(char_count(name)) + " characters");
      }
      if (!fits(value, 255)) {
        throw InvalidUsage(
            "Task Attributes are constrained to 255 characters, you may have values that are "
            "too long. Message: value of attribute " +
            name + " has " + std::to_string(char_count(*value)) + " characters");
      }
      values[{task_id, name}] = std::move(value);
    }
  }
  out.attributes.clear();
  out.attributes.reserve(values.size());
  for (auto& [key, value] : values) out.attributes.push_back({key.first, key.second, value});
  return true;
}

void Wire<TaskAttributes>::schema(JsonWriter& w, const SchemaNote&) {
  schema_type(w, "object");
  w.key("propertyNames").start_object().key("pattern").string("^[0-9]+$").end_object();
  w.key("additionalProperties").start_object().key("anyOf").start_array().start_object();
  attributes_schema(w);
  w.end_object().start_object();
  schema_type(w, "null");
  w.end_object().end_array().end_object();
}

}  // namespace jobmon::api
