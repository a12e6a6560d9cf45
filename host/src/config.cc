#include "config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>
#include <thread>

#include "auth_config.h"
#include "reaper/reaper_settings.h"

namespace jobmon::host {

namespace {

// Every flag jobmond knows, in --help's order; values are kept as text until the settings below
// parse them.
const std::vector<std::string> kFlagNames = {
    "--host",
    "--port",
    "--threads",
    "--db",
    "--plugins",
    "--plugin-dir",
    "--docs-dir",
    "--pool-size",
    "--pool-timeout",
    "--pool-recycle",
    "--max-body-bytes",
    "--request-read-timeout",
    "--keepalive-timeout",
    "--drain-timeout",
    "--log-format",
    "--log-level",
    "--log-file",
    "--auth-enabled",
    "--auth-mode",
    "--auth-trusted-proxies",
    "--auth-user-header",
    "--auth-email-header",
    "--auth-groups-header",
    "--auth-jwt-secret-file",
    "--auth-jwt-public-key-file",
    "--auth-jwks-file",
    "--auth-jwt-issuer",
    "--auth-jwt-audience",
    "--auth-username-claim",
    "--auth-groups-claim",
    "--auth-clock-leeway",
    "--auth-admin-group",
    "--auth-required-group",
    "--admin-open",
    "--cors-allowed-origins",
    "--jobmon-server-version",
    "--heartbeat-report-by-buffer",
    "--heartbeat-task-instance-interval",
    "--poll-interval-minutes",
    "--slack-api-url",
    "--slack-token",
    "--slack-channel",
    "--reaper-metrics-file",
    "--reaper-lock-retry",
    "--reaper-sweep-pause",
};

using Flags = std::map<std::string, std::string, std::less<>>;

// Handlers run on the server threads and block on the database. SQLite has one writer: a second
// thread writing only queues at the writer gate, and on two cores handing the gate between two
// threads cost a third of the write throughput (docs/performance.md); one core is left to the
// WAL checkpointer and the clients. A database server takes writers in parallel, and every
// round trip leaves a thread waiting, so there every core gets a thread.
int default_threads(const std::string& db_uri, unsigned cores) {
  if (db_uri.rfind("sqlite", 0) == 0) return static_cast<int>(std::max(2u, cores) - 1);
  return static_cast<int>(std::max(2u, cores));
}

}  // namespace

const std::vector<std::string>& flag_names() { return kFlagNames; }

std::string flag_variable(const std::string& flag) {
  std::string name = "JOBMOND_";
  for (char c : flag.substr(flag.rfind("--", 0) == 0 ? 2 : 0)) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
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
  bool once = false;
  std::size_t first = 0;
  if (!args.empty() && args[0].rfind("-", 0) != 0) {
    if (args[0] == "routes") {
      result.action = ConfigAction::kRoutes;
    } else if (args[0] == "check-config") {
      result.action = ConfigAction::kCheckConfig;
    } else if (args[0] == "init-db") {
      result.action = ConfigAction::kInitDb;
    } else if (args[0] == "reaper") {
      result.action = ConfigAction::kReaper;
    } else if (args[0] != "serve") {
      throw ConfigError("unknown command '" + args[0] +
                        "' (commands: serve, routes, check-config, init-db, reaper; see --help)");
    }
    first = 1;
  }
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      result.action = ConfigAction::kHelp;
      return result;
    }
    if (arg == "--version") {
      result.action = ConfigAction::kVersion;
      return result;
    }
    if (arg == "--once") {  // a switch, without a value
      once = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> value;
    if (std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (std::find(kFlagNames.begin(), kFlagNames.end(), name) == kFlagNames.end()) {
      throw ConfigError("unknown argument '" + arg + "' (see --help)");
    }
    if (!value) {
      // No flag takes a value that starts with "--": that is the next flag.
      if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) {
        throw ConfigError(name + " needs a value (" + name + " VALUE or " + name + "=VALUE)");
      }
      value = args[++i];
    }
    flags[name] = *value;
  }

  // The value of a setting and where it came from (the flag or the variable's name, for errors).
  std::map<std::string, SettingSource> sources;
  const SettingLookup pick = [&](const std::string& flag_name,
                                 const std::vector<std::string>& env_names)
      -> std::optional<std::pair<std::string, std::string>> {
    SettingSource& source = sources[flag_name];
    source.flag = flag_name;
    source.variables = {flag_variable(flag_name)};
    for (const std::string& e : env_names) {
      if (e != source.variables.front()) source.variables.push_back(e);
    }
    source.from = "default";
    if (auto it = flags.find(flag_name); it != flags.end()) {
      source.from = flag_name;
      return std::make_pair(it->second, flag_name);
    }
    for (const std::string& e : source.variables) {
      if (auto v = env(e)) {
        source.from = e;
        return std::make_pair(*v, e);
      }
    }
    return std::nullopt;
  };

  Config& c = result.config;
  c.threads = 0;  // unless --threads says otherwise, chosen for the database below
  // The build tree keeps the Swagger UI files next to the binary; an installation in share/.
  c.docs_dir = binary_dir / "swagger-ui";
  {
    std::error_code no_throw;
    if (!std::filesystem::is_directory(c.docs_dir, no_throw)) {
      c.docs_dir = (binary_dir / "../share/jobmond/swagger-ui").lexically_normal();
    }
  }
  // The build tree keeps plugins next to the binary; an installation in <prefix>/lib/jobmond.
  c.plugin_dir = binary_dir / "plugins";
  std::error_code no_throw;
  if (!std::filesystem::is_directory(c.plugin_dir, no_throw) &&
      std::filesystem::is_directory(binary_dir / "../lib/jobmond/plugins", no_throw)) {
    c.plugin_dir = (binary_dir / "../lib/jobmond/plugins").lexically_normal();
  }

  if (auto v = pick("--host", {})) {
    if (v->first.empty()) throw ConfigError("--host: empty address");
    c.host = v->first;
  }
  if (auto v = pick("--port", {})) {
    c.port = parse_number<std::uint16_t>(v->first, v->second, 0, 65535);
  }
  if (auto v = pick("--threads", {})) {
    c.threads = parse_number<int>(v->first, v->second, 1, 1024);
  }
  if (auto v = pick("--db", {"JOBMON__DB__SQLALCHEMY_DATABASE_URI"})) {
    if (v->first.empty()) throw ConfigError(v->second + ": empty database URI");
    c.db.uri = v->first;
  }
  if (c.threads == 0) c.threads = default_threads(c.db.uri, std::thread::hardware_concurrency());
  if (auto v = pick("--pool-size", {"JOBMON__DB__POOL_SIZE", "JOBMON__DB__POOL__SIZE"})) {
    c.db.pool_size = parse_number<std::size_t>(v->first, v->second, 1, 1024);
  }
  if (auto v = pick("--pool-timeout", {"JOBMON__DB__POOL__TIMEOUT", "JOBMON__DB__POOL_TIMEOUT"})) {
    c.db.lease_timeout = std::chrono::seconds(parse_number<int>(v->first, v->second, 1, 3600));
  }
  if (auto v = pick("--pool-recycle", {"JOBMON__DB__POOL__RECYCLE", "JOBMON__DB__POOL_RECYCLE"})) {
    // SQLAlchemy's pool_recycle: -1 (its default) or 0 turn recycling off.
    int seconds = parse_number<int>(v->first, v->second, -1, 7 * 24 * 3600);
    c.db.recycle_after = std::chrono::seconds(seconds < 0 ? 0 : seconds);
  }
  if (auto v = pick("--plugins", {})) {
    c.plugins = split_list(v->first, v->second);
  }
  if (auto v = pick("--plugin-dir", {})) {
    if (v->first.empty()) throw ConfigError(v->second + ": empty directory");
    c.plugin_dir = v->first;
  }
  if (auto v = pick("--docs-dir", {})) c.docs_dir = v->first;
  if (auto v = pick("--max-body-bytes", {})) {
    c.max_body_bytes =
        parse_number<std::size_t>(v->first, v->second, 1, std::size_t{1} << 34);  // 16 GiB
  }
  if (auto v = pick("--request-read-timeout", {})) {
    c.request_read_timeout = std::chrono::seconds(parse_number<int>(v->first, v->second, 1, 3600));
  }
  if (auto v = pick("--keepalive-timeout", {})) {
    c.keepalive_timeout = std::chrono::seconds(parse_number<int>(v->first, v->second, 1, 3600));
  }
  if (auto v = pick("--drain-timeout", {})) {
    c.drain_timeout = std::chrono::seconds(parse_number<int>(v->first, v->second, 0, 3600));
  }
  if (auto v = pick("--log-format", {})) {
    if (v->first == "text") {
      c.log_format = LogFormat::kText;
    } else if (v->first == "json") {
      c.log_format = LogFormat::kJson;
    } else {
      throw ConfigError(v->second + ": expected text or json, got '" + v->first + "'");
    }
  }
  if (auto v = pick("--log-level", {})) {
    std::string l = v->first;
    std::transform(l.begin(), l.end(), l.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (l == "debug") {
      c.log_level = LogLevel::kDebug;
    } else if (l == "info") {
      c.log_level = LogLevel::kInfo;
    } else if (l == "warning" || l == "warn") {
      c.log_level = LogLevel::kWarning;
    } else if (l == "error") {
      c.log_level = LogLevel::kError;
    } else {
      throw ConfigError(v->second + ": expected debug, info, warning or error, got '" + v->first +
                        "'");
    }
  }
  if (auto v = pick("--jobmon-server-version", {"JOBMOND_JOBMON_SERVER_VERSION"})) {
    // workflow_run.jobmon_server_version is VARCHAR(150).
    if (v->first.empty() || v->first.size() > 150) {
      throw ConfigError(v->second + ": expected 1 to 150 characters, got '" + v->first + "'");
    }
    c.db.server_version = v->first;
  }
  // The Jobmon client's own keys (its defaults too): one site-wide value serves clients and server.
  if (auto v = pick("--heartbeat-report-by-buffer", {"JOBMON__HEARTBEAT__REPORT_BY_BUFFER"})) {
    c.db.heartbeat.report_by_buffer = parse_decimal(v->first, v->second, 0, 1000);
  }
  if (auto v = pick("--heartbeat-task-instance-interval",
                    {"JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL"})) {
    c.db.heartbeat.task_instance_interval = parse_decimal(v->first, v->second, 0, 86400);
  }
  if (auto v = pick("--log-file", {})) {
    if (v->first.empty()) throw ConfigError(v->second + ": empty path");
    c.log_file = v->first;
  }
  c.auth = parse_auth_config(pick);
  c.cors = parse_cors_config(pick);
  c.reaper = parse_reaper_config(pick);
  c.reaper.once = once;
  if (once && result.action != ConfigAction::kReaper) {
    throw ConfigError("--once applies to the reaper only (jobmond reaper --once)");
  }
  for (const std::string& flag : kFlagNames) c.sources.push_back(sources.at(flag));
  return result;
}

std::string usage_text() {
  return R"(Usage: jobmond [COMMAND] [options]

Jobmon server: serves the Jobmon HTTP API (/api/v2, /api/v3) from route plugins.

Commands (the options below apply to each):
  serve                  serve HTTP (the default)
  routes                 print the routes the --plugins list serves (method, path, plugin,
                         summary) without serving or touching the configured database
  check-config           validate the configuration, connect to the database, load the
                         plugins, print the effective settings (secrets masked) and where each
                         came from; exit 1 on any problem
  init-db                create the Jobmon schema in an empty database, or verify an existing
                         one's revision; exit 1 when it cannot
  reaper                 run the workflow reaper instead of serving (see below)

Options. Every flag that takes a value has an environment variable, JOBMOND_ and the flag's name
in capitals (--pool-size: JOBMOND_POOL_SIZE); the switches --once, --help and --version have none.
Settings the Python server has also read its JOBMON__SECTION__KEY variable. A flag beats
JOBMOND_*, which beats JOBMON__*:
  --host ADDR            address to listen on (default 127.0.0.1)     env JOBMOND_HOST
  --port N               port (default 8080; 0 = any free port). Once bound, jobmond prints
                         "jobmond listening on http://ADDR:PORT" to stdout.   env JOBMOND_PORT
  --threads N            threads that run the route handlers, beside one thread for the
                         network (default: SQLite, CPU count - 1, at least 1; a database server,
                         CPU count, at least 2)                        env JOBMOND_THREADS
  --db URI               database, SQLAlchemy form (default sqlite:///jobmon.sqlite in the
                         working directory)   env JOBMOND_DB, JOBMON__DB__SQLALCHEMY_DATABASE_URI
  --pool-size N          database connections (default 8)
                  env JOBMOND_POOL_SIZE, JOBMON__DB__POOL_SIZE (or JOBMON__DB__POOL__SIZE)
  --pool-timeout S       seconds a request waits for a free connection before it gets 503
                         (default 10)
                  env JOBMOND_POOL_TIMEOUT, JOBMON__DB__POOL__TIMEOUT (or JOBMON__DB__POOL_TIMEOUT)
  --pool-recycle S       replace a connection once it is S seconds old (default 3600; 0 = never),
                         well before MySQL's wait_timeout
                  env JOBMOND_POOL_RECYCLE, JOBMON__DB__POOL__RECYCLE (or JOBMON__DB__POOL_RECYCLE)
  --plugins LIST         comma-separated plugins to load, in order (default v2,v3,compat);
                         plugin NAME is the file <plugin-dir>/NAME.so    env JOBMOND_PLUGINS
  --plugin-dir DIRS      where plugins live, colon-separated, first match wins (default
                         <directory of jobmond>/plugins, or <prefix>/lib/jobmond/plugins)
                                                   env JOBMOND_PLUGIN_DIR
  --docs-dir DIR         the Swagger UI files served at /api/docs (default <directory of
                         jobmond>/swagger-ui, or <prefix>/share/jobmond/swagger-ui)
                                                   env JOBMOND_DOCS_DIR
  --max-body-bytes N     largest request body accepted (default 67108864); larger -> 413
                                                   env JOBMOND_MAX_BODY_BYTES
  --request-read-timeout S  seconds a client may take to send a request's headers, and again
                         its body (default 30); slower clients get 408 and are disconnected
                                                   env JOBMOND_REQUEST_READ_TIMEOUT
  --keepalive-timeout S  seconds an idle keep-alive connection stays open (default 15)
                                                   env JOBMOND_KEEPALIVE_TIMEOUT
  --drain-timeout S      on SIGTERM/SIGINT, seconds to wait for requests in flight (default 10)
                                                   env JOBMOND_DRAIN_TIMEOUT
  --log-format F         text (default) or json: one JSON object per line, requests with their
                         route, status, duration, path ids and the Jobmon client's correlation
                         ids                       env JOBMOND_LOG_FORMAT
  --log-level L          debug, info (default; one line per request), warning or error
                                                   env JOBMOND_LOG_LEVEL
  --jobmon-server-version V  what new workflow runs record as their server version
                         (default jobmond-<version>); set it to a Python reaper's version when
                         that reaper still runs beside jobmond    env JOBMOND_JOBMON_SERVER_VERSION
  --heartbeat-report-by-buffer X  heartbeat intervals after a worker's last report before it
                         is overdue, as the Jobmon client's own setting (default 3.1)
                  env JOBMOND_HEARTBEAT_REPORT_BY_BUFFER, JOBMON__HEARTBEAT__REPORT_BY_BUFFER
  --heartbeat-task-instance-interval S  seconds between a worker's reports (default 90). With
                         the buffer: a 3.6 client's launched instances are triaged only after
                         2 x buffer x interval seconds in LAUNCHED, and the reaper gives up on a
                         resumed run's KILL_SELF instances after as long without a report
      env JOBMOND_HEARTBEAT_TASK_INSTANCE_INTERVAL, JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL
  --log-file PATH        append the log to PATH instead of stderr; SIGHUP reopens it (for
                         logrotate)                env JOBMOND_LOG_FILE

Authentication of /api/v3 (and compat) routes; /api/v2 is never authenticated:
  --auth-enabled BOOL    Default: disabled, every request is the anonymous user (the Python
                         server defaults to enabled, but its session login cannot serve the
                         Jobmon client). true needs --auth-mode.
                                   env JOBMOND_AUTH_ENABLED, JOBMON__AUTH__ENABLED
  --auth-mode MODE       disabled | trusted_header | bearer
                                   env JOBMOND_AUTH_MODE, JOBMON__AUTH__MODE
  trusted_header: a reverse proxy authenticates and names the user in headers, believed only
  from the proxy's address:
  --auth-trusted-proxies LIST   CIDR blocks or addresses (default 127.0.0.1/32,::1/128)
                        env JOBMOND_AUTH_TRUSTED_PROXIES, JOBMON__AUTH__TRUSTED_PROXIES
  --auth-user-header H   (default X-Forwarded-User)
                        env JOBMOND_AUTH_USER_HEADER, JOBMON__AUTH__USER_HEADER
  --auth-email-header H  (default X-Forwarded-Email)
                        env JOBMOND_AUTH_EMAIL_HEADER, JOBMON__AUTH__EMAIL_HEADER
  --auth-groups-header H (default X-Forwarded-Groups, comma-separated)
                        env JOBMOND_AUTH_GROUPS_HEADER, JOBMON__AUTH__GROUPS_HEADER
  bearer: Authorization: Bearer <JWT>, verified with exactly one of
  --auth-jwt-secret-file F      HS256 shared secret (>= 32 bytes)
                        env JOBMOND_AUTH_JWT_SECRET_FILE, JOBMON__AUTH__JWT_SECRET_FILE
  --auth-jwt-public-key-file F  PEM public key, RSA (RS256) or EC (ES256)
                        env JOBMOND_AUTH_JWT_PUBLIC_KEY_FILE, JOBMON__AUTH__JWT_PUBLIC_KEY_FILE
  --auth-jwks-file F            JSON Web Key Set (keys chosen by kid)
                        env JOBMOND_AUTH_JWKS_FILE, JOBMON__AUTH__JWKS_FILE
  --auth-jwt-issuer S    required iss (default: not checked)
                        env JOBMOND_AUTH_JWT_ISSUER, JOBMON__AUTH__JWT_ISSUER
  --auth-jwt-audience S  required aud (default: not checked)
                        env JOBMOND_AUTH_JWT_AUDIENCE, JOBMON__AUTH__JWT_AUDIENCE
  --auth-username-claim C  (default: local part of email, else preferred_username)
                        env JOBMOND_AUTH_USERNAME_CLAIM, JOBMON__AUTH__USERNAME_CLAIM
  --auth-groups-claim C  (default groups)
                        env JOBMOND_AUTH_GROUPS_CLAIM, JOBMON__AUTH__GROUPS_CLAIM
  --auth-clock-leeway N  seconds of clock skew allowed for exp/nbf (default 30)
                        env JOBMOND_AUTH_CLOCK_LEEWAY, JOBMON__AUTH__CLOCK_LEEWAY
  Both modes:
  --auth-admin-group G   members may change any workflow
                        env JOBMOND_AUTH_ADMIN_GROUP, JOBMON__OIDC__ADMIN_GROUP
  --auth-required-group G  others are refused with 403
                        env JOBMOND_AUTH_REQUIRED_GROUP, JOBMON__AUTH__REQUIRED_GROUP
  --admin-open BOOL      serve the admin plugin's routes to everyone (default false: the
                         plugin needs authentication and --auth-admin-group)
                        env JOBMOND_ADMIN_OPEN
  --cors-allowed-origins LIST  origins allowed with credentials when auth is enabled
                         (default the localhost:3000/3001 dev origins; with auth disabled
                         every origin, without credentials)
                        env JOBMOND_CORS_ALLOWED_ORIGINS, JOBMON__CORS__ALLOWED_ORIGINS

)" + reaper_usage_text() +
         R"(
  --help                 this text
  --version              print the version

Health: GET /livez (the process serves) and GET /readyz (the database answers and takes writes;
503 with a reason otherwise), never authenticated, whatever plugins are loaded.
Signals: SIGTERM/SIGINT stop accepting requests, close idle connections, finish those in
flight (up to the drain timeout), exit 0. SIGHUP reopens the --log-file.
)";
}

}  // namespace jobmon::host
