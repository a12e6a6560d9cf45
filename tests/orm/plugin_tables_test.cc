// orm::migrate_plugin_tables on every backend: created at the first start, applied step by step
// once (also by replicas starting together), verified without changes by a check, refused when
// the declaration or the database does not fit this build.
#include "jobmon/orm/plugin_tables.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "db_fixture.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::PluginTablesMigration;

// The same SQL on every backend: these steps need nothing backend-specific.
PluginTablesMigration step(int version, const std::string& sql) { return {version, sql, sql, sql}; }

// Step 1 makes the table; every step writes a row into it, so that a step applied twice shows.
std::vector<PluginTablesMigration> demo_steps(int n) {
  std::vector<PluginTablesMigration> out{
      step(1,
           "CREATE TABLE IF NOT EXISTS jobmond_demo_events (step INTEGER NOT NULL, note "
           "VARCHAR(64)); INSERT INTO jobmond_demo_events (step, note) VALUES (1, 'a;b')")};
  for (int v = 2; v <= n; ++v) {
    out.push_back(
        step(v, "INSERT INTO jobmond_demo_events (step) VALUES (" + std::to_string(v) + ")"));
  }
  return out;
}

class PluginTables : public DbTest {
 protected:
  int count(const std::string& query) {
    int n = 0;
    raw() << query, soci::into(n);
    return n;
  }
  bool table_exists(const std::string& name) {
    if (is_postgres()) {
      return count(
                 "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                 "current_schema() AND table_name = '" +
                 name + "'") > 0;
    }
    if (is_mysql()) {
      return count(
                 "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                 "DATABASE() AND table_name = '" +
                 name + "'") > 0;
    }
    return count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                 "'") > 0;
  }
  int recorded(const std::string& plugin) {
    int version = -1;
    raw() << "SELECT version FROM jobmond_plugin_tables WHERE plugin = :p", soci::use(plugin),
        soci::into(version);
    return raw().got_data() ? version : -1;
  }
  std::unique_ptr<orm::Database> open_check_only() {
    orm::DatabaseConfig config;
    config.uri = fresh_->uri();
    config.pool_size = 1;
    config.create_schema = false;
    return orm::Database::open(config);
  }
};

// The text of the ConfigError `f` throws, or a failure.
template <typename F>
std::string config_error_of(F&& f) {
  try {
    f();
  } catch (const orm::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

TEST_P(PluginTables, FirstStartCreatesTheTablesAtTheNewestVersion) {
  EXPECT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(2)), 2);
  EXPECT_EQ(recorded("demo"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 2);
  raw() << "INSERT INTO jobmond_demo_events (step, note) VALUES (7, 'mine')";
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events WHERE note = 'mine'"), 1);
  // The ';' inside the quoted value did not split the statement.
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events WHERE note = 'a;b'"), 1);
}

TEST_P(PluginTables, DatabaseStaysAJobmonDatabase) {
  orm::migrate_plugin_tables(*db_, "demo", demo_steps(1));
  // Jobmon's schema check (what the Python server's tables look like) still accepts it.
  db_.reset();
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  EXPECT_NO_THROW(db_ = orm::Database::open(config));
  EXPECT_EQ(count("SELECT count(*) FROM alembic_version"), 1);
}

TEST_P(PluginTables, SecondStartChangesNothing) {
  ASSERT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(2)), 2);
  EXPECT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(2)), 2);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 2);
  EXPECT_EQ(recorded("demo"), 2);
}

TEST_P(PluginTables, LaterMigrationAppliesOnlyTheNewStep) {
  ASSERT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(2)), 2);
  EXPECT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(3)), 3);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events WHERE step = 3"), 1);
  EXPECT_EQ(recorded("demo"), 3);
}

TEST_P(PluginTables, EachPluginHasItsOwnVersion) {
  orm::migrate_plugin_tables(*db_, "demo", demo_steps(3));
  EXPECT_EQ(orm::migrate_plugin_tables(*db_, "other",
                                       {step(1, "CREATE TABLE jobmond_other_things (id INTEGER)")}),
            1);
  EXPECT_EQ(recorded("demo"), 3);
  EXPECT_EQ(recorded("other"), 1);
}

TEST_P(PluginTables, DatabaseNewerThanTheBuildIsRefused) {
  orm::migrate_plugin_tables(*db_, "demo", demo_steps(3));
  std::string what =
      config_error_of([&] { orm::migrate_plugin_tables(*db_, "demo", demo_steps(2)); });
  EXPECT_NE(what.find("tables of plugin demo are at version 3; this build knows up to 2"),
            std::string::npos)
      << what;
  EXPECT_EQ(recorded("demo"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 3);
}

TEST_P(PluginTables, BadDeclarationsAreRefused) {
  auto refused = [&](const std::string& plugin, std::vector<PluginTablesMigration> steps) {
    return config_error_of([&] { orm::migrate_plugin_tables(*db_, plugin, steps); });
  };
  EXPECT_NE(refused("", demo_steps(1)).find("without a plugin name"), std::string::npos);
  EXPECT_NE(refused(std::string(65, 'x'), demo_steps(1)).find("longer than 64"), std::string::npos);
  EXPECT_NE(refused("demo", {}).find("plugin demo: "), std::string::npos);
  auto gap = demo_steps(3);
  gap.erase(gap.begin() + 1);
  EXPECT_NE(refused("demo", gap).find("migration 2 has version 3"), std::string::npos);
  auto from_zero = demo_steps(1);
  from_zero[0].version = 0;
  EXPECT_NE(refused("demo", from_zero).find("plugin demo: "), std::string::npos);
  auto swapped = demo_steps(2);
  std::swap(swapped[0], swapped[1]);
  EXPECT_NE(refused("demo", swapped).find("migration 1 has version 2"), std::string::npos);
  auto no_sql = demo_steps(2);
  (is_postgres() ? no_sql[1].postgresql
   : is_mysql()  ? no_sql[1].mysql
                 : no_sql[1].sqlite) = " -- nothing\n";
  EXPECT_NE(refused("demo", no_sql).find("migration 2 has no SQL"), std::string::npos);
  EXPECT_TRUE(refused("demo", no_sql)
                  .find(is_postgres() ? "postgresql"
                        : is_mysql()  ? "mysql"
                                      : "sqlite") != std::string::npos);
  // Refused before anything was created.
  EXPECT_FALSE(table_exists("jobmond_demo_events"));
  EXPECT_FALSE(table_exists("jobmond_plugin_tables"));
}

TEST_P(PluginTables, CheckOnlyDatabaseChangesNothingAndRefusesTablesBehind) {
  auto check = open_check_only();
  EXPECT_FALSE(check->creates_schema());
  std::string what =
      config_error_of([&] { orm::migrate_plugin_tables(*check, "demo", demo_steps(2)); });
  EXPECT_NE(what.find("tables of plugin demo are at version 0; this build needs version 2"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("starting jobmond creates them"), std::string::npos) << what;
  EXPECT_FALSE(table_exists("jobmond_plugin_tables"));
  EXPECT_FALSE(table_exists("jobmond_demo_events"));

  orm::migrate_plugin_tables(*db_, "demo", demo_steps(2));
  what = config_error_of([&] { orm::migrate_plugin_tables(*check, "demo", demo_steps(3)); });
  EXPECT_NE(what.find("at version 2; this build needs version 3"), std::string::npos) << what;
  EXPECT_EQ(recorded("demo"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 2);
}

TEST_P(PluginTables, CheckOnlyDatabaseAcceptsCurrentTables) {
  orm::migrate_plugin_tables(*db_, "demo", demo_steps(2));
  auto check = open_check_only();
  EXPECT_EQ(orm::migrate_plugin_tables(*check, "demo", demo_steps(2)), 2);
  // A newer database is refused by a check too.
  EXPECT_NE(config_error_of([&] {
              orm::migrate_plugin_tables(*check, "demo", demo_steps(1));
            }).find("this build knows up to 1"),
            std::string::npos);
}

// Replicas starting together on one database: each opens its own pool (its own connections and,
// on SQLite, its own writer gate), as separate processes would.
TEST_P(PluginTables, ConcurrentFirstStartsApplyEachStepOnce) {
  constexpr int kReplicas = 4;
  std::vector<std::unique_ptr<orm::Database>> replicas;
  for (int i = 0; i < kReplicas; ++i) {
    orm::DatabaseConfig config;
    config.uri = fresh_->uri();
    config.pool_size = 2;
    replicas.push_back(orm::Database::open(config));
  }
  std::vector<std::string> errors(kReplicas);
  std::vector<int> versions(kReplicas, 0);
  std::latch start(kReplicas);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kReplicas; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          versions[i] = orm::migrate_plugin_tables(*replicas[i], "demo", demo_steps(3));
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
  }
  for (int i = 0; i < kReplicas; ++i) {
    EXPECT_EQ(errors[i], "") << "replica " << i;
    EXPECT_EQ(versions[i], 3) << "replica " << i;
  }
  EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 3);
  EXPECT_EQ(count("SELECT count(DISTINCT step) FROM jobmond_demo_events"), 3);
  EXPECT_EQ(recorded("demo"), 3);
}

TEST_P(PluginTables, FailingStepRollsBack) {
  ASSERT_EQ(orm::migrate_plugin_tables(*db_, "demo", demo_steps(1)), 1);
  auto steps = demo_steps(1);
  steps.push_back(step(2,
                       "CREATE TABLE jobmond_demo_extra (id INTEGER); "
                       "INSERT INTO jobmond_demo_events (step) VALUES (2); "
                       "INSERT INTO jobmond_demo_missing (id) VALUES (1)"));
  try {
    orm::migrate_plugin_tables(*db_, "demo", steps);
    FAIL() << "a failing step succeeded";
  } catch (const orm::ConfigError& e) {
    FAIL() << "a failing step is a database error, not a declaration error: " << e.what();
  } catch (const orm::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("plugin demo: migrating its tables to version 2"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(recorded("demo"), 1);
  // MySQL commits DDL by itself (docs/plugins.md): the step's table stays there, the row too.
  if (!is_mysql()) {
    EXPECT_FALSE(table_exists("jobmond_demo_extra"));
    EXPECT_EQ(count("SELECT count(*) FROM jobmond_demo_events"), 1);
  }
  // The corrected step applies at the next start.
  steps[1] = step(2, "CREATE TABLE IF NOT EXISTS jobmond_demo_extra (id INTEGER)");
  EXPECT_EQ(orm::migrate_plugin_tables(*db_, "demo", steps), 2);
  EXPECT_TRUE(table_exists("jobmond_demo_extra"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PluginTables, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
