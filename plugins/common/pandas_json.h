#pragma once
// pandas' DataFrame.to_json() text (orient "columns", the default), which several CLI routes send
// as a JSON string for the client to read back with pd.read_json: {"COL":{"0":v,"1":v},...}.
// Written as pandas 1.5's ujson writer does: "/" escaped as "\/", non-ASCII as \uXXXX, None as
// null, datetimes as epoch milliseconds (integers).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace jobmon::routes {

class DataFrameJson {
 public:
  using Cell = std::variant<std::monostate, std::int64_t, std::string>;  // monostate: null
  explicit DataFrameJson(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  // One value per column, in column order.
  void add_row(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  std::string str() const;

  static Cell text(const std::optional<std::string>& v) {
    return v ? Cell(*v) : Cell(std::monostate{});
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// A JSON string literal as ujson writes it (quotes included).
std::string ujson_string(std::string_view utf8);

// "YYYY-MM-DD HH:MM:SS" (a naive database time) as epoch milliseconds, the way pandas writes a
// datetime64 column; nullopt when the text is not such a time.
std::optional<std::int64_t> epoch_millis(std::string_view time);

}  // namespace jobmon::routes
