#include "jobmon/orm/leader_lock.h"

#include <fcntl.h>
#include <soci/soci.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jobmon::orm {

struct LeaderLock::Connection {
  soci::session session;  // PostgreSQL, MySQL
  int fd = -1;            // SQLite: the open lock file, locked while held
  ~Connection() {
    if (fd >= 0) ::close(fd);  // closing the descriptor releases the flock
  }
};

LeaderLock::LeaderLock(const DatabaseConfig& config, std::string role)
    : uri_(parse_database_uri(config.uri)) {
  if (uri_.backend == Backend::kSqlite) {
    // An in-memory database is private to one process: a lock file in the working directory
    // still keeps two reapers started there apart.
    const std::string base = uri_.sqlite_file.empty() ? "jobmond" : uri_.sqlite_file;
    key_ = base + "-" + role + ".lock";
  } else {
    key_ = "jobmond.leader." + role;  // GET_LOCK names are at most 64 characters
  }
}

LeaderLock::~LeaderLock() { release(); }

void LeaderLock::drop(const std::string& why) {
  connection_.reset();
  held_ = false;
  last_error_ = why;
}

bool LeaderLock::try_acquire() {
  if (held_) return true;
  try {
    if (!connection_) {
      auto c = std::make_unique<Connection>();
      if (uri_.backend == Backend::kSqlite) {
        c->fd = ::open(key_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (c->fd < 0) {
          drop("cannot open " + key_ + ": " + std::strerror(errno));
          return false;
        }
      } else {
        c->session.open(backend_name(uri_.backend), uri_.soci_connect);
      }
      connection_ = std::move(c);
    }
    int got = 0;
    soci::indicator ind = soci::i_ok;
    switch (uri_.backend) {
      case Backend::kSqlite:
        got = ::flock(connection_->fd, LOCK_EX | LOCK_NB) == 0 ? 1 : 0;
        break;
      case Backend::kPostgresql:
        connection_->session << "SELECT CASE WHEN pg_try_advisory_lock(hashtext(:k)) THEN 1 "
                                "ELSE 0 END",
            soci::use(key_), soci::into(got, ind);
        break;
      case Backend::kMysql:
        connection_->session << "SELECT GET_LOCK(:k, 0)", soci::use(key_), soci::into(got, ind);
        break;
    }
    held_ = ind == soci::i_ok && got == 1;
    last_error_.clear();
  } catch (const std::exception& e) {
    // SOCI's connection errors can echo the connection string: keep their first line, and
    // none of it when it names a password.
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    if (why.find("password") != std::string::npos) why = "details withheld (they quote the URI)";
    drop("cannot reach the database " + uri_.redacted + ": " + why);
  }
  return held_;
}

bool LeaderLock::check_held() {
  if (!held_) return false;
  if (uri_.backend == Backend::kSqlite) return true;  // the descriptor is ours until closed
  try {
    int ours = 0;
    soci::indicator ind = soci::i_ok;
    if (uri_.backend == Backend::kPostgresql) {
      // A session-level advisory lock lives exactly as long as the connection that took it.
      connection_->session << "SELECT 1", soci::into(ours);
    } else {
      connection_->session << "SELECT IS_USED_LOCK(:k) = CONNECTION_ID()", soci::use(key_),
          soci::into(ours, ind);
    }
    if (ind != soci::i_ok || ours != 1) drop("the lock " + key_ + " is no longer ours");
  } catch (const std::exception&) {
    drop("the connection holding the lock dropped");
  }
  return held_;
}

void LeaderLock::release() {
  if (held_ && connection_ && uri_.backend != Backend::kSqlite) {
    try {
      int released = 0;
      soci::indicator ind = soci::i_ok;
      if (uri_.backend == Backend::kPostgresql) {
        connection_->session << "SELECT CASE WHEN pg_advisory_unlock(hashtext(:k)) THEN 1 "
                                "ELSE 0 END",
            soci::use(key_), soci::into(released, ind);
      } else {
        connection_->session << "SELECT RELEASE_LOCK(:k)", soci::use(key_),
            soci::into(released, ind);
      }
    } catch (const std::exception&) {
      // The connection is gone, and the lock with it.
    }
  }
  connection_.reset();
  held_ = false;
}

}  // namespace jobmon::orm
