// The loader against real fixture plugins (tests/fixtures): each broken one is refused with a
// message naming its file and the reason.
#include "plugin_loader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <memory>

#include "jobmon/orm/database.h"

namespace jobmon::host {
namespace {

class PluginLoaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/jobmond-loader.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    orm::DatabaseConfig config;
    config.uri = "sqlite:///" + dir_ + "/jobmon.sqlite";
    config.pool_size = 1;
    db_ = orm::Database::open(config);
  }
  static void TearDownTestSuite() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Loads `names` from the fixture directory; returns the refusal message ("" if none).
  std::string load(const std::vector<std::string>& names) {
    try {
      loader_.load_all(names, JOBMOND_TEST_FIXTURE_DIR, *routes_, *db_, JOBMOND_BUILD_SIGNATURE);
    } catch (const PluginError& e) {
      return e.what();
    }
    return "";
  }

  void expect_refused(const std::vector<std::string>& names, const std::string& file,
                      const std::string& reason) {
    std::string msg = load(names);
    ASSERT_FALSE(msg.empty()) << "accepted";
    EXPECT_NE(msg.find(std::string(JOBMOND_TEST_FIXTURE_DIR) + "/" + file), std::string::npos)
        << msg;
    EXPECT_NE(msg.find(reason), std::string::npos) << msg;
  }

  static inline std::string dir_;
  static inline std::unique_ptr<orm::Database> db_;
  // Declared before the table: the libraries outlive the handlers.
  PluginLoader loader_;
  std::shared_ptr<RouteTable> routes_ = std::make_shared<RouteTable>();
};

TEST_F(PluginLoaderTest, LoadsGoodPluginsInOrder) {
  EXPECT_EQ(load({"fixture_good", "fixture_secure"}), "");
  ASSERT_EQ(loader_.plugins().size(), 2u);
  EXPECT_EQ(loader_.plugins()[0].name, "fixture_good");
  EXPECT_EQ(loader_.plugins()[0].prefix, "/fixture");
  EXPECT_GT(loader_.plugins()[0].route_count, 5u);
  EXPECT_EQ(loader_.plugins()[1].route_count, 1u);
  EXPECT_EQ(routes_->size(), loader_.plugins()[0].route_count + loader_.plugins()[1].route_count);
  // The policy stated after add() applies to the plugin's routes.
  for (const auto& r : routes_->routes()) {
    EXPECT_EQ(r->policy, r->plugin == "fixture_secure" ? api::AuthPolicy::kRequireUser
                                                       : api::AuthPolicy::kNone);
  }
}

TEST_F(PluginLoaderTest, MissingFile) {
  expect_refused({"fixture_nonexistent"}, "fixture_nonexistent.so", "file not found");
}

TEST_F(PluginLoaderTest, NotALibrary) {
  expect_refused({"not_a_library"}, "not_a_library.so", "cannot be loaded");
}

TEST_F(PluginLoaderTest, UnresolvedSymbolFailsAtLoad) {
  expect_refused({"fixture_unresolved"}, "fixture_unresolved.so",
                 "jobmon_fixture_function_nobody_defines");
}

TEST_F(PluginLoaderTest, MissingDescriptor) {
  expect_refused({"fixture_no_descriptor"}, "fixture_no_descriptor.so",
                 "missing entry symbol 'jobmon_plugin_descriptor'");
}

TEST_F(PluginLoaderTest, MissingRegister) {
  expect_refused({"fixture_no_register"}, "fixture_no_register.so",
                 "missing entry symbol 'jobmon_plugin_register'");
}

TEST_F(PluginLoaderTest, WrongApiVersion) {
  expect_refused({"fixture_wrong_api"}, "fixture_wrong_api.so",
                 "plugin API version mismatch: plugin has " +
                     std::to_string(api::kPluginApiVersion + 41) + ", jobmond has " +
                     std::to_string(api::kPluginApiVersion));
}

TEST_F(PluginLoaderTest, WrongBuildSignature) {
  expect_refused({"fixture_wrong_signature"}, "fixture_wrong_signature.so",
                 "build signature mismatch");
}

TEST_F(PluginLoaderTest, RequiredPluginNotLoaded) {
  expect_refused({"fixture_requires_missing"}, "fixture_requires_missing.so",
                 "requires plugin 'fixture_absent'");
  // Order matters: a requirement listed after the plugin does not count.
  PluginLoader other;
  RouteTable table;
  try {
    other.load_all({"fixture_secure", "fixture_good"}, JOBMOND_TEST_FIXTURE_DIR, table, *db_,
                   JOBMOND_BUILD_SIGNATURE);
    FAIL() << "accepted";
  } catch (const PluginError& e) {
    EXPECT_NE(std::string(e.what()).find("requires plugin 'fixture_good'"), std::string::npos);
  }
}

TEST_F(PluginLoaderTest, DuplicateRouteAcrossPlugins) {
  expect_refused({"fixture_good", "fixture_duplicate_route"}, "fixture_duplicate_route.so",
                 "duplicate route GET /fixture/slow");
}

TEST_F(PluginLoaderTest, DuplicateRouteWithinPlugin) {
  expect_refused({"fixture_duplicate_within"}, "fixture_duplicate_within.so",
                 "duplicate route GET /broken/thing/{b}");
}

TEST_F(PluginLoaderTest, ThrowingRegister) {
  expect_refused({"fixture_throwing_register"}, "fixture_throwing_register.so",
                 "registration failed: register exploded");
}

TEST_F(PluginLoaderTest, NameMustMatchFile) {
  expect_refused({"fixture_name_mismatch"}, "fixture_name_mismatch.so",
                 "declares plugin name 'someone_else'");
}

TEST_F(PluginLoaderTest, BadAndDuplicateNames) {
  EXPECT_NE(load({"../etc/passwd"}).find("invalid plugin name"), std::string::npos);
  EXPECT_NE(load({"fixture_good", "fixture_good"}).find("listed twice"), std::string::npos);
}

}  // namespace
}  // namespace jobmon::host
