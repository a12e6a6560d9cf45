#pragma once
// jobmond's configuration, parsed once at start-up into typed values and validated. Sources, in
// order of precedence: command-line flags, then each flag's JOBMOND_* environment variable
// (flag_variable()), then the Python server's JOBMON__SECTION__KEY form where the setting has
// one, then built-in defaults. Repeated flags: the last one wins.
#include <charconv>
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
#include "log.h"
#include "reaper/reaper_config.h"

namespace jobmon::host {

// How v3 (and compat) requests are authenticated. v2 is never authenticated.
enum class AuthMode {
  kDisabled,       // everyone is the reference's anonymous user; ownership checks are skipped
  kTrustedHeader,  // a reverse proxy authenticates and names the user in a header
  kBearer,         // Authorization: Bearer <JWT>, verified locally
};

struct AuthConfig {
  // Built-in default is *disabled* (unlike the reference, whose default needs a browser
  // session the Jobmon client cannot have).
  AuthMode mode = AuthMode::kDisabled;
  // trusted_header: the headers are honoured only from these peers (CIDR or plain address).
  std::vector<std::string> trusted_proxies = {"127.0.0.1/32", "::1/128"};
  std::string user_header = "X-Forwarded-User";
  std::string email_header = "X-Forwarded-Email";
  std::string groups_header = "X-Forwarded-Groups";
  // bearer: exactly one key source. The secret file holds an HS256 secret; the public key
  // file a PEM (RSA -> RS256/384/512, EC -> ES256/384/512); the JWKS file a JSON key set.
  std::filesystem::path jwt_secret_file, jwt_public_key_file, jwks_file;
  std::string jwt_issuer;    // empty: not checked
  std::string jwt_audience;  // empty: not checked
  // Empty: the local part of `email`, as the reference compares users, else
  // `preferred_username`.
  std::string username_claim;
  std::string groups_claim = "groups";
  std::chrono::seconds clock_leeway{30};
  // Members may act on any workflow (the reference's OIDC__ADMIN_GROUP).
  std::string admin_group;
  // When set, an authenticated user outside this group is refused with 403.
  std::string required_group;
};

struct CorsConfig {
  // Used only when auth is enabled (credentials allowed, these origins only); with auth
  // disabled every origin is allowed without credentials, as in the reference.
  std::vector<std::string> allowed_origins = {"http://localhost:3000", "http://localhost:3001",
                                              "http://127.0.0.1:3000", "http://127.0.0.1:3001"};
};

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

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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

// "true/false/1/0/yes/no/on/off", case-insensitive; nullopt otherwise.
std::optional<bool> parse_bool(std::string value);

std::string usage_text();

// Where one setting's text comes from: the flag if given, else its JOBMOND_* variable, else the
// first of `env_names` that is set. The pair is (value, the flag's or variable's name for
// messages).
using SettingLookup = std::function<std::optional<std::pair<std::string, std::string>>(
    const std::string& flag, const std::vector<std::string>& env_names)>;

// A comma-separated list, items trimmed; an empty item is an error naming `what`.
std::vector<std::string> split_list(const std::string& text, const std::string& what);

// A decimal number in [min, max]; anything else is a ConfigError naming `what`.
double parse_decimal(const std::string& text, const std::string& what, double min, double max);

// An integer in [min, max]; anything else is a ConfigError naming `what`.
template <typename T>
T parse_number(const std::string& text, const std::string& what, T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    throw ConfigError(what + ": expected an integer from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

}  // namespace jobmon::host
