#pragma once
// The shared route library: every handler of every API version is written once here. A version
// plugin (plugins/v2, plugins/v3, plugins/compat) is a descriptor, a table of RouteEntry rows
// naming which of these handlers it serves, and its policy. Handlers see the plugin API and the
// orm layer only; they never see Pistache, and they never write SQL (queries live in orm/).
#include <span>
#include <string>
#include <string_view>

#include "jobmon/plugin_api.h"
#include "jobmon/routes/context.h"

namespace jobmon::routes {

using RouteFunction = api::Response (*)(const Context&, const api::Request&);

// OpenAPI declarations in a compact form (expanded by register_table into JSON Schema):
// comma-separated "name:type" fields, "!" after the type marks a required one, e.g.
// "next_report_increment:number!,nodename:string". Types: integer, number, string, boolean,
// object, array, integer[], string[], any. A text starting with '{' is a JSON Schema as is.
// Null: not declared.
struct RouteEntry {
  api::Method method;
  const char* path;  // relative to the plugin prefix, e.g. "/task/{task_id:int}/set_resume_state"
  RouteFunction handler;
  const char* summary;
  const char* body = nullptr;    // request body fields
  const char* answer = nullptr;  // 200 answer fields
  const char* query = nullptr;   // query parameters
};

// The JSON Schema of an object with the compact `fields` (see RouteEntry); exposed for tests.
std::string compact_object_schema(std::string_view fields);

// Registers every entry of `table` with `registry`, bound to a Context for `version`.
void register_table(api::Registry& registry, const Context& ctx, std::span<const RouteEntry> table);

}  // namespace jobmon::routes
