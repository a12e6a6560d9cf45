#include "log.h"

#include <fcntl.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <stdexcept>

#include "client_log_context.h"
#include "jobmon/json.h"
#include "log_sink.h"

namespace jobmon::host {

namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarning:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    default:
      return "INFO";
  }
}

// %* : the level as Python's logging names it (INFO, WARNING, ...).
class UpperLevel : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view name = level_name(msg.level);
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<UpperLevel>();
  }
};

struct State {
  LogFormat format = LogFormat::kText;
  std::shared_ptr<spdlog::logger> logger;
};

State make_state(LogFormat format, LogLevel level) {
  State s;
  s.format = format;
  s.logger = std::make_shared<spdlog::logger>("jobmond", std::make_shared<BatchedStderrSink>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (format == LogFormat::kText) {
    formatter->add_flag<UpperLevel>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %* %v");
  } else {
    formatter->set_pattern("%v");  // the message is the whole JSON object
  }
  s.logger->set_formatter(std::move(formatter));
  s.logger->set_level(to_spdlog(level));
  // Warnings and errors are written before the call returns (what precedes a failure is out);
  // other lines as soon as the sink's writer gets to them (log_sink.h), flush_log() waits.
  s.logger->flush_on(spdlog::level::warn);
  return s;
}

State& state() {
  static State s = make_state(LogFormat::kText, LogLevel::kInfo);
  return s;
}

std::string utc_timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(
      buf + n, sizeof buf - n, ".%03dZ",
      static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000));
  return buf;
}

void start_json(api::JsonWriter& w, spdlog::level::level_enum level, std::string_view event) {
  w.start_object().key("timestamp").string(utc_timestamp());
  w.key("level").string(level_name(level));
  w.key("event").string(std::string(event));
}

}  // namespace

void configure_logging(LogFormat format, LogLevel level) { state() = make_state(format, level); }

namespace {

std::filesystem::path& log_file_path() {
  static std::filesystem::path path;  // set once, on the main thread, before any other thread
  return path;
}

// Points file descriptor 2 at the end of `file`. dup2() swaps the descriptor in one step, so a
// concurrent write lands whole in the old file or in the new one.
void point_stderr_at(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    throw std::runtime_error("cannot open the log file " + file.string() + ": " +
                             std::strerror(errno));
  }
  std::fflush(stderr);
  const bool moved = ::dup2(fd, STDERR_FILENO) >= 0;
  const int err = errno;
  ::close(fd);
  if (!moved) {
    throw std::runtime_error("cannot write the log to " + file.string() + ": " +
                             std::strerror(err));
  }
}

}  // namespace

void flush_log() { state().logger->flush(); }

void log_to_file(const std::filesystem::path& file) {
  flush_log();
  point_stderr_at(file);
  log_file_path() = file;
}

bool reopen_log_file() {
  if (log_file_path().empty()) return false;
  flush_log();  // what was logged before the signal goes to the old file
  point_stderr_at(log_file_path());
  return true;
}

void log_line(LogLevel level, std::string_view message) {
  State& s = state();
  const auto lvl = to_spdlog(level);
  if (!s.logger->should_log(lvl)) return;
  if (s.format == LogFormat::kText) {
    s.logger->log(lvl, "{}", message);
    return;
  }
  api::JsonWriter w;
  start_json(w, lvl, message);
  w.end_object();
  s.logger->log(lvl, "{}", w.str());
}

RequestLog request_log_entry(std::string_view method, std::string_view path, int status,
                             std::chrono::steady_clock::time_point start) {
  RequestLog entry;
  entry.method = method;
  entry.path = path;
  entry.status = status;
  entry.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return entry;
}

bool request_log_enabled() { return state().logger->should_log(spdlog::level::info); }

void log_request(const RequestLog& r) {
  State& s = state();
  if (!s.logger->should_log(spdlog::level::info)) return;
  if (s.format == LogFormat::kText) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", r.duration_ms);
    s.logger->info("{} {} {} {}ms", r.method, r.path, r.status, duration);
    return;
  }
  api::JsonWriter w;
  start_json(w, spdlog::level::info, "request");
  w.key("method").string(r.method).key("path").string(r.path);
  w.key("route").string(r.route).key("plugin").string(r.plugin);
  w.key("status").integer(r.status).key("duration_ms").number(r.duration_ms);
  std::vector<std::string> written = {"timestamp", "level",  "event",  "method",     "path",
                                      "route",     "plugin", "status", "duration_ms"};
  for (const auto& [name, value] : r.path_params) {
    w.key(name);
    written.push_back(name);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (ec == std::errc() && end == value.data() + value.size()) {
      w.integer(id);
    } else {
      w.string(value);
    }
  }
  // The client's correlation ids (workflow_run_id, task_instance_id, ...), never a field above.
  write_client_context(w, r.structlog_context, written);
  w.end_object();
  s.logger->info("{}", w.str());
}

}  // namespace jobmon::host
