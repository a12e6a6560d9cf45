#pragma once
// Leadership among processes that share one database: at most one holder at a time, across
// hosts, until it releases the lock or dies (its connection closes, or its file descriptor).
// jobmond's reaper holds one while it works, so a reaper may run beside every replica
// (docs/deployment.md, "The workflow reaper").
//   PostgreSQL:    a session-level advisory lock, on a connection of the lock's own;
//   MySQL/MariaDB: GET_LOCK, on a connection of the lock's own;
//   SQLite:        flock() on a file beside the database file (one host, like the database).
// Not thread-safe: one owner thread uses it.
#include <memory>
#include <string>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

class JOBMON_ORM_EXPORT LeaderLock {
 public:
  // `role` names what the holder leads ("reaper"): locks of different roles are independent.
  // Does not connect yet. Throws ConfigError for a URI it cannot use.
  LeaderLock(const DatabaseConfig& config, std::string role);
  ~LeaderLock();  // releases
  LeaderLock(const LeaderLock&) = delete;
  LeaderLock& operator=(const LeaderLock&) = delete;

  // One try, without waiting: true when this object holds the lock afterwards. An unreachable
  // database is false, with the reason (passwords redacted) in last_error().
  bool try_acquire();
  // Whether the lock is still ours, asked of the database: a connection that dropped lost the
  // lock to whoever asks next. False when not held.
  bool check_held();
  void release();
  bool held() const { return held_; }
  const std::string& last_error() const { return last_error_; }

 private:
  struct Connection;  // the backend's session or file (leader_lock.cc)
  void drop(const std::string& why);
  ParsedUri uri_;
  std::string key_;  // the lock's name on the database, or the lock file's path
  std::unique_ptr<Connection> connection_;
  bool held_ = false;
  std::string last_error_;
};

}  // namespace jobmon::orm
