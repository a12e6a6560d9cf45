#pragma once
// Two database sessions stepped one SQL statement at a time, in the style of PostgreSQL's
// isolation tester: each operation runs on its own thread and its own connection, and pauses
// before every statement it sends (SOCI's query transformation is the hook) until the
// controller lets exactly that statement run. Which session runs next is chosen explicitly,
// never by timing; a session whose statement waits on a row lock is seen waiting in the
// server's own lock tables (pg_stat_activity, SHOW ENGINE INNODB STATUS).
#include <soci/soci.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobmon/orm/database.h"

namespace jobmon::testing {

class SteppedSession {
 public:
  enum class State { kIdle, kPaused, kRunning, kDone };

  // Opens a one-connection pool on `uri` and installs the statement hook.
  SteppedSession(const std::string& uri, orm::Backend backend);
  ~SteppedSession();
  SteppedSession(const SteppedSession&) = delete;
  SteppedSession& operator=(const SteppedSession&) = delete;

  orm::Database& db() { return *db_; }
  // The server's id of this session's connection (backend pid, MySQL connection id).
  long long connection_id() const { return connection_id_; }

  // Starts `op` on a new thread; with `stepped`, it pauses before each statement.
  void start(std::function<std::string(orm::Database&)> op, bool stepped);
  // Lets the paused session run its next statement; returns once it has taken the grant.
  void step();
  State state() const;
  // The statement the paused session waits to run.
  std::string pending() const;
  // Statements executed so far, and what the op returned (or the exception's class).
  std::vector<std::string> executed() const;
  std::string outcome() const;
  void join();

 private:
  std::string before_statement(const std::string& sql);

  std::unique_ptr<orm::Database> db_;
  orm::Backend backend_;
  long long connection_id_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::kIdle;
  bool stepped_ = false;
  int grants_ = 0;
  std::string pending_;
  std::vector<std::string> executed_;
  std::string outcome_;
  std::jthread thread_;
};

// Whether the session's current statement waits on a lock, asked through `observer`.
bool waits_on_lock(soci::session& observer, orm::Backend backend, long long connection_id);

// Runs two stepped sessions to completion following `choices` (0 or 1: which session runs its
// next statement whenever both are paused), then the first runnable one once `choices` is used
// up. Returns the choices made and, for each decision point, how many sessions were runnable.
struct Schedule {
  std::vector<int> choices;
  std::vector<int> options;  // 1 or 2 per decision
  std::string trace;         // "A: <sql>\nB: <sql>\n..." for failure messages
};
Schedule run_interleaved(SteppedSession& a, SteppedSession& b, soci::session& observer,
                         orm::Backend backend, const std::vector<int>& choices);

}  // namespace jobmon::testing
