#include "row_shape.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "jobmon/orm/errors.h"

namespace jobmon::orm::detail {

namespace {

bool is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }

// SOCI's typed reads demand the type the backend reports: SQLite INTEGER is dt_integer,
// PostgreSQL BIGINT, SERIAL and aggregates dt_long_long.
long long integer_at(const soci::row& r, std::size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return static_cast<long long>(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      return 0;
  }
}

// Times are std::tm on PostgreSQL and MySQL, text on SQLite.
std::string text_at(const soci::row& r, std::size_t i, bool timestamp_text) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string: {
      std::string text = r.get<std::string>(i);
      if (timestamp_text && text.size() > 19) text.resize(19);
      return text;
    }
    case soci::dt_integer:
      return std::to_string(r.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(r.get<long long>(i));
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[80];  // room for any int values, which the compiler cannot rule out
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                    t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
      return buf;
    }
    default:
      return "";
  }
}

}  // namespace

void read_column(const soci::row& r, std::size_t i, bool, std::int64_t& out) {
  out = is_null(r, i) ? 0 : integer_at(r, i);
}

void read_column(const soci::row& r, std::size_t i, bool, std::optional<std::int64_t>& out) {
  if (is_null(r, i)) {
    out.reset();
  } else {
    out = integer_at(r, i);
  }
}

void read_column(const soci::row& r, std::size_t i, bool, double& out) {
  if (is_null(r, i)) {
    out = 0.0;
    return;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double:
      out = r.get<double>(i);
      break;
    case soci::dt_string:
      out = std::strtod(r.get<std::string>(i).c_str(), nullptr);
      break;
    default:
      out = static_cast<double>(integer_at(r, i));
  }
}

void read_column(const soci::row& r, std::size_t i, bool timestamp_text, std::string& out) {
  out = is_null(r, i) ? std::string() : text_at(r, i, timestamp_text);
}

void read_column(const soci::row& r, std::size_t i, bool timestamp_text,
                 std::optional<std::string>& out) {
  if (is_null(r, i)) {
    out.reset();
  } else {
    out = text_at(r, i, timestamp_text);
  }
}

void row_width_mismatch(std::size_t got, std::size_t expected) {
  throw DatabaseError("a result row of " + std::to_string(got) + " columns where " +
                      std::to_string(expected) + " were declared");
}

}  // namespace jobmon::orm::detail
