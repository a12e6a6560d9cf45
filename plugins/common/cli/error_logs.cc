// GET /tt_error_log_viz: a workflow template's error logs for the GUI, paged, optionally grouped
// (docs/api-cli-reaper.md, "The GUI's reads" and "Error clustering").
#include <cctype>

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

std::vector<ErrorCluster> clusters_of(const std::vector<q::ErrorLogRow>& rows) {
  std::vector<ErrorLogEntry> entries;
  for (const auto& r : rows) {
    // The log that describes the failure: the instance's stderr, else the error message.
    const q::Text& log = r.stderr_log && !r.stderr_log->empty() ? r.stderr_log : r.description;
    entries.push_back({r.task_id, r.task_instance_id, str_or_none(r.error_time), str_or_none(log),
                       r.workflow_run_id, r.workflow_id});
  }
  return cluster_error_logs(entries);
}

}  // namespace

GetTtErrorLogViz::Answer GetTtErrorLogViz::handle(const Context& ctx,
                                                  const api::In<api::NoBody, Query>& in) {
  q::ErrorLogQuery query;
  query.workflow_id = in.path_int("wf_id");
  query.task_template_id = in.path_int("tt_id");
  // GetTtErrorLogVizOfInstance's path; instance 0 means all.
  if (in.request.path_params.count("ti_id") && in.path_int("ti_id") != 0) {
    query.task_instance_id = in.path_int("ti_id");
  }
  const std::int64_t page = in.query.page.value_or(1);
  const std::int64_t page_size = in.query.page_size.value_or(10);
  if (page < 1 || page_size < 0) {
    throw api::InvalidUsage("page must be at least 1 and page_size not negative in request to " +
                            in.request.path);
  }
  query.just_recent = flag(in.query.just_recent_errors);
  query.offset = (page - 1) * page_size;
  query.limit = page_size;
  orm::ReadTx tx(ctx.db);
  auto result = q::error_logs(tx, query);
  Answer out;
  out.total_count = result.total;
  out.page = page;
  out.page_size = page_size;
  if (flag(in.query.cluster_errors)) {
    auto groups = clusters_of(result.rows);
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

}  // namespace jobmon::routes::cli
