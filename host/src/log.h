#pragma once
// Line-oriented logging to stderr. Thread-safe: each line is written with one call under a
// mutex, so lines from server threads never interleave. Callers must not pass secrets (database
// passwords, cookies, bodies): log redacted values only.
#include <string_view>

namespace jobmon::host {

enum class LogLevel { kInfo, kWarning, kError };

void log_line(LogLevel level, std::string_view message);
inline void log_info(std::string_view m) { log_line(LogLevel::kInfo, m); }
inline void log_warning(std::string_view m) { log_line(LogLevel::kWarning, m); }
inline void log_error(std::string_view m) { log_line(LogLevel::kError, m); }

}  // namespace jobmon::host
