#pragma once
// jobmond's log, on stderr through spdlog: plain text lines (default) or JSON lines, one per
// event, chosen at start-up. Thread-safe. Lines are written by a thread of their own
// (log_sink.h): info and debug lines a moment after the call, warnings and errors before it
// returns. Callers must not pass secrets (database passwords, tokens, cookies, bodies): log
// redacted values only.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobmon::host {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

// Before any other call (otherwise: text, info).
void configure_logging(LogFormat format, LogLevel level);

// Sends the log (and anything else written to stderr) to the end of `file` instead, creating it
// (mode 0640) when missing. Throws std::runtime_error naming the file when it cannot be opened.
void log_to_file(const std::filesystem::path& file);
// Returns once every line logged before the call is written (before exiting, before
// reopening the file).
void flush_log();
// Opens the log file again by its name, for logrotate (which renamed the old one) on SIGHUP. A
// line written meanwhile goes to the old file or the new one, never lost. Throws like
// log_to_file, the old file still in use. Without a log file there is nothing to reopen: false.
bool reopen_log_file();

void log_line(LogLevel level, std::string_view message);
inline void log_debug(std::string_view m) { log_line(LogLevel::kDebug, m); }
inline void log_info(std::string_view m) { log_line(LogLevel::kInfo, m); }
inline void log_warning(std::string_view m) { log_line(LogLevel::kWarning, m); }
inline void log_error(std::string_view m) { log_line(LogLevel::kError, m); }

// One answered request. Text: "METHOD /path STATUS 1.2ms". JSON: every field, the path
// parameters (workflow_id, task_id, ...) as numbers when they are, and the correlation ids of the
// client's X-Server-Structlog-Context header (client_log_context.h: never a field of its own).
struct RequestLog {
  std::string method, path, route, plugin;
  int status = 0;
  double duration_ms = 0;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string structlog_context;  // the header's JSON object text, or empty
};
// The entry of a request answered `status`, timed from `start`; the caller adds the rest.
RequestLog request_log_entry(std::string_view method, std::string_view path, int status,
                             std::chrono::steady_clock::time_point start);
void log_request(const RequestLog& r);
// Whether log_request() writes anything (the level is info or lower): when it does not, callers
// need not build the entry.
bool request_log_enabled();

}  // namespace jobmon::host
