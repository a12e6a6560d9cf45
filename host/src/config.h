#pragma once
// jobmond's configuration, parsed once at start-up into typed values and validated. Sources, in
// order of precedence: command-line flags, then each flag's JOBMOND_* environment variable
// (flag_variable()), then the Python server's JOBMON__SECTION__KEY form where the setting has
// one, then built-in defaults. Repeated flags: the last one wins.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth_config.h"
#include "jobmon/orm/database.h"
#include "log.h"
#include "reaper/reaper_config.h"
#include "settings.h"

namespace jobmon::host {

// Where one setting came from, for check-config.
struct SettingSource {
  std::string flag;
  std::vector<std::string> variables;  // JOBMOND_..., then the Python server's form if it has one
  std::string from;                    // the flag, the variable that was set, or "default"
};

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: ephemeral (the bound port is printed)
  int threads = 2;            // server (reactor) threads; handlers run on them
  orm::DatabaseConfig db;     // uri defaults to sqlite:///jobmon.sqlite (working directory)
  std::vector<std::string> plugins = {"v2", "v3", "compat"};  // load order
  std::filesystem::path plugin_dir;                           // default <dir of binary>/plugins
  std::filesystem::path docs_dir;  // Swagger UI files; default <bin>/swagger-ui or share/jobmond
  std::size_t max_body_bytes = 64u << 20;
  AuthConfig auth;
  CorsConfig cors;
  LogFormat log_format = LogFormat::kText;
  LogLevel log_level = LogLevel::kInfo;
  std::filesystem::path log_file;  // empty: stderr
  std::chrono::milliseconds drain_timeout{10000};
  std::chrono::milliseconds keepalive_timeout{15000};
  // How long a client may take to send a request's headers, and then its body: slower
  // (slowloris) connections are answered 408 and closed.
  std::chrono::milliseconds request_read_timeout{30000};

  ReaperConfig reaper;  // `jobmond reaper` only

  std::vector<SettingSource> sources;  // one per flag, in flag_names() order
};

// What the command line asks for: serve (the default), or one of the operator commands
// `jobmond routes`, `jobmond check-config`, `jobmond init-db`, or the workflow reaper
// `jobmond reaper` (the first argument).
enum class ConfigAction { kRun, kHelp, kVersion, kRoutes, kCheckConfig, kInitDb, kReaper };

struct ConfigResult {
  ConfigAction action = ConfigAction::kRun;
  Config config;
};

// Every flag jobmond takes, in the order --help lists them.
const std::vector<std::string>& flag_names();
// The JOBMOND_ variable every flag has: --pool-size -> JOBMOND_POOL_SIZE.
std::string flag_variable(const std::string& flag);

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// args excludes argv[0]. binary_dir is used for the default plugin directory.
// Throws ConfigError with a message naming the flag or variable and the problem.
ConfigResult parse_config(const std::vector<std::string>& args, const EnvLookup& env,
                          const std::filesystem::path& binary_dir);

// The process environment as an EnvLookup.
EnvLookup process_env();

std::string usage_text();

}  // namespace jobmon::host
