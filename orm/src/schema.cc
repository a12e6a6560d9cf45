#include "schema.h"

#include <string>
#include <vector>

#include "embedded_schema.h"
#include "jobmon/orm/errors.h"
#include "sql_script.h"

namespace jobmon::orm::detail {

namespace {

// The statements of the embedded script for `backend`, ready for SOCI.
std::vector<std::string> statements(Backend backend) {
  std::vector<std::string> out = split_sql_script(schema_sql(backend));
  for (std::string& stmt : out) {
    // PostgreSQL's Alembic output returns the inserted version; we need no result.
    auto ret = stmt.find(" RETURNING ");
    if (ret != std::string::npos) stmt.erase(ret);
  }
  return out;
}

int count_tables(soci::session& sql, Backend backend) {
  int n = 0;
  switch (backend) {
    case Backend::kSqlite:
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          soci::into(n);
      break;
    case Backend::kPostgresql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema() AND table_type = 'BASE TABLE'",
          soci::into(n);
      break;
    case Backend::kMysql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
          soci::into(n);
      break;
  }
  return n;
}

// Up to five table names, for an error message that says what was found.
std::string some_table_names(soci::session& sql, Backend backend) {
  std::string query;
  switch (backend) {
    case Backend::kSqlite:
      query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
      break;
    case Backend::kPostgresql:
      query =
          "SELECT table_name FROM information_schema.tables WHERE table_schema = "
          "current_schema() AND table_type = 'BASE TABLE'";
      break;
    case Backend::kMysql:
      query = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
      break;
  }
  std::vector<std::string> names(5);
  sql << query + " ORDER BY 1 LIMIT 5", soci::into(names);
  if (!sql.got_data()) names.clear();
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

void check_existing(soci::session& sql, Backend backend, int tables) {
  if (!table_exists(sql, backend, "alembic_version")) {
    throw ConfigError("the database has " + std::to_string(tables) + " tables (" +
                      some_table_names(sql, backend) +
                      ") but no alembic_version table: it is not a Jobmon database; use an "
                      "empty database or one created by jobmon_server init_db");
  }
  std::vector<std::string> versions(8);
  sql << "SELECT version_num FROM alembic_version", soci::into(versions);
  if (!sql.got_data()) versions.clear();  // SOCI keeps the initial size when no row came
  if (versions.size() != 1 || versions[0] != kAlembicHead) {
    std::string found = versions.empty() ? "none" : versions[0];
    throw ConfigError("the database is at alembic revision " + found +
                      "; jobmond supports revision " + kAlembicHead +
                      " (run `jobmon_server upgrade_db` or use an empty database)");
  }
}

// MySQL commits every CREATE TABLE by itself, so a transaction cannot keep two first starts apart:
// a named lock held by the session does (released however ensure_schema ends).
class MysqlSchemaLock {
 public:
  MysqlSchemaLock(soci::session& sql, Backend backend) : sql_(sql), held_(false) {
    if (backend != Backend::kMysql) return;
    int got = 0;
    soci::indicator ind = soci::i_ok;
    sql_ << "SELECT GET_LOCK('jobmond_schema', 60)", soci::into(got, ind);
    if (ind == soci::i_null || got != 1) {
      throw DatabaseError("another process held the schema lock for 60 s");
    }
    held_ = true;
  }
  ~MysqlSchemaLock() {
    if (!held_) return;
    try {
      sql_ << "DO RELEASE_LOCK('jobmond_schema')";
    } catch (...) {
      // The lock ends with the session anyway.
    }
  }
  MysqlSchemaLock(const MysqlSchemaLock&) = delete;
  MysqlSchemaLock& operator=(const MysqlSchemaLock&) = delete;

 private:
  soci::session& sql_;
  bool held_;
};

}  // namespace

bool ensure_schema(soci::session& sql, Backend backend) {
  MysqlSchemaLock named_lock(sql, backend);
  // The write lock makes concurrent first starts safe: the loser waits, then sees the tables.
  if (backend == Backend::kSqlite) {
    sql << "BEGIN IMMEDIATE";
  } else {
    sql.begin();
  }
  try {
    if (backend == Backend::kPostgresql) sql << "SELECT pg_advisory_xact_lock(4762850)";
    int tables = count_tables(sql, backend);
    if (tables == 0) {
      for (const std::string& stmt : statements(backend)) sql << stmt;
    } else {
      check_existing(sql, backend, tables);
    }
    sql.commit();
    return tables == 0;
  } catch (...) {
    try {
      sql.rollback();
    } catch (...) {
      // The original error says more than a failed rollback.
    }
    throw;
  }
}

bool table_exists(soci::session& sql, Backend backend, const std::string& name) {
  int n = 0;
  switch (backend) {
    case Backend::kSqlite:
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n",
          soci::use(name), soci::into(n);
      break;
    case Backend::kPostgresql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema() AND table_name = :n",
          soci::use(name), soci::into(n);
      break;
    case Backend::kMysql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
             "AND table_name = :n",
          soci::use(name), soci::into(n);
      break;
  }
  return n > 0;
}

}  // namespace jobmon::orm::detail
