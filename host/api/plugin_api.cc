#include "jobmon/plugin_api.h"

#include <charconv>
#include <stdexcept>

namespace jobmon::api {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kPatch:
      return "PATCH";
  }
  return "UNKNOWN";
}

const std::string& Request::param(std::string_view name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) {
    throw std::out_of_range("no path parameter '" + std::string(name) + "' in " + route_template);
  }
  return it->second;
}

std::int64_t Request::int_param(std::string_view name) const {
  const std::string& text = param(name);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    // Only reachable for a parameter not declared {name:int}: a handler bug, answered 500.
    throw std::invalid_argument("path parameter '" + std::string(name) + "' is not an integer");
  }
  return value;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::query_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query_items) {
    if (k == name) out.push_back(v);
  }
  return out;
}

Response Response::json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace jobmon::api
