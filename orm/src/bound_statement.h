#pragma once
// One SQL statement with any number of bound text values, for multi-row INSERTs and long IN
// lists: a 500-item chunk costs one round trip, not 500. Client text is always bound, never
// spliced into SQL; integers the server already validated may be inlined by the caller.
// Internal to liborm.
#include <soci/soci.h>

#include <deque>
#include <functional>
#include <string>

namespace jobmon::orm::detail {

// `text` as the session will run it. SOCI applies a session's query transformation only to
// statements written as `session << ...` or `session.prepare << ...`; every statement liborm
// prepares itself passes through here, so that the transformation sees all of them (the
// interleaving tests pause each statement through it).
std::string as_session_runs_it(soci::session& session, const std::string& text);

// Prepares `text` (through as_session_runs_it) on `st` as SOCI's one-time query: liborm runs
// each statement it prepares once. On PostgreSQL that is one PQexecParams round trip, where a
// repeatable query costs three (PREPARE, EXECUTE, DEALLOCATE); SQLite and MySQL treat both kinds
// alike.
void prepare_once(soci::statement& st, soci::session& session, const std::string& text);

class BoundStatement {
 public:
  // Returns the placeholder for `value` (":p<N>"), to be placed in the SQL text. Values are bound
  // by name, so the order in which bind() calls are evaluated does not matter.
  std::string bind(std::string value);
  std::string bind_null();
  // Runs `sql` with the values bound in the order bind() was called.
  void execute(soci::session& session, const std::string& sql);
  // Runs a query and calls on_row for each result row.
  void query(soci::session& session, const std::string& sql,
             const std::function<void(const soci::row&)>& on_row);
  // Prepares `sql` on `st` (after its into elements) with the values bound, ready to execute:
  // for statements that need more of SOCI than execute() and query() give (affected rows, typed
  // results). The values must outlive `st`.
  void prepare(soci::statement& st, soci::session& session, const std::string& sql);

 private:
  std::deque<std::string> values_;  // a deque keeps addresses stable for SOCI's use()
  std::deque<soci::indicator> indicators_;
};

// Integer value of a column whatever type the backend reports (SQLite INTEGER is dt_integer,
// PostgreSQL BIGINT/SERIAL and aggregates are dt_long_long).
long long row_int(const soci::row& r, std::size_t i);
std::string row_text(const soci::row& r, std::size_t i);  // NULL -> ""
bool row_is_null(const soci::row& r, std::size_t i);

}  // namespace jobmon::orm::detail
