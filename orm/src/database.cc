#include "jobmon/orm/database.h"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "kept_statements.h"
#include "schema.h"
#include "session_of.h"
#include "sql_errors.h"
#include "sqlite_checkpointer.h"
#include "sqlite_files.h"

namespace jobmon::orm {

// Which pool slots must be checked before their next lease. A slot's entries are touched only by
// the thread that holds its lease; the pool's own mutex orders one lessee after the next.
struct Database::PoolHealth {
  explicit PoolHealth(std::size_t n)
      : checked_epoch(n, 0),
        broken(n, 0),
        opened(n, 0),
        connected_at(n, std::chrono::steady_clock::now()) {}
  // Bumped when a connection is found dead: the server probably restarted, so every other slot
  // pings once at its next lease (SQLAlchemy likewise invalidates the whole pool on a
  // disconnect), while the normal path costs no extra round trip.
  std::atomic<std::uint64_t> epoch{0};
  std::vector<std::uint64_t> checked_epoch;
  std::vector<char> broken;  // reconnect without asking
  std::vector<char> opened;  // server connections open at their first lease
  std::vector<std::chrono::steady_clock::time_point> connected_at;  // for recycling
};

namespace {

// Per-connection settings. SQLite: WAL lets readers run beside the single writer; NORMAL
// synchronous keeps WAL durable across a process crash (a power loss may lose the last
// transactions); the busy timeout queues writers instead of failing. foreign_keys stays off:
// a real Jobmon database has no foreign keys (docs/data-model.md §1).
// PostgreSQL: sessions run in UTC, like SQLite's CURRENT_TIMESTAMP, so that LOCALTIMESTAMP never
// jumps back at a DST change (reaper and heartbeat comparisons need a monotonic clock).
// A request never waits on a row lock for longer than 10 s (PostgreSQL's lock_timeout, InnoDB's
// innodb_lock_wait_timeout); past it, the conflict is retried and finally answered 423, which
// the client retries. Set once per connection: per transaction it cost a round trip each time.
// MySQL keeps the session time zone the reference server also uses; ANSI_QUOTES lets every
// query quote identifiers ("array", "user") the standard way on all three backends, and
// PIPES_AS_CONCAT makes || concatenate there too. READ COMMITTED, as on PostgreSQL: a statement
// after a row-lock wait sees what the lock holder committed (REPEATABLE READ would read an older
// snapshot), and inserts take no gap locks that deadlock concurrent binders.
// Switching a file to WAL takes an exclusive lock, and SQLite answers SQLITE_BUSY at once,
// without waiting in its busy handler, where waiting could deadlock: this connection holds a
// read lock while another one holds the write lock and waits for readers to leave. Two
// processes opening one new file meet exactly there (one creating the schema, the other
// switching its connection), so the switch is retried here for as long as the busy timeout
// (10 s, uri.cc) would have waited. Until it is done the mode reads back as "delete".
void switch_to_wal(soci::session& s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    std::string mode;
    try {
      s << "PRAGMA journal_mode=WAL", soci::into(mode);
      if (mode == "wal") return;
    } catch (const soci::sqlite3_soci_error& e) {
      const int code = e.result() & 0xff;  // the primary code of an extended one
      if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) ||
          std::chrono::steady_clock::now() >= deadline) {
        throw;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw soci::soci_error("the file stayed in journal mode '" + mode +
                             "': another process kept it locked for 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void configure_session(soci::session& s, Backend backend, bool in_memory) {
  switch (backend) {
    case Backend::kSqlite:
      if (!in_memory) {
        switch_to_wal(s);
        // The WAL is checkpointed by a thread of its own (sqlite_checkpointer.h).
        s << "PRAGMA wal_autocheckpoint=" + std::to_string(detail::kBackstopCheckpointPages);
      }
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA busy_timeout=10000";
      break;
    case Backend::kPostgresql:
      // Notices ("table does not exist, skipping") would go to stderr otherwise.
      s << "SET client_min_messages TO WARNING";
      s << "SET TIME ZONE 'UTC'";
      s << "SET lock_timeout = '10s'";
      break;
    case Backend::kMysql:
      s << "SET NAMES utf8mb4";
      s << "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES,PIPES_AS_CONCAT')";
      s << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
      s << "SET SESSION innodb_lock_wait_timeout = 10";
      break;
  }
}

// Opens a pool session and applies the per-connection settings. By backend name: the core loads
// libsoci_<backend>.so.4.0 at run time, so MySQL needs no link.
void open_session(soci::session& s, Backend backend, const std::string& connect, bool in_memory) {
  s.open(backend_name(backend), connect);
  configure_session(s, backend, in_memory);
}

// After every (re)connect of a pool session: what it kept lived on the old server connection.
void start_keeping_statements(soci::session& s, bool keep) {
  if (keep) {
    detail::keep_statements_of(s);
  } else {
    detail::stop_keeping_statements_of(s);
  }
}

// SOCI's connection errors may echo the connection string; never pass a password on.
std::string scrub_password(std::string what) {
  for (auto pw = what.find("password="); pw != std::string::npos;
       pw = what.find("password=", pw + 1)) {
    auto end = what.find_first_of(" \n", pw);
    what.replace(pw + 9, end == std::string::npos ? std::string::npos : end - pw - 9, "***");
  }
  return what;
}

}  // namespace

Database::Database() = default;

std::unique_ptr<Database> Database::open(const DatabaseConfig& config) {
  ParsedUri uri = parse_database_uri(config.uri);
  std::unique_ptr<Database> db(new Database());
  db->backend_ = uri.backend;
  db->redacted_uri_ = uri.redacted;
  db->lease_timeout_ = config.lease_timeout;
  db->recycle_after_ = config.recycle_after;
  db->server_version_ =
      config.server_version.empty() ? "jobmond-" JOBMOND_VERSION : config.server_version;
  db->heartbeat_ = config.heartbeat;
  db->creates_schema_ = config.create_schema;
  bool in_memory =
      uri.backend == Backend::kSqlite && uri.soci_connect.find("db=:memory:") != std::string::npos;
  // Every connection to ":memory:" is its own database: one connection is the only sane pool.
  db->pool_size_ = in_memory ? 1 : (config.pool_size == 0 ? 1 : config.pool_size);
  db->pool_ = std::make_unique<soci::connection_pool>(db->pool_size_);
  db->health_ = std::make_unique<PoolHealth>(db->pool_size_);
  db->soci_connect_ = uri.soci_connect;
  db->sqlite_file_ = uri.sqlite_file;
  db->keep_prepared_statements_ =
      uri.backend == Backend::kPostgresql && uri.keep_prepared_statements;
  // SQLite files open in microseconds: all of them now. A database server's connections cost
  // a few round trips (and a PostgreSQL backend process) each, so only the first opens at
  // start-up, proving the server reachable and the credentials good; the others open at their
  // first lease, as SQLAlchemy's pool does.
  const std::size_t open_now = uri.backend == Backend::kSqlite ? db->pool_size_ : 1;
  if (!uri.sqlite_file.empty()) detail::check_sqlite_files(uri.sqlite_file);
  try {
    for (std::size_t i = 0; i < open_now; ++i) {
      open_session(db->pool_->at(i), uri.backend, uri.soci_connect, in_memory);
      start_keeping_statements(db->pool_->at(i), db->keep_prepared_statements_);
      db->health_->opened[i] = 1;
    }
  } catch (const soci::soci_error& e) {
    std::string what = scrub_password(e.what());
    if (what.find("Failed to find shared library for backend") != std::string::npos) {
      throw ConfigError("cannot open database " + uri.redacted + ": " + what + " (is SOCI's " +
                        backend_name(uri.backend) + " backend installed?)");
    }
    throw DatabaseUnavailable("cannot open database " + uri.redacted + ": " + what);
  }
  if (config.create_schema) {
    try {
      db->schema_created_ = detail::ensure_schema(db->pool_->at(0), uri.backend);
    } catch (const soci::soci_error& e) {
      std::string what = "cannot check or create the schema of " + uri.redacted + ": " + e.what();
      switch (detail::classify(e)) {
        case detail::SqlErrorKind::kConnection:
          throw DatabaseUnavailable(what);
        case detail::SqlErrorKind::kLockConflict:
          throw LockConflict(what);
        case detail::SqlErrorKind::kInvalidValue:
        case detail::SqlErrorKind::kOther:
          break;
      }
      throw DatabaseError(what);
    }
  }
  if (uri.backend == Backend::kSqlite && !in_memory) {
    db->checkpointer_ = std::make_unique<detail::SqliteCheckpointer>(uri.soci_connect);
  }
  return db;
}

Database::~Database() {
  if (pool_ == nullptr) return;
  for (std::size_t i = 0; i < pool_size_; ++i) detail::stop_keeping_statements_of(pool_->at(i));
}

Database::Lease Database::lease() {
  std::size_t slot = 0;
  waiting_.fetch_add(1);
  const bool leased = pool_->try_lease(slot, static_cast<int>(lease_timeout_.count()));
  waiting_.fetch_sub(1);
  if (!leased) {
    throw DatabaseUnavailable(detail::kPoolExhausted + std::to_string(lease_timeout_.count()) +
                              " ms");
  }
  in_use_.fetch_add(1);
  Lease lease(*this, slot);  // gives the slot back if the reconnect below throws
  if (backend_ == Backend::kSqlite) return lease;
  PoolHealth& h = *health_;
  std::uint64_t epoch = h.epoch.load();
  const auto now = std::chrono::steady_clock::now();
  if (h.opened[slot] == 0) {
    try {
      open_session(pool_->at(slot), backend_, soci_connect_, false);
      start_keeping_statements(pool_->at(slot), keep_prepared_statements_);
    } catch (const soci::soci_error& e) {
      throw DatabaseUnavailable("cannot connect to " + redacted_uri_ + ": " +
                                scrub_password(e.what()));
    }
    h.opened[slot] = 1;
    h.broken[slot] = 0;
    h.checked_epoch[slot] = epoch;
    h.connected_at[slot] = now;
    return lease;
  }
  const bool expired = recycle_after_.count() > 0 && now - h.connected_at[slot] > recycle_after_;
  if (h.broken[slot] == 0 && h.checked_epoch[slot] >= epoch && !expired) return lease;
  // A server that restarted leaves broken connections in the pool: replace them here, so one
  // failed request (answered 503) is all an outage costs once the database is back.
  soci::session& s = pool_->at(slot);
  if (expired || h.broken[slot] != 0 || !s.is_connected()) {  // is_connected() pings the server
    try {
      s.reconnect();
      configure_session(s, backend_, false);
      start_keeping_statements(s, keep_prepared_statements_);
      h.connected_at[slot] = now;
    } catch (const soci::soci_error& e) {
      h.broken[slot] = 1;
      throw DatabaseUnavailable("cannot reconnect to " + redacted_uri_ + ": " +
                                scrub_password(e.what()));
    }
  }
  h.broken[slot] = 0;
  h.checked_epoch[slot] = epoch;
  return lease;
}

// Runs when a lease ends. Cheap on the normal path: SQLite and PostgreSQL report their
// transaction state locally; only MySQL needs a (no-op) ROLLBACK round trip.
void Database::release(std::size_t slot) noexcept {
  soci::session& s = pool_->at(slot);
  PoolHealth& h = *health_;
  auto mark_dead = [&] {
    h.broken[slot] = 1;
    h.epoch.fetch_add(1);
  };
  try {
    switch (backend_) {
      case Backend::kSqlite: {
        auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
        if (be != nullptr && be->conn_ != nullptr &&
            sqlite_api::sqlite3_get_autocommit(be->conn_) == 0) {
          s.rollback();
        }
        break;
      }
      case Backend::kPostgresql: {
        auto* be = static_cast<soci::postgresql_session_backend*>(s.get_backend());
        if (be == nullptr || be->conn_ == nullptr || PQstatus(be->conn_) != CONNECTION_OK) {
          mark_dead();
          break;
        }
        switch (PQtransactionStatus(be->conn_)) {
          case PQTRANS_IDLE:
            break;
          case PQTRANS_INTRANS:
          case PQTRANS_INERROR:
            s.rollback();
            break;
          default:  // a command still active, or state unknown: start over with a new connection
            h.broken[slot] = 1;
            break;
        }
        break;
      }
      case Backend::kMysql:
        // Harmless outside a transaction; the backend's header (mysql.h) is not ours to include.
        s.rollback();
        break;
    }
  } catch (...) {
    // The rollback failed: the connection is gone or unusable.
    if (backend_ != Backend::kSqlite) mark_dead();
  }
  pool_->give_back(slot);
  in_use_.fetch_sub(1);
}

Database::Lease::~Lease() {
  if (db_ != nullptr) db_->release(slot_);
}

soci::session& Database::Lease::session() { return db_->pool_->at(slot_); }

std::optional<std::string> write_blocker(Database& db) {
  Database::Lease lease = db.lease();
  soci::session& s = session_of(lease);
  try {
    switch (db.backend()) {
      case Backend::kSqlite: {
        int one = 0;
        s << "SELECT 1", soci::into(one);  // the file still reads
        auto* be = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
        if (be != nullptr && be->conn_ != nullptr &&
            sqlite_api::sqlite3_db_readonly(be->conn_, "main") == 1) {
          return "the SQLite database was opened read-only";
        }
        if (!db.sqlite_file().empty()) detail::check_sqlite_files(db.sqlite_file());
        return std::nullopt;
      }
      case Backend::kPostgresql: {
        std::string read_only;
        s << "SHOW transaction_read_only", soci::into(read_only);
        if (read_only == "on") return "PostgreSQL takes no writes (a standby, or read-only mode)";
        return std::nullopt;
      }
      case Backend::kMysql: {
        int read_only = 0;
        s << "SELECT @@global.read_only", soci::into(read_only);
        if (read_only != 0) return "MySQL takes no writes (read_only is set)";
        return std::nullopt;
      }
    }
  } catch (const ConfigError& e) {
    return e.what();  // the SQLite file check: which file, and why
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return std::nullopt;
}

std::string database_now(Database& db) {
  Database::Lease lease = db.lease();
  soci::session& s = session_of(lease);
  std::string now;
  soci::indicator ind = soci::i_ok;
  try {
    switch (db.backend()) {
      case Backend::kSqlite:
        s << "SELECT CURRENT_TIMESTAMP", soci::into(now, ind);
        break;
      case Backend::kPostgresql:
        s << "SELECT to_char(LOCALTIMESTAMP, 'YYYY-MM-DD HH24:MI:SS')", soci::into(now, ind);
        break;
      case Backend::kMysql:
        s << "SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')", soci::into(now, ind);
        break;
    }
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (ind == soci::i_null) throw DatabaseError("the database returned no current time");
  return now;
}

void run_deliberately_bad_query(Database& db) {
  Database::Lease lease = db.lease();
  try {
    int n = 0;
    session_of(lease) << "SELECT count(*) FROM blip_bloop_table", soci::into(n);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  throw DatabaseError("blip_bloop_table unexpectedly exists");
}

}  // namespace jobmon::orm
