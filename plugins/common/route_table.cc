#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

namespace {

struct Field {
  std::string name, type;
  bool required = false;
};

std::vector<Field> parse_fields(std::string_view text) {
  std::vector<Field> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t colon = item.find(':');
    Field f;
    f.name = std::string(item.substr(0, colon));
    f.type = colon == std::string_view::npos ? "any" : std::string(item.substr(colon + 1));
    if (!f.type.empty() && f.type.back() == '!') {
      f.required = true;
      f.type.pop_back();
    }
    out.push_back(f);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string type_schema(const std::string& type) {
  if (type == "any") return "{}";
  if (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) {
    return R"({"type":"array","items":)" + type_schema(type.substr(0, type.size() - 2)) + "}";
  }
  return R"({"type":")" + type + R"("})";
}

std::string schema_text(const char* compact) {
  if (compact == nullptr) return "";
  if (compact[0] == '{') return compact;
  return compact_object_schema(compact);
}

std::string query_text(const char* compact) {
  if (compact == nullptr) return "";
  std::string out = "[";
  for (const Field& f : parse_fields(compact)) {
    out += std::string(out.size() > 1 ? "," : "") + R"({"name":")" + f.name + R"(","required":)" +
           (f.required ? "true" : "false") + R"(,"schema":)" + type_schema(f.type) + "}";
  }
  return out + "]";
}

}  // namespace

std::string compact_object_schema(std::string_view fields) {
  std::string properties, required;
  for (const Field& f : parse_fields(fields)) {
    properties +=
        std::string(properties.empty() ? "" : ",") + "\"" + f.name + "\":" + type_schema(f.type);
    if (f.required) required += std::string(required.empty() ? "" : ",") + "\"" + f.name + "\"";
  }
  std::string out = R"({"type":"object","properties":{)" + properties + "}";
  if (!required.empty()) out += R"(,"required":[)" + required + "]";
  return out + "}";
}

void register_table(api::Registry& registry, const Context& ctx,
                    std::span<const RouteEntry> table) {
  for (const RouteEntry& entry : table) {
    RouteFunction fn = entry.handler;
    registry.add(api::RouteSpec{
        .method = entry.method,
        .path = entry.path,
        .handler = [ctx, fn](const api::Request& req) { return fn(ctx, req); },
        .summary = entry.summary,
        .query = query_text(entry.query),
        .request_schema = schema_text(entry.body),
        .answers = {api::AnswerSpec{200, "OK", schema_text(entry.answer)}},
    });
  }
}

}  // namespace jobmon::routes

namespace jobmon::routes {

void register_routes(api::Registry& registry, const Context& ctx,
                     std::span<const RouteMaker> table) {
  for (RouteMaker make : table) registry.add(make(ctx));
}

}  // namespace jobmon::routes
