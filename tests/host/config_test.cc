#include "config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <thread>

namespace jobmon::host {
namespace {

struct Env {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  }
};

Config parse(const std::vector<std::string>& args, const Env& env = {}) {
  return parse_config(args, env.lookup(), "/opt/jobmond/bin").config;
}

TEST(ConfigTest, DatabaseServersGetAThreadPerCore) {
  const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  EXPECT_EQ(parse({"--db", "postgresql://u@/db?host=/tmp"}).threads, cores);
  EXPECT_EQ(parse({"--db", "mysql://u@localhost/db"}).threads, cores);
  EXPECT_EQ(parse({"--db", "sqlite:////tmp/x.sqlite", "--threads", "4"}).threads, 4);
}

TEST(ConfigTest, Defaults) {
  Config c = parse({});
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  EXPECT_EQ(c.threads, cores - 1);  // SQLite: one core left to the checkpointer and clients
  EXPECT_EQ(c.db.uri, "sqlite:///jobmon.sqlite");
  EXPECT_EQ(c.plugins, (std::vector<std::string>{"v2", "v3", "compat"}));
  EXPECT_EQ(c.plugin_dir, std::filesystem::path("/opt/jobmond/bin/plugins"));
  EXPECT_EQ(c.max_body_bytes, 64u << 20);
  EXPECT_EQ(c.auth.mode, AuthMode::kDisabled);
}

TEST(ConfigTest, FlagsBeatEnvironment) {
  Env env;
  env.vars["JOBMON__DB__SQLALCHEMY_DATABASE_URI"] = "sqlite:///env.sqlite";
  env.vars["JOBMON__AUTH__ENABLED"] = "TRUE";
  env.vars["JOBMON__AUTH__MODE"] = "trusted_header";
  env.vars["JOBMON__DB__POOL_SIZE"] = "3";
  Config from_env = parse({}, env);
  EXPECT_EQ(from_env.db.uri, "sqlite:///env.sqlite");
  EXPECT_EQ(from_env.auth.mode, AuthMode::kTrustedHeader);
  EXPECT_EQ(from_env.db.pool_size, 3u);
  Config c = parse({"--db", "sqlite:///flag.sqlite", "--auth-enabled=no", "--pool-size", "5"}, env);
  EXPECT_EQ(c.db.uri, "sqlite:///flag.sqlite");
  EXPECT_EQ(c.auth.mode, AuthMode::kDisabled);
  EXPECT_EQ(c.db.pool_size, 5u);
}

TEST(ConfigTest, PoolTimeoutAndRecycleFromFlagsOrTheReferencesPoolSettings) {
  Config defaults = parse({});
  EXPECT_EQ(defaults.db.lease_timeout, std::chrono::seconds(10));
  EXPECT_EQ(defaults.db.recycle_after, std::chrono::hours(1));
  Env env;
  env.vars["JOBMON__DB__POOL__TIMEOUT"] = "30";
  env.vars["JOBMON__DB__POOL__RECYCLE"] = "-1";  // SQLAlchemy: never
  Config from_env = parse({}, env);
  EXPECT_EQ(from_env.db.lease_timeout, std::chrono::seconds(30));
  EXPECT_EQ(from_env.db.recycle_after.count(), 0);
  Config c = parse({"--pool-timeout", "2", "--pool-recycle", "600"}, env);
  EXPECT_EQ(c.db.lease_timeout, std::chrono::seconds(2));
  EXPECT_EQ(c.db.recycle_after, std::chrono::seconds(600));
  EXPECT_THROW(parse({"--pool-recycle", "soon"}), ConfigError);
}

TEST(ConfigTest, AllFlags) {
  Config c = parse({"--host", "0.0.0.0", "--port", "0", "--threads", "3", "--plugins", "v3, compat",
                    "--plugin-dir", "/x", "--max-body-bytes", "1024", "--request-read-timeout", "7",
                    "--drain-timeout", "3"});
  EXPECT_EQ(c.request_read_timeout, std::chrono::seconds(7));
  EXPECT_EQ(c.drain_timeout, std::chrono::seconds(3));
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.plugins, (std::vector<std::string>{"v3", "compat"}));
  EXPECT_EQ(c.plugin_dir, std::filesystem::path("/x"));
  EXPECT_EQ(c.max_body_bytes, 1024u);
}

TEST(ConfigTest, LastRepeatedFlagWins) { EXPECT_EQ(parse({"--port", "1", "--port", "2"}).port, 2); }

TEST(ConfigTest, BooleansAreCaseInsensitive) {
  for (const char* t : {"true", "True", "1", "YES", "on"}) EXPECT_EQ(parse_bool(t), true) << t;
  for (const char* f : {"false", "FALSE", "0", "no", "Off"}) EXPECT_EQ(parse_bool(f), false) << f;
  EXPECT_FALSE(parse_bool("maybe").has_value());
}

TEST(ConfigTest, ClearErrors) {
  auto message = [](const std::vector<std::string>& args, const Env& env = {}) {
    try {
      parse(args, env);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"--port", "70000"}).find("--port"), std::string::npos);
  EXPECT_NE(message({"--port"}).find("--port needs a value"), std::string::npos);
  EXPECT_NE(message({"--port", "--threads", "2"}).find("--port needs a value"), std::string::npos);
  EXPECT_NE(message({"--bogus"}).find("unknown argument '--bogus'"), std::string::npos);
  EXPECT_NE(message({"--plugins", "v2,,v3"}).find("empty item"), std::string::npos);
  Env env;
  env.vars["JOBMON__AUTH__ENABLED"] = "perhaps";
  EXPECT_NE(message({}, env).find("JOBMON__AUTH__ENABLED"), std::string::npos);
}

// A value each flag takes.
std::map<std::string, std::string> sample_values(const std::string& readable_file) {
  return {{"--host", "0.0.0.0"},
          {"--port", "9000"},
          {"--threads", "3"},
          {"--db", "sqlite:///other.sqlite"},
          {"--plugins", "v2"},
          {"--plugin-dir", "/srv/plugins"},
          {"--docs-dir", "/srv/docs"},
          {"--pool-size", "3"},
          {"--pool-timeout", "3"},
          {"--pool-recycle", "3"},
          {"--max-body-bytes", "1000"},
          {"--request-read-timeout", "3"},
          {"--keepalive-timeout", "3"},
          {"--drain-timeout", "3"},
          {"--log-format", "json"},
          {"--log-level", "debug"},
          {"--log-file", "/var/log/jobmond.log"},
          {"--auth-enabled", "false"},
          {"--auth-mode", "disabled"},
          {"--auth-trusted-proxies", "10.0.0.1"},
          {"--auth-user-header", "X-U"},
          {"--auth-email-header", "X-E"},
          {"--auth-groups-header", "X-G"},
          {"--auth-jwt-secret-file", readable_file},
          {"--auth-jwt-public-key-file", readable_file},
          {"--auth-jwks-file", readable_file},
          {"--auth-jwt-issuer", "issuer"},
          {"--auth-jwt-audience", "audience"},
          {"--auth-username-claim", "sub"},
          {"--auth-groups-claim", "roles"},
          {"--auth-clock-leeway", "5"},
          {"--auth-admin-group", "admins"},
          {"--auth-required-group", "users"},
          {"--admin-open", "true"},
          {"--cors-allowed-origins", "https://gui.example"},
          {"--jobmon-server-version", "3.4.23"},
          {"--heartbeat-report-by-buffer", "2.5"},
          {"--heartbeat-task-instance-interval", "30"},
          {"--poll-interval-minutes", "2"},
          {"--reaper-sweep-pause", "1"},
          {"--reaper-lock-retry", "3"},
          {"--slack-api-url", "http://127.0.0.1:9/hook"},
          {"--slack-token", "token"},
          {"--slack-channel", "jobmon"},
          {"--reaper-metrics-file", "/var/lib/jobmond/reaper.prom"}};
}

std::string source_of(const Config& c, const std::string& flag) {
  for (const SettingSource& s : c.sources) {
    if (s.flag == flag) return s.from;
  }
  return "(not listed)";
}

// Every flag can be set by its JOBMOND_ variable (systemd's EnvironmentFile configures the
// package), and the flag beats it.
TEST(ConfigTest, EveryFlagHasAJobmondVariable) {
  const std::map<std::string, std::string> samples = sample_values(JOBMOND_SOURCE_DIR "/README.md");
  ASSERT_EQ(samples.size(), flag_names().size());
  EXPECT_EQ(flag_variable("--pool-size"), "JOBMOND_POOL_SIZE");
  for (const std::string& flag : flag_names()) {
    ASSERT_EQ(samples.count(flag), 1u) << flag;
    Env env;
    env.vars[flag_variable(flag)] = samples.at(flag);
    const Config by_env = parse({}, env);
    ASSERT_EQ(by_env.sources.size(), flag_names().size());
    EXPECT_EQ(source_of(by_env, flag), flag_variable(flag));
    for (const SettingSource& s : by_env.sources) {
      if (s.flag != flag) {
        EXPECT_EQ(s.from, "default") << s.flag << " while setting " << flag;
      }
    }
    EXPECT_EQ(source_of(parse({flag, samples.at(flag)}, env), flag), flag);
  }
  Env env;
  env.vars["JOBMOND_PORT"] = "9000";
  env.vars["JOBMOND_HOST"] = "0.0.0.0";
  env.vars["JOBMOND_MAX_BODY_BYTES"] = "1000";
  env.vars["JOBMOND_THREADS"] = "3";
  const Config c = parse({}, env);
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.max_body_bytes, 1000u);
  EXPECT_EQ(c.threads, 3);
}

// JOBMOND_* beats the Python server's JOBMON__SECTION__KEY form, which still works alone.
TEST(ConfigTest, JobmondVariablesBeatThePythonServersForm) {
  Env env;
  env.vars["JOBMON__DB__SQLALCHEMY_DATABASE_URI"] = "sqlite:///python.sqlite";
  EXPECT_EQ(parse({}, env).db.uri, "sqlite:///python.sqlite");
  EXPECT_EQ(source_of(parse({}, env), "--db"), "JOBMON__DB__SQLALCHEMY_DATABASE_URI");
  env.vars["JOBMOND_DB"] = "sqlite:///jobmond.sqlite";
  EXPECT_EQ(parse({}, env).db.uri, "sqlite:///jobmond.sqlite");
  env.vars["JOBMON__AUTH__MODE"] = "trusted_header";
  env.vars["JOBMOND_AUTH_MODE"] = "disabled";
  EXPECT_EQ(parse({}, env).auth.mode, AuthMode::kDisabled);
}

// The heartbeat settings: the Jobmon client's defaults, its JOBMON__HEARTBEAT__* variables, and
// the grace they make (docs/compatibility.md, "Jobmon 3.6 clients").
TEST(ConfigTest, HeartbeatSettingsReadTheClientsKeys) {
  const Config defaults = parse({});
  EXPECT_DOUBLE_EQ(defaults.db.heartbeat.report_by_buffer, 3.1);
  EXPECT_DOUBLE_EQ(defaults.db.heartbeat.task_instance_interval, 90);
  EXPECT_DOUBLE_EQ(defaults.db.heartbeat.grace_seconds(), 558);
  Env env;
  env.vars["JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL"] = "1";
  env.vars["JOBMON__HEARTBEAT__REPORT_BY_BUFFER"] = "2";
  const Config c = parse({}, env);
  EXPECT_DOUBLE_EQ(c.db.heartbeat.grace_seconds(), 4);
  EXPECT_EQ(source_of(c, "--heartbeat-task-instance-interval"),
            "JOBMON__HEARTBEAT__TASK_INSTANCE_INTERVAL");
  EXPECT_DOUBLE_EQ(
      parse({"--heartbeat-task-instance-interval", "0.5"}, env).db.heartbeat.task_instance_interval,
      0.5);
  EXPECT_THROW(parse({"--heartbeat-report-by-buffer", "x"}), ConfigError);
  EXPECT_THROW(parse({"--heartbeat-task-instance-interval", "-1"}), ConfigError);
}

TEST(ConfigTest, HelpListsEveryFlagWithItsVariables) {
  const std::string help = usage_text();
  for (const SettingSource& s : parse({}).sources) {
    EXPECT_NE(help.find("  " + s.flag + " "), std::string::npos) << s.flag;
    for (const std::string& v : s.variables) {
      EXPECT_NE(help.find(v), std::string::npos) << s.flag << ": " << v;
    }
  }
}

// The switches choose what one invocation does and are no settings: no variable turns them on
// (the package's settings file is read by the server's unit and the reaper's alike, and serve
// refuses --once), and --help says so instead of "every flag".
TEST(ConfigTest, SwitchesHaveNoVariable) {
  const std::string help = usage_text();
  EXPECT_NE(help.find("the switches --once, --help and --version have none"), std::string::npos);
  for (const std::string sw : {"--once", "--help", "--version"}) {
    EXPECT_EQ(std::count(flag_names().begin(), flag_names().end(), sw), 0) << sw;
    EXPECT_EQ(help.find(flag_variable(sw)), std::string::npos) << sw;
  }
  Env env;
  env.vars[flag_variable("--once")] = "true";
  EXPECT_FALSE(parse({"reaper"}, env).reaper.once);
  EXPECT_NO_THROW(parse({"serve"}, env));
  EXPECT_EQ(parse_config({"reaper"}, env.lookup(), "/").action, ConfigAction::kReaper);
}

TEST(ConfigTest, HelpAndVersion) {
  Env env;
  EXPECT_EQ(parse_config({"--port", "1", "--help"}, env.lookup(), "/").action, ConfigAction::kHelp);
  EXPECT_EQ(parse_config({"--version"}, env.lookup(), "/").action, ConfigAction::kVersion);
  // Every flag is documented, with its environment variable.
  for (const char* documented : {"--host",
                                 "--port",
                                 "--threads",
                                 "--db",
                                 "--pool-size",
                                 "--plugins",
                                 "--plugin-dir",
                                 "--max-body-bytes",
                                 "--request-read-timeout",
                                 "--drain-timeout",
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
                                 "JOBMON__OIDC__ADMIN_GROUP",
                                 "JOBMON__AUTH__JWT_SECRET_FILE",
                                 "JOBMON__CORS__ALLOWED_ORIGINS"}) {
    EXPECT_NE(usage_text().find(documented), std::string::npos) << documented;
  }
}

}  // namespace
}  // namespace jobmon::host
