// CLI routes about task templates: versions, requested cores and popular queues
// (docs/api-cli-reaper.md, "CLI: task templates").
#include <algorithm>
#include <map>

#include "common/cli/cli.h"
#include "common/cli/statistics.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;

namespace {

// "(1,2,3)" -> {1, 2, 3}: parentheses stripped, empty items skipped, each item an integer
// (surrounding blanks allowed, as Python's int() allows them).
std::vector<std::int64_t> parse_version_ids(const std::optional<std::string>& raw) {
  if (!raw || raw->empty()) throw api::InvalidUsage("Must provide task_template_version_ids");
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
    auto id = api::int_value(v);
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
  if (auto n = api::number_value(it->value)) return static_cast<std::int64_t>(*n);
  return 1;
}

}  // namespace

GetTaskTemplateVersionForTasks::Answer GetTaskTemplateVersionForTasks::handle(
    const Context& ctx, const api::In<api::NoBody, Query>& in) {
  const auto& task_id = in.query.task_id;
  const auto& workflow_id = in.query.workflow_id;
  orm::ReadTx tx(ctx.db);
  std::vector<q::VersionName> rows;
  if (task_id && *task_id != 0) {
    rows = q::template_versions_of_task(tx, *task_id);
  } else if (workflow_id && *workflow_id != 0) {
    rows = q::template_versions_of_workflow(tx, *workflow_id);
  }
  Answer out;
  for (auto& r : rows) out.task_template_version_ids.push_back({r.id, std::move(r.name)});
  return out;
}

GetRequestedCores::Answer GetRequestedCores::handle(const Context& ctx,
                                                    const api::In<api::NoBody, Query>& in) {
  auto ids = parse_version_ids(in.query.task_template_version_ids);
  orm::ReadTx tx(ctx.db);
  std::vector<std::int64_t> order;  // versions in order of first appearance
  std::map<std::int64_t, std::vector<std::int64_t>> cores;
  for (const auto& r : q::requested_resources_of_versions(tx, ids)) {
    auto& list = cores[r.version_id];
    if (list.empty()) order.push_back(r.version_id);
    list.push_back(requested_cores_of(r.requested_resources));
  }
  Answer out;
  for (auto id : order) {
    const auto& list = cores[id];
    out.core_info.push_back({id, *std::min_element(list.begin(), list.end()),
                             *std::max_element(list.begin(), list.end()),
                             stats::round_half_even(stats::mean(list))});
  }
  return out;
}

GetMostPopularQueue::Answer GetMostPopularQueue::handle(const Context& ctx,
                                                        const api::In<api::NoBody, Query>& in) {
  auto ids = parse_version_ids(in.query.task_template_version_ids);
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
  Answer out;
  for (auto id : order) {
    const auto& b = best[id];
    out.queue_info.push_back({id, b.queue_name, b.queue_id});
  }
  return out;
}

}  // namespace jobmon::routes::cli
