#include "common/cli/wire_types.h"

#include <string_view>

namespace jobmon::api {

namespace {

// The members of an anyOf of an id list's forms (one integer, or a list), then `more`.
template <class More>
void id_list_schema(JsonWriter& w, const SchemaNote& note, More&& more) {
  SchemaNote inner = note;
  inner.description = {};
  w.key("anyOf").start_array();
  write_schema<std::int64_t>(w, inner);
  write_schema<std::vector<std::int64_t>>(w, inner);
  more();
  w.end_array();
}

}  // namespace

bool Wire<routes::cli::IdList>::read(const JsonValue& v, routes::cli::IdList& out) {
  out.clear();
  // A digit string is not one id: the reference tests isinstance(task_ids, int).
  if (auto one = int_value(v); one && !v.IsString()) {
    out.push_back(*one);
    return true;
  }
  return Wire<std::vector<std::int64_t>>::read(v, out);
}

void Wire<routes::cli::IdList>::schema(JsonWriter& w, const SchemaNote& note) {
  id_list_schema(w, note, [] {});
}

bool Wire<routes::cli::IdsOrAll>::read(const JsonValue& v, routes::cli::IdsOrAll& out) {
  out.all = v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == "all";
  return out.all || Wire<routes::cli::IdList>::read(v, out.ids);
}

void Wire<routes::cli::IdsOrAll>::schema(JsonWriter& w, const SchemaNote& note) {
  id_list_schema(w, note, [&] { w.start_object().key("const").string("all").end_object(); });
}

}  // namespace jobmon::api
