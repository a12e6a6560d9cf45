// The statements a PostgreSQL connection keeps prepared (orm/src/kept_statements.h), checked on
// the server: pg_prepared_statements lists the statements of the connection that reads it.
#include "kept_statements.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <string>

#include "bound_statement.h"
#include "test_database.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::detail::run_kept_statement;

class KeptStatementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!has_postgres()) GTEST_SKIP() << "PostgreSQL only (JOBMON_TEST_POSTGRES_URI unset)";
    fresh_ = std::make_unique<TestDatabase>("postgresql");
  }
  static bool has_postgres() {
    for (const std::string& b : test_backends()) {
      if (b == "postgresql") return true;
    }
    return false;
  }
  soci::session& sql() { return fresh_->sql(); }
  int kept() {
    int n = 0;
    sql() << "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'jobmond\\_%'",
        soci::into(n);
    return n;
  }
  // Runs `SELECT <value> + :x` (a text per value) with x bound, and returns the sum.
  long long add(int value, long long x) {
    long long sum = 0;
    EXPECT_TRUE(run_kept_statement(sql(), "SELECT " + std::to_string(value) + " + :x", soci::use(x),
                                   soci::into(sum)));
    return sum;
  }
  std::unique_ptr<TestDatabase> fresh_;
};

TEST_F(KeptStatementsTest, ATextIsPreparedAtItsSecondRunAndReusedAfter) {
  orm::detail::keep_statements_of(sql());
  EXPECT_EQ(add(1, 10), 11);
  EXPECT_EQ(kept(), 0) << "a text run once is not prepared";
  EXPECT_EQ(add(1, 20), 21);
  EXPECT_EQ(kept(), 1) << "prepared at its second run, and not deallocated after it";
  for (long long x = 0; x < 5; ++x) EXPECT_EQ(add(1, x), 1 + x);
  EXPECT_EQ(kept(), 1) << "later runs reuse the one statement";
  EXPECT_EQ(add(2, 1), 3);
  EXPECT_EQ(add(2, 2), 4);
  EXPECT_EQ(kept(), 2);
}

TEST_F(KeptStatementsTest, AConnectionNotOfThePoolKeepsNothing) {
  for (long long x = 0; x < 3; ++x) EXPECT_EQ(add(1, x), 1 + x);
  EXPECT_EQ(kept(), 0);
  orm::detail::keep_statements_of(sql());
  orm::detail::stop_keeping_statements_of(sql());
  for (long long x = 0; x < 3; ++x) EXPECT_EQ(add(1, x), 1 + x);
  EXPECT_EQ(kept(), 0);
}

TEST_F(KeptStatementsTest, OnlyStatementsThatAskForItAreKept) {
  orm::detail::keep_statements_of(sql());
  for (long long x = 0; x < 3; ++x) {
    orm::detail::BoundStatement plain;
    long long out = -1;
    plain.values<std::int64_t>(sql(), "SELECT 1 + " + plain.bind(std::to_string(x)) + "::bigint",
                               [&](std::int64_t v) { out = v; });
    EXPECT_EQ(out, 1 + x);
  }
  EXPECT_EQ(kept(), 0) << "prepare_once plans for the values every time";
  for (long long x = 0; x < 3; ++x) {
    orm::detail::BoundStatement by_key;
    by_key.keep_prepared();
    long long out = -1;
    by_key.values<std::int64_t>(sql(), "SELECT 2 + " + by_key.bind(std::to_string(x)) + "::bigint",
                                [&](std::int64_t v) { out = v; });
    EXPECT_EQ(out, 2 + x);
  }
  EXPECT_EQ(kept(), 1);
}

TEST_F(KeptStatementsTest, AConnectionKeepsAtMostTheLimitAndRunsTheRestAsBefore) {
  orm::detail::keep_statements_of(sql());
  const int texts = static_cast<int>(orm::detail::kMaxKeptStatements) + 20;
  for (int round = 0; round < 3; ++round) {
    for (int v = 0; v < texts; ++v) ASSERT_EQ(add(v, round), v + round);
  }
  EXPECT_EQ(kept(), static_cast<int>(orm::detail::kMaxKeptStatements));
}

TEST_F(KeptStatementsTest, LongTextsAreNotKept) {
  orm::detail::keep_statements_of(sql());
  const std::string padding(orm::detail::kMaxKeptTextSize, ' ');
  for (long long x = 0; x < 3; ++x) {
    long long out = 0;
    ASSERT_TRUE(
        run_kept_statement(sql(), "SELECT :x + 1" + padding, soci::use(x), soci::into(out)));
    EXPECT_EQ(out, x + 1);
  }
  EXPECT_EQ(kept(), 0);
}

TEST_F(KeptStatementsTest, KeptStatementsOutliveARolledBackTransaction) {
  orm::detail::keep_statements_of(sql());
  sql().begin();
  EXPECT_EQ(add(1, 1), 2);
  EXPECT_EQ(add(1, 2), 3);  // prepared inside the transaction
  sql().rollback();
  EXPECT_EQ(kept(), 1) << "prepared statements are not transactional";
  sql().begin();
  EXPECT_EQ(add(1, 3), 4);
  sql().commit();
}

TEST_F(KeptStatementsTest, AFailedPrepareThrowsItsSqlStateAndKeepsNothing) {
  orm::detail::keep_statements_of(sql());
  for (int run = 0; run < 3; ++run) {
    try {
      long long out = 0;
      run_kept_statement(sql(), "SELECT no_such_column FROM pg_class WHERE oid = :x",
                         soci::use(static_cast<long long>(1)), soci::into(out));
      FAIL() << "a bad statement ran";
    } catch (const soci::postgresql_soci_error& e) {
      EXPECT_EQ(e.sqlstate(), "42703") << e.what();
    }
  }
  EXPECT_EQ(kept(), 0);
  EXPECT_EQ(add(1, 1), 2);  // the connection is fine after it
}

TEST_F(KeptStatementsTest, AReconnectedSessionRunsOneTimeUntilItIsRegisteredAgain) {
  orm::detail::keep_statements_of(sql());
  EXPECT_EQ(add(1, 1), 2);
  EXPECT_EQ(add(1, 2), 3);
  ASSERT_EQ(kept(), 1);
  sql().reconnect();  // a new server connection: the old one's statements are gone
  for (long long x = 0; x < 3; ++x) EXPECT_EQ(add(1, x), 1 + x);
  EXPECT_EQ(kept(), 0) << "names of the old connection must not be used, nor new ones made";
  orm::detail::keep_statements_of(sql());
  EXPECT_EQ(add(1, 1), 2);
  EXPECT_EQ(add(1, 2), 3);
  EXPECT_EQ(kept(), 1);
}

}  // namespace
}  // namespace jobmon::testing
