#pragma once
// jobmond's configuration, parsed once at start-up into typed values and validated. Sources, in
// order of precedence: command-line flags, then environment variables in the Python server's
// form JOBMON__SECTION__KEY, then built-in defaults. Repeated flags: the last one wins.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobmon/orm/database.h"

namespace jobmon::host {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: ephemeral (the bound port is printed)
  int threads = 2;            // server (reactor) threads; handlers run on them
  orm::DatabaseConfig db;     // uri defaults to sqlite:///jobmon.sqlite (working directory)
  std::vector<std::string> plugins = {"v2", "v3", "compat"};  // load order
  std::filesystem::path plugin_dir;                           // default <dir of binary>/plugins
  std::size_t max_body_bytes = 64u << 20;
  // Built-in default is *disabled* (unlike the reference): the Jobmon client cannot
  // authenticate, and session auth is not implemented yet.
  bool auth_enabled = false;
  std::chrono::milliseconds drain_timeout{10000};
  std::chrono::milliseconds keepalive_timeout{15000};
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ConfigAction { kRun, kHelp, kVersion };

struct ConfigResult {
  ConfigAction action = ConfigAction::kRun;
  Config config;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// args excludes argv[0]. binary_dir is used for the default plugin directory.
// Throws ConfigError with a message naming the flag or variable and the problem.
ConfigResult parse_config(const std::vector<std::string>& args, const EnvLookup& env,
                          const std::filesystem::path& binary_dir);

// The process environment as an EnvLookup.
EnvLookup process_env();

// "true/false/1/0/yes/no/on/off", case-insensitive; nullopt otherwise.
std::optional<bool> parse_bool(std::string value);

std::string usage_text();

}  // namespace jobmon::host
