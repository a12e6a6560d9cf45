#include "jobmon/orm/plugin_tables.h"

#include <soci/soci.h>

#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"
#include "schema.h"
#include "session_of.h"
#include "sql_errors.h"
#include "sql_script.h"

namespace jobmon::orm {

namespace {

// The bookkeeping table's name is also the key its writers lock (WriteTx::lock_key).
constexpr const char* kBookkeeping = "jobmond_plugin_tables";
constexpr std::size_t kMaxPluginName = 64;  // the bookkeeping table's key column

// jobmond's own table, never one of Jobmon's: the Python server does not know it and need not.
std::string bookkeeping_ddl(Backend backend) {
  const char* datetime = backend == Backend::kPostgresql ? "TIMESTAMP" : "DATETIME";
  return std::string(
             "CREATE TABLE IF NOT EXISTS jobmond_plugin_tables (plugin VARCHAR(64) NOT NULL, "
             "version INTEGER NOT NULL, updated_date ") +
         datetime + ", CONSTRAINT jobmond_plugin_tables_pkc PRIMARY KEY (plugin))";
}

const std::string& sql_of(const PluginTablesMigration& m, Backend backend) {
  switch (backend) {
    case Backend::kPostgresql:
      return m.postgresql;
    case Backend::kMysql:
      return m.mysql;
    case Backend::kSqlite:
      break;
  }
  return m.sqlite;
}

// The PluginTablesMigration member a plugin author fills in for `backend`.
const char* member_of(Backend backend) {
  switch (backend) {
    case Backend::kPostgresql:
      return "postgresql";
    case Backend::kMysql:
      return "mysql";
    case Backend::kSqlite:
      break;
  }
  return "sqlite";
}

std::string named(const std::string& plugin) { return "plugin " + plugin + ": "; }

// The declaration is checked before the database is touched, so a bad build is refused the same
// way whatever state the database is in.
void check_declaration(const std::string& plugin,
                       const std::vector<PluginTablesMigration>& migrations, Backend backend) {
  if (plugin.empty()) throw ConfigError("plugin tables declared without a plugin name");
  if (plugin.size() > kMaxPluginName) {
    throw ConfigError(named(plugin) + "the name is longer than " + std::to_string(kMaxPluginName) +
                      " characters, the limit for plugin tables");
  }
  if (migrations.empty()) throw ConfigError(named(plugin) + "declares tables without migrations");
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    if (migrations[i].version != expected) {
      throw ConfigError(named(plugin) + "table migration " + std::to_string(i + 1) +
                        " has version " + std::to_string(migrations[i].version) + ", expected " +
                        std::to_string(expected) + " (versions run 1, 2, 3, ... without gaps)");
    }
    if (detail::split_sql_script(sql_of(migrations[i], backend)).empty()) {
      throw ConfigError(named(plugin) + "table migration " + std::to_string(expected) +
                        " has no SQL for this database (its `" + member_of(backend) +
                        "` is empty)");
    }
  }
}

// The version recorded for `plugin`, or -1 without a row (the bookkeeping table must exist).
int recorded_version(soci::session& sql, const std::string& plugin) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT version FROM jobmond_plugin_tables WHERE plugin = :p", soci::use(plugin),
      soci::into(version, ind);
  return sql.got_data() && ind == soci::i_ok ? version : -1;
}

// Without a lock and without creating anything: 0 when the table or the row is absent.
int stored_version(Database& db, const std::string& plugin) {
  ReadTx tx(db);
  soci::session& sql = session_of(tx);
  try {
    if (!detail::table_exists(sql, db.backend(), "jobmond_plugin_tables")) return 0;
    const int version = recorded_version(sql, plugin);
    return version < 0 ? 0 : version;
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
}

void refuse_newer(const std::string& plugin, int stored, int newest) {
  if (stored <= newest) return;
  throw ConfigError("the database's tables of plugin " + plugin + " are at version " +
                    std::to_string(stored) + "; this build knows up to " + std::to_string(newest) +
                    " (a newer jobmond or plugin migrated them)");
}

// One step under the bookkeeping lock: re-reads the version (another process may have applied
// the step while this one waited) and applies the next step if it is still pending. Returns the
// version the tables are at afterwards.
int apply_next(WriteTx& tx, const std::string& plugin,
               const std::vector<PluginTablesMigration>& migrations) {
  tx.lock_key(kBookkeeping);
  soci::session& sql = session_of(tx);
  int stored = 0;
  try {
    // Under the lock: two first starts on PostgreSQL would otherwise race on the catalog.
    sql << bookkeeping_ddl(tx.backend());
    stored = recorded_version(sql, plugin);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  const int newest = static_cast<int>(migrations.size());
  refuse_newer(plugin, stored, newest);
  const bool has_row = stored >= 0;
  if (stored < 0) stored = 0;
  if (stored == newest) return stored;
  const int next = stored + 1;
  try {
    for (const std::string& stmt :
         detail::split_sql_script(sql_of(migrations[stored], tx.backend()))) {
      sql << stmt;
    }
    // After the step's DDL: on MySQL that committed by itself, and the row must not claim a step
    // whose tables are not there.
    if (has_row) {
      sql << "UPDATE jobmond_plugin_tables SET version = :v, updated_date = CURRENT_TIMESTAMP "
             "WHERE plugin = :p",
          soci::use(next), soci::use(plugin);
    } else {
      sql << "INSERT INTO jobmond_plugin_tables (plugin, version, updated_date) "
             "VALUES (:p, :v, CURRENT_TIMESTAMP)",
          soci::use(plugin), soci::use(next);
    }
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return next;
}

// The orm error of a failed step, with the plugin and step named for the start-up log.
[[noreturn]] void rethrow_naming(const std::string& plugin, int version) {
  const std::string where =
      named(plugin) + "migrating its tables to version " + std::to_string(version) + ": ";
  try {
    throw;
  } catch (const LockConflict& e) {
    throw LockConflict(where + e.what());
  } catch (const DatabaseUnavailable& e) {
    throw DatabaseUnavailable(where + e.what());
  } catch (const DatabaseError& e) {
    throw DatabaseError(where + e.what());
  }
}

}  // namespace

int migrate_plugin_tables(Database& db, const std::string& plugin,
                          const std::vector<PluginTablesMigration>& migrations) {
  check_declaration(plugin, migrations, db.backend());
  const int newest = static_cast<int>(migrations.size());
  // Every start after the first finds its tables current: a read, no write lock.
  int stored = stored_version(db, plugin);
  refuse_newer(plugin, stored, newest);
  if (stored == newest) return newest;
  if (!db.creates_schema()) {
    // A check changes nothing: it says what starting jobmond would do.
    throw ConfigError("the database's tables of plugin " + plugin + " are at version " +
                      std::to_string(stored) + "; this build needs version " +
                      std::to_string(newest) + " (starting jobmond creates them)");
  }
  while (stored < newest) {
    int reached = stored;
    try {
      // Safe to run again after a lock conflict: the step re-reads the version under the lock.
      with_write_tx(db, [&](WriteTx& tx) { reached = apply_next(tx, plugin, migrations); });
    } catch (const ConfigError&) {
      throw;
    } catch (...) {
      rethrow_naming(plugin, stored + 1);
    }
    stored = reached;
  }
  return newest;
}

}  // namespace jobmon::orm
