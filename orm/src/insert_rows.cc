#include "insert_rows.h"

#include <stdexcept>

#include "pg_arrays.h"

namespace jobmon::orm::detail {

InsertRows::InsertRows(Backend backend, std::vector<Column> columns)
    : backend_(backend), columns_(std::move(columns)) {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].kind != Column::Kind::kConstant) varying_.push_back(i);
  }
  cells_.resize(varying_.size());
}

InsertRows& InsertRows::integer(std::optional<std::int64_t> value) {
  add(value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt,
      Column::Kind::kInteger);
  return *this;
}

InsertRows& InsertRows::text(std::optional<std::string> value) {
  add(std::move(value), Column::Kind::kText);
  return *this;
}

void InsertRows::add(std::optional<std::string> value, Column::Kind kind) {
  if (varying_.empty() || columns_[varying_[next_]].kind != kind) {
    throw std::logic_error("InsertRows: a value does not match its column's kind");
  }
  cells_[next_].push_back(std::move(value));
  if (++next_ == varying_.size()) {
    next_ = 0;
    ++rows_;
  }
}

std::string InsertRows::sql(BoundStatement& st) const {
  if (next_ != 0) throw std::logic_error("InsertRows: the last row is incomplete");
  return backend_ == Backend::kPostgresql ? unnest_sql(st) : values_sql(st);
}

std::string InsertRows::values_sql(BoundStatement& st) const {
  std::string out = "VALUES ";
  for (std::size_t row = 0; row < rows_; ++row) {
    out += row ? ", (" : "(";
    std::size_t v = 0;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c) out += ", ";
      const Column& column = columns_[c];
      if (column.kind == Column::Kind::kConstant) {
        out += column.sql;
        continue;
      }
      const std::optional<std::string>& cell = cells_[v++][row];
      if (column.kind == Column::Kind::kInteger) {
        out += cell ? *cell : "NULL";
      } else {
        out += cell ? st.bind(*cell) : st.bind_null();
      }
    }
    out += ")";
  }
  return out;
}

std::string InsertRows::unnest_sql(BoundStatement& st) const {
  std::string select, arrays, names;
  std::size_t v = 0;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c) select += ", ";
    const Column& column = columns_[c];
    if (column.kind == Column::Kind::kConstant) {
      select += column.sql;
      continue;
    }
    const std::string name = "c" + std::to_string(v);
    select += "v." + name;
    names += (v ? ", " : "") + name;
    arrays += v ? ", " : "";
    if (column.kind == Column::Kind::kInteger) {
      arrays += pg_bigint_array(cells_[v]);
    } else {
      arrays += "CAST(" + st.bind(pg_text_array_literal(cells_[v])) + " AS " + column.sql + "[])";
    }
    ++v;
  }
  return "SELECT " + select + " FROM unnest(" + arrays + ") AS v(" + names + ")";
}

}  // namespace jobmon::orm::detail
