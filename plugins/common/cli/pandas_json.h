#pragma once
// pandas' DataFrame.to_json() text (orient "columns", the default), which several CLI routes send
// as a JSON string for the client to read back with pd.read_json: {"COL":{"0":v,"1":v},...}.
// Written as pandas 1.5's ujson writer does: "/" escaped as "\/", non-ASCII as \uXXXX, None as
// null, datetimes as epoch milliseconds (integers). docs/api-cli-reaper.md calls it a pandas table.
//
// DataFrame<Row> is its wire type: Row is a struct whose fields() are the columns, in order; a
// cell is an integer, a text, or either one optional (null). A table without rows has the
// columns of NoRows (where the reference builds its empty table with other columns).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobmon/wire.h"

namespace jobmon::routes::cli {

template <class Row, class NoRows = Row>
struct DataFrame {
  std::vector<Row> rows;
};

// A JSON string literal as ujson writes it (quotes included).
std::string ujson_string(std::string_view utf8);

// "YYYY-MM-DD HH:MM:SS" (a naive database time) as epoch milliseconds, the way pandas writes a
// datetime64 column; nullopt when the text is not such a time.
std::optional<std::int64_t> epoch_millis(std::string_view time);

inline void append_cell(std::string& out, std::int64_t v) { out += std::to_string(v); }
inline void append_cell(std::string& out, const std::string& v) { out += ujson_string(v); }
template <class T>
void append_cell(std::string& out, const std::optional<T>& v) {
  if (v) {
    append_cell(out, *v);
  } else {
    out += "null";
  }
}

// The to_json() text of the rows: one object per column, keyed by row position.
template <class Row>
std::string dataframe_text(const std::vector<Row>& rows) {
  std::string out = "{";
  api::for_each_field<Row>([&](const auto& f) {
    if (out.size() > 1) out += ",";
    out += ujson_string(f.name) + ":{";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (r > 0) out += ",";
      out += "\"" + std::to_string(r) + "\":";
      append_cell(out, rows[r].*f.member);
    }
    out += "}";
  });
  return out + "}";
}

}  // namespace jobmon::routes::cli

namespace jobmon::api {

// A string whose content is the table's JSON: documented with its content schema (every column
// an object of cells keyed by row position; either column set when the empty table has its own).
template <class Row, class NoRows>
struct Wire<routes::cli::DataFrame<Row, NoRows>> {
  static void write(JsonWriter& w, const routes::cli::DataFrame<Row, NoRows>& t) {
    w.string(t.rows.empty() ? routes::cli::dataframe_text(std::vector<NoRows>{})
                            : routes::cli::dataframe_text(t.rows));
  }
  static void schema(JsonWriter& w, const SchemaNote&) {
    schema_type(w, "string");
    w.key("contentMediaType").string("application/json");
    w.key("contentSchema");
    if constexpr (std::is_same_v<Row, NoRows>) {
      columns_schema<Row>(w);
    } else {
      w.start_object().key("anyOf").start_array();
      columns_schema<Row>(w);
      columns_schema<NoRows>(w);
      w.end_array().end_object();
    }
  }

 private:
  template <class Columns>
  static void columns_schema(JsonWriter& w) {
    w.start_object();
    schema_type(w, "object");
    w.key("properties").start_object();
    for_each_field<Columns>([&](const auto& f) {
      using M = std::decay_t<decltype(std::declval<Columns&>().*f.member)>;
      w.key(f.name).start_object();
      schema_type(w, "object");
      w.key("additionalProperties");
      write_schema<M>(w, SchemaNote{true, f.description, 0, std::nullopt});
      w.end_object();
    });
    w.end_object();
    w.key("required").start_array();
    for_each_field<Columns>([&](const auto& f) { w.string(f.name); });
    w.end_array();
    w.key("additionalProperties").boolean(false);
    w.end_object();
  }
};

}  // namespace jobmon::api
