#include "sql_script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jobmon::orm::detail {
namespace {

using Statements = std::vector<std::string>;

TEST(SqlScriptTest, SemicolonsInStringsAndIdentifiersDoNotSplit) {
  auto out = split_sql_script(
      "INSERT INTO t VALUES ('a; b', 'it''s; fine');\n"
      "CREATE TABLE \"odd;name\" (x INTEGER);\n"
      "CREATE TABLE `also;odd` (x INTEGER);");
  EXPECT_EQ(out, (Statements{"INSERT INTO t VALUES ('a; b', 'it''s; fine')",
                             "CREATE TABLE \"odd;name\" (x INTEGER)",
                             "CREATE TABLE `also;odd` (x INTEGER)"}));
}

TEST(SqlScriptTest, CommentsAndTransactionControlAreDropped) {
  auto out = split_sql_script(
      "-- header; with a semicolon\n"
      "BEGIN;\n"
      "CREATE TABLE a (x INTEGER); -- trailing; comment\n"
      "/* block; comment */ INSERT INTO a VALUES (1);\n"
      "INSERT INTO a VALUES ('-- not a comment');\n"
      ";;\n"
      "commit;\n");
  EXPECT_EQ(out, (Statements{"CREATE TABLE a (x INTEGER)", "INSERT INTO a VALUES (1)",
                             "INSERT INTO a VALUES ('-- not a comment')"}));
}

TEST(SqlScriptTest, LastStatementWithoutSemicolonIsKept) {
  EXPECT_EQ(split_sql_script("SELECT 1;\nSELECT 2\n"), (Statements{"SELECT 1", "SELECT 2"}));
  EXPECT_TRUE(split_sql_script("  \n-- only a comment\n").empty());
}

}  // namespace
}  // namespace jobmon::orm::detail
