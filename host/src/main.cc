// jobmond: the Jobmon server. Parses the configuration, blocks the stop signals and SIGHUP before
// any thread exists (so only main receives them, via sigwait), starts the Application and waits:
// SIGHUP reopens the log file, SIGTERM/SIGINT stop.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "application.h"
#include "commands.h"
#include "config.h"
#include "log.h"
#include "plugin_loader.h"

namespace {

std::filesystem::path binary_dir(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0, ec);
  return exe.parent_path();
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
  switch (parsed.action) {
    case ConfigAction::kRoutes:
      return print_routes(parsed.config, std::cout, std::cerr);
    case ConfigAction::kCheckConfig:
      return check_config(parsed.config, std::cout, std::cerr);
    case ConfigAction::kInitDb:
      return init_db(parsed.config, std::cout, std::cerr);
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
  return 0;
}
