#pragma once
// An answer value of one of the types T... (Python code that writes an int or a text in the same
// place, a list whose rows depend on a flag, or a value whose form depends on the caller's client
// generation). Its schema is anyOf.
#include <variant>

#include "jobmon/wire.h"

namespace jobmon::routes {

template <class... T>
struct OneOf : std::variant<T...> {
  using std::variant<T...>::variant;
};

}  // namespace jobmon::routes

namespace jobmon::api {

template <class... T>
struct Wire<routes::OneOf<T...>> {
  static void write(JsonWriter& w, const routes::OneOf<T...>& v) {
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

}  // namespace jobmon::api
