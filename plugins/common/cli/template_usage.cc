// POST /task_template_resource_usage in v3's form: Jobmon 3.6's statistics of a template version's
// ended instances, and the GUI's per-instance rows (docs/api-cli-reaper.md, "CLI: task
// templates"; "Statistics"). v2's form is plugins/v2/cli_resource_usage.cc.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "common/cli/cli.h"
#include "common/cli/statistics.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;

namespace {

using NodeArgs = std::map<std::string, std::set<std::string>>;

// FastAPI's 422 for a body without the field: {"detail": [{"type": "missing", "loc": ["body",
// field], "msg": "Field required", "input": <the body>}]}.
[[noreturn]] void missing_body_field(const api::JsonValue& body, const char* field) {
  api::ValidationItem item;
  item.type = "missing";
  item.loc = {api::RawJson{"\"body\""}, api::RawJson{"\"" + std::string(field) + "\""}};
  item.msg = "Field required";
  item.input = api::RawJson{api::to_json(body)};
  api::fail_with(422, api::ValidationError{{std::move(item)}});
}

// Keeps the rows whose node has, for every listed arg, one of its listed values.
void keep_matching_nodes(orm::ReadTx& tx, std::vector<q::InstanceResources>& rows,
                         const NodeArgs& wanted) {
  std::vector<std::int64_t> nodes;
  for (const auto& r : rows) nodes.push_back(r.node_id);
  std::map<std::int64_t, NodeArgs> args_of;
  for (const auto& a : orm::queries::cli::node_arg_values(tx, nodes)) {
    args_of[a.node_id][a.arg_name].insert(a.value);
  }
  std::erase_if(rows, [&](const q::InstanceResources& r) {
    const auto& have = args_of[r.node_id];
    for (const auto& [name, values] : wanted) {
      auto it = have.find(name);
      if (it == have.end()) return true;
      bool match = false;
      for (const auto& v : it->second) match = match || values.count(v) > 0;
      if (!match) return true;
    }
    return false;
  });
}

// The row of an instance, or nothing when its usage does not read as numbers (Jobmon 3.6's
// float(wallclock) and int(maxrss) refuse them: the row is left out).
std::optional<GetTaskTemplateResourceUsage::Usage> usage_row(q::InstanceResources& r) {
  GetTaskTemplateResourceUsage::Usage out;
  if (r.wallclock) {
    char* end = nullptr;
    double d = std::strtod(r.wallclock->c_str(), &end);
    if (r.wallclock->empty() || *end != '\0') return std::nullopt;
    out.r = d;
  }
  if (r.maxrss) {
    out.m = api::int_value(
        api::JsonValue(r.maxrss->c_str(), static_cast<rapidjson::SizeType>(r.maxrss->size())));
    if (!out.m) return std::nullopt;
  }
  out.node_id = r.node_id;
  out.task_id = r.task_id;
  out.task_name = std::move(r.task_name);
  out.requested_resources = std::move(r.requested_resources);
  out.attempt_number_of_instance = r.attempt_number;
  out.status = std::move(r.status);
  out.task_status_date = iso_date(r.task_status_date);
  out.task_command = std::move(r.task_command);
  out.task_num_attempts = r.task_num_attempts;
  out.task_max_attempts = r.task_max_attempts;
  return out;
}

// The confidence level asked for: a text Python's float() reads, or a number; nullopt for none
// (absent, null, or an empty text).
std::optional<double> confidence_level(const api::Request& req,
                                       const std::optional<api::JsonRef>& ci) {
  if (!ci) return std::nullopt;
  const api::JsonValue& v = *ci->value;
  if (v.IsString() && v.GetStringLength() == 0) return std::nullopt;
  if (auto d = api::number_value(v)) return d;
  api::bad_field(req, "ci");
}

// Jobmon 3.6's interval: null without a level or with fewer than two values; [null, null]
// when it has no finite bounds (zero spread; 3.6 answered 500); else each bound to 2 places.
GetTaskTemplateResourceUsage::Interval interval(const std::vector<double>& v,
                                                const std::optional<double>& level) {
  if (!level || v.size() < 2) return std::nullopt;
  auto range = stats::t_interval(v, *level);
  if (!range || !std::isfinite(range->first) || !std::isfinite(range->second)) {
    return std::vector<std::optional<double>>{std::nullopt, std::nullopt};
  }
  return std::vector<std::optional<double>>{stats::round_to(range->first, 2),
                                            stats::round_to(range->second, 2)};
}

using Answer = GetTaskTemplateResourceUsage::Answer;

// The statistics of the counted rows (at least one).
void add_statistics(Answer& out, const std::vector<GetTaskTemplateResourceUsage::Usage>& rows,
                    const std::optional<double>& level) {
  out.num_tasks = static_cast<std::int64_t>(rows.size());
  std::vector<double> runtimes, mems;
  bool any_mem = false;
  for (const auto& r : rows) {
    if (r.r && *r.r != 0) runtimes.push_back(*r.r);
    if (r.m) {
      any_mem = true;
      const double m = std::max(0.0, static_cast<double>(*r.m));
      if (m != 0) mems.push_back(m);
    }
  }
  auto truncated = [](double d) { return static_cast<std::int64_t>(d); };  // Python's int()
  if (any_mem) {
    out.min_mem = mems.empty() ? 0 : truncated(*std::min_element(mems.begin(), mems.end()));
    out.max_mem = mems.empty() ? 0 : truncated(*std::max_element(mems.begin(), mems.end()));
    out.mean_mem = mems.empty() ? 0.0 : stats::mean(mems);
    out.median_mem = mems.empty() ? 0.0 : stats::median_of_middle(mems);
  }
  out.min_runtime =
      runtimes.empty() ? 0 : truncated(*std::min_element(runtimes.begin(), runtimes.end()));
  out.max_runtime =
      runtimes.empty() ? 0 : truncated(*std::max_element(runtimes.begin(), runtimes.end()));
  out.mean_runtime = runtimes.empty() ? 0.0 : stats::mean(runtimes);
  out.median_runtime = runtimes.empty() ? 0.0 : stats::median_of_middle(runtimes);
  if (any_mem) out.ci_mem = interval(mems, level);
  out.ci_runtime = interval(runtimes, level);
}

// Python's f"{value}B".
std::optional<std::string> bytes_text(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v) + "B";
}
std::optional<std::string> bytes_text(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return api::python_float_text(*v) + "B";
}

}  // namespace

GetTaskTemplateResourceUsage::Answer GetTaskTemplateResourceUsage::handle(const Context& ctx,
                                                                          const api::In<>& in) {
  const api::JsonValue& json = api::body_json(in.request, true);
  if (!json.HasMember("task_template_version_id")) {
    missing_body_field(json, "task_template_version_id");
  }
  const auto body = api::read_body<OwnBody>(in.request);
  const std::optional<double> level = confidence_level(in.request, body.ci);
  NodeArgs wanted;
  for (const auto& [name, values] :
       body.node_args.value_or(decltype(body.node_args)::value_type{})) {
    wanted[name].insert(values.begin(), values.end());
  }
  orm::ReadTx tx(ctx.db);
  auto rows = q::version_instance_resources(tx, body.task_template_version_id,
                                            body.workflows.value_or(std::vector<std::int64_t>{}));
  if (!wanted.empty()) keep_matching_nodes(tx, rows, wanted);
  std::vector<Usage> counted;
  for (auto& r : rows) {
    if (auto row = usage_row(r)) counted.push_back(std::move(*row));
  }
  Answer out;
  if (counted.empty()) {
    // 0: the version has tasks, none matched; null: it was never used.
    if (q::version_has_tasks(tx, body.task_template_version_id)) out.num_tasks = 0;
  } else {
    add_statistics(out, counted, level);
    if (truthy(body.viz)) out.result_viz = std::move(counted);
  }
  out.formatted_stats = {out.num_tasks,           bytes_text(out.min_mem),
                         bytes_text(out.max_mem), bytes_text(out.mean_mem),
                         out.min_runtime,         out.max_runtime,
                         out.mean_runtime,        bytes_text(out.median_mem),
                         out.median_runtime,      out.ci_mem,
                         out.ci_runtime};
  return out;
}

}  // namespace jobmon::routes::cli
