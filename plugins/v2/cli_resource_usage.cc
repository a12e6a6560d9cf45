// v2's POST /task_template_resource_usage: the CLI's runtime and memory statistics of a template
// version's DONE instances (docs/api-cli-reaper.md, "Statistics").
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "common/cli/statistics.h"
#include "jobmon/orm/queries/cli.h"
#include "v2/cli_routes.h"

namespace jobmon::routes::v2 {

namespace q = orm::queries::cli;
namespace stats = cli::stats;

namespace {

using NodeArgs = std::map<std::string, std::set<std::string>>;

// node_args {name: [values]}: an instance counts when its node has one of the listed values for
// one of the listed args. A text is one value; anything else lists none.
NodeArgs wanted_node_args(const std::map<std::string, api::JsonRef>& node_args) {
  NodeArgs wanted;
  for (const auto& [name, ref] : node_args) {
    auto& values = wanted[name];
    const api::JsonValue& v = *ref.value;
    if (v.IsArray()) {
      for (const auto& e : v.GetArray()) {
        if (auto t = api::scalar_text(e)) values.insert(*t);
      }
    } else if (v.IsString()) {
      values.insert(std::string(v.GetString(), v.GetStringLength()));
    }
  }
  return wanted;
}

void keep_matching_nodes(orm::ReadTx& tx, std::vector<q::InstanceUsage>& rows,
                         const NodeArgs& wanted) {
  std::vector<std::int64_t> node_ids;
  for (const auto& r : rows) node_ids.push_back(r.node_id);
  std::set<std::int64_t> matching;
  for (const auto& a : q::node_arg_values(tx, node_ids)) {
    auto it = wanted.find(a.arg_name);
    if (it != wanted.end() && it->second.count(a.value)) matching.insert(a.node_id);
  }
  std::erase_if(rows, [&](const q::InstanceUsage& r) { return !matching.count(r.node_id); });
}

// A stored usage number ("12", "12.0", NULL) as the reference's int(): 0 when absent.
std::int64_t usage_int(const q::Text& v) {
  if (!v || v->empty()) return 0;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  return std::isfinite(d) ? static_cast<std::int64_t>(d) : 0;
}

Interval interval(const std::vector<std::int64_t>& values, const std::optional<double>& ci) {
  if (!ci) return {};
  auto range = stats::t_interval(values, *ci);
  if (!range || !std::isfinite(range->first) || !std::isfinite(range->second)) return {};
  return {stats::round_to(range->first, 2), stats::round_to(range->second, 2)};
}

struct Summary {
  std::int64_t min = 0, max = 0;
  double mean = 0.0, median = 0.0;
};

Summary summary(const std::vector<std::int64_t>& v) {
  Summary s;
  if (v.empty()) return s;
  s.min = *std::min_element(v.begin(), v.end());
  s.max = *std::max_element(v.begin(), v.end());
  s.mean = stats::round_to(stats::mean(v), 2);
  s.median = stats::round_to(stats::median(v), 2);
  return s;
}

void add_statistics(TemplateUsage& out, const std::vector<q::InstanceUsage>& rows,
                    const std::optional<double>& ci) {
  std::vector<std::int64_t> runtimes, mems;
  for (const auto& r : rows) {
    runtimes.push_back(usage_int(r.wallclock));
    mems.push_back(std::max<std::int64_t>(0, usage_int(r.maxrss)));
  }
  // Zeros are "not measured": left out of every statistic.
  std::erase(runtimes, 0);
  std::erase(mems, 0);
  const Summary mem = summary(mems), run = summary(runtimes);
  out.statistics = {static_cast<std::int64_t>(rows.size()),
                    mem.min,
                    mem.max,
                    mem.mean,
                    run.min,
                    run.max,
                    run.mean,
                    mem.median,
                    run.median,
                    interval(mems, ci),
                    interval(runtimes, ci)};
}

UsageRow usage_row(const q::InstanceUsage& r) {
  UsageRow row;
  if (r.wallclock) {
    row.r = *r.wallclock;
  } else {
    row.r = std::int64_t{0};
  }
  row.m = r.maxrss;
  row.node_id = r.node_id;
  row.task_id = r.task_id;
  return row;
}

}  // namespace

GetTaskTemplateResourceUsage::Answer GetTaskTemplateResourceUsage::handle(const Context& ctx,
                                                                          const api::In<Body>& in) {
  const Body& body = in.body;
  const NodeArgs wanted =
      wanted_node_args(body.node_args.value_or(std::map<std::string, api::JsonRef>{}));
  orm::ReadTx tx(ctx.db);
  auto rows = q::template_version_usage(tx, body.task_template_version_id,
                                        body.workflows.value_or(std::vector<std::int64_t>{}));
  if (body.node_args && !body.node_args->empty()) keep_matching_nodes(tx, rows, wanted);
  TemplateUsage out;
  if (!rows.empty()) {
    std::optional<double> ci;
    if (body.ci) ci = api::number_value(*body.ci->value);
    add_statistics(out, rows, ci);
  }
  if (cli::truthy(body.viz)) {
    auto& list = out.rows.emplace();
    for (const auto& r : rows) list.push_back(usage_row(r));
  }
  return out;
}

}  // namespace jobmon::routes::v2

namespace jobmon::api {

void Wire<routes::v2::TemplateUsage>::schema(JsonWriter& w, const SchemaNote& note) {
  using Statistics = decltype(routes::v2::TemplateUsage::statistics);
  const SchemaNote inner{note.answer, {}, 0, std::nullopt};
  schema_type(w, "array");
  w.key("prefixItems").start_array();
  std::apply([&](const auto&... e) { (write_schema<std::decay_t<decltype(e)>>(w, inner), ...); },
             Statistics{});
  write_schema<std::vector<routes::v2::UsageRow>>(w, inner);
  w.end_array();
  w.key("minItems").integer(std::tuple_size_v<Statistics>);
  w.key("maxItems").integer(std::tuple_size_v<Statistics> + 1);
}

}  // namespace jobmon::api
