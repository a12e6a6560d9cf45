// CLI routes about task templates (routes/v2|v3/cli/task_template.py at the reference commit):
// template versions, requested cores, popular queues and resource usage statistics.
#include <cmath>
#include <map>

#include "cli_common.h"
#include "cli_routes.h"
#include "cli_statistics.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/routes/python_text.h"
#include "run_common.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;
using api::JsonWriter;
using api::Response;

namespace {

// "(1,2,3)" -> {1, 2, 3}: parentheses stripped, empty items skipped, each item an integer
// (surrounding blanks allowed, as Python's int() allows them).
std::vector<std::int64_t> parse_version_ids(const api::Request& req) {
  auto raw = req.query_param("task_template_version_ids");
  if (!raw || raw->empty()) {
    throw api::InvalidUsage("Must provide task_template_version_ids");
  }
  std::string text = *raw;
  std::size_t b = text.find_first_not_of("()"), e = text.find_last_not_of("()");
  text = b == std::string::npos ? "" : text.substr(b, e - b + 1);
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  auto fail = [&](const std::string& why) {
    throw api::InvalidUsage(
        "Invalid format for task_template_version_ids. Expected format like '(1,2,3)'. Error: " +
        why);
  };
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) continue;
    std::size_t ib = item.find_first_not_of(" \t"), ie = item.find_last_not_of(" \t");
    std::string digits = ib == std::string::npos ? "" : item.substr(ib, ie - ib + 1);
    api::JsonValue v(digits.c_str(), static_cast<rapidjson::SizeType>(digits.size()));
    auto id = int_value(v);
    if (!id || digits.empty()) {
      fail("invalid literal for int() with base 10: " + api::python_repr(item));
    }
    ids.push_back(*id);
  }
  if (ids.empty()) fail("No valid IDs found in the string.");
  return ids;
}

// num_cores of a stored requested_resources text (a Python dict's str(), or JSON); 1 when
// absent or unreadable.
std::int64_t requested_cores_of(std::string text) {
  for (char& c : text) {
    if (c == '\'') c = '"';
  }
  api::JsonDocument doc;
  if (!api::parse_json(text, doc).ok || !doc.IsObject()) return 1;
  auto it = doc.FindMember("num_cores");
  if (it == doc.MemberEnd()) return 1;
  if (auto n = number_value(it->value)) return static_cast<std::int64_t>(*n);
  return 1;
}

// A stored usage number ("12", "12.0", NULL) as the reference's int(): 0 when absent.
std::int64_t usage_int(const q::Text& v) {
  if (!v || v->empty()) return 0;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  return std::isfinite(d) ? static_cast<std::int64_t>(d) : 0;
}

void write_ci(JsonWriter& out, const std::optional<std::pair<double, double>>& ci) {
  out.start_array();
  if (ci && std::isfinite(ci->first) && std::isfinite(ci->second)) {
    out.number(stats::round_to(ci->first, 2)).number(stats::round_to(ci->second, 2));
  } else {
    out.null().null();
  }
  out.end_array();
}

}  // namespace

Response task_template_version(const Context& ctx, const api::Request& req) {
  auto task_id = query_int(req, "task_id");
  auto workflow_id = query_int(req, "workflow_id");
  const bool task = task_id && *task_id != 0;
  const bool workflow = workflow_id && *workflow_id != 0;
  if (!task && !workflow && ctx.version == ApiVersion::kV2) {
    throw api::InvalidUsage("Must provide either task_id or workflow_id");
  }
  orm::ReadTx tx(ctx.db);
  std::vector<q::VersionName> rows;
  if (task) {
    rows = q::template_versions_of_task(tx, *task_id);
  } else if (workflow) {
    rows = q::template_versions_of_workflow(tx, *workflow_id);
  }
  JsonWriter out;
  out.start_object().key("task_template_version_ids").start_array();
  for (const auto& r : rows) {
    out.start_object().key("id").integer(r.id).key("name").string(r.name).end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response requested_cores(const Context& ctx, const api::Request& req) {
  auto ids = parse_version_ids(req);
  orm::ReadTx tx(ctx.db);
  std::vector<std::int64_t> order;  // versions in order of first appearance
  std::map<std::int64_t, std::vector<std::int64_t>> cores;
  for (const auto& r : q::requested_resources_of_versions(tx, ids)) {
    auto& list = cores[r.version_id];
    if (list.empty()) order.push_back(r.version_id);
    list.push_back(requested_cores_of(r.requested_resources));
  }
  JsonWriter out;
  out.start_object().key("core_info").start_array();
  for (auto id : order) {
    const auto& list = cores[id];
    out.start_object().key("id").integer(id);
    out.key("min").integer(*std::min_element(list.begin(), list.end()));
    out.key("max").integer(*std::max_element(list.begin(), list.end()));
    out.key("avg").integer(stats::round_half_even(stats::mean(list)));
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response most_popular_queue(const Context& ctx, const api::Request& req) {
  if (!req.query_param("task_template_version_ids")) missing_query("task_template_version_ids");
  auto ids = parse_version_ids(req);
  orm::ReadTx tx(ctx.db);
  std::vector<std::int64_t> order;
  std::map<std::int64_t, q::QueueUse> best;  // the first queue with the most uses wins ties
  for (auto& use : q::queue_use_of_versions(tx, ids)) {
    auto it = best.find(use.version_id);
    if (it == best.end()) {
      order.push_back(use.version_id);
      best.emplace(use.version_id, use);
    } else if (use.uses > it->second.uses) {
      it->second = use;
    }
  }
  JsonWriter out;
  out.start_object().key("queue_info").start_array();
  for (auto id : order) {
    const auto& b = best[id];
    out.start_object().key("id").integer(id).key("queue").string(b.queue_name);
    out.key("queue_id").integer(b.queue_id).end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response task_template_resource_usage(const Context& ctx, const api::Request& req) {
  if (ctx.version == ApiVersion::kV3) return task_template_resource_viz(ctx, req);
  Body body(req);
  std::int64_t version = body.require_int("task_template_version_id");
  const std::vector<std::int64_t> workflows = id_array(body, "workflows", false);
  // node_args {name: [values]}: an instance counts when its node has one of the listed values
  // for one of the listed args.
  std::map<std::string, std::set<std::string>> wanted;
  const api::JsonValue* node_args = body.find("node_args");
  if (node_args && !node_args->IsObject()) body.fail("node_args");
  if (node_args) {
    for (const auto& m : node_args->GetObject()) {
      auto& values = wanted[std::string(m.name.GetString(), m.name.GetStringLength())];
      if (m.value.IsArray()) {
        for (const auto& v : m.value.GetArray()) {
          if (auto t = scalar_text(v)) values.insert(*t);
        }
      } else if (m.value.IsString()) {  // `in` on a string: each value must be a substring
        values.insert(std::string(m.value.GetString(), m.value.GetStringLength()));
      }
    }
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::template_version_usage(tx, version, workflows);
  if (node_args && node_args->MemberCount() > 0) {
    std::vector<std::int64_t> node_ids;
    for (const auto& r : rows) node_ids.push_back(r.node_id);
    std::set<std::int64_t> matching;
    for (const auto& a : q::node_arg_values(tx, node_ids)) {
      auto it = wanted.find(a.arg_name);
      if (it != wanted.end() && it->second.count(a.value)) matching.insert(a.node_id);
    }
    std::erase_if(rows, [&](const q::InstanceUsage& r) { return !matching.count(r.node_id); });
  }

  JsonWriter out;
  out.start_array();
  if (rows.empty()) {
    for (int i = 0; i < 11; ++i) out.null();
  } else {
    std::vector<std::int64_t> runtimes, mems;
    for (const auto& r : rows) {
      runtimes.push_back(usage_int(r.wallclock));
      mems.push_back(std::max<std::int64_t>(0, usage_int(r.maxrss)));
    }
    const auto count = static_cast<std::int64_t>(rows.size());
    // Zeros are "not measured": left out of every statistic.
    std::erase(runtimes, 0);
    std::erase(mems, 0);
    auto summary = [](const std::vector<std::int64_t>& v) {
      struct S {
        std::int64_t min = 0, max = 0;
        double mean = 0.0, median = 0.0;
      } s;
      if (v.empty()) return s;
      s.min = *std::min_element(v.begin(), v.end());
      s.max = *std::max_element(v.begin(), v.end());
      s.mean = stats::round_to(stats::mean(v), 2);
      s.median = stats::round_to(stats::median(v), 2);
      return s;
    };
    auto mem = summary(mems), run = summary(runtimes);
    out.integer(count).integer(mem.min).integer(mem.max).number(mem.mean);
    out.integer(run.min).integer(run.max).number(run.mean).number(mem.median).number(run.median);
    std::optional<double> ci;
    if (const auto* c = body.find("ci")) ci = number_value(*c);
    if (ci) {
      write_ci(out, stats::t_interval(mems, *ci));
      write_ci(out, stats::t_interval(runtimes, *ci));
    } else {
      out.start_array().null().null().end_array();
      out.start_array().null().null().end_array();
    }
  }
  if (truthy(body.find("viz"))) {
    out.start_array();
    for (const auto& r : rows) {
      out.start_object().key("r");
      r.wallclock ? out.string(*r.wallclock) : out.integer(0);
      out.key("m");
      r.maxrss ? out.string(*r.maxrss) : out.null();
      out.key("node_id").integer(r.node_id).key("task_id").integer(r.task_id).end_object();
    }
    out.end_array();
  }
  out.end_array();
  return Response::json(out.str());
}

}  // namespace jobmon::routes::cli
