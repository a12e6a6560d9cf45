#pragma once
// Wire types of the CLI routes (wire.h's vocabulary, extended): answers that are one of several
// shapes, and the task id lists the CLI sends as one integer or as a list.
#include <cstdint>
#include <variant>
#include <vector>

#include "jobmon/wire.h"

namespace jobmon::routes::cli {

// An answer value of one of the types T... (Python code that writes an int or a text in the
// same place, or a list whose rows depend on a flag). Its schema is anyOf.
template <class... T>
struct OneOf : std::variant<T...> {
  using std::variant<T...>::variant;
};

// Task ids sent as one integer (not a digit string) or as a list of integers.
struct IdList : std::vector<std::int64_t> {};

// Task ids as IdList, or the text "all" (v3: every task of the workflow).
struct IdsOrAll {
  bool all = false;
  IdList ids;  // when not all
};

}  // namespace jobmon::routes::cli

namespace jobmon::api {

template <class... T>
struct Wire<routes::cli::OneOf<T...>> {
  static void write(JsonWriter& w, const routes::cli::OneOf<T...>& v) {
    std::visit([&](const auto& x) { Wire<std::decay_t<decltype(x)>>::write(w, x); },
               static_cast<const std::variant<T...>&>(v));
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    SchemaNote inner = note;
    inner.description = {};
    w.key("anyOf").start_array();
    (write_schema<T>(w, inner), ...);
    w.end_array();
  }
};

template <>
struct Wire<routes::cli::IdList> {
  static bool read(const JsonValue& v, routes::cli::IdList& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<routes::cli::IdsOrAll> {
  static bool read(const JsonValue& v, routes::cli::IdsOrAll& out);
  static void schema(JsonWriter& w, const SchemaNote& note);
};

}  // namespace jobmon::api
