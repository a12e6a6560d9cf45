#include "bound_statement.h"

#include <cctype>
#include <sstream>
#include <vector>

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

namespace {

// SQLite resolves each named (":pN") or numbered ("?N") parameter with a linear search of the
// statement's parameter list, so a statement with N of them costs N^2 string compares: with the
// 4000 values of a 500-row chunk that was most of a bind's time. Plain "?" parameters are
// numbered as they are parsed, at no cost. So on SQLite each ":pN" becomes "?" and the values
// are bound by position, in the order their names appear in the text (a name used twice is
// bound twice). Other backends keep the names (SOCI maps them to $N itself).
bool positional_parameters(soci::session& session) {
  return session.get_backend_name() == "sqlite3";
}

std::string with_positional_parameters(const std::string& sql, std::vector<std::size_t>& order) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const bool name_start = sql[i] == ':' && i + 2 < sql.size() && sql[i + 1] == 'p' &&
                            std::isdigit(static_cast<unsigned char>(sql[i + 2])) &&
                            (i == 0 || !std::isalnum(static_cast<unsigned char>(sql[i - 1])));
    if (!name_start) {
      out += sql[i];
      continue;
    }
    std::size_t j = i + 2, n = 0;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
      n = n * 10 + static_cast<std::size_t>(sql[j] - '0');
      ++j;
    }
    out += '?';
    order.push_back(n);
    i = j - 1;
  }
  return out;
}

}  // namespace

std::string as_session_runs_it(soci::session& session, const std::string& text) {
  std::ostringstream& stream = session.get_query_stream();
  stream.str(text);
  std::string out = session.get_query();
  stream.str("");
  return out;
}

void prepare_once(Statement& st, soci::session& session, const std::string& text) {
  st.prepare(as_session_runs_it(session, text), soci::details::st_one_time_query);
}

void prepare_kept(Statement& st, soci::session& session, const std::string& text) {
  prepare_once(st, session, text);
  run_as_kept_statement(st, session);
}

void BoundStatement::prepare(Statement& st, soci::session& session, const std::string& sql) {
  if (positional_parameters(session)) {
    std::vector<std::size_t> order;
    (kept_ ? prepare_kept : prepare_once)(st, session, with_positional_parameters(sql, order));
    for (std::size_t n : order) st.exchange(soci::use(values_.at(n), indicators_.at(n)));
  } else {
    (kept_ ? prepare_kept : prepare_once)(st, session, sql);
    for (std::size_t i = 0; i < values_.size(); ++i)
      st.exchange(soci::use(values_[i], indicators_[i], "p" + std::to_string(i)));
  }
  st.define_and_bind();
}

void BoundStatement::execute(soci::session& session, const std::string& sql) {
  Statement st(session);
  st.alloc();
  prepare(st, session, sql);
  st.execute(true);
}

void BoundStatement::query(soci::session& session, const std::string& sql,
                           const std::function<void(const soci::row&)>& on_row) {
  // A dynamic row is the way SOCI describes result columns at run time: the statement fills it
  // with each row in turn.
  soci::row r;
  Statement st(session);
  st.alloc();
  st.exchange(soci::into(r));
  prepare(st, session, sql);
  for (bool got = st.execute(true); got; got = st.fetch()) on_row(r);
}

}  // namespace jobmon::orm::detail
