#include "openapi.h"

#include <map>

#include "jobmon/json.h"
#include "jobmon/route.h"
#include "jobmon/wire.h"

namespace jobmon::host {

namespace {

// Whether a route is documented as needing credentials: v3's and the admin routes, when
// authentication is on (the admin routes with --admin-open and authentication off take none).
bool authenticated(const Route& r, bool auth_enabled) {
  return auth_enabled && r.policy != api::AuthPolicy::kNone;
}

// "/a/{id:int}/b" -> "/a/{id}/b": OpenAPI templates carry no types.
std::string openapi_path(const std::string& path_template) {
  std::string out;
  bool in_param = false;
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    const char c = path_template[i];
    if (c == '{') in_param = true;
    if (c == '}') in_param = false;
    if (in_param && c == ':') {
      while (i + 1 < path_template.size() && path_template[i + 1] != '}') ++i;
      continue;
    }
    out += c;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string operation_id(const Route& r) {
  std::string id = r.plugin + "_" + lower(api::method_name(r.method));
  for (char c : r.path_template) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return id;
}

void write_json_text(api::JsonWriter& w, const std::string& text) {
  api::JsonDocument doc;
  if (!text.empty() && api::parse_json(text, doc).ok) {
    w.value(doc);
  } else {
    w.start_object().end_object();  // any JSON
  }
}

// One status of the answers: media type -> schemas (several are any of them).
using AnswerBodies = std::map<std::string, std::vector<std::string>>;
struct StatusAnswers {
  std::string description;
  AnswerBodies bodies;
};

void add_host_answers(std::map<int, StatusAnswers>& out, const Route& r, bool auth_enabled) {
  // Shared by every operation: written once under components/schemas.
  const std::string custom = R"({"$ref":"#/components/schemas/CustomError"})";
  const std::string detail = R"({"$ref":"#/components/schemas/DetailMessage"})";
  const std::string validation = R"({"$ref":"#/components/schemas/ValidationError"})";
  auto add = [&](int status, const char* description, const char* media,
                 const std::string& schema) {
    StatusAnswers& a = out[status];
    if (a.description.empty()) a.description = description;
    a.bodies[media].push_back(schema);
  };
  add(400, "Invalid request (InvalidUsage, or a transition the state machine refuses)",
      api::kCustomJson, custom);
  if (authenticated(r, auth_enabled)) {
    add(401, "Not authenticated, or not the workflow's owner", "application/json", detail);
    add(403,
        r.policy == api::AuthPolicy::kRequireAdmin
            ? "Authenticated but not in the admin group (--auth-admin-group)"
            : "Authenticated but not allowed",
        "application/json", detail);
  }
  add(404, "No such row", "application/json", detail);
  add(413, "Request body larger than --max-body-bytes", "application/json", detail);
  add(422, "Path or query parameter of the wrong type, or missing", "application/json", validation);
  add(423, "Lock conflict: retry", api::kCustomJson, custom);
  add(500, "Unexpected server error (its cause is logged, never sent)", api::kCustomJson, custom);
  add(503, "Database unavailable or server shutting down: retry", api::kCustomJson, custom);
}

void write_schemas(api::JsonWriter& w, const std::vector<std::string>& schemas) {
  if (schemas.size() == 1) {
    write_json_text(w, schemas.front());
    return;
  }
  w.start_object().key("anyOf").start_array();
  for (const std::string& s : schemas) write_json_text(w, s);
  w.end_array().end_object();
}

void write_operation(api::JsonWriter& w, const Route& r, bool auth_enabled) {
  w.start_object();
  w.key("summary").string(r.summary);
  w.key("operationId").string(operation_id(r));
  w.key("tags").start_array().string(r.plugin).end_array();
  w.key("parameters").start_array();
  for (const RouteParam& p : r.params) {
    w.start_object().key("name").string(p.name).key("in").string("path");
    w.key("required").boolean(true);
    w.key("schema").start_object().key("type").string(p.is_int ? "integer" : "string");
    w.end_object().end_object();
  }
  if (!r.query.empty()) {
    api::JsonDocument q;
    if (api::parse_json(r.query, q).ok && q.IsArray()) {
      for (auto& item : q.GetArray()) {
        if (!item.IsObject()) continue;
        item.AddMember("in", "query", q.GetAllocator());
        w.value(item);
      }
    }
  }
  w.end_array();
  if (!r.request_schema.empty()) {
    w.key("requestBody").start_object().key("required").boolean(true);
    w.key("content").start_object().key("application/json").start_object().key("schema");
    write_json_text(w, r.request_schema);
    w.end_object().end_object().end_object();
  }
  std::map<int, StatusAnswers> answers;
  // A route registered without its answers (by hand, not declared) answers 200 with any JSON.
  if (r.answers.empty()) answers[200] = {"OK", {{"application/json", {""}}}};
  for (const api::AnswerSpec& a : r.answers) {
    StatusAnswers& s = answers[a.status];
    if (s.description.empty()) s.description = a.description;
    s.bodies["application/json"].push_back(a.schema);
  }
  add_host_answers(answers, r, auth_enabled);
  // Not declared (a hand-filled RouteSpec): what it answers is not known beyond the host's own.
  if (r.answers.empty()) w.key("x-undeclared").boolean(true);
  w.key("responses").start_object();
  for (const auto& [status, a] : answers) {
    w.key(std::to_string(status)).start_object();
    w.key("description").string(a.description.empty() ? "Error" : a.description);
    w.key("content").start_object();
    for (const auto& [media, schemas] : a.bodies) {
      w.key(media).start_object().key("schema");
      write_schemas(w, schemas);
      w.end_object();
    }
    w.end_object().end_object();
  }
  w.end_object();
  if (authenticated(r, auth_enabled)) {
    w.key("security").start_array().start_object().key("bearer").start_array().end_array();
    w.end_object().end_array();
  }
  w.end_object();
}

}  // namespace

std::string openapi_document(const RouteTable& routes, bool auth_enabled) {
  // Paths in order, methods in order within a path.
  std::map<std::string, std::map<std::string, const Route*>> paths;
  for (const auto& r : routes.routes()) {
    paths[openapi_path(r->path_template)][lower(api::method_name(r->method))] = r.get();
  }
  api::JsonWriter w;
  w.start_object().key("openapi").string("3.1.0");
  w.key("info").start_object().key("title").string("jobmond");
  w.key("version").string(JOBMOND_VERSION);
  w.key("description")
      .string(
          "The Jobmon server API as this jobmond deployment serves it (generated from the "
          "routes its plugins registered).");
  w.end_object();
  w.key("paths").start_object();
  for (const auto& [path, methods] : paths) {
    w.key(path).start_object();
    for (const auto& [method, route] : methods) {
      w.key(method);
      write_operation(w, *route, auth_enabled);
    }
    w.end_object();
  }
  w.end_object();
  w.key("components").start_object().key("schemas").start_object();
  w.key("CustomError").raw_json(api::schema_text<api::CustomError>(true));
  w.key("DetailMessage").raw_json(api::schema_text<api::DetailMessage>(true));
  w.key("ValidationError").raw_json(api::schema_text<api::ValidationError>(true));
  w.end_object();
  w.key("securitySchemes").start_object();
  w.key("bearer").start_object().key("type").string("http").key("scheme").string("bearer");
  w.key("bearerFormat").string("JWT").end_object();
  w.end_object().end_object();
  w.end_object();
  return w.str();
}

}  // namespace jobmon::host
