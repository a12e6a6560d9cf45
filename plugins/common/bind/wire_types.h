#pragma once
// Wire types of the bind area that wire.h's vocabulary does not have: arrays whose elements are
// read one at a time by the handler (so a bad element names its own field), lists of distinct
// argument names, a node's argument values and hash, and the answer of POST /nodes.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobmon/orm/queries/bind.h"
#include "jobmon/wire.h"

namespace jobmon::routes::bind {

// A JSON array of objects of T, kept where it is in the request. The handler reads each element
// with read_element once the body's other fields are read, so the body's fields are checked
// first and a bad element is answered with the name of its own bad field ("'node_id' in request
// to ..."), as jobmond always answered.
template <class T>
struct Elements {
  const api::JsonValue* array = nullptr;
  auto begin() const { return array->Begin(); }
  auto end() const { return array->End(); }
  std::size_t size() const { return array->Size(); }
};

// One element of an Elements<T> field named `field`: a value that is not an object is the
// field's error, a bad member is the member's (400 "'<member>' in request to <path>").
template <class T>
T read_element(const api::Request& req, const api::JsonValue& element, std::string_view field) {
  // The field list as a constant: built on the stack for each of a chunk's 500 elements, it
  // would cost more than reading the element.
  static constexpr auto kFields = T::fields();
  if (!element.IsObject()) api::bad_field(req, field);
  T out{};
  auto read = [&](const auto& f) {
    if (!api::read_field(element, f, out)) api::bad_field(req, f.name);
  };
  std::apply([&](const auto&... f) { (read(f), ...); }, kFields);
  return out;
}

// Argument names of a task template version: strings, each at most once (the same name twice
// would map one argument twice).
struct UniqueNames : std::vector<std::string> {};

// A node's hash as the client sends it: a string (kept as it is), an integer of any length (its
// digits) or a boolean (Python's str()).
struct NodeArgsHash : std::string {};

// A node's argument values by argument id, in the order sent: {"<arg id>": value}, each value a
// scalar stored as Python's str() of it.
struct NodeArgs {
  std::vector<std::pair<std::int64_t, std::string>> values;
};

// POST /nodes' answer: {"<task_template_version_id>:<node_args_hash>": node_id} per node.
struct NodeIds {
  std::vector<orm::queries::NodeRow> rows;
};

}  // namespace jobmon::routes::bind

namespace jobmon::api {

template <class T>
struct Wire<routes::bind::Elements<T>> {
  static bool read(const JsonValue& v, routes::bind::Elements<T>& out) {
    out.array = &v;
    return v.IsArray();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    Wire<std::vector<T>>::schema(w, note);
  }
};

template <>
struct Wire<routes::bind::UniqueNames> {
  static bool read(const JsonValue& v, routes::bind::UniqueNames& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::bind::NodeArgsHash> {
  static bool read(const JsonValue& v, routes::bind::NodeArgsHash& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::bind::NodeArgs> {
  static bool read(const JsonValue& v, routes::bind::NodeArgs& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::bind::NodeIds> {
  static void write(JsonWriter& w, const routes::bind::NodeIds& v);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

}  // namespace jobmon::api
