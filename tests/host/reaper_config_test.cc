// The reaper's settings and --jobmon-server-version (reaper/reaper_settings.h, config.h).
#include <gtest/gtest.h>

#include <map>

#include "config.h"

namespace jobmon::host {
namespace {

ConfigResult parse(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) {
  return parse_config(
      args,
      [&](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
      },
      "/opt/jobmond/bin");
}

TEST(ReaperConfigTest, DefaultsAreTheReferences) {
  ConfigResult r = parse({"reaper"});
  EXPECT_EQ(r.action, ConfigAction::kReaper);
  EXPECT_EQ(r.config.reaper.poll_interval, std::chrono::minutes(5));
  EXPECT_EQ(r.config.reaper.sweep_pause, std::chrono::seconds(2));
  EXPECT_FALSE(r.config.reaper.once);
  EXPECT_TRUE(r.config.reaper.webhook.host.empty());
  EXPECT_TRUE(r.config.db.server_version.empty());  // jobmond-<version>
}

TEST(ReaperConfigTest, TheReferencesVariablesAndFlags) {
  ConfigResult r = parse({"reaper", "--once", "--slack-channel", "#ops"},
                         {{"JOBMON__REAPER__POLL_INTERVAL_MINUTES", "0.5"},
                          {"JOBMON__REAPER__SLACK_API_URL", "http://relay.local:8081/hooks/x?y=1"},
                          {"JOBMON__REAPER__SLACK_TOKEN", "secret"},
                          {"JOBMON__REAPER__SLACK_CHANNEL_DEFAULT", "#other"},
                          {"JOBMOND_JOBMON_SERVER_VERSION", "3.4.0"}});
  EXPECT_TRUE(r.config.reaper.once);
  EXPECT_EQ(r.config.reaper.poll_interval, std::chrono::seconds(30));
  EXPECT_EQ(r.config.reaper.webhook.host, "relay.local");
  EXPECT_EQ(r.config.reaper.webhook.port, "8081");
  EXPECT_EQ(r.config.reaper.webhook.path, "/hooks/x?y=1");
  EXPECT_EQ(r.config.reaper.webhook_token, "secret");
  EXPECT_EQ(r.config.reaper.webhook_channel, "#ops");  // the flag beats the variable
  EXPECT_EQ(r.config.db.server_version, "3.4.0");
  EXPECT_EQ(parse({"reaper", "--slack-api-url", "http://[::1]/h"}).config.reaper.webhook.host,
            "::1");
  EXPECT_EQ(parse({"--jobmon-server-version", "3.6.0"}).config.db.server_version, "3.6.0");
}

TEST(ReaperConfigTest, BadValuesNameTheSetting) {
  auto message = [](const std::vector<std::string>& args) {
    try {
      parse(args);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"reaper", "--poll-interval-minutes", "0"}).find("--poll-interval-minutes"),
            std::string::npos);
  EXPECT_NE(message({"reaper", "--poll-interval-minutes", "five"}).find("expected a number"),
            std::string::npos);
  EXPECT_NE(message({"reaper", "--slack-api-url", "https://hooks.example/x"}).find("https"),
            std::string::npos);
  EXPECT_NE(message({"reaper", "--slack-api-url", "ftp://x"}).find("http://HOST"),
            std::string::npos);
  EXPECT_NE(message({"reaper", "--slack-api-url", "http://h:99999/"}).find("port"),
            std::string::npos);
  EXPECT_NE(message({"--jobmon-server-version", ""}).find("1 to 150"), std::string::npos);
  EXPECT_NE(message({"serve", "--once"}).find("reaper only"), std::string::npos);
}

}  // namespace
}  // namespace jobmon::host
