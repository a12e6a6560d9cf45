#include "config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <thread>

namespace jobmon::host {

namespace {

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

std::vector<std::string> split_list(const std::string& text, const std::string& what) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) throw ConfigError(what + ": empty plugin name in '" + text + "'");
    out.push_back(item);
    start = comma + 1;
  }
  return out;
}

struct Flags {
  std::optional<std::string> host, port, threads, db, plugins, plugin_dir, pool_size,
      max_body_bytes, auth_enabled;
};

}  // namespace

std::optional<bool> parse_bool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  return std::nullopt;
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

ConfigResult parse_config(const std::vector<std::string>& args, const EnvLookup& env,
                          const std::filesystem::path& binary_dir) {
  ConfigResult result;
  Flags flags;
  const std::vector<std::pair<std::string, std::optional<std::string>*>> table = {
      {"--host", &flags.host},
      {"--port", &flags.port},
      {"--threads", &flags.threads},
      {"--db", &flags.db},
      {"--plugins", &flags.plugins},
      {"--plugin-dir", &flags.plugin_dir},
      {"--pool-size", &flags.pool_size},
      {"--max-body-bytes", &flags.max_body_bytes},
      {"--auth-enabled", &flags.auth_enabled},
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      result.action = ConfigAction::kHelp;
      return result;
    }
    if (arg == "--version") {
      result.action = ConfigAction::kVersion;
      return result;
    }
    std::string name = arg;
    std::optional<std::string> value;
    if (std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const auto& entry) { return entry.first == name; });
    if (it == table.end()) throw ConfigError("unknown argument '" + arg + "' (see --help)");
    if (!value) {
      if (i + 1 >= args.size()) throw ConfigError(name + ": missing value");
      value = args[++i];
    }
    *it->second = *value;
  }

  auto pick = [&](const std::optional<std::string>& flag, const std::string& flag_name,
                  const std::vector<std::string>& env_names)
      -> std::optional<std::pair<std::string, std::string>> {
    if (flag) return std::make_pair(*flag, flag_name);
    for (const std::string& e : env_names) {
      if (auto v = env(e)) return std::make_pair(*v, e);
    }
    return std::nullopt;
  };

  Config& c = result.config;
  const unsigned hw = std::thread::hardware_concurrency();
  c.threads = static_cast<int>(std::max(2u, hw));
  c.plugin_dir = binary_dir / "plugins";

  if (auto v = pick(flags.host, "--host", {})) {
    if (v->first.empty()) throw ConfigError("--host: empty address");
    c.host = v->first;
  }
  if (auto v = pick(flags.port, "--port", {})) {
    c.port = parse_number<std::uint16_t>(v->first, v->second, 0, 65535);
  }
  if (auto v = pick(flags.threads, "--threads", {})) {
    c.threads = parse_number<int>(v->first, v->second, 1, 1024);
  }
  if (auto v = pick(flags.db, "--db", {"JOBMON__DB__SQLALCHEMY_DATABASE_URI"})) {
    if (v->first.empty()) throw ConfigError(v->second + ": empty database URI");
    c.db.uri = v->first;
  }
  if (auto v = pick(flags.pool_size, "--pool-size",
                    {"JOBMON__DB__POOL_SIZE", "JOBMON__DB__POOL__SIZE"})) {
    c.db.pool_size = parse_number<std::size_t>(v->first, v->second, 1, 1024);
  }
  if (auto v = pick(std::nullopt, "", {"JOBMON__DB__POOL__TIMEOUT", "JOBMON__DB__POOL_TIMEOUT"})) {
    c.db.lease_timeout = std::chrono::seconds(parse_number<int>(v->first, v->second, 1, 3600));
  }
  if (auto v = pick(flags.plugins, "--plugins", {"JOBMOND_PLUGINS"})) {
    c.plugins = split_list(v->first, v->second);
  }
  if (auto v = pick(flags.plugin_dir, "--plugin-dir", {"JOBMOND_PLUGIN_DIR"})) {
    if (v->first.empty()) throw ConfigError(v->second + ": empty directory");
    c.plugin_dir = v->first;
  }
  if (auto v = pick(flags.max_body_bytes, "--max-body-bytes", {})) {
    c.max_body_bytes =
        parse_number<std::size_t>(v->first, v->second, 1, std::size_t{1} << 34);  // 16 GiB
  }
  if (auto v = pick(flags.auth_enabled, "--auth-enabled", {"JOBMON__AUTH__ENABLED"})) {
    auto b = parse_bool(v->first);
    if (!b) {
      throw ConfigError(v->second + ": expected true/false/1/0/yes/no, got '" + v->first + "'");
    }
    c.auth_enabled = *b;
  }
  return result;
}

std::string usage_text() {
  return R"(Usage: jobmond [options]

Jobmon server: serves the Jobmon HTTP API (/api/v2, /api/v3) from route plugins.

Options (flags beat environment variables):
  --host ADDR            address to listen on (default 127.0.0.1)
  --port N               port (default 8080; 0 = any free port). Once bound, jobmond prints
                         "jobmond listening on http://ADDR:PORT" to stdout.
  --threads N            server threads; handlers run on them (default: CPU count, at least 2)
  --db URI               database, SQLAlchemy form (default sqlite:///jobmon.sqlite in the
                         working directory)    env JOBMON__DB__SQLALCHEMY_DATABASE_URI
  --pool-size N          database connections (default 8)    env JOBMON__DB__POOL_SIZE
  --plugins LIST         comma-separated plugins to load, in order (default v2,v3,compat);
                         plugin NAME is the file <plugin-dir>/NAME.so    env JOBMOND_PLUGINS
  --plugin-dir DIR       where plugins live (default <directory of jobmond>/plugins)
                                                   env JOBMOND_PLUGIN_DIR
  --max-body-bytes N     largest request body accepted (default 67108864); larger -> 413
  --auth-enabled BOOL    require a session user on v3 routes    env JOBMON__AUTH__ENABLED
                         Default: DISABLED (the Python server defaults to enabled, but the
                         Jobmon client cannot authenticate). With auth enabled and no session
                         support yet, v3 routes answer 403 {"detail":"Unauthorized"}.
  --help                 this text
  --version              print the version

Other environment variables: JOBMON__DB__POOL__TIMEOUT (seconds to wait for a connection).
Signals: SIGTERM/SIGINT stop accepting requests, finish those in flight (up to 10 s), exit 0.
)";
}

}  // namespace jobmon::host
