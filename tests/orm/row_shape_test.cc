// Row shapes (orm/src/row_shape.h): the select list the compiler builds from a declaration, and
// rows read back through it on every backend, whatever type each backend reports for a column.
#include "row_shape.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bound_statement.h"
#include "db_fixture.h"
#include "jobmon/orm/errors.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::detail::BoundStatement;
using orm::detail::column;
using orm::detail::select_from;
using orm::detail::select_list;
using orm::detail::sql_text;

struct Sample {
  std::int64_t id = -1;
  std::optional<std::int64_t> parent;
  std::string name;
  std::optional<std::string> when;
  double mean = -1;
  static constexpr auto columns() {
    return std::tuple{column("s.id", &Sample::id), column("s.parent", &Sample::parent),
                      column("s.name", &Sample::name), column("s.when", &Sample::when).timestamp(),
                      column("avg(s.n)", &Sample::mean)};
  }
};

// The texts are constants: a statement costs no text building for its select list.
static_assert(select_list<Sample>().view() == "s.id, s.parent, s.name, s.when, avg(s.n)");
static_assert(select_list<Sample>("q.").view() ==
              "q.s.id, q.s.parent, q.s.name, q.s.when, q.avg(s.n)");
static_assert(select_from<Sample>(" FROM t s").view() ==
              "SELECT s.id, s.parent, s.name, s.when, avg(s.n) FROM t s");
static_assert(sql_text("a", select_list<Sample>(), "b").view().size() ==
              select_list<Sample>().view().size() + 2);

TEST(RowShapeTest, ConstantTextJoinsRunTimeTextLikeALiteral) {
  constexpr auto head = sql_text("SELECT ", "1");
  const std::string tail = " + 2";
  EXPECT_EQ(head + tail, "SELECT 1 + 2");
  EXPECT_EQ(head + std::string(" + 3"), "SELECT 1 + 3");
  EXPECT_EQ(std::string("x") + head, "xSELECT 1");
  EXPECT_EQ(tail + head, " + 2SELECT 1");
}

using RowShape = DbTest;

// NULL of an integer and of a text column (MySQL's client library has no type for a bare NULL).
std::string null_int(const std::string& backend) {
  return backend == "mysql" ? "CAST(NULL AS SIGNED)" : "CAST(NULL AS BIGINT)";
}
std::string null_text(const std::string& backend) {
  return backend == "mysql" ? "CAST(NULL AS CHAR)" : "CAST(NULL AS TEXT)";
}

// The columns as each backend types them: integer literals, BIGINT and aggregates, text, a
// TIMESTAMP (std::tm on PostgreSQL and MySQL, text with fractional seconds on SQLite).
std::string sample_select(const std::string& backend) {
  const bool mysql = backend == "mysql";
  const std::string when =
      backend == "sqlite"
          ? "'2024-01-02 03:04:05.250'"
          : "CAST('2024-01-02 03:04:05' AS " + std::string(mysql ? "DATETIME" : "TIMESTAMP") + ")";
  const std::string bigint = mysql ? "SIGNED" : "BIGINT";
  return "SELECT CAST(7 AS " + bigint + "), " + null_int(backend) + ", 'seven', " + when +
         ", avg(n) FROM (SELECT 1 AS " + "n UNION ALL SELECT 2) AS s";
}

TEST_P(RowShape, ReadsEveryColumnAtItsDeclaredPlace) {
  BoundStatement q;
  auto rows = q.all<Sample>(raw(), sample_select(GetParam()));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, 7);
  EXPECT_EQ(rows[0].parent, std::nullopt);
  EXPECT_EQ(rows[0].name, "seven");
  EXPECT_EQ(rows[0].when, "2024-01-02 03:04:05");
  EXPECT_DOUBLE_EQ(rows[0].mean, 1.5);
}

TEST_P(RowShape, NullReadsAsZeroOrEmptyWhereTheMemberIsNotOptional) {
  BoundStatement q;
  const std::string i = null_int(GetParam()), t = null_text(GetParam());
  auto rows = q.all<Sample>(raw(), "SELECT " + i + ", 3, " + t + ", " + t + ", " + i);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, 0);
  EXPECT_EQ(rows[0].parent, 3);
  EXPECT_EQ(rows[0].name, "");
  EXPECT_EQ(rows[0].when, std::nullopt);
  EXPECT_EQ(rows[0].mean, 0.0);
}

TEST_P(RowShape, ARowOfAnotherWidthIsRefused) {
  BoundStatement q;
  EXPECT_THROW(q.all<Sample>(raw(), "SELECT 1, 2, 'x', 'y'"), orm::DatabaseError);
  EXPECT_THROW(q.values<std::int64_t>(raw(), "SELECT 1, 2", [](std::int64_t) {}),
               orm::DatabaseError);
  std::optional<std::string> one;
  q.values<std::optional<std::string>>(raw(), "SELECT 'one'", [&](auto v) { one = v; });
  EXPECT_EQ(one, "one");
}

INSTANTIATE_TEST_SUITE_P(Backends, RowShape, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
