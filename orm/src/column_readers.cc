#include "column_readers.h"

#include <cstdio>
#include <ctime>

#include "jobmon/orm/errors.h"

namespace jobmon::orm::detail {

namespace {

std::string format_time(const std::tm& t) {
  char buf[80];  // room for any int values, which the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1,
                t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
  return buf;
}

[[noreturn]] void null_in_not_null(const std::string& col) {
  throw DatabaseError("NULL in NOT NULL column " + col);
}

}  // namespace

std::optional<std::int64_t> read_optional_int(const soci::values& v, const std::string& col) {
  if (v.get_indicator(col) == soci::i_null) return std::nullopt;
  switch (v.get_properties(col).get_data_type()) {
    case soci::dt_integer:
      return v.get<int>(col);
    case soci::dt_long_long:
      return v.get<long long>(col);
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(v.get<unsigned long long>(col));
    case soci::dt_double:
      return static_cast<std::int64_t>(v.get<double>(col));
    case soci::dt_string:
      return std::stoll(v.get<std::string>(col));
    default:
      throw DatabaseError("column " + col + " is not an integer");
  }
}

std::optional<std::string> read_optional_text(const soci::values& v, const std::string& col) {
  if (v.get_indicator(col) == soci::i_null) return std::nullopt;
  switch (v.get_properties(col).get_data_type()) {
    case soci::dt_string:
      return v.get<std::string>(col);
    case soci::dt_integer:
      return std::to_string(v.get<int>(col));
    case soci::dt_long_long:
      return std::to_string(v.get<long long>(col));
    case soci::dt_date:
      return format_time(v.get<std::tm>(col));
    default:
      throw DatabaseError("column " + col + " is not text");
  }
}

std::optional<std::string> read_optional_time(const soci::values& v, const std::string& col) {
  if (v.get_indicator(col) == soci::i_null) return std::nullopt;
  if (v.get_properties(col).get_data_type() == soci::dt_date) {
    return format_time(v.get<std::tm>(col));
  }
  auto text = read_optional_text(v, col);
  // SQLite may hold fractional seconds written by other tools; the wire format has none.
  if (text && text->size() > 19 && (*text)[19] == '.') text->resize(19);
  return text;
}

std::int64_t read_int(const soci::values& v, const std::string& col) {
  auto value = read_optional_int(v, col);
  if (!value) null_in_not_null(col);
  return *value;
}

std::string read_text(const soci::values& v, const std::string& col) {
  auto value = read_optional_text(v, col);
  if (!value) null_in_not_null(col);
  return *value;
}

std::string read_time(const soci::values& v, const std::string& col) {
  auto value = read_optional_time(v, col);
  if (!value) null_in_not_null(col);
  return *value;
}

void write_column(soci::values& v, const std::string& col, std::int64_t value) {
  v.set(col, static_cast<long long>(value));
}

void write_column(soci::values& v, const std::string& col, const std::string& value) {
  v.set(col, value);
}

void write_column(soci::values& v, const std::string& col,
                  const std::optional<std::int64_t>& value) {
  v.set(col, static_cast<long long>(value.value_or(0)), value ? soci::i_ok : soci::i_null);
}

void write_column(soci::values& v, const std::string& col,
                  const std::optional<std::string>& value) {
  v.set(col, value.value_or(std::string()), value ? soci::i_ok : soci::i_null);
}

}  // namespace jobmon::orm::detail
