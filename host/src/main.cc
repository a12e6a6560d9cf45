// jobmond: the Jobmon server. Parses the configuration, blocks the stop signals and SIGHUP before
// any thread exists (so only main receives them, via sigwait), starts the Application and waits:
// SIGHUP reopens the log file, SIGTERM/SIGINT stop.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "application.h"
#include "commands.h"
#include "config.h"
#include "jobmon/orm/warnings.h"
#include "log.h"
#include "plugin_loader.h"
#include "reaper/reaper_command.h"

namespace {

std::filesystem::path binary_dir(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0, ec);
  return exe.parent_path();
}

// Sleeps up to `d`; true when SIGTERM or SIGINT arrived instead.
bool wait_for_stop(const sigset_t& stop_signals, std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    timespec ts{static_cast<time_t>(left.count() / 1000000000),
                static_cast<long>(left.count() % 1000000000)};
    int sig = sigtimedwait(&stop_signals, nullptr, &ts);
    if (sig == SIGTERM || sig == SIGINT) {
      jobmon::host::log_info(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
      return true;
    }
    // EAGAIN: the time is up; EINTR: another signal interrupted the wait, go on.
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace jobmon::host;
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);  // reopens the log file (logrotate), stops nothing
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ConfigResult parsed;
  try {
    parsed = parse_config(std::vector<std::string>(argv + 1, argv + argc), process_env(),
                          binary_dir(argv[0]));
  } catch (const ConfigError& e) {
    std::cerr << "jobmond: " << e.what() << "\n";
    return 2;
  }
  if (parsed.action == ConfigAction::kHelp) {
    std::cout << usage_text();
    return 0;
  }
  if (parsed.action == ConfigAction::kVersion) {
    std::cout << "jobmond " << JOBMOND_VERSION << " (" << JOBMOND_BUILD_SIGNATURE << ")\n";
    return 0;
  }
  configure_logging(parsed.config.log_format, parsed.config.log_level);
  // What the orm leaves out of an answer (an unreadable edge list) goes to the log.
  jobmon::orm::set_warning_sink([](std::string_view message) { log_warning(message); });
  switch (parsed.action) {
    case ConfigAction::kRoutes:
      return print_routes(parsed.config, std::cout, std::cerr);
    case ConfigAction::kCheckConfig:
      return check_config(parsed.config, std::cout, std::cerr);
    case ConfigAction::kInitDb:
      return init_db(parsed.config, std::cout, std::cerr);
    case ConfigAction::kReaper:
      // The stop signals stay blocked: the reaper's sleeps are sigtimedwait on them.
      return run_reaper(
          parsed.config,
          [&](std::chrono::milliseconds d) { return wait_for_stop(stop_signals, d); }, std::cerr);
    default:
      break;
  }

  if (!parsed.config.log_file.empty()) {
    try {
      log_to_file(parsed.config.log_file);
    } catch (const std::exception& e) {
      std::cerr << "jobmond: " << e.what() << "\n";
      return 2;
    }
  }
  const std::string host = parsed.config.host;
  Application app(std::move(parsed.config));
  std::uint16_t port = 0;
  try {
    port = app.start();
  } catch (const PluginError& e) {
    log_error(std::string("refusing to start: ") + e.what());
    return 3;
  } catch (const std::exception& e) {
    log_error(std::string("refusing to start: ") + e.what());
    return 1;
  }
  std::cout << "jobmond listening on http://" << host << ":" << port << std::endl;

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0 || signal_number == SIGHUP) {
    if (signal_number != SIGHUP) continue;
    signal_number = 0;
    try {
      log_info(reopen_log_file() ? "received SIGHUP: log file reopened"
                                 : "received SIGHUP: logging to stderr, nothing to reopen");
    } catch (const std::exception& e) {
      log_error(std::string("received SIGHUP: ") + e.what() + "; logging on to the old file");
    }
  }
  log_info(std::string("received ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
  app.stop();
  log_info("stopped");
  flush_log();
  return 0;
}
