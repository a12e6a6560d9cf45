#include "host_registry.h"

#include "jobmon/json.h"

namespace jobmon::host {

HostRegistry::HostRegistry(RouteTable& table, orm::Database& db, std::string plugin_name,
                           std::string prefix, std::string admin_refusal)
    : table_(table),
      db_(db),
      plugin_name_(std::move(plugin_name)),
      prefix_(std::move(prefix)),
      admin_refusal_(std::move(admin_refusal)) {
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
}

void HostRegistry::set_auth_policy(api::AuthPolicy policy) {
  if (policy == api::AuthPolicy::kRequireAdmin && !admin_refusal_.empty()) {
    throw RouteError("plugin '" + plugin_name_ + "' serves administrative routes, but " +
                     admin_refusal_);
  }
  policy_ = policy;
}

void HostRegistry::add(api::RouteSpec spec) {
  if (!spec.handler) {
    throw RouteError("route " + std::string(api::method_name(spec.method)) + " " + spec.path +
                     " of plugin '" + plugin_name_ + "' has no handler");
  }
  if (spec.path.empty() || spec.path.front() != '/') {
    throw RouteError("route path '" + spec.path + "' of plugin '" + plugin_name_ +
                     "' must start with '/'");
  }
  // The OpenAPI parts must be JSON: a broken one would break the whole document.
  std::vector<const std::string*> texts = {&spec.query, &spec.request_schema};
  for (const api::AnswerSpec& a : spec.answers) texts.push_back(&a.schema);
  for (const std::string* text : texts) {
    api::JsonDocument doc;
    if (!text->empty() && !api::parse_json(*text, doc).ok) {
      throw RouteError("route " + std::string(api::method_name(spec.method)) + " " + spec.path +
                       " of plugin '" + plugin_name_ + "' declares invalid JSON: " + *text);
    }
  }
  Route route;
  route.method = spec.method;
  route.path_template = prefix_ + spec.path;
  route.handler = std::move(spec.handler);
  route.policy = policy_;
  route.plugin = plugin_name_;
  route.summary = std::move(spec.summary);
  route.query = std::move(spec.query);
  route.request_schema = std::move(spec.request_schema);
  route.answers = std::move(spec.answers);
  added_.push_back(&table_.add(std::move(route)));
}

std::size_t HostRegistry::finish() {
  for (Route* r : added_) r->policy = policy_;
  return added_.size();
}

}  // namespace jobmon::host
