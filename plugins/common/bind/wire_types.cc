#include "common/bind/wire_types.h"

#include <set>

namespace jobmon::api {

using routes::bind::NodeArgs;
using routes::bind::NodeArgsHash;
using routes::bind::NodeIds;
using routes::bind::UniqueNames;

bool Wire<UniqueNames>::read(const JsonValue& v, UniqueNames& out) {
  if (!Wire<std::vector<std::string>>::read(v, out)) return false;
  std::set<std::string_view> seen;
  for (const std::string& name : out) {
    if (!seen.insert(name).second) return false;
  }
  return true;
}

void Wire<UniqueNames>::schema(JsonWriter& w, const SchemaNote& note) {
  Wire<std::vector<std::string>>::schema(w, note);
  w.key("uniqueItems").boolean(true);
}

bool Wire<NodeArgsHash>::read(const JsonValue& v, NodeArgsHash& out) {
  auto text = is_big_integer(v) || v.IsNumber() ? integer_text(v) : scalar_text(v);
  if (text) out.std::string::operator=(std::move(*text));
  return text.has_value();
}

void Wire<NodeArgsHash>::schema(JsonWriter& w, const SchemaNote&) {
  w.key("type").start_array().string("string").string("integer").string("boolean").end_array();
}

bool Wire<NodeArgs>::read(const JsonValue& v, NodeArgs& out) {
  if (!v.IsObject()) return false;
  out.values.clear();
  out.values.reserve(v.MemberCount());
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::int64_t arg_id = 0;
    if (!WireKey<std::int64_t>::read({m->name.GetString(), m->name.GetStringLength()}, arg_id) ||
        m->value.IsNull()) {
      return false;
    }
    PyStr value;
    if (!Wire<PyStr>::read(m->value, value)) return false;  // arrays and objects
    out.values.emplace_back(arg_id, std::move(value));
  }
  return true;
}

void Wire<NodeArgs>::schema(JsonWriter& w, const SchemaNote& note) {
  schema_type(w, "object");
  w.key("propertyNames").start_object().key("pattern").string("^[0-9]+$").end_object();
  w.key("additionalProperties");
  write_schema<PyStr>(w, SchemaNote{note.answer, "The argument's value.", 0, std::nullopt});
}

void Wire<NodeIds>::write(JsonWriter& w, const NodeIds& v) {
  w.start_object();
  std::string key;
  for (const auto& row : v.rows) {
    key = std::to_string(row.task_template_version_id);
    key += ':';
    key += row.node_args_hash;
    w.key(key).integer(row.id);
  }
  w.end_object();
}

void Wire<NodeIds>::schema(JsonWriter& w, const SchemaNote& note) {
  Wire<std::map<std::string, std::int64_t>>::schema(w, note);
}

}  // namespace jobmon::api
