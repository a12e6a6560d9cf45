#pragma once
// Result rows read into structs: one declaration per row shape gives both the select list and
// the position each member is read from, so the two cannot drift apart. Internal to liborm.
//
// A row shape is a type whose static columns() lists, in select-list order, the SQL expression
// of each column and the member it fills (the style of host/include/jobmon/wire.h's fields()):
//
//   struct Instance {
//     std::int64_t id = 0;
//     std::string status;
//     std::optional<std::string> status_date;
//     static constexpr auto columns() {
//       return std::tuple{column("ti.id", &Instance::id), column("ti.status", &Instance::status),
//                         column("ti.status_date", &Instance::status_date).timestamp()};
//     }
//   };
//   constexpr auto kInstance = select_from<Instance>(" FROM task_instance ti WHERE ti.id = ");
//   std::vector<Instance> rows = q.all<Instance>(session, kInstance + q.bind(id));
//
// BoundStatement (bound_statement.h) runs them: rows<Shape>() calls back with each row, all()
// collects them, values<T>() reads a select list of one expression (which has no order to get
// wrong). The struct may declare its own columns() when it is internal; a public result struct
// gets a separate shape beside its query, so that no SQL reaches the public headers.
//
// Why positions generated from one declaration rather than reads by column name: SOCI finds a
// column of a row by name through a std::map<std::string, ...> (a key string made and three
// lookups per column, per row), while the heartbeat and bind paths read thousands of rows a
// second; and the backends do not agree on the names of unaliased expressions (`t.id` and
// `ti.id` are both `id`, PostgreSQL folds case), so every expression would need an alias. Here
// the compiler builds the select list (no text is made at run time, SqlText below) and a row is
// read by index; a row whose width differs from its shape's is refused (DatabaseError).
//
// What a member's type means (the readers accept every representation the backends report:
// SQLite INTEGER as int, PostgreSQL BIGINT and aggregates as long long, numbers as text, times
// as std::tm on PostgreSQL and MySQL):
//   std::int64_t                 integer; NULL reads as 0
//   std::optional<std::int64_t>  integer or NULL
//   double                       number (avg() is REAL on SQLite, NUMERIC on PostgreSQL); NULL 0
//   std::string                  text; a time as "YYYY-MM-DD HH:MM:SS"; NULL reads as ""
//   std::optional<std::string>   the same, or NULL
// .timestamp() on a text column keeps the first 19 characters ("YYYY-MM-DD HH:MM:SS"): SQLite
// holds the text as written, with fractional seconds when other tools wrote it.
#include <soci/soci.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace jobmon::orm::detail {

// ---- Text the compiler builds ---------------------------------------------------------------

// SQL text made at compile time: a select list, or the constant part of a statement.
template <std::size_t N>
struct SqlText {
  char chars[N + 1] = {};
  constexpr std::string_view view() const { return {chars, N}; }
};

template <class T>
struct SqlTextLength;
template <std::size_t K>
struct SqlTextLength<char[K]> {
  static constexpr std::size_t value = K - 1;  // a string literal, without its NUL
};
template <std::size_t N>
struct SqlTextLength<SqlText<N>> {
  static constexpr std::size_t value = N;
};

template <std::size_t K>
constexpr std::string_view sql_view(const char (&literal)[K]) {
  return {literal, K - 1};
}
template <std::size_t N>
constexpr std::string_view sql_view(const SqlText<N>& text) {
  return text.view();
}

// The parts (string literals and SqlTexts) one after the other.
template <class... Parts>
constexpr auto sql_text(const Parts&... parts) {
  SqlText<(SqlTextLength<Parts>::value + ...)> out;
  std::size_t at = 0;
  for (std::string_view part : {sql_view(parts)...}) {
    for (char c : part) out.chars[at++] = c;
  }
  return out;
}

// A statement's constant part joined to the text made for this call, as std::string joins a
// string literal: no more allocations than that.
template <std::size_t N>
std::string operator+(const SqlText<N>& head, std::string&& tail) {
  tail.insert(0, head.chars, N);
  return std::move(tail);
}
template <std::size_t N>
std::string operator+(const SqlText<N>& head, const std::string& tail) {
  std::string out;
  out.reserve(N + tail.size());
  return std::move(out.append(head.chars, N).append(tail));
}
template <std::size_t N>
std::string operator+(std::string&& head, const SqlText<N>& tail) {
  head.append(tail.chars, N);
  return std::move(head);
}
template <std::size_t N>
std::string operator+(const std::string& head, const SqlText<N>& tail) {
  std::string out;
  out.reserve(head.size() + N);
  return std::move(out.append(head).append(tail.chars, N));
}

// ---- Row shapes -----------------------------------------------------------------------------

template <class S, class M>
struct ColumnOf {
  using Struct = S;
  std::string_view sql;  // the expression as the select list has it
  M S::*member;
  bool timestamp_text = false;

  // A time read as text: its first 19 characters (see above).
  constexpr ColumnOf timestamp() const
      requires(std::is_same_v<M, std::string> || std::is_same_v<M, std::optional<std::string>>) {
    ColumnOf c = *this;
    c.timestamp_text = true;
    return c;
  }
};

template <class S, class M>
constexpr ColumnOf<S, M> column(std::string_view sql, M S::*member) {
  return ColumnOf<S, M>{sql, member, false};
}

template <class Shape>
constexpr std::size_t kColumnCount = std::tuple_size_v<decltype(Shape::columns())>;

// The struct a shape's rows are read into.
template <class Shape>
using RowOf = typename std::tuple_element_t<0, decltype(Shape::columns())>::Struct;

// "a, b, c": the shape's expressions in order, each after `qualifier` ("n." for a derived table
// named n that selects the same columns).
template <class Shape, std::size_t Q = 1>
constexpr auto select_list(const char (&qualifier)[Q] = "") {
  constexpr std::size_t kCount = kColumnCount<Shape>;
  constexpr std::size_t kSize =
      std::apply([](const auto&... c) { return (c.sql.size() + ...); }, Shape::columns()) +
      kCount * (Q - 1) + 2 * (kCount - 1);
  SqlText<kSize> out;
  std::size_t at = 0;
  std::apply(
      [&](const auto&... c) {
        auto add = [&](std::string_view part) {
          for (char ch : part) out.chars[at++] = ch;
        };
        ((add(at == 0 ? "" : ", "), add(sql_view(qualifier)), add(c.sql)), ...);
      },
      Shape::columns());
  return out;
}

// "SELECT <the shape's select list><rest>".
template <class Shape, std::size_t R>
constexpr auto select_from(const char (&rest)[R]) {
  return sql_text("SELECT ", select_list<Shape>(), rest);
}

// One column of a row, by the rules above.
void read_column(const soci::row& r, std::size_t i, bool timestamp_text, std::int64_t& out);
void read_column(const soci::row& r, std::size_t i, bool timestamp_text,
                 std::optional<std::int64_t>& out);
void read_column(const soci::row& r, std::size_t i, bool timestamp_text, double& out);
void read_column(const soci::row& r, std::size_t i, bool timestamp_text, std::string& out);
void read_column(const soci::row& r, std::size_t i, bool timestamp_text,
                 std::optional<std::string>& out);

// DatabaseError: the row does not have the `expected` columns its shape (or a one-column read)
// declares.
[[noreturn]] void row_width_mismatch(std::size_t got, std::size_t expected);

template <class Shape>
RowOf<Shape> read_row(const soci::row& r) {
  static constexpr auto kColumns = Shape::columns();
  constexpr std::size_t kCount = kColumnCount<Shape>;
  if (r.size() != kCount) row_width_mismatch(r.size(), kCount);
  RowOf<Shape> out{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (read_column(r, I, std::get<I>(kColumns).timestamp_text, out.*(std::get<I>(kColumns).member)),
     ...);
  }
  (std::make_index_sequence<kCount>{});
  return out;
}

// The value of a row of one column (a select list of one expression has no order to get wrong).
template <class T>
T read_only_column(const soci::row& r) {
  if (r.size() != 1) row_width_mismatch(r.size(), 1);
  T out{};
  read_column(r, 0, false, out);
  return out;
}

}  // namespace jobmon::orm::detail
