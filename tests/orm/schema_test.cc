#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db_fixture.h"
#include "jobmon/orm/database.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using SchemaTest = DbTest;

TEST_P(SchemaTest, FreshDatabaseGetsEveryTableAndTheSeeds) {
  int tables = 0;
  if (is_postgres()) {
    raw() << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema()",
        soci::into(tables);
  } else if (is_mysql()) {
    raw() << "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
        soci::into(tables);
  } else {
    raw() << "SELECT count(*) FROM sqlite_master WHERE type = 'table'", soci::into(tables);
  }
  EXPECT_EQ(tables, 32);  // 31 Jobmon tables + alembic_version
  std::string version;
  raw() << "SELECT version_num FROM alembic_version", soci::into(version);
  EXPECT_EQ(version, "4762c850f79c");
  int statuses = 0;
  raw() << "SELECT count(*) FROM task_instance_status", soci::into(statuses);
  EXPECT_EQ(statuses, 13);
  int queue = 0;
  raw() << "SELECT count(*) FROM queue q JOIN cluster c ON q.cluster_id = c.id "
           "WHERE c.name = 'sequential' AND q.name = 'null.q'",
      soci::into(queue);
  EXPECT_EQ(queue, 1);
}

TEST_P(SchemaTest, ExistingJobmonDatabaseIsAcceptedAsIs) {
  raw() << "INSERT INTO tool (name) VALUES ('kept')";
  db_.reset();
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  db_ = orm::Database::open(config);
  int tools = 0;
  raw() << "SELECT count(*) FROM tool WHERE name = 'kept'", soci::into(tools);
  EXPECT_EQ(tools, 1);
}

TEST_P(SchemaTest, OtherAlembicRevisionIsRefusedWithTheReason) {
  raw() << "UPDATE alembic_version SET version_num = '19817d37d895'";
  db_.reset();
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  try {
    orm::Database::open(config);
    FAIL() << "opened a database at another revision";
  } catch (const orm::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("19817d37d895"), std::string::npos) << e.what();
  }
}

TEST_P(SchemaTest, DatabaseOfAnotherApplicationIsRefused) {
  TestDatabase other(GetParam());
  other.sql() << "CREATE TABLE invoices (id INTEGER)";
  orm::DatabaseConfig config;
  config.uri = other.uri();
  try {
    orm::Database::open(config);
    FAIL() << "opened another application's database";
  } catch (const orm::ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("invoices"), std::string::npos) << what;
    EXPECT_NE(what.find("no alembic_version"), std::string::npos) << what;
  }
}

TEST_P(SchemaTest, DatabaseNowHasTheReferenceFormat) {
  std::string now = orm::database_now(*db_);
  ASSERT_EQ(now.size(), 19u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], ' ');
  EXPECT_EQ(now[13], ':');
}

TEST_P(SchemaTest, DeliberatelyBadQueryThrowsDatabaseError) {
  EXPECT_THROW(orm::run_deliberately_bad_query(*db_), orm::DatabaseError);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaTest, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
