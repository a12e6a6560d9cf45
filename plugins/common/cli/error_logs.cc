// GET /tt_error_log_viz: a workflow template's error logs for the GUI, paged, optionally grouped
// (docs/api-cli-reaper.md, "The GUI's reads" and "Error clustering"), in the 3.4 form
// (GetTtErrorLogViz::handle) and the 3.6 one (tt_error_log_items).
#include <algorithm>
#include <cctype>
#include <limits>

#include "common/cli/cli.h"
#include "common/cli/error_clusters.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;

namespace {

bool flag(const std::optional<std::string>& v) {
  std::string s = v.value_or("false");
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s == "true";
}

struct Paging {
  std::int64_t page = 1, page_size = 10;
  // Past the largest offset (a page number no list reaches): the largest, never an overflow.
  std::int64_t offset() const {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (page_size != 0 && page - 1 > kMax / page_size) return kMax;
    return (page - 1) * page_size;
  }
};

Paging paging(const api::In<api::NoBody, GetTtErrorLogViz::Query>& in) {
  const Paging p{in.query.page.value_or(1), in.query.page_size.value_or(10)};
  if (p.page < 1 || p.page_size < 0) {
    throw api::InvalidUsage("page must be at least 1 and page_size not negative in request to " +
                            in.request.path);
  }
  return p;
}

// The instance the path names (GetTtErrorLogVizOfInstance); instance 0 means all.
std::optional<std::int64_t> instance_of(const api::In<api::NoBody, GetTtErrorLogViz::Query>& in) {
  if (in.request.path_params.count("ti_id") && in.path_int("ti_id") != 0) {
    return in.path_int("ti_id");
  }
  return std::nullopt;
}

// The entries clustering reads; `time` writes a log's time as the form wants it.
template <class TimeText>
std::vector<ErrorLogEntry> cluster_entries(const std::vector<q::ErrorLogRow>& rows, TimeText time) {
  std::vector<ErrorLogEntry> entries;
  for (const auto& r : rows) {
    // The log that describes the failure: the instance's stderr, else the error message.
    const q::Text& log = r.stderr_log && !r.stderr_log->empty() ? r.stderr_log : r.description;
    entries.push_back({r.task_id, r.task_instance_id, time(r.error_time), str_or_none(log),
                       r.workflow_run_id, r.workflow_id});
  }
  return entries;
}

template <class T>
std::vector<T> page_of(std::vector<T> all, const Paging& p) {
  const auto size = static_cast<std::int64_t>(all.size());
  const std::int64_t from = std::min(p.offset(), size);
  const std::int64_t to = from + std::min(p.page_size, size - from);
  return {std::make_move_iterator(all.begin() + from), std::make_move_iterator(all.begin() + to)};
}

ErrorLogItem group_item(ErrorCluster c) {
  ErrorLogItem item;
  item.workflow_run_id = c.workflow_run_id;
  item.workflow_id = c.workflow_id;
  item.error_score = c.score;
  item.group_instance_count = c.count;
  item.task_instance_ids = std::move(c.task_instance_ids);
  item.task_ids = std::move(c.task_ids);
  item.sample_error = std::move(c.sample_error);
  item.first_error_time = std::move(c.first_error_time);
  return item;
}

// A log of a template's (`of_template`) or of one instance's list: the latter names neither task
// nor instance and gives the texts as stored.
ErrorLogItem log_item(const q::ErrorLogRow& r, bool of_template) {
  ErrorLogItem item;
  if (of_template) {
    item.task_id = r.task_id;
    item.task_instance_id = r.task_instance_id;
    item.error = str_or_none(r.description);
    item.task_instance_stderr_log = str_or_none(r.stderr_log);
  } else {
    item.error = r.description;
    item.task_instance_stderr_log = r.stderr_log;
  }
  item.task_instance_err_id = r.error_id;
  item.error_time = iso_date(r.error_time);
  item.workflow_run_id = r.workflow_run_id;
  item.workflow_id = r.workflow_id;
  return item;
}

}  // namespace

GetTtErrorLogViz::Answer GetTtErrorLogViz::handle(const Context& ctx,
                                                  const api::In<api::NoBody, Query>& in) {
  const Paging p = paging(in);
  q::ErrorLogQuery query;
  query.workflow_id = in.path_int("wf_id");
  query.task_template_id = in.path_int("tt_id");
  query.task_instance_id = instance_of(in);
  query.just_recent = flag(in.query.just_recent_errors);
  query.offset = p.offset();
  query.limit = p.page_size;
  orm::ReadTx tx(ctx.db);
  auto result = q::error_logs(tx, query);
  Answer out;
  out.total_count = result.total;
  out.page = p.page;
  out.page_size = p.page_size;
  if (flag(in.query.cluster_errors)) {
    auto groups = cluster_error_logs(cluster_entries(result.rows, str_or_none));
    out.total_count = static_cast<std::int64_t>(groups.size());
    out.error_logs = std::move(groups);
    return out;
  }
  std::vector<ErrorLog> logs;
  for (const auto& r : result.rows) {
    logs.push_back({r.task_id, r.task_instance_id, r.error_id, str_or_none(r.error_time),
                    str_or_none(r.description), str_or_none(r.stderr_log), r.workflow_run_id,
                    r.workflow_id});
  }
  out.error_logs = std::move(logs);
  return out;
}

ErrorLogItems tt_error_log_items(const Context& ctx,
                                 const api::In<api::NoBody, GetTtErrorLogViz::Query>& in) {
  const Paging p = paging(in);
  const std::int64_t workflow_id = in.path_int("wf_id");
  const std::optional<std::int64_t> instance = instance_of(in);
  orm::ReadTx tx(ctx.db);
  ErrorLogItems out;
  out.page = p.page;
  out.page_size = p.page_size;
  const auto version = q::newest_version_with_tasks(tx, workflow_id, in.path_int("tt_id"));
  if (!version) return out;
  if (instance) {  // that instance's logs as stored, never grouped
    auto rows = q::instance_error_logs(tx, *instance);
    out.total_count = static_cast<std::int64_t>(rows.size());
    for (const auto& r : page_of(std::move(rows), p)) out.items.push_back(log_item(r, false));
    return out;
  }
  auto rows = flag(in.query.just_recent_errors)
                  ? q::newest_run_task_errors(tx, workflow_id, *version)
                  : q::version_error_logs(tx, workflow_id, *version);
  if (flag(in.query.cluster_errors)) {
    auto iso = [](const q::Text& t) { return iso_date(t).value_or("None"); };
    auto groups = cluster_error_logs(cluster_entries(rows, iso));
    out.total_count = static_cast<std::int64_t>(groups.size());
    for (auto& g : page_of(std::move(groups), p)) out.items.push_back(group_item(std::move(g)));
    return out;
  }
  out.total_count = static_cast<std::int64_t>(rows.size());
  for (const auto& r : page_of(std::move(rows), p)) out.items.push_back(log_item(r, true));
  return out;
}

}  // namespace jobmon::routes::cli
