#pragma once
// Helpers the CLI area's handler files share (internal to the area; cli.h declares those the
// versions' own forms use too).
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "jobmon/plugin_api.h"

namespace jobmon::routes::cli {

// A task status letter as the CLI's workflow views label it (docs/api-cli-reaper.md, "CLI:
// workflows"); a letter without a label stays as it is (pandas' replace leaves it alone).
std::string cli_label(const std::string& letter);

// The status letters behind CLI labels: of tasks (PENDING -> "AGQEI", ...) and of task instances
// (PENDING -> "QBI", ...). An unknown label is the caller's error: 400 (the reference raised
// KeyError, a 500).
std::string task_letters(const std::vector<std::string>& labels, const api::Request& req);
std::string instance_letters(const std::vector<std::string>& labels, const api::Request& req);

// Python's repr of a set of ints: "{1, 2}", "set()".
std::string python_set(const std::set<std::int64_t>& ids);

}  // namespace jobmon::routes::cli
