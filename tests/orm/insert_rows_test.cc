// The row source of a multi-row INSERT (orm/src/insert_rows.h) as each dialect receives it, and
// the PostgreSQL array text that carries client text. Round trips through real databases are in
// the bind route tests (NodeTextArrivesAsSent, TaskTextArrivesAsSent).
#include "insert_rows.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pg_arrays.h"

namespace jobmon::testing {
namespace {

using orm::Backend;
using orm::detail::BoundStatement;
using orm::detail::InsertRows;
using orm::detail::pg_text_array_literal;

InsertRows two_rows(Backend backend) {
  InsertRows rows(backend, {InsertRows::integer_column(), InsertRows::text_column(),
                            InsertRows::constant_column("'G'")});
  rows.integer(7).text("x");
  rows.integer(std::nullopt).text(std::nullopt);
  return rows;
}

TEST(InsertRowsTest, SqliteAndMysqlGetAValuesListWithTheTextBound) {
  for (Backend backend : {Backend::kSqlite, Backend::kMysql}) {
    BoundStatement st;
    EXPECT_EQ(two_rows(backend).sql(st), "VALUES (7, :p0, 'G'), (NULL, :p1, 'G')");
  }
}

TEST(InsertRowsTest, PostgresqlGetsOneArrayPerColumn) {
  BoundStatement st;
  EXPECT_EQ(two_rows(Backend::kPostgresql).sql(st),
            "SELECT v.c0, v.c1, 'G' FROM unnest(CAST('{7,NULL}' AS bigint[]), CAST(:p0 AS "
            "text[])) AS v(c0, c1)");
  InsertRows json(Backend::kPostgresql, {InsertRows::text_column("json")});
  json.text("[1]");
  EXPECT_EQ(json.sql(st), "SELECT v.c0 FROM unnest(CAST(:p1 AS json[])) AS v(c0)");
}

TEST(InsertRowsTest, AValueOfTheWrongKindOrAnIncompleteRowIsAProgrammingError) {
  InsertRows rows(Backend::kSqlite, {InsertRows::integer_column(), InsertRows::text_column()});
  EXPECT_THROW(rows.text("x"), std::logic_error);
  rows.integer(1);
  BoundStatement st;
  EXPECT_THROW(rows.sql(st), std::logic_error);
}

TEST(PgArraysTest, TextElementsAreQuotedSoThatAnyTextArrivesAsSent) {
  EXPECT_EQ(
      pg_text_array_literal(std::vector<std::string>{R"(a"b)", R"(c\d)", "{e,f}", "NULL", ""}),
      R"({"a\"b","c\\d","{e,f}","NULL",""})");
  EXPECT_EQ(pg_text_array_literal(std::vector<std::optional<std::string>>{std::nullopt, "NULL"}),
            R"({NULL,"NULL"})");
  EXPECT_EQ(pg_text_array_literal(std::vector<std::string>{}), "{}");
}

}  // namespace
}  // namespace jobmon::testing
