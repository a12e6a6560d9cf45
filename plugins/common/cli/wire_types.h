#pragma once
// Wire types of the CLI routes (wire.h's vocabulary, extended): answers that are one of several
// shapes (core/one_of.h), and the task id lists the CLI sends as one integer or as a list.
#include <cstdint>
#include <vector>

#include "common/core/one_of.h"
#include "jobmon/wire.h"

namespace jobmon::routes::cli {

using routes::OneOf;

// Task ids sent as one integer (not a digit string) or as a list of integers.
struct IdList : std::vector<std::int64_t> {};

// Task ids as IdList, or the text "all" (v3: every task of the workflow).
struct IdsOrAll {
  bool all = false;
  IdList ids;  // when not all
};

}  // namespace jobmon::routes::cli

namespace jobmon::api {

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
