#pragma once
// One SQL statement with any number of bound text values, for multi-row INSERTs and long IN
// lists: a 500-item chunk costs one round trip, not 500. Client text is always bound, never
// spliced into SQL; integers the server already validated may be inlined by the caller.
// Internal to liborm.
#include <soci/soci.h>

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "kept_statements.h"
#include "row_shape.h"

namespace jobmon::orm::detail {

// `text` as the session will run it. SOCI applies a session's query transformation only to
// statements written as `session << ...` or `session.prepare << ...`; every statement liborm
// prepares itself passes through here, so that the transformation sees all of them (the
// interleaving tests pause each statement through it).
std::string as_session_runs_it(soci::session& session, const std::string& text);

// Prepares `text` (through as_session_runs_it) on `st` as SOCI's one-time query: liborm runs
// each statement object once. On PostgreSQL that is one PQexecParams round trip, parsed and
// planned for the values bound, where SOCI's repeatable query costs three (PREPARE, EXECUTE,
// DEALLOCATE); SQLite and MySQL treat both kinds alike.
void prepare_once(Statement& st, soci::session& session, const std::string& text);

// prepare_once for a statement whose best plan does not depend on its values: one that finds
// its rows by primary key. A pool connection then keeps the text prepared on PostgreSQL
// (kept_statements.h), where it soon runs with a generic plan, made without the values.
void prepare_kept(Statement& st, soci::session& session, const std::string& text);

// Runs `text` (a statement by primary key, as for prepare_kept) with SOCI's use and into
// elements, as `session << text, elements...` would. Returns whether a row came back (SOCI's
// got_data()).
template <typename... Elements>
bool run_kept_statement(soci::session& session, const std::string& text, Elements&&... elements) {
  Statement st(session);
  st.alloc();
  (st.exchange(std::forward<Elements>(elements)), ...);
  prepare_kept(st, session, text);
  st.define_and_bind();
  return st.execute(true);
}

class BoundStatement {
 public:
  // Returns the placeholder for `value` (":p<N>"), to be placed in the SQL text. Values are bound
  // by name, so the order in which bind() calls are evaluated does not matter.
  std::string bind(std::string value);
  std::string bind_null();
  // The statement finds its rows by primary key: prepare, execute and query run it as
  // prepare_kept does.
  void keep_prepared() { kept_ = true; }
  // Runs `sql` with the values bound in the order bind() was called.
  void execute(soci::session& session, const std::string& sql);
  // Runs a query whose select list is Shape's (row_shape.h) and calls on_row with each result
  // row read into Shape's struct.
  template <class Shape, class OnRow>
  void rows(soci::session& session, const std::string& sql, OnRow&& on_row) {
    query(session, sql, [&](const soci::row& r) { on_row(read_row<Shape>(r)); });
  }
  // rows(), collected.
  template <class Shape>
  std::vector<RowOf<Shape>> all(soci::session& session, const std::string& sql) {
    std::vector<RowOf<Shape>> out;
    rows<Shape>(session, sql, [&](RowOf<Shape> row) { out.push_back(std::move(row)); });
    return out;
  }
  // Runs a query of one column and calls on_value with each result row's value, read as T.
  template <class T, class OnValue>
  void values(soci::session& session, const std::string& sql, OnValue&& on_value) {
    query(session, sql, [&](const soci::row& r) { on_value(read_only_column<T>(r)); });
  }
  // Prepares `sql` on `st` (after its into elements) with the values bound, ready to execute:
  // for statements that need more of SOCI than execute() and query() give (affected rows, typed
  // results). The values must outlive `st`.
  void prepare(Statement& st, soci::session& session, const std::string& sql);

 private:
  // Runs a query and calls on_row for each result row (rows() and values() read them).
  void query(soci::session& session, const std::string& sql,
             const std::function<void(const soci::row&)>& on_row);

  std::deque<std::string> values_;  // a deque keeps addresses stable for SOCI's use()
  std::deque<soci::indicator> indicators_;
  bool kept_ = false;
};

}  // namespace jobmon::orm::detail
