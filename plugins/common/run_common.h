#pragma once
// Helpers shared by the run-path handler files (internal to the route library).
#include <optional>
#include <string>
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/json.h"
#include "jobmon/orm/queries/run.h"
#include "jobmon/routes/body.h"

namespace jobmon::routes {

inline std::vector<std::int64_t> id_array(const Body& body, std::string_view field,
                                          bool required = true) {
  std::vector<std::int64_t> ids;
  const api::JsonValue* v = required ? &body.require(field) : body.find(field);
  if (v == nullptr) return ids;
  if (!v->IsArray()) body.fail(field);
  for (const auto& e : v->GetArray()) {
    auto id = int_value(e);
    if (!id) body.fail(field);
    ids.push_back(*id);
  }
  return ids;
}

// An int query parameter, validated as FastAPI does: 422 in its shape when it is not an integer,
// and (required) when it is missing.
inline std::optional<std::int64_t> query_int(const api::Request& req, const std::string& name,
                                             bool required = false) {
  auto v = req.query_param(name);
  if (!v) {
    if (!required) return std::nullopt;
    throw api::JsonError(422, R"({"detail":[{"type":"missing","loc":["query",")" + name +
                                  R"("],"msg":"Field required","input":null}]})");
  }
  api::JsonValue text(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
  auto i = int_value(text);
  if (!i) {
    throw api::JsonError(422, R"({"detail":[{"type":"int_parsing","loc":["query",")" + name +
                                  R"("],"msg":"Input should be a valid integer, unable to )"
                                  R"(parse string as an integer","input":)" +
                                  api::to_json(text) + "}]}");
  }
  return i;
}

// {"R": [1, 2], "D": [3]}
inline void write_ids_by_status(api::JsonWriter& out, const orm::queries::IdsByStatus& m) {
  out.start_object();
  for (const auto& [status, ids] : m) {
    out.key(status).start_array();
    for (auto id : ids) out.integer(id);
    out.end_array();
  }
  out.end_object();
}

// Optional body fields that are written only when present (and not null).
inline orm::queries::OptionalFields optional_fields(const Body& body) {
  orm::queries::OptionalFields f;
  f.distributor_id = body.optional_scalar_text("distributor_id");
  f.nodename = body.optional_scalar_text("nodename");
  f.stdout_text = body.optional_scalar_text("stdout");
  f.stderr_text = body.optional_scalar_text("stderr");
  f.stdout_log = body.optional_scalar_text("stdout_log");
  f.stderr_log = body.optional_scalar_text("stderr_log");
  return f;
}

}  // namespace jobmon::routes
