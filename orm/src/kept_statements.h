#pragma once
// Statements a PostgreSQL connection keeps prepared. A one-time query (PQexecParams) is parsed
// and planned by the server at every execution, and for a transition's short statements the
// planning was about half of PostgreSQL's work: `pgbench` with a transition's statements ran
// 1.05k transactions/s as one-time queries and 1.9-2.1k/s prepared. So a connection of the pool
// prepares a text under a name of its own the second time it runs it (psycopg 3 does the same
// after five), and from then on executes it by that name.
// Only statements that ask for it (bound_statement.h's prepare_kept) are kept: after five
// executions PostgreSQL may run a prepared statement with a generic plan, made without the
// values, and for a statement whose best plan depends on them that can be much worse. The
// bind's node lookup (an IN list of hashes under a (version, hash) unique index) got a generic
// plan that scanned every node of the version, and binding 20k tasks took 11 s instead of 3 s.
// Statements by primary key plan the same for every value; they are the hot ones.
// A connection keeps at most kMaxKeptStatements texts, none over kMaxKeptTextSize, and runs
// everything past either limit as a one-time query as before.
// Only the pool's connections keep statements (Database registers them after every connect), and
// only when the URI does not say prepared_statements=off: PgBouncer before 1.21 in transaction
// mode hands each transaction another server connection, on which the name does not exist.
// Internal to liborm.
#include <soci/soci.h>

#include <cstddef>
#include <string>

namespace jobmon::orm::detail {

inline constexpr std::size_t kMaxKeptStatements = 256;
inline constexpr std::size_t kMaxKeptTextSize = 4096;

// `session` is a pool connection that has just (re)connected: it keeps statements from now on,
// none of those it kept before (they died with the old server connection).
void keep_statements_of(soci::session& session);
// `session` keeps no statements from now on (the pool closes, or keeping is turned off).
void stop_keeping_statements_of(soci::session& session);

// A soci::statement that may run as its connection's kept statement (see prepare_kept). It
// takes the name back from SOCI's backend before SOCI destroys it: SOCI would DEALLOCATE a
// statement it thinks it prepared itself.
class Statement : public soci::statement {
 public:
  explicit Statement(soci::session& session) : soci::statement(session) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

 private:
  friend void run_as_kept_statement(Statement& st, soci::session& session);
  std::string* kept_name_ = nullptr;  // the backend's statement name, when it is a kept one
};

// Called once SOCI has prepared `st` as a one-time query: on a connection that keeps statements,
// a text it has run before is now executed by the name of the connection's prepared statement
// for it (prepared here, on its second run). Throws soci errors as SOCI's own prepare does.
void run_as_kept_statement(Statement& st, soci::session& session);

}  // namespace jobmon::orm::detail
