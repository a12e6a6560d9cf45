#pragma once
// Parses the reaper's flags and variables (reaper_config.h) from the shared configuration
// sources, as auth_config.h does for authentication.
#include <string>

#include "config.h"

namespace jobmon::host {

// Throws ConfigError naming the flag or variable and the problem.
ReaperConfig parse_reaper_config(const SettingLookup& pick);

// The reaper's part of `jobmond --help`.
std::string reaper_usage_text();

}  // namespace jobmon::host
