#include "jobmon/orm/transaction.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "db_fixture.h"
#include "session_of.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::WriteTx;
using TransactionTest = DbTest;

int count_tools(soci::session& s) {
  int n = 0;
  s << "SELECT count(*) FROM tool", soci::into(n);
  return n;
}

// Inserts an instance of `task` with `status` and returns its id.
long long insert_instance(soci::session& sql, long long task, const std::string& status = "R") {
  sql << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, task_resources_id, "
         "array_batch_num, array_step_id, status) VALUES (1, 1, :t, 1, 1, 0, :s)",
      soci::use(task), soci::use(status);
  long long id = 0;
  sql << "SELECT max(id) FROM task_instance", soci::into(id);
  return id;
}

// How many other sessions wait on a row lock, polled for up to 5 s until there is one (PostgreSQL:
// pg_stat_activity; MariaDB does not list a transaction waiting on a const-row lock in
// innodb_trx, so a locking read still executing is the sign).
int blocked_lockers(soci::session& sql, bool mysql) {
  int waiting = 0;
  for (int i = 0; i < 500 && waiting == 0; ++i) {
    if (mysql) {
      sql << "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE() "
             "AND command = 'Query' AND info LIKE '%FOR UPDATE%' AND id <> CONNECTION_ID()",
          soci::into(waiting);
    } else {
      sql << "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
             "AND wait_event_type = 'Lock'",
          soci::into(waiting);
    }
    if (waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return waiting;
}

TEST_P(TransactionTest, CommitPersistsAndDestructionRollsBack) {
  {
    WriteTx tx(*db_);
    session_of(tx) << "INSERT INTO tool (name) VALUES ('committed')";
    tx.commit();
  }
  {
    WriteTx tx(*db_);
    session_of(tx) << "INSERT INTO tool (name) VALUES ('abandoned')";
  }
  EXPECT_EQ(count_tools(raw()), 1);
}

TEST_P(TransactionTest, ExceptionInWorkRollsBackEverything) {
  EXPECT_THROW(orm::with_write_tx(*db_,
                                  [](WriteTx& tx) {
                                    session_of(tx) << "INSERT INTO tool (name) VALUES ('x')";
                                    throw std::runtime_error("handler failed");
                                  }),
               std::runtime_error);
  EXPECT_EQ(count_tools(raw()), 0);
}

TEST_P(TransactionTest, PooledSessionNeverCarriesAnOpenTransaction) {
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  config.pool_size = 1;  // the next lease is the same session
  auto one = orm::Database::open(config);
  {
    WriteTx tx(*one);
    session_of(tx) << "INSERT INTO tool (name) VALUES ('left open')";
  }
  WriteTx again(*one);  // would fail to BEGIN inside an open transaction
  session_of(again) << "INSERT INTO tool (name) VALUES ('next request')";
  again.commit();
  std::vector<std::string> names(4);
  raw() << "SELECT name FROM tool", soci::into(names);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0], "next request");
}

TEST_P(TransactionTest, LockTasksIsAscendingAndSkipsMissing) {
  long long first = insert_tasks(3);
  WriteTx tx(*db_);
  auto locked = tx.lock_tasks({first + 2, 999999, first, first + 2});
  ASSERT_EQ(locked.size(), 2u);
  EXPECT_EQ(locked[0].id(), first);
  EXPECT_EQ(locked[1].id(), first + 2);
  EXPECT_THROW(tx.lock_task(424242), orm::NotFound);
}

TEST_P(TransactionTest, LockOrderViolationIsAProgrammingError) {
  long long first = insert_tasks(1);
  long long ti = insert_instance(raw(), first);
  WriteTx tx(*db_);
  auto task = tx.lock_task(first);
  auto instance = tx.lock_task_instance(task, ti);
  EXPECT_EQ(instance.task_id(), first);
  EXPECT_THROW(tx.lock_task(first), std::logic_error);  // task after task_instance
  EXPECT_THROW(tx.lock_workflow(1), std::logic_error);  // workflow after task
}

TEST_P(TransactionTest, LockParentTaskFindsAndLocksTheInstancesTask) {
  long long first = insert_tasks(2);
  const long long task = first + 1;
  const long long ti = insert_instance(raw(), task);
  insert_instance(raw(), 777777);  // ti + 1, whose Task does not exist
  {
    WriteTx tx(*db_);
    auto locked = tx.lock_parent_task(ti);
    EXPECT_EQ(locked.id(), task);
    EXPECT_EQ(tx.lock_task_instance(locked, ti).task_id(), task);
  }
  // The errors name what is missing, as parent_task_of then lock_task do; so do those of
  // lock_task_instance_and_parent, whichever way it takes its locks.
  const std::vector<std::function<void(WriteTx&, long long)>> lockers = {
      [](WriteTx& tx, long long id) { tx.lock_parent_task(id); },
      [](WriteTx& tx, long long id) { tx.lock_task_instance_and_parent(id); }};
  for (const auto& lock : lockers) {
    WriteTx tx(*db_);
    try {
      lock(tx, ti + 100);
      FAIL() << "locked for a missing instance";
    } catch (const orm::NotFound& e) {
      EXPECT_EQ(std::string(e.what()), "TaskInstance " + std::to_string(ti + 100) + " not found");
    }
    try {
      lock(tx, ti + 1);
      FAIL() << "locked a missing Task";
    } catch (const orm::NotFound& e) {
      EXPECT_EQ(std::string(e.what()), "Task 777777 not found");
    }
  }
}

TEST_P(TransactionTest, LockTaskInstancesFiltersByStatusInIdOrder) {
  long long first = insert_tasks(2);
  for (const char* status : {"R", "K", "R"}) insert_instance(raw(), first + 1, status);
  WriteTx tx(*db_);
  auto tasks = tx.lock_tasks({first, first + 1});
  auto running = tx.lock_task_instances(tasks, "R");
  ASSERT_EQ(running.size(), 2u);
  EXPECT_LT(running[0].id(), running[1].id());
  EXPECT_EQ(running[0].task_id(), first + 1);
}

TEST_P(TransactionTest, LockConflictsAreRetriedThenAnswered423) {
  int attempts = 0;
  orm::RetryPolicy policy;
  policy.max_attempts = 3;
  policy.base_backoff_ms = 1;
  EXPECT_THROW(orm::with_write_tx(
                   *db_,
                   [&](WriteTx&) {
                     ++attempts;
                     throw orm::LockConflict("injected deadlock");
                   },
                   policy),
               orm::LockConflict);
  EXPECT_EQ(attempts, 3);

  attempts = 0;
  orm::with_write_tx(
      *db_,
      [&](WriteTx& tx) {
        if (++attempts < 2) throw orm::LockConflict("injected once");
        session_of(tx) << "INSERT INTO tool (name) VALUES ('second try')";
      },
      policy);
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(count_tools(raw()), 1);
}

TEST_P(TransactionTest, ConcurrentReadThenWriteNeverFailsWithBusy) {
  // The workload that fails ~60% of the time under SQLite's deferred BEGIN
  // (docs/dependencies.md §4.2).
  raw() << "INSERT INTO tool (name) VALUES ('counter')";
  std::atomic<int> failures{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        try {
          orm::with_write_tx(*db_, [&](WriteTx& tx) {
            int n = 0;
            session_of(tx) << "SELECT count(*) FROM tool", soci::into(n);
            const std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
            session_of(tx) << "INSERT INTO tool (name) VALUES (:n)", soci::use(name);
          });
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count_tools(raw()), 101);
}

// PostgreSQL, MariaDB: a second transaction asking for a locked Task waits until the first
// commits. Proven without timing: the test sees the waiter blocked on a lock (pg_stat_activity,
// MariaDB's processlist) before
// it lets the holder commit, and the waiter reads the holder's write.
TEST_P(TransactionTest, SecondLockerOfATaskWaitsForTheFirstToCommit) {
  if (!is_server()) GTEST_SKIP() << "SQLite serialises writers at BEGIN IMMEDIATE";
  long long task = insert_tasks(1);
  WriteTx holder(*db_);
  holder.lock_task(task);
  session_of(holder) << "UPDATE task SET num_attempts = 2 WHERE id = :id", soci::use(task);

  std::atomic<bool> acquired{false};
  int seen_attempts = 0;
  std::string waiter_error;  // a thread's exception would end the process: reported instead
  std::jthread waiter([&] {
    try {
      WriteTx tx(*db_);
      tx.lock_task(task);
      acquired = true;
      session_of(tx) << "SELECT num_attempts FROM task WHERE id = :id", soci::use(task),
          soci::into(seen_attempts);
      tx.commit();
    } catch (const std::exception& e) {
      waiter_error = e.what();
    }
  });

  EXPECT_EQ(blocked_lockers(raw(), is_mysql()), 1)
      << "the second transaction never blocked on the task row";
  EXPECT_FALSE(acquired.load());
  holder.commit();
  waiter.join();
  EXPECT_EQ(waiter_error, "");
  EXPECT_TRUE(acquired.load());
  EXPECT_EQ(seen_attempts, 2);
}

TEST_P(TransactionTest, LockTaskInstanceAndParentLocksBoth) {
  const long long task = insert_tasks(2) + 1;
  const long long ti = insert_instance(raw(), task);
  WriteTx tx(*db_);
  auto locked = tx.lock_task_instance_and_parent(ti);
  EXPECT_EQ(locked.id(), ti);
  EXPECT_EQ(locked.task_id(), task);
  EXPECT_THROW(tx.lock_task(task), std::logic_error);  // the instance's level was reached
}

// PostgreSQL, MariaDB: waiting for the Task, lock_task_instance_and_parent holds no lock on the
// instance yet (the global order: Task, then instance), so a third transaction can still take
// the instance's row, and gives it back before the waiter gets both.
TEST_P(TransactionTest, LockTaskInstanceAndParentTakesTheTaskBeforeTheInstance) {
  if (!is_server()) GTEST_SKIP() << "SQLite serialises writers at BEGIN IMMEDIATE";
  const long long task = insert_tasks(1);
  const long long ti = insert_instance(raw(), task);
  WriteTx holder(*db_);
  holder.lock_task(task);

  std::atomic<bool> acquired{false};
  std::string waiter_error;  // a thread's exception would end the process: reported instead
  std::jthread waiter([&] {
    try {
      WriteTx tx(*db_);
      tx.lock_task_instance_and_parent(ti);
      acquired = true;
      tx.commit();
    } catch (const std::exception& e) {
      waiter_error = e.what();
    }
  });
  EXPECT_EQ(blocked_lockers(raw(), is_mysql()), 1) << "the waiter never blocked on the task row";
  // NOWAIT: a lock held by the waiter would fail this at once instead of blocking the test.
  raw().begin();
  long long got = 0;
  auto take_instance = [&] {
    raw() << "SELECT id FROM task_instance WHERE id = :id FOR UPDATE NOWAIT", soci::use(ti),
        soci::into(got);
  };
  EXPECT_NO_THROW(take_instance());
  EXPECT_EQ(got, ti);
  raw().rollback();
  EXPECT_FALSE(acquired.load());
  holder.commit();
  waiter.join();
  EXPECT_EQ(waiter_error, "");
  EXPECT_TRUE(acquired.load());
}

// PostgreSQL, MariaDB: a lock wait past the lock timeout is a lock conflict, retried, then
// LockConflict. (MariaDB's shortest lock wait timeout is a second.)
TEST_P(TransactionTest, LockTimeoutEndsInLockConflictAfterRetries) {
  if (!is_server()) GTEST_SKIP() << "needs row locks";
  const std::string short_lock_wait =
      is_mysql() ? "SET SESSION innodb_lock_wait_timeout = 1" : "SET LOCAL lock_timeout = '50ms'";
  long long task = insert_tasks(1);
  WriteTx holder(*db_);
  holder.lock_task(task);
  int attempts = 0;
  orm::RetryPolicy policy;
  policy.max_attempts = 2;
  policy.base_backoff_ms = 1;
  EXPECT_THROW(orm::with_write_tx(
                   *db_,
                   [&](WriteTx& tx) {
                     ++attempts;
                     session_of(tx) << short_lock_wait;
                     tx.lock_task(task);
                   },
                   policy),
               orm::LockConflict);
  EXPECT_EQ(attempts, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TransactionTest, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
