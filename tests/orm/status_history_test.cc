// The status history on every backend (jobmon/orm/status_history.h): a row per committed status
// change, attributed to the thread's scope, written in the same transaction, so that a change
// never commits without its row and a rolled-back one leaves none.
#include "jobmon/orm/status_history.h"

#include <gtest/gtest.h>

#include "admin/tables.h"
#include "db_fixture.h"
#include "jobmon/orm/fsm.h"
#include "jobmon/orm/plugin_tables.h"
#include "jobmon/orm/transaction.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

class StatusHistory : public DbTest {
 protected:
  void with_tables() { orm::migrate_plugin_tables(*db_, "admin", admin::admin_tables()); }
  void fail_task(long long id) {
    orm::with_write_tx(*db_, [&](orm::WriteTx& tx) {
      orm::transition_task(tx.lock_task(id), orm::TaskStatus::kErrorRecoverable);
    });
  }
  int rows() {
    int n = 0;
    raw() << "SELECT count(*) FROM jobmond_admin_status_history", soci::into(n);
    return n;
  }
  std::string task_status(long long id) {
    std::string s;
    raw() << "SELECT status FROM task WHERE id = :id", soci::use(id), soci::into(s);
    return s;
  }
};

TEST_P(StatusHistory, CommittedChangeLeavesOneAttributedRow) {
  with_tables();
  db_->record_status_history();
  const long long task = insert_tasks(1);
  {
    const orm::AttributionScope outer({"/api/v3/route", "v3", "alice", ""});
    const orm::AttributionScope inner({"/api/admin/route", "admin", "bob", "stuck"});
    fail_task(task);
  }
  ASSERT_EQ(rows(), 1);
  std::string entity, field, from, to, route, plugin, user, reason;
  long long id = 0;
  raw() << "SELECT entity, entity_id, field, from_value, to_value, route, plugin, username, "
           "reason FROM jobmond_admin_status_history",
      soci::into(entity), soci::into(id), soci::into(field), soci::into(from), soci::into(to),
      soci::into(route), soci::into(plugin), soci::into(user), soci::into(reason);
  EXPECT_EQ(entity, "task");
  EXPECT_EQ(id, task);
  EXPECT_EQ(field + from + to, "statusRE");
  EXPECT_EQ(route + " " + plugin + " " + user + " " + reason, "/api/admin/route admin bob stuck");
  EXPECT_EQ(orm::AttributionScope::current(), nullptr);
}

TEST_P(StatusHistory, RolledBackChangeLeavesNone) {
  with_tables();
  db_->record_status_history();
  const long long task = insert_tasks(1);
  {
    orm::WriteTx tx(*db_);
    orm::transition_task(tx.lock_task(task), orm::TaskStatus::kErrorRecoverable);
  }  // no commit
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(task_status(task), "R");
}

TEST_P(StatusHistory, NothingIsRecordedUntilTurnedOn) {
  with_tables();
  fail_task(insert_tasks(1));
  EXPECT_EQ(rows(), 0);
}

TEST_P(StatusHistory, AChangeCannotCommitWithoutItsRow) {
  // Turned on, but the table is missing: the commit fails and the change with it.
  db_->record_status_history();
  const long long task = insert_tasks(1);
  EXPECT_THROW(fail_task(task), orm::DatabaseError);
  EXPECT_EQ(task_status(task), "R");
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusHistory, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
