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
                                 "--cors-allowed-origins",
                                 "JOBMON__OIDC__ADMIN_GROUP",
                                 "JOBMON__AUTH__JWT_SECRET_FILE",
                                 "JOBMON__CORS__ALLOWED_ORIGINS"}) {
    EXPECT_NE(usage_text().find(documented), std::string::npos) << documented;
  }
}

}  // namespace
}  // namespace jobmon::host
