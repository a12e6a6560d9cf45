// The ownership rules (plugins/common/ownership.h) at handler level, on every backend: the
// HTTP suites cannot log a user in (the host has no session support yet), so the decisions for
// authenticated callers are checked here with a Request carrying the user.
#include "common/core/ownership.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>

#include "jobmon/errors.h"
#include "jobmon/orm/database.h"
#include "test_database.h"

namespace jobmon::testing {
namespace {

using routes::OwnershipRule;

class Ownership : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    orm::DatabaseConfig config;
    config.uri = tdb_->uri();
    config.pool_size = 2;
    db_ = orm::Database::open(config);
    auto& sql = tdb_->sql();
    // Workflow 1 has runs by alice, then bob (the newest); workflow 2 has no run.
    sql << "INSERT INTO workflow (id, dag_id, workflow_args_hash, task_hash, "
           "max_concurrently_running, status) VALUES (1, 1, '1', '1', 5, 'R')";
    sql << "INSERT INTO workflow (id, dag_id, workflow_args_hash, task_hash, "
           "max_concurrently_running, status) VALUES (2, 1, '2', '2', 5, 'G')";
    sql << "INSERT INTO workflow_run (id, workflow_id, \"user\", status) VALUES (1, 1, 'alice', "
           "'E')";
    sql << "INSERT INTO workflow_run (id, workflow_id, \"user\", status) VALUES (2, 1, 'bob', 'R')";
  }

  // The status of the decision: 200 when allowed, else the HttpError's status.
  int decide(OwnershipRule rule, const std::string& username, std::int64_t workflow_id,
             bool anonymous = false, bool admin = false) {
    api::Request req;
    req.user.username = username;
    req.user.anonymous = anonymous;
    req.user.is_admin = admin;
    try {
      orm::WriteTx tx(*db_);
      rule(req, tx, workflow_id);
      tx.commit();
      return 200;
    } catch (const api::DetailError& e) {
      EXPECT_STREQ(e.what(), "Unauthorized.");
      return e.status();
    }
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<orm::Database> db_;
};

TEST_P(Ownership, TheNewestRunsUserOwnsTheWorkflow) {
  EXPECT_EQ(decide(routes::owner_or_admin, "bob", 1), 200);
  EXPECT_EQ(decide(routes::owner_or_admin, "alice", 1),
            401);  // an older run's user is not the owner
  EXPECT_EQ(decide(routes::owner_or_admin, "mallory", 1), 401);
}

TEST_P(Ownership, AdminsAnonymousCallersAndV2Pass) {
  EXPECT_EQ(decide(routes::owner_or_admin, "mallory", 1, /*anonymous=*/false, /*admin=*/true), 200);
  EXPECT_EQ(decide(routes::owner_or_admin, "anonymous", 1, /*anonymous=*/true), 200);
  EXPECT_EQ(decide(routes::anyone_may_change, "mallory", 1), 200);
}

TEST_P(Ownership, WorkflowsWithoutRunsOrRowsHaveNoOwnerToProtect) {
  EXPECT_EQ(decide(routes::owner_or_admin, "mallory", 2), 200);
  EXPECT_EQ(decide(routes::owner_or_admin, "mallory", 99), 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, Ownership, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
