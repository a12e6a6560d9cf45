#pragma once
// The database every route works on: a pool of SOCI sessions over SQLite (embedded default),
// PostgreSQL or MySQL/MariaDB. One instance per process, owned by the host, shared by every
// plugin through liborm.so. Thread-safe: each request leases its own session.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "jobmon/orm/backend.h"
#include "jobmon/orm/errors.h"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace jobmon::orm {

namespace detail {
class SqliteCheckpointer;
struct SessionAccess;  // liborm's own way to the SOCI session (orm/src/session_of.h)
}  // namespace detail

// The heartbeat settings the Jobmon client and the Python server read from one site-wide
// configuration (JOBMON__HEARTBEAT__*): a worker reports every task_instance_interval seconds and
// counts as overdue report_by_buffer intervals after its last report.
struct HeartbeatSettings {
  double report_by_buffer = 3.1;
  double task_instance_interval = 90;
  // How long a launched instance keeps its LAUNCHED status before triage may call it lost, and
  // how long a KILL_SELF instance may still be seen by its worker: 2 x report_by_buffer x
  // task_instance_interval (docs/compatibility.md, "Jobmon 3.6 clients").
  double grace_seconds() const { return 2 * report_by_buffer * task_instance_interval; }
};

struct DatabaseConfig {
  // SQLAlchemy-style URI as the Python server takes it (JOBMON__DB__SQLALCHEMY_DATABASE_URI):
  //   sqlite:////abs/path.sqlite, sqlite:///rel/path.sqlite, sqlite:///:memory:,
  //   postgresql://user:pass@host:port/db (also postgresql+psycopg2://...),
  //   mysql://... and mysql+pymysql://user:pass@host:port/db
  std::string uri = "sqlite:///jobmon.sqlite";
  std::size_t pool_size = 8;
  std::chrono::milliseconds lease_timeout{10000};
  // A server connection older than this is replaced at its next lease (SQLAlchemy's
  // pool_recycle), well before MySQL's wait_timeout (8 h by default) or a firewall's idle cut
  // drops it under us. Zero: never. Unused on SQLite.
  std::chrono::milliseconds recycle_after{std::chrono::hours(1)};
  // Create the schema and seed rows in an empty database (start-up does; tools may not).
  bool create_schema = true;
  // What new workflow runs record as workflow_run.jobmon_server_version; empty: this build's
  // "jobmond-<version>" (docs/compatibility.md R17). A reference reaper finds only the runs of
  // its own version, so a deployment that keeps one names that version here.
  std::string server_version;
  HeartbeatSettings heartbeat;
};

// What a URI means, without connecting. Throws ConfigError for unsupported schemes.
struct ParsedUri {
  Backend backend;
  std::string soci_connect;  // SOCI connection string for the backend
  std::string redacted;      // the URI with the password (also a ?password=) replaced by ***
  std::string sqlite_file;   // SQLite: the database file as the URI names it; empty in memory
  // PostgreSQL: pool connections keep the statements they run often prepared (liborm's
  // kept_statements.h); `?prepared_statements=off` turns that off for PgBouncer before 1.21 in
  // transaction mode, which moves a connection's prepared statements out of reach.
  bool keep_prepared_statements = true;
};
JOBMON_ORM_EXPORT ParsedUri parse_database_uri(const std::string& uri);

class JOBMON_ORM_EXPORT Database {
 public:
  // Connects (SQLite: every pool slot; a database server: the first, the others at their first
  // lease), sets per-connection options (SQLite: WAL, busy timeout,
  // synchronous=NORMAL) and, if config.create_schema, creates the schema in an empty database.
  // An existing Jobmon database at the supported alembic revision is accepted as is; anything
  // else throws ConfigError naming the problem. A SQLite file this process could not write (or
  // whose -wal and -shm it could not create or write) is refused the same way, naming the file
  // and the user, before anything is created.
  static std::unique_ptr<Database> open(const DatabaseConfig& config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  const std::string& redacted_uri() const { return redacted_uri_; }
  std::size_t pool_size() const { return pool_size_; }
  // The value new runs record as workflow_run.jobmon_server_version (DatabaseConfig).
  const std::string& server_version() const { return server_version_; }
  // The site's heartbeat settings (DatabaseConfig).
  const HeartbeatSettings& heartbeat() const { return heartbeat_; }
  // Whether open() created the schema (the database was empty) rather than found it.
  bool schema_created() const { return schema_created_; }
  // DatabaseConfig::create_schema: false for tools that only check (plugin tables too).
  bool creates_schema() const { return creates_schema_; }
  // SQLite: the database file, as the URI names it; empty in memory and on database servers.
  const std::string& sqlite_file() const { return sqlite_file_; }

  // For /metrics: sessions leased right now, and requests waiting for one.
  struct PoolStats {
    std::size_t size = 0, in_use = 0, waiting = 0;
  };
  PoolStats pool_stats() const { return {pool_size_, in_use_.load(), waiting_.load()}; }

  // Leases a session for the current request; returned to the pool when the lease dies.
  // Throws DatabaseUnavailable when no slot frees up within the lease timeout.
  // A session goes back to the pool clean: the lease's destructor rolls back a transaction the
  // holder left open (ReadTx/WriteTx normally have done so already), and a connection found
  // broken is reconnected at its next lease.
  class Lease {
   public:
    Lease(Database& db, std::size_t slot) : db_(&db), slot_(slot) {}
    Lease(Lease&& other) noexcept : db_(other.db_), slot_(other.slot_) { other.db_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();

   private:
    friend struct detail::SessionAccess;
    soci::session& session();
    Database* db_;
    std::size_t slot_;
  };
  Lease lease();

  // SQLite has one writer at a time. Writers of this process queue here, in order, before they
  // lease a session and BEGIN IMMEDIATE, instead of polling SQLite's busy handler (which sleeps
  // up to 100 ms between tries: the latency tail under load). Other processes on the same file
  // still meet the busy timeout. Unused on PostgreSQL and MySQL (row locks).
  std::mutex& sqlite_writer_gate() { return sqlite_writer_gate_; }

  // Whether committed status changes leave rows in the status history (status_history.h). Off
  // until the plugin that owns the history table (admin) turns it on from its register(), before
  // the server takes requests.
  void record_status_history() { records_status_history_.store(true); }
  bool records_status_history() const {
    return records_status_history_.load(std::memory_order_relaxed);
  }

 private:
  struct PoolHealth;  // per-slot reconnect bookkeeping (database.cc)
  Database();
  void release(std::size_t slot) noexcept;
  Backend backend_ = Backend::kSqlite;
  std::string redacted_uri_;
  std::string soci_connect_;  // for connections opened after start-up
  std::string server_version_;
  HeartbeatSettings heartbeat_;
  std::string sqlite_file_;  // SQLite: the file, as the URI names it; empty in memory
  bool keep_prepared_statements_ = false;
  bool schema_created_ = false;
  bool creates_schema_ = true;
  std::size_t pool_size_ = 0;
  std::chrono::milliseconds lease_timeout_{0};
  std::chrono::milliseconds recycle_after_{0};
  std::unique_ptr<soci::connection_pool> pool_;
  std::unique_ptr<PoolHealth> health_;
  std::atomic<std::size_t> in_use_{0}, waiting_{0};
  std::atomic<bool> records_status_history_{false};
  std::mutex sqlite_writer_gate_;
  // SQLite files: checkpoints the WAL beside the writers, not inside their commits.
  std::unique_ptr<detail::SqliteCheckpointer> checkpointer_;
};

// Why `db` cannot take writes now, or nullopt when it can; for readiness probes. One round trip
// on a pooled session, writing nothing: a PostgreSQL standby or read-only transaction default, a
// MySQL server with read_only set, a SQLite file (or its -wal/-shm) this process can no longer
// write. Throws DatabaseUnavailable when the database does not answer.
JOBMON_ORM_EXPORT std::optional<std::string> write_blocker(Database& db);

// Root-route queries (docs/api-contract.md §5.0).
// The database's current time as "YYYY-MM-DD HH:MM:SS" (database clock, no zone).
JOBMON_ORM_EXPORT std::string database_now(Database& db);
// Selects from a table that does not exist; always throws DatabaseError (GET /test_bad).
[[noreturn]] JOBMON_ORM_EXPORT void run_deliberately_bad_query(Database& db);

}  // namespace jobmon::orm
