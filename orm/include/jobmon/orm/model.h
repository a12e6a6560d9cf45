#pragma once
// The rows queries read whole (entities.h): one plain struct per table, field names equal to
// column names. Nullable columns are std::optional. Timestamps are text in the reference's format
// "YYYY-MM-DD HH:MM:SS" on every backend. JSON columns hold their JSON text. The member
// initialisers are the reference's application defaults (no column has a database default).
// Which column fills which member is declared once, beside the queries (orm/src/entities.cc), so
// this header knows no database.
#include <cstdint>
#include <optional>
#include <string>

namespace jobmon::orm::model {

// Table `workflow`.
struct Workflow {
  std::int64_t id = 0;
  std::optional<std::int64_t> tool_version_id{};
  std::int64_t dag_id = 0;
  std::string workflow_args_hash{};
  std::string task_hash{};
  std::optional<std::string> description{};
  std::optional<std::string> name{};
  std::optional<std::string> workflow_args{};
  std::int64_t max_concurrently_running = 0;
  std::optional<std::string> created_date{};
  std::optional<std::string> status_date{};
  std::string status = "G";
};

// Table `workflow_run`.
struct WorkflowRun {
  std::int64_t id = 0;
  std::int64_t workflow_id = 0;
  std::optional<std::string> user{};
  std::optional<std::string> jobmon_version = "UNKNOWN";
  std::optional<std::string> jobmon_server_version{};
  std::string status = "G";
  std::optional<std::string> created_date{};
  std::optional<std::string> status_date{};
  std::optional<std::string> heartbeat_date{};
};

}  // namespace jobmon::orm::model
