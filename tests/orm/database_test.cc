// The session pool: what a lease leaves behind, lease timeouts, reconnects, per-backend settings.
#include "jobmon/orm/database.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "db_fixture.h"
#include "jobmon/orm/transaction.h"
#include "test_database.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using DatabasePoolTest = DbTest;

// A pool of one: the next lease is certainly the same session.
std::unique_ptr<orm::Database> open_single(
    const TestDatabase& fresh,
    std::chrono::milliseconds lease_timeout = std::chrono::milliseconds(10000)) {
  orm::DatabaseConfig config;
  config.uri = fresh.uri();
  config.pool_size = 1;
  config.lease_timeout = lease_timeout;
  return orm::Database::open(config);
}

int count(soci::session& s, const std::string& query) {
  int n = 0;
  s << query, soci::into(n);
  return n;
}

TEST_P(DatabasePoolTest, TransactionLeftOpenOnALeaseIsRolledBackBeforeReuse) {
  auto one = open_single(*fresh_);
  {
    auto lease = one->lease();
    lease.session() << "BEGIN";
    lease.session() << "INSERT INTO tool (name) VALUES ('leaked')";
  }  // no rollback by the holder
  EXPECT_EQ(count(raw(), "SELECT count(*) FROM tool"), 0);
  if (is_postgres()) {
    EXPECT_EQ(count(raw(),
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%'"),
              0);
  }
  auto lease = one->lease();
  lease.session() << "BEGIN";  // SQLite refuses a BEGIN inside an open transaction
  lease.session() << "INSERT INTO tool (name) VALUES ('next')";
  lease.session() << "COMMIT";
  EXPECT_EQ(count(raw(), "SELECT count(*) FROM tool"), 1);
}

TEST_P(DatabasePoolTest, FailedStatementInsideATransactionDoesNotPoisonTheSession) {
  auto one = open_single(*fresh_);
  {
    auto lease = one->lease();
    lease.session() << "BEGIN";
    // PostgreSQL now refuses everything until ROLLBACK ("current transaction is aborted").
    EXPECT_THROW(lease.session() << "SELECT * FROM blip_bloop_table", soci::soci_error);
  }
  orm::WriteTx tx(*one);
  tx.sql() << "INSERT INTO tool (name) VALUES ('fine')";
  tx.commit();
  EXPECT_EQ(count(raw(), "SELECT count(*) FROM tool"), 1);
}

TEST_P(DatabasePoolTest, BusyPoolAnswersDatabaseUnavailableAfterTheLeaseTimeout) {
  auto one = open_single(*fresh_, std::chrono::milliseconds(50));
  auto held = one->lease();
  EXPECT_THROW(one->lease(), orm::DatabaseUnavailable);
  auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(orm::with_write_tx(*one, [](orm::WriteTx&) {}), orm::DatabaseUnavailable);
  // Pool exhaustion is not retried: that would only double the wait.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_P(DatabasePoolTest, DatabaseOpenedTwiceAtOnceGetsOneSchema) {
  TestDatabase empty(GetParam());
  orm::DatabaseConfig config;
  config.uri = empty.uri();
  config.pool_size = 2;
  // Each opener reports its own failure: an exception must not skip the join (issue: an abort
  // instead of a failure with its reason).
  auto open = [&config](std::string& error) -> std::unique_ptr<orm::Database> {
    try {
      return orm::Database::open(config);
    } catch (const std::exception& e) {
      error = e.what();
      return nullptr;
    }
  };
  std::unique_ptr<orm::Database> a, b;
  std::string a_error, b_error;
  {
    std::jthread other([&] { a = open(a_error); });
    b = open(b_error);
  }
  ASSERT_TRUE(a && b) << a_error << b_error;
  EXPECT_EQ(count(empty.sql(), "SELECT count(*) FROM task_status"), 9);
  EXPECT_EQ(count(empty.sql(), "SELECT count(*) FROM alembic_version"), 1);
}

// PostgreSQL, MariaDB: start-up opens one server connection (proof the server is reachable);
// the others open when first leased, so a big pool does not slow start-up.
TEST_P(DatabasePoolTest, ServerConnectionsOpenAtFirstLease) {
  if (!is_server()) GTEST_SKIP() << "SQLite files open at once";
  raw() << "SELECT 1";  // the test's own session, counted below
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  config.pool_size = 4;
  auto pool = orm::Database::open(config);
  const std::string sessions =
      is_mysql() ? "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE()"
                 : "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()";
  const int before = count(raw(), sessions) - 1;  // db_ (the fixture's pool) is open too
  {
    auto a = pool->lease();
    auto b = pool->lease();
    auto c = pool->lease();
    EXPECT_EQ(count(raw(), sessions) - 1, before + 2);
    int one = 0;
    c.session() << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
  auto again = pool->lease();  // a slot already open: no new connection
  EXPECT_EQ(count(raw(), sessions) - 1, before + 2);
}

// PostgreSQL, MariaDB: a connection past its recycle age is replaced at its next lease (what
// keeps MySQL's wait_timeout from dropping idle pool connections under us); a younger one is
// kept.
TEST_P(DatabasePoolTest, OldConnectionsAreRecycled) {
  if (!is_server()) GTEST_SKIP() << "SQLite has no server connection";
  orm::DatabaseConfig config;
  config.uri = fresh_->uri();
  config.pool_size = 1;
  const auto recycle_after = std::chrono::milliseconds(1000);
  config.recycle_after = recycle_after;
  using Clock = std::chrono::steady_clock;
  // Whether a connection is kept depends on its age only: the checks that it is kept are made
  // only while it is certainly younger than recycle_after (a loaded machine can take longer
  // between two leases, which once failed this test), the check that it is replaced only
  // once it is certainly older.
  auto opened = Clock::now();
  auto one = orm::Database::open(config);
  const std::string my_id = is_mysql() ? "SELECT CONNECTION_ID()" : "SELECT pg_backend_pid()";
  auto connection_id = [&] {
    long long id = 0;
    auto lease = one->lease();
    lease.session() << my_id, soci::into(id);
    return id;
  };
  const long long first = connection_id();
  const long long again = connection_id();
  if (Clock::now() - opened < recycle_after) {
    EXPECT_EQ(again, first);
  }
  std::this_thread::sleep_for(recycle_after + std::chrono::milliseconds(200));
  const auto reconnected = Clock::now();
  const long long second = connection_id();
  EXPECT_NE(second, first);
  const long long second_again = connection_id();
  if (Clock::now() - reconnected < recycle_after) {
    EXPECT_EQ(second_again, second);
  }
}

// PostgreSQL, MariaDB: a connection the server dropped is replaced; a write transaction does not
// even see the drop (its BEGIN failed before any work ran, so it is retried on a new connection).
TEST_P(DatabasePoolTest, DroppedConnectionIsReplaced) {
  if (!is_server()) GTEST_SKIP() << "SQLite has no server connection";
  const std::string my_id = is_mysql() ? "SELECT CONNECTION_ID()" : "SELECT pg_backend_pid()";
  const std::string kill = is_mysql() ? "KILL :pid" : "SELECT pg_terminate_backend(:pid)";
  const std::string alive_sql =
      is_mysql() ? "SELECT count(*) FROM information_schema.processlist WHERE id = :pid"
                 : "SELECT count(*) FROM pg_stat_activity WHERE pid = :pid";
  auto one = open_single(*fresh_);
  auto kill_pool_connection = [&] {
    long long pid = 0;
    {
      auto lease = one->lease();
      lease.session() << my_id, soci::into(pid);
    }
    raw() << kill, soci::use(pid);
    for (int i = 0; i < 500; ++i) {
      int alive = 0;
      raw() << alive_sql, soci::use(pid), soci::into(alive);
      if (alive == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "backend " << pid << " did not go away";
  };

  kill_pool_connection();
  orm::with_write_tx(*one, [](orm::WriteTx& tx) {
    tx.sql() << "INSERT INTO tool (name) VALUES ('after restart')";
  });
  EXPECT_EQ(count(raw(), "SELECT count(*) FROM tool"), 1);

  kill_pool_connection();
  try {
    orm::database_now(*one);  // may fail once: nothing pings before a plain read
  } catch (const orm::DatabaseUnavailable&) {
  }
  EXPECT_EQ(orm::database_now(*one).size(), 19u);
}

// The Task-and-instance lock statement of every worker report, run `times` in a transaction each
// (for an instance that does not exist: the statement runs all the same).
void run_instance_lock(orm::Database& db, int times) {
  for (int i = 0; i < times; ++i) {
    EXPECT_THROW(
        orm::with_write_tx(db, [](orm::WriteTx& tx) { tx.lock_task_instance_and_parent(987654); }),
        orm::NotFound);
  }
}

int kept_lock_statements(orm::Database& db) {
  auto lease = db.lease();
  return count(lease.session(),
               "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE "
               "'%FOR UPDATE OF ti%'");
}

TEST_P(DatabasePoolTest, PostgresqlConnectionsKeepWhatTheyRunAgainPrepared) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only: prepared statements";
  auto one = open_single(*fresh_);
  run_instance_lock(*one, 1);
  EXPECT_EQ(kept_lock_statements(*one), 0);
  run_instance_lock(*one, 3);
  EXPECT_EQ(kept_lock_statements(*one), 1) << "prepared once, at its second run, and kept";

  // A connection that died takes its statements with it; its replacement makes its own.
  long long pid = 0;
  {
    auto lease = one->lease();
    lease.session() << "SELECT pg_backend_pid()", soci::into(pid);
  }
  raw() << "SELECT pg_terminate_backend(:pid)", soci::use(pid);
  for (int i = 0; i < 500; ++i) {
    int alive = 0;
    raw() << "SELECT count(*) FROM pg_stat_activity WHERE pid = :pid", soci::use(pid),
        soci::into(alive);
    if (alive == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  try {
    orm::database_now(*one);  // the pool finds out here, or at the next lease
  } catch (const orm::DatabaseUnavailable&) {
  }
  run_instance_lock(*one, 3);
  EXPECT_EQ(kept_lock_statements(*one), 1);
}

TEST_P(DatabasePoolTest, PostgresqlPreparedStatementsOffKeepsNone) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only: prepared statements";
  orm::DatabaseConfig config;
  config.uri = fresh_->uri() + (fresh_->uri().find('?') == std::string::npos ? "?" : "&") +
               "prepared_statements=off";
  config.pool_size = 1;
  auto one = orm::Database::open(config);
  run_instance_lock(*one, 3);
  EXPECT_EQ(kept_lock_statements(*one), 0);
}

// libpq's own parameters reach the server as given in the URI (docs/deployment.md, "Databases").
TEST_P(DatabasePoolTest, PostgresqlLibpqParametersReachTheServer) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only: libpq parameters";
  orm::DatabaseConfig config;
  config.uri = fresh_->uri() + (fresh_->uri().find('?') == std::string::npos ? "?" : "&") +
               "application_name=replica-7&connect_timeout=3&sslmode=disable"
               "&options=-c%20statement_timeout%3D4567";
  config.pool_size = 1;
  auto one = orm::Database::open(config);
  auto lease = one->lease();
  std::string name, timeout;
  lease.session() << "SHOW application_name", soci::into(name);
  lease.session() << "SHOW statement_timeout", soci::into(timeout);
  EXPECT_EQ(name, "replica-7");
  EXPECT_EQ(timeout, "4567ms");
}

TEST_P(DatabasePoolTest, PostgresqlSessionsRunInUtc) {
  if (!is_postgres())
    GTEST_SKIP() << "PostgreSQL only: SQLite's CURRENT_TIMESTAMP is UTC already, MySQL keeps the "
                    "server's zone";
  auto lease = db_->lease();
  std::string zone;
  lease.session() << "SHOW TIME ZONE", soci::into(zone);
  EXPECT_EQ(zone, "UTC");
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabasePoolTest, ::testing::ValuesIn(test_backends()));

TEST(DatabaseMemoryTest, InMemorySqliteIsOneSharedConnectionWithTheSchema) {
  orm::DatabaseConfig config;
  config.uri = "sqlite:///:memory:";
  config.pool_size = 8;
  auto db = orm::Database::open(config);
  EXPECT_EQ(db->pool_size(), 1u);
  orm::with_write_tx(*db,
                     [](orm::WriteTx& tx) { tx.sql() << "INSERT INTO tool (name) VALUES ('m')"; });
  orm::ReadTx read(*db);
  int tools = 0;
  read.sql() << "SELECT count(*) FROM tool", soci::into(tools);
  EXPECT_EQ(tools, 1);
}

// The WAL of a SQLite file is copied into the database by the checkpointer thread, not by the
// commit that crosses SQLite's threshold (the pool's sessions checkpoint only far past it).
TEST(DatabaseSqliteFileTest, WalIsCheckpointedBesideTheWriters) {
  TestDatabase fresh("sqlite");
  orm::DatabaseConfig config;
  config.uri = fresh.uri();
  auto db = orm::Database::open(config);
  {
    auto lease = db->lease();
    int backstop = 0;
    lease.session() << "PRAGMA wal_autocheckpoint", soci::into(backstop);
    EXPECT_GT(backstop, 10000);
  }
  const std::string file = config.uri.substr(std::string("sqlite:///").size());
  const auto before = std::filesystem::file_size(file);
  // ~2000 pages: twice SQLite's own checkpoint threshold, far below the pool's.
  orm::with_write_tx(*db, [](orm::WriteTx& tx) {
    tx.sql() << "INSERT INTO tool (name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + "
                "1 FROM n WHERE i < 2000) SELECT printf('%04000d', i) FROM n";
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(file) < before + 6'000'000 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(std::filesystem::file_size(file), before + 6'000'000)
      << "the database file did not receive the WAL's pages";
}

TEST(DatabaseMemoryTest, UnreachableServerIsDatabaseUnavailableWithoutThePassword) {
  orm::DatabaseConfig config;
  config.uri = "postgresql://u:topsecret@/nodb?host=/nonexistent-socket-dir";
  try {
    orm::Database::open(config);
    FAIL() << "opened a database that does not exist";
  } catch (const orm::DatabaseUnavailable& e) {
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace jobmon::testing
