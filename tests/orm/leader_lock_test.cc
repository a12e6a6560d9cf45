// orm::LeaderLock on every backend: one holder at a time, handed over on release, lost with the
// holder's connection (a database server) so that a standby can take over.
#include "jobmon/orm/leader_lock.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_database.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

class LeaderLockTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<TestDatabase>(GetParam());
    config_.uri = fresh_->uri();
    db_ = orm::Database::open(config_);  // creates the schema (a server's connections need one)
  }
  std::unique_ptr<TestDatabase> fresh_;
  orm::DatabaseConfig config_;
  std::unique_ptr<orm::Database> db_;
};

TEST_P(LeaderLockTest, OneHolderAtATime) {
  orm::LeaderLock first(config_, "reaper"), second(config_, "reaper"), other(config_, "other");
  EXPECT_TRUE(first.try_acquire());
  EXPECT_TRUE(first.try_acquire());  // already held: still ours
  EXPECT_TRUE(first.check_held());
  EXPECT_FALSE(second.try_acquire());
  EXPECT_FALSE(second.check_held());
  EXPECT_TRUE(second.last_error().empty());
  EXPECT_TRUE(other.try_acquire());  // another role is another lock
  first.release();
  EXPECT_FALSE(first.held());
  EXPECT_TRUE(second.try_acquire());
  EXPECT_FALSE(first.try_acquire());
}

TEST_P(LeaderLockTest, HandedOverWhenTheHolderGoes) {
  orm::LeaderLock standby(config_, "reaper");
  {
    orm::LeaderLock holder(config_, "reaper");
    ASSERT_TRUE(holder.try_acquire());
    EXPECT_FALSE(standby.try_acquire());
  }
  EXPECT_TRUE(standby.try_acquire());
}

TEST_P(LeaderLockTest, LostWithItsConnection) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "a file lock has no connection to lose";
  orm::LeaderLock holder(config_, "reaper"), standby(config_, "reaper");
  ASSERT_TRUE(holder.try_acquire());
  // The database ends the holder's session (a restart, a network cut, an operator).
  if (GetParam() == "postgresql") {
    fresh_->sql() << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                     "application_name = 'jobmond' AND pid <> pg_backend_pid() AND datname = "
                     "current_database()";
  } else {
    long long id = 0;
    fresh_->sql() << "SELECT IS_USED_LOCK('jobmond.leader.reaper')", soci::into(id);
    fresh_->sql() << "KILL " + std::to_string(id);
  }
  EXPECT_TRUE(standby.try_acquire());
  EXPECT_FALSE(holder.check_held());
  EXPECT_FALSE(holder.try_acquire());
  standby.release();
  EXPECT_TRUE(holder.try_acquire());  // reconnects
}

INSTANTIATE_TEST_SUITE_P(Backends, LeaderLockTest, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
