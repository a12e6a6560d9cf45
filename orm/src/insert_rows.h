#pragma once
// The rows of one multi-row INSERT, written as the statement's row source (internal to liborm):
// "VALUES (..), (..)" on SQLite and MySQL; on PostgreSQL "SELECT .. FROM unnest(..)" with one
// array per column, whose text, parse and plan stay the same size whatever the number of rows.
// PostgreSQL spent longer parsing and planning a 500-row VALUES list of the task table (~9 ms
// to plan alone) than inserting its rows (docs/performance.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bound_statement.h"
#include "jobmon/orm/backend.h"

namespace jobmon::orm::detail {

class InsertRows {
 public:
  // A column takes integers the server owns or validated (inlined in the SQL), client text
  // (always bound), or one SQL expression for every row (a workflow id, a status, the time).
  // A text column's PostgreSQL type is the array's element type: text converts to VARCHAR on
  // insert, not to JSON.
  struct Column {
    enum class Kind { kInteger, kText, kConstant };
    Kind kind;
    std::string sql;  // the constant expression, or a text column's PostgreSQL type
  };
  static Column integer_column() { return {Column::Kind::kInteger, {}}; }
  static Column text_column(std::string postgresql_type = "text") {
    return {Column::Kind::kText, std::move(postgresql_type)};
  }
  static Column constant_column(std::string sql) {
    return {Column::Kind::kConstant, std::move(sql)};
  }

  InsertRows(Backend backend, std::vector<Column> columns);

  // The next value of the row being filled, for its non-constant columns in column order; a
  // row is complete once each has one. An empty optional is NULL.
  InsertRows& integer(std::optional<std::int64_t> value);
  InsertRows& text(std::optional<std::string> value);

  std::size_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }

  // "INSERT INTO " + target + " " + sql(st) is the statement; its text values are bound on st.
  std::string sql(BoundStatement& st) const;

 private:
  void add(std::optional<std::string> value, Column::Kind kind);
  std::string values_sql(BoundStatement& st) const;
  std::string unnest_sql(BoundStatement& st) const;

  Backend backend_;
  std::vector<Column> columns_;
  std::vector<std::size_t> varying_;  // indexes of the non-constant columns
  // One list per non-constant column: integers as decimal text, client text as it came.
  std::vector<std::vector<std::optional<std::string>>> cells_;
  std::size_t next_ = 0;  // the non-constant column the next value fills
  std::size_t rows_ = 0;
};

}  // namespace jobmon::orm::detail
