#pragma once
// The host's route table: built once on the main thread while plugins register, then frozen
// (held as shared_ptr<const RouteTable>) and only read, concurrently, by server threads. No
// Pistache router: matching is a find-only walk over a segment tree.
//
// Matching follows Starlette as the reference mounts it: a template segment is a literal, {name}
// or {name:int}; literal segments beat parameter segments; {name:int} matches any segment and is
// validated afterwards (422), so int-ness never changes which route matches. A path that matches
// some route under another method is a 405, otherwise a 404.
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

struct RouteParam {
  std::size_t segment;  // index into the path's segments
  std::string name;
  bool is_int;
};

struct Route {
  api::Method method;
  std::string path_template;  // full template including the plugin prefix
  std::vector<RouteParam> params;
  api::Handler handler;  // code lives in the plugin library; see PluginLoader for lifetime
  api::AuthPolicy policy = api::AuthPolicy::kRequireUser;
  std::string plugin;  // registering plugin's name, for messages
  std::string summary;
  std::string query, request_schema;  // OpenAPI (RouteSpec)
  std::vector<api::AnswerSpec> answers;
};

// A route template that cannot be parsed, or a method+path registered twice.
class RouteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RouteMatch {
  enum class Kind { kFound, kMethodNotAllowed, kNotFound };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;                             // set when kFound
  std::vector<std::pair<std::string, std::string>> params;  // raw (decoded) segment values
};

class RouteTable {
 public:
  RouteTable();
  ~RouteTable();
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  // Adds a route. Throws RouteError for a bad template or when the same method and the same
  // path shape (parameter names ignored) is already registered, naming both plugins.
  Route& add(Route route);

  // method == nullopt stands for an HTTP method no route can have (HEAD, OPTIONS, ...).
  RouteMatch match(std::optional<api::Method> method,
                   const std::vector<std::string>& segments) const;

  std::size_t size() const { return routes_.size(); }
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  // Mutable access while building (the loader applies a plugin's auth policy after its
  // register function returned).
  std::vector<std::unique_ptr<Route>>& mutable_routes() { return routes_; }

 private:
  struct Node;
  bool find(const Node& node, const std::vector<std::string>& segments, std::size_t index,
            std::optional<api::Method> method, const Route*& found, bool& partial) const;

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

// Parses a template into segments: literal text, or a parameter {name} / {name:int}.
struct TemplateSegment {
  bool is_param = false;
  bool is_int = false;
  std::string text;  // literal text or parameter name
};
std::vector<TemplateSegment> parse_template(const std::string& path_template);

}  // namespace jobmon::host
