#include "jobmon/orm/database.h"

#include <soci/connection-pool.h>
#include <soci/soci.h>

#include <string>

#include "schema.h"
#include "sql_errors.h"

namespace jobmon::orm {

namespace {

// Per-connection settings. SQLite: WAL lets readers run beside the single writer; NORMAL
// synchronous keeps WAL durable across a process crash (a power loss may lose the last
// transactions: docs/reliability.md); the busy timeout queues writers instead of failing.
void configure_session(soci::session& s, Backend backend, bool in_memory) {
  switch (backend) {
    case Backend::kSqlite:
      if (!in_memory) s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA busy_timeout=10000";
      break;
    case Backend::kPostgresql:
      // Notices ("table does not exist, skipping") would go to stderr otherwise.
      s << "SET client_min_messages TO WARNING";
      break;
    case Backend::kMysql:
      s << "SET NAMES utf8mb4";
      break;
  }
}

}  // namespace

std::unique_ptr<Database> Database::open(const DatabaseConfig& config) {
  ParsedUri uri = parse_database_uri(config.uri);
  std::unique_ptr<Database> db(new Database());
  db->backend_ = uri.backend;
  db->redacted_uri_ = uri.redacted;
  db->lease_timeout_ = config.lease_timeout;
  bool in_memory =
      uri.backend == Backend::kSqlite && uri.soci_connect.find("db=:memory:") != std::string::npos;
  // Every connection to ":memory:" is its own database: one connection is the only sane pool.
  db->pool_size_ = in_memory ? 1 : (config.pool_size == 0 ? 1 : config.pool_size);
  db->pool_ = std::make_unique<soci::connection_pool>(db->pool_size_);
  try {
    for (std::size_t i = 0; i < db->pool_size_; ++i) {
      soci::session& s = db->pool_->at(i);
      s.open(backend_name(uri.backend), uri.soci_connect);
      configure_session(s, uri.backend, in_memory);
    }
    if (config.create_schema) detail::ensure_schema(db->pool_->at(0), uri.backend);
  } catch (const ConfigError&) {
    throw;
  } catch (const soci::soci_error& e) {
    // The text may contain the connection string's password: name the redacted URI only.
    std::string what = e.what();
    auto pw = what.find("password=");
    if (pw != std::string::npos) what = what.substr(0, pw) + "password=***";
    throw DatabaseUnavailable("cannot open database " + uri.redacted + ": " + what);
  }
  return db;
}

Database::~Database() = default;

Database::Lease Database::lease() {
  std::size_t slot = 0;
  if (!pool_->try_lease(slot, static_cast<int>(lease_timeout_.count()))) {
    throw DatabaseUnavailable("no database connection free within " +
                              std::to_string(lease_timeout_.count()) + " ms");
  }
  Lease lease(*this, slot);
  soci::session& s = pool_->at(slot);
  // A server that restarted leaves broken connections in the pool: replace them here, so one
  // failed request (answered 503) is all an outage costs once the database is back.
  if (backend_ != Backend::kSqlite && !s.is_connected()) {
    try {
      s.reconnect();
      configure_session(s, backend_, false);
    } catch (const soci::soci_error& e) {
      throw DatabaseUnavailable(std::string("reconnect failed: ") + e.what());
    }
  }
  return lease;
}

Database::Lease::~Lease() {
  if (db_ != nullptr) db_->pool_->give_back(slot_);
}

soci::session& Database::Lease::session() { return db_->pool_->at(slot_); }

std::string database_now(Database& db) {
  Database::Lease lease = db.lease();
  soci::session& s = lease.session();
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
  return ind == soci::i_null ? "0000-00-00 00:00:00" : now;
}

void run_deliberately_bad_query(Database& db) {
  Database::Lease lease = db.lease();
  try {
    int n = 0;
    lease.session() << "SELECT count(*) FROM blip_bloop_table", soci::into(n);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  throw DatabaseError("blip_bloop_table unexpectedly exists");
}

}  // namespace jobmon::orm
