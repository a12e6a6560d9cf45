#pragma once
// The GUI's error-log clustering (tt_error_log_viz?cluster_errors=true), computed as the
// reference's scikit-learn pipeline does: token counts (CountVectorizer: lower-cased words of
// two or more word characters), TF-IDF with smoothed idf = ln((1 + n) / (1 + df)) + 1 and
// rows scaled to unit length, then each log's score = the mean of its non-zero weights. Logs
// with the same score form a group; groups are listed largest first (ties: lower score first).
#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/wire.h"

namespace jobmon::routes::cli {

struct ErrorLogEntry {
  std::int64_t task_id = 0, task_instance_id = 0;
  std::string error_time, text;  // text: the instance's stderr log, or else the error message
  std::int64_t workflow_run_id = 0, workflow_id = 0;
};

struct ErrorCluster {
  double score = 0.0;
  std::int64_t count = 0;
  std::vector<std::int64_t> task_instance_ids, task_ids;  // distinct, ascending
  std::string sample_error, first_error_time;             // of the group's first entry
  std::int64_t workflow_run_id = 0, workflow_id = 0;      // of the group's first entry

  // As tt_error_log_viz?cluster_errors=true lists a group.
  static constexpr auto fields() {
    return std::tuple{
        api::field("error_score", &ErrorCluster::score, "The logs' TF-IDF score."),
        api::field("group_instance_count", &ErrorCluster::count, "Logs in the group."),
        api::field("task_instance_ids", &ErrorCluster::task_instance_ids, "Ascending."),
        api::field("task_ids", &ErrorCluster::task_ids, "Ascending."),
        api::field("sample_error", &ErrorCluster::sample_error, "The first log's text."),
        api::field("first_error_time", &ErrorCluster::first_error_time, "The first log's time."),
        api::field("workflow_run_id", &ErrorCluster::workflow_run_id),
        api::field("workflow_id", &ErrorCluster::workflow_id)};
  }
};

// Entries without a single token have no score and belong to no group (pandas drops NaN keys).
std::vector<ErrorCluster> cluster_error_logs(const std::vector<ErrorLogEntry>& entries);

// The tokens CountVectorizer finds in a text (exposed for tests).
std::vector<std::string> error_log_tokens(const std::string& text);

}  // namespace jobmon::routes::cli
