#include "bound_statement.h"

#include <cstdio>
#include <ctime>

namespace jobmon::orm::detail {

std::string BoundStatement::bind(std::string value) {
  values_.push_back(std::move(value));
  indicators_.push_back(soci::i_ok);
  return ":p" + std::to_string(values_.size() - 1);
}

std::string BoundStatement::bind_null() {
  values_.emplace_back();
  indicators_.push_back(soci::i_null);
  return ":p" + std::to_string(values_.size() - 1);
}

void BoundStatement::execute(soci::session& session, const std::string& sql) {
  soci::statement st(session);
  st.alloc();
  st.prepare(sql);
  for (std::size_t i = 0; i < values_.size(); ++i)
    st.exchange(soci::use(values_[i], indicators_[i], "p" + std::to_string(i)));
  st.define_and_bind();
  st.execute(true);
}

void BoundStatement::query(soci::session& session, const std::string& sql,
                           const std::function<void(const soci::row&)>& on_row) {
  // A rowset of dynamic rows is the way SOCI describes result columns at run time; the bound
  // values are chained onto the prepared statement in order.
  soci::details::prepare_temp_type prepared = (session.prepare << sql);
  for (std::size_t i = 0; i < values_.size(); ++i) {
    prepared, soci::use(values_[i], indicators_[i], "p" + std::to_string(i));
  }
  soci::rowset<soci::row> rows(prepared);
  for (const soci::row& r : rows) on_row(r);
}

long long row_int(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
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

std::string row_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "";
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
      return r.get<std::string>(i);
    case soci::dt_integer:
      return std::to_string(r.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(r.get<long long>(i));
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[80];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                    t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
      return buf;
    }
    default:
      return "";
  }
}

bool row_is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }

}  // namespace jobmon::orm::detail
