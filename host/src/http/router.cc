#include "http/router.h"

#include "http/url.h"

namespace jobmon::host {

namespace {

constexpr std::size_t kMethodCount = 5;

std::size_t method_index(api::Method m) { return static_cast<std::size_t>(m); }

bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

struct RouteTable::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::array<const Route*, kMethodCount> by_method{};
  bool terminal() const {
    for (const Route* r : by_method) {
      if (r != nullptr) return true;
    }
    return false;
  }
};

RouteTable::RouteTable() : root_(std::make_unique<Node>()) {}
RouteTable::~RouteTable() = default;

std::vector<TemplateSegment> parse_template(const std::string& path_template) {
  if (path_template.empty() || path_template.front() != '/') {
    throw RouteError("route template '" + path_template + "' must start with '/'");
  }
  std::vector<TemplateSegment> out;
  for (const std::string& seg : split_path(path_template)) {
    TemplateSegment ts;
    if (!seg.empty() && seg.front() == '{') {
      if (seg.back() != '}') {
        throw RouteError("route template '" + path_template + "': bad segment '" + seg + "'");
      }
      std::string inner = seg.substr(1, seg.size() - 2);
      std::size_t colon = inner.find(':');
      ts.is_param = true;
      ts.text = inner.substr(0, colon);
      if (colon != std::string::npos) {
        std::string conv = inner.substr(colon + 1);
        if (conv != "int") {
          throw RouteError("route template '" + path_template + "': unknown converter '" + conv +
                           "' (only {name} and {name:int})");
        }
        ts.is_int = true;
      }
      if (!valid_name(ts.text)) {
        throw RouteError("route template '" + path_template + "': bad parameter name '" + ts.text +
                         "'");
      }
    } else {
      if (seg.find_first_of("{}") != std::string::npos) {
        throw RouteError("route template '" + path_template + "': bad segment '" + seg + "'");
      }
      ts.text = seg;
    }
    out.push_back(std::move(ts));
  }
  return out;
}

Route& RouteTable::add(Route route) {
  std::vector<TemplateSegment> segments = parse_template(route.path_template);
  Node* node = root_.get();
  route.params.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const TemplateSegment& seg = segments[i];
    if (seg.is_param) {
      for (const RouteParam& p : route.params) {
        if (p.name == seg.text) {
          throw RouteError("route template '" + route.path_template + "': parameter '" + seg.text +
                           "' appears twice");
        }
      }
      route.params.push_back(RouteParam{i, seg.text, seg.is_int});
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      auto it = node->literals.find(seg.text);
      if (it == node->literals.end()) {
        it = node->literals.emplace(seg.text, std::make_unique<Node>()).first;
      }
      node = it->second.get();
    }
  }
  const Route*& slot = node->by_method[method_index(route.method)];
  if (slot != nullptr) {
    throw RouteError("duplicate route " + std::string(api::method_name(route.method)) + " " +
                     route.path_template + " (plugin '" + route.plugin +
                     "'): already registered as " + slot->path_template + " by plugin '" +
                     slot->plugin + "'");
  }
  routes_.push_back(std::make_unique<Route>(std::move(route)));
  slot = routes_.back().get();
  return *routes_.back();
}

bool RouteTable::find(const Node& node, const std::vector<std::string>& segments, std::size_t index,
                      std::optional<api::Method> method, const Route*& found, bool& partial) const {
  if (index == segments.size()) {
    if (method && node.by_method[method_index(*method)] != nullptr) {
      found = node.by_method[method_index(*method)];
      return true;
    }
    if (node.terminal()) partial = true;
    return false;
  }
  auto it = node.literals.find(segments[index]);
  if (it != node.literals.end() && find(*it->second, segments, index + 1, method, found, partial)) {
    return true;
  }
  return node.param && find(*node.param, segments, index + 1, method, found, partial);
}

RouteMatch RouteTable::match(std::optional<api::Method> method,
                             const std::vector<std::string>& segments) const {
  RouteMatch result;
  if (segments.empty()) return result;
  const Route* found = nullptr;
  bool partial = false;
  if (find(*root_, segments, 0, method, found, partial)) {
    result.kind = RouteMatch::Kind::kFound;
    result.route = found;
    for (const RouteParam& p : found->params) {
      result.params.emplace_back(p.name, segments[p.segment]);
    }
  } else if (partial) {
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
  }
  return result;
}

}  // namespace jobmon::host
