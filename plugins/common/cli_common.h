#pragma once
// Helpers shared by the CLI handler files (internal to the route library).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/json.h"
#include "jobmon/plugin_api.h"
#include "jobmon/routes/body.h"

namespace jobmon::routes::cli {

// FastAPI's 422 for a required query parameter that is absent.
[[noreturn]] inline void missing_query(const std::string& name) {
  throw api::JsonError(422, R"({"detail":[{"type":"missing","loc":["query",")" + name +
                                R"("],"msg":"Field required","input":null}]})");
}

// Every value of a repeated int query parameter (?task_ids=1&task_ids=2), 422 in FastAPI's
// shape for one that is not an integer.
inline std::vector<std::int64_t> query_ints(const api::Request& req, const std::string& name) {
  std::vector<std::int64_t> out;
  auto values = req.query_values(name);
  for (std::size_t i = 0; i < values.size(); ++i) {
    api::JsonValue text(values[i].c_str(), static_cast<rapidjson::SizeType>(values[i].size()));
    auto v = int_value(text);
    if (!v) {
      throw api::JsonError(422, R"({"detail":[{"type":"int_parsing","loc":["query",")" + name +
                                    "\"," + std::to_string(i) +
                                    R"(],"msg":"Input should be a valid integer, unable to )"
                                    R"(parse string as an integer","input":)" +
                                    api::to_json(text) + "}]}");
    }
    out.push_back(*v);
  }
  return out;
}

// The status letters behind CLI labels (PENDING -> "AGQIE", ...). An unknown label is the
// caller's error: 400 (the reference raised KeyError, a 500).
inline std::string letters_of_labels(const std::vector<std::string>& labels,
                                     const std::map<std::string, std::string>& letters_of,
                                     const std::string& path) {
  std::string out;
  for (const auto& label : labels) {
    auto it = letters_of.find(label);
    if (it == letters_of.end()) {
      throw api::InvalidUsage("Unknown status " + label + " in request to " + path);
    }
    out += it->second;
  }
  return out;
}

// Python's repr of a set of ints: "{1, 2}", "set()".
inline std::string python_set(const std::set<std::int64_t>& ids) {
  if (ids.empty()) return "set()";
  std::string out = "{";
  for (auto id : ids) out += (out.size() > 1 ? ", " : "") + std::to_string(id);
  return out + "}";
}

// Python's truth value of a JSON value (data.get("partial_reset", False)).
inline bool truthy(const api::JsonValue* v) {
  if (v == nullptr || v->IsNull()) return false;
  if (v->IsBool()) return v->GetBool();
  if (v->IsNumber()) return v->GetDouble() != 0.0;
  if (v->IsString()) return v->GetStringLength() > 0;
  if (v->IsArray()) return !v->Empty();
  return v->MemberCount() > 0;
}

// "YYYY-MM-DD HH:MM:SS" -> Python's datetime.isoformat(): "YYYY-MM-DDTHH:MM:SS".
inline std::string iso_time(std::string t) {
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  return t;
}

}  // namespace jobmon::routes::cli
